"""The competitions API: scoped like the pages; judges by code only; public results masked."""

from jiangxin.accounts.services import create_api_token
from jiangxin.competitions import services
from jiangxin.competitions.models import Score


def _auth(user):
    _row, token = create_api_token(user=user, name="t")
    return {"Authorization": f"Bearer {token}"}


def test_competitions_are_listed_as_on_the_pages(running, client, cast):
    pk = running["competition"].pk
    assert [
        c["id"]
        for c in client.get("/api/v1/competitions", headers=_auth(cast["town_admin"])).json()[
            "items"
        ]
    ] == [pk]
    assert client.get("/api/v1/competitions", headers=_auth(cast["outsider"])).json()["items"] == []
    assert (
        client.get(f"/api/v1/competitions/{pk}", headers=_auth(cast["outsider"])).status_code == 404
    )


def test_a_judge_scores_through_the_api_by_code(running, client, cast):
    pk, judge = running["competition"].pk, running["judges"][0]
    entries = client.get(f"/api/v1/judging/{pk}/entries", headers=_auth(judge)).json()
    assert {e["code"] for e in entries} == {e.code for e in running["entries"].values()}
    assert "name" not in entries[0]
    code = running["entries"]["c"].code
    response = client.post(
        f"/api/v1/judging/{pk}/scores",
        {"code": code, "aspect_id": running["judged"].pk, "value": 2},
        content_type="application/json",
        headers=_auth(judge),
    )
    assert response.status_code == 201 and response.json()["value"] == "2.00"
    bad = client.post(
        f"/api/v1/judging/{pk}/scores",
        {"code": code, "aspect_id": running["judged"].pk, "value": 5},
        content_type="application/json",
        headers=_auth(judge),
    )
    assert bad.status_code == 400 and "0、1、2、3" in bad.json()["detail"]
    assert Score.objects.count() == 1


def test_only_appointed_judges_reach_the_judging_api(running, client, cast):
    pk = running["competition"].pk
    assert (
        client.get(f"/api/v1/judging/{pk}/entries", headers=_auth(cast["county_admin"])).status_code
        == 404
    )
    excluded = running["judges"][2]  # works at the contestant's enterprise
    response = client.post(
        f"/api/v1/judging/{pk}/scores",
        {"code": running["entries"]["a"].code, "aspect_id": running["judged"].pk, "value": 2},
        content_type="application/json",
        headers=_auth(excluded),
    )
    assert response.status_code == 403 and "回避" in response.json()["detail"]


def test_public_results_need_no_login_and_are_masked(marked, client, cast):
    competition = marked["competition"]
    assert client.get(f"/api/v1/results/{competition.pk}").status_code == 404  # not published yet
    for component in competition.components.all():
        services.lock_component(by=marked["chief"], component=component)
    services.compute_results(by=cast["county_admin"], competition=competition)
    services.publish_results(by=cast["county_admin"], competition=competition)
    rows = client.get(f"/api/v1/results/{competition.pk}").json()
    assert rows[0] == {
        "rank": 1,
        "name": "柯**",
        "enterprise": "福建省晋工机械有限公司",
        "delegation": "安海镇代表队",
        "total": "94.00",
        "award": "",
    }
