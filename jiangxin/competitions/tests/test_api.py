"""The competitions API: scoped like the pages; judges by code only; public results masked."""

from jiangxin.accounts.services import create_api_token
from jiangxin.competitions import services
from jiangxin.competitions.models import Score


def _auth(user):
    _row, token = create_api_token(by=user, name="t")
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


def test_entries_are_listed_by_who_is_asking(running, client, cast):
    pk = running["competition"].pk

    def names(user):
        rows = client.get(f"/api/v1/competitions/{pk}/entries", headers=_auth(user)).json()
        return sorted(r["name"] for r in rows["items"])

    assert names(cast["county_admin"]) == ["吴晓东", "曾小贤", "柯宝馨"]  # the organiser
    assert names(cast["town_admin"]) == ["曾小贤", "柯宝馨"]  # its own town's members
    assert names(cast["sibling_admin"]) == ["吴晓东"]
    assert names(cast["worker_user"]) == ["柯宝馨"]  # the worker's own entry
    response = client.get(f"/api/v1/competitions/{pk}/entries", headers=_auth(cast["outsider"]))
    assert response.status_code == 404


def test_a_team_enters_a_member_through_the_api(cast, client):
    import datetime

    from django.utils import timezone

    from jiangxin import factories as f
    from jiangxin.competitions import services

    now = timezone.now()
    competition = services.create_competition(
        by=cast["county_admin"],
        organiser=cast["county"],
        components=[{"kind": "practical", "name": "实操", "weight": 100, "rule": "scheme"}],
        title="API 报名测试赛",
        level="county",
        registration_opens=now - datetime.timedelta(hours=1),
        registration_closes=now + datetime.timedelta(hours=1),
        held_on=timezone.localdate(),
        quota_per_delegation=1,
        gender="F",
    )
    services.transition(by=cast["county_admin"], competition=competition, step="open_registration")
    team = services.create_delegation(
        by=cast["town_admin"], competition=competition, organisation=cast["town_a"], name="安海队"
    )
    url = f"/api/v1/competitions/{competition.pk}/delegations/{team.pk}/entries"
    headers = _auth(cast["town_admin"])
    man = client.post(
        url, {"worker_id": cast["worker_b"].pk}, content_type="application/json", headers=headers
    )
    assert man.status_code == 400 and "本次竞赛仅限女职工参加" in man.json()["detail"]
    ok = client.post(
        url, {"worker_id": cast["worker_a"].pk}, content_type="application/json", headers=headers
    )
    assert ok.status_code == 201 and ok.json()["name"] == "柯宝馨"
    other = f.worker(cast["union_a"], "许燕", enterprise_obj=cast["ent_a"], female=True)
    full = client.post(
        url, {"worker_id": other.pk}, content_type="application/json", headers=headers
    )
    assert full.status_code == 400 and "名额已满" in full.json()["detail"]
    stranger = client.post(
        url,
        {"worker_id": cast["worker_a"].pk},
        content_type="application/json",
        headers=_auth(cast["sibling_admin"]),
    )
    assert stranger.status_code == 404  # another town's worker is not theirs to name
