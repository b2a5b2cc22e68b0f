"""The mentoring API: the same services and the same scoping as the pages."""

import pytest

from jiangxin import factories as f
from jiangxin.accounts.services import create_api_token
from jiangxin.mentoring.models import Pair
from jiangxin.workers.models import Worker

pytestmark = pytest.mark.django_db


def _auth(user):
    _row, token = create_api_token(by=user, name="t")
    return {"Authorization": f"Bearer {token}"}


def test_pairing_approving_and_logging_through_the_api(programme, people, cast, client):
    town, ent = _auth(cast["town_admin"]), _auth(cast["admin_a"])
    url = f"/api/v1/mentoring/programmes/{programme.pk}/pairs"
    body = {
        "master_id": people["plain"].pk,
        "apprentice_id": people["apprentices"][0].pk,
        "starts_on": "2025-03-01",
    }
    bad = client.post(url, body, content_type="application/json", headers=town)
    assert bad.status_code == 400 and "技能等级低于" in bad.json()["detail"]
    body["master_id"] = people["master"].pk
    made = client.post(url, body, content_type="application/json", headers=town)
    assert made.status_code == 201 and made.json()["status"] == "proposed"
    pair_id = made.json()["id"]
    assert (
        client.post(
            f"/api/v1/mentoring/pairs/{pair_id}/approve", headers=_auth(cast["admin_b"])
        ).status_code
        == 404
    )
    assert (
        client.post(f"/api/v1/mentoring/pairs/{pair_id}/approve", headers=ent).json()["status"]
        == "active"
    )
    master_user = f.user("api_master")
    Worker.objects.filter(pk=people["master"].pk).update(account=master_user)
    logged = client.post(
        f"/api/v1/mentoring/pairs/{pair_id}/checkins",
        {"month": "2025-03-01", "content": "看图识图", "hours": "6"},
        content_type="application/json",
        headers=_auth(master_user),
    )
    assert logged.status_code == 201 and logged.json()["role"] == "master"
    listed = client.get(f"/api/v1/mentoring/pairs/{pair_id}/checkins", headers=ent).json()
    assert [c["content"] for c in listed] == ["看图识图"]
    rows = client.get(url, headers=_auth(cast["sibling_admin"]))
    assert rows.status_code == 404  # another town's programme


def test_matching_through_the_api(programme, people, cast, client):
    lathe = f.occupation("车工", "6-18-01-01", 2, 6)
    Worker.objects.filter(
        pk__in=[people["master"].pk, *[a.pk for a in people["apprentices"]]]
    ).update(occupation=lathe)
    town = _auth(cast["town_admin"])
    run = client.post(
        f"/api/v1/mentoring/programmes/{programme.pk}/match",
        {"scope_id": cast["town_a"].pk},
        content_type="application/json",
        headers=town,
    ).json()
    assert len(run["proposal"]) == 2 and len(run["unpaired"]) == 2
    choices = {str(p["apprentice"]): p["master"] for p in run["proposal"]}
    accepted = client.post(
        f"/api/v1/mentoring/match/{run['id']}/accept",
        {"choices": choices, "starts_on": "2025-03-01"},
        content_type="application/json",
        headers=town,
    )
    assert accepted.status_code == 201 and len(accepted.json()) == 2
    assert Pair.objects.filter(status="proposed").count() == 2


def test_refusals_come_from_the_one_handler(proposed, people, cast, client):
    """No router catches errors itself: 400 with the service's message by field, 403 with the
    policy's, 404 for what the caller may not see — and a NaN never reaches a 500."""
    from jiangxin.mentoring import services

    pair = proposed
    viewer = client.post(
        f"/api/v1/mentoring/pairs/{pair.pk}/approve", headers=_auth(cast["county_viewer"])
    )
    assert viewer.status_code == 403 and "徒弟所在工会" in viewer.json()["detail"]
    services.approve_pair(by=cast["admin_a"], pair=pair)
    master_user = f.user("api_master2")
    Worker.objects.filter(pk=people["master"].pk).update(account=master_user)
    url = f"/api/v1/mentoring/pairs/{pair.pk}/checkins"
    for hours in ("NaN", "Infinity", "999"):
        bad = client.post(
            url,
            {"month": "2025-03-01", "content": "识图", "hours": hours},
            content_type="application/json",
            headers=_auth(master_user),
        )
        assert bad.status_code in (400, 422), hours
        if bad.status_code == 400:
            assert bad.json()["errors"]["hours"], hours
    hidden = client.get(url, headers=_auth(cast["sibling_admin"]))
    assert hidden.status_code == 404 and hidden.json()["detail"] == "未找到该记录"
