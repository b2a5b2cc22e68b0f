# ruff: noqa: F811  (the fixtures imported below are pytest arguments)
"""The naming batches' API, scoped as the pages: town B and outsiders see nothing of town A's
batch; an expert sees only endorsed applications of their batches and their own points, never
the other experts' totals; the batch's staff see each expert's total and the average."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jiangxin import factories as f
from jiangxin.innovation import services_batches
from jiangxin.innovation.tests.batches_fixtures import (  # noqa: F401  (fixtures)
    application,
    applying_studio,
    batch,
    experts,
    named,
    score_all,
)

pytestmark = pytest.mark.django_db
API = "/api/v1/innovation"


def test_town_b_and_an_outsider_see_nothing_of_town_as_batch(login, cast, batch, application):
    for who in ("sibling_admin", "outsider"):
        client = login(cast[who])
        assert client.get(f"{API}/batches").json()["items"] == []
        assert client.get(f"{API}/batches/{batch.pk}").status_code == 404
        assert client.get(f"{API}/batches/{batch.pk}/applications").status_code == 404
        assert client.get(f"{API}/applications/{application.pk}").status_code == 404
    assert login(None).get(f"{API}/batches").status_code == 401


def test_the_applying_union_reads_the_batch_and_its_application(login, cast, batch, application):
    client = login(cast["admin_a"])
    assert [b["id"] for b in client.get(f"{API}/batches").json()["items"]] == [batch.pk]
    detail = client.get(f"{API}/batches/{batch.pk}").json()
    # the default sheet: 场所 15, 设施 15, 团队 20, 制度 10, 经费 10, 台账 10, 成效 20 = 100
    assert sum(i["max_points"] for i in detail["items"]) == 100
    assert detail["experts"] == ["expert1", "expert2", "expert3"] and not detail["is_expert"]
    rows = client.get(f"{API}/batches/{batch.pk}/applications").json()["items"]
    assert [(r["id"], r["state"]) for r in rows] == [(application.pk, "submitted")]
    one = client.get(f"{API}/applications/{application.pk}").json()
    assert one["files"][0]["original_name"] == "申报书.pdf" and one["files"][0]["kind"] == "pdf"
    assert one["team_size"] == 3 and one["certificate"] is None


def test_an_expert_sees_endorsed_applications_and_only_their_own_points(
    login, cast, batch, application, experts
):
    expert = experts[0]
    client = login(expert)
    # submitted, not endorsed: the batch is theirs, the application not yet
    assert client.get(f"{API}/batches/{batch.pk}/applications").json()["items"] == []
    assert client.get(f"{API}/applications/{application.pk}").status_code == 404
    services_batches.endorse_application(
        by=cast["town_admin"], application=application, opinion="同意推荐"
    )
    # expert 1: 12+13+18+8+9+8+17 = 85; expert 2: 10+10+16+8+8+8+16 = 76; expert 3 not yet
    score_all(application, experts[:2], [[12, 13, 18, 8, 9, 8, 17], [10, 10, 16, 8, 8, 8, 16]])
    assert client.get(f"{API}/batches/{batch.pk}").json()["is_expert"] is True
    one = client.get(f"{API}/applications/{application.pk}").json()
    assert one["expert_totals"] == [] and one["average"] is None  # not decided: no score yet
    assert one["my_points"]["场所"] == "12.0" and one["my_points"]["成效"] == "17.0"
    assert sum(Decimal(p) for p in one["my_points"].values()) == 85
    # the batch's staff: each expert's total, and the running average (85 + 76) / 2 = 80.50
    staff = login(cast["town_admin"]).get(f"{API}/applications/{application.pk}").json()
    assert [(t["expert"], Decimal(t["total"])) for t in staff["expert_totals"]] == [
        ("expert1", 85),
        ("expert2", 76),
    ]
    assert Decimal(staff["average"]) == Decimal("80.50")
    # another batch's expert sees nothing of it
    assert login(f.user("stranger_expert")).get(f"{API}/batches").json()["items"] == []


def test_a_named_application_carries_its_certificate(login, cast, named):
    one = login(cast["admin_a"]).get(f"{API}/applications/{named['application'].pk}").json()
    assert one["state"] == "named"
    assert one["certificate"]["plaque_number"] == "安海工作室〔2025〕1号"
    assert one["certificate"]["code"] == named["certificate"].display_code
    assert one["certificate"]["revoked_at"] is None
