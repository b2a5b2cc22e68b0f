"""Fault B1 (issue 8): a "drop the highest and lowest" component with a judgement (0–3) aspect
counts each judge's 0–3 as the aspect's marks before the trimmed mean — in the database's sums,
in the Python reference, and so on the results page and in the API alike."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from jiangxin import factories as f
from jiangxin.competitions import services
from jiangxin.competitions.models import Aspect, Component, Result
from jiangxin.competitions.tests.conftest import published
from jiangxin.competitions.tests.test_api import _auth

pytestmark = pytest.mark.django_db


def _trimmed(running, judged_max: str, keep_measured: bool):
    """The fixture's practical component marked by the Chinese rule, its judgement aspect
    worth ``judged_max`` (set-up only: the scheme is frozen through the service by now)."""
    Component.objects.filter(pk=running["practical"].pk).update(rule=Component.Rule.TRIMMED)
    Aspect.objects.filter(pk=running["judged"].pk).update(max_mark=D(judged_max))
    if not keep_measured:
        Aspect.objects.filter(pk=running["measured"].pk).delete()
    running["judged"].refresh_from_db()


def test_three_threes_on_a_30_mark_aspect_are_100_not_10(running):
    _trimmed(running, "30", keep_measured=False)
    entry = running["entries"]["c"]
    for judge in running["judges"]:
        services.record_score(by=judge, entry=entry, aspect=running["judged"], value=3)
    # each judge: 3 ÷ 3 × 30 = 30 marks; trimmed mean 30; 30 of 30 → 100.00
    # (before the fix each judge counted 3: 3 of 30 → 10.00)
    in_db = services.component_scores(running["competition"])[entry.pk]["practical"]
    in_python = services.judged_scores_in_python(running["competition"], entry_ids=[entry.pk])
    assert in_db == D("100.00")
    assert in_python[entry.pk]["practical"] == D("100.00")


def test_judgements_and_measurements_mixed(running):
    _trimmed(running, "30", keep_measured=True)  # measured 5 + judged 30: top 35
    entry = running["entries"]["c"]
    for judge, value, deduction in zip(running["judges"], [3, 2, 1], ["0", "1", "2"], strict=True):
        services.record_score(by=judge, entry=entry, aspect=running["judged"], value=value)
        services.record_score(
            by=judge,
            entry=entry,
            aspect=running["measured"],
            outcome="deduct",
            deductions=[deduction],
        )
    # judges' totals: 30 + 5 = 35, 20 + 4 = 24, 10 + 3 = 13; drop 35 and 13 → 24;
    # 24 of 35 → 68.571… → 68.57   (before the fix: 8, 6, 4 → 6 of 35 → 17.14)
    # with a 1-in-3 rounding: a 10-mark aspect scored 1 is 3.333… → 3.33 marks per judge
    in_db = services.component_scores(running["competition"])[entry.pk]["practical"]
    in_python = services.judged_scores_in_python(running["competition"], entry_ids=[entry.pk])
    assert in_db == in_python[entry.pk]["practical"] == D("68.57")


def test_thirds_round_half_up_per_judge(running):
    _trimmed(running, "10", keep_measured=False)
    entry = running["entries"]["c"]
    for judge, value in zip(running["judges"], [1, 2, 2], strict=True):
        services.record_score(by=judge, entry=entry, aspect=running["judged"], value=value)
    # marks 3.33, 6.67, 6.67; drop 3.33 and one 6.67 → 6.67; 6.67 of 10 → 66.70
    in_db = services.component_scores(running["competition"])[entry.pk]["practical"]
    in_python = services.judged_scores_in_python(running["competition"], entry_ids=[entry.pk])
    assert in_db == in_python[entry.pk]["practical"] == D("66.70")


def test_the_same_result_through_service_page_and_api(running, cast, client, login):
    _trimmed(running, "30", keep_measured=False)
    spare, chief = f.user("judge4"), f.user("chief")
    competition = running["competition"]
    admin = cast["county_admin"]
    services.appoint_judge(
        by=admin, competition=competition, user=spare, component=running["practical"]
    )
    services.appoint_judge(by=admin, competition=competition, user=chief, role="chief")
    running.update(spare=spare, chief=chief)
    j1, j2, j3 = running["judges"]
    theory = competition.components.get(kind="theory")
    plan = {"a": ([j1, j2, spare], [3, 3, 3], "80"), "b": ([j1, j2, spare], [2, 2, 3], "90")}
    plan["c"] = ([j1, j2, j3], [2, 2, 2], "85")
    for key, (panel, values, exam) in plan.items():
        entry = running["entries"][key]
        for judge, value in zip(panel, values, strict=True):
            services.record_score(by=judge, entry=entry, aspect=running["judged"], value=value)
        services.record_exam_score(by=admin, entry=entry, component=theory, score=exam)
    competition = published(running, cast)
    # a: 30, 30, 30 → 100.00;  total 80 × 0.3 + 100 × 0.7 = 94.00
    # b: 20, 20, 30 → drop 30 and 20 → 20 → 66.67;  total 27 + 46.669 = 73.67
    # c: 20, 20, 20 → 66.67;  total 25.5 + 46.669 = 72.17
    # (before the fix a's practical was 10.00 and its total 31.00)
    totals = {
        r.entry_id: (r.total, r.component_scores["practical"])
        for r in Result.objects.filter(competition=competition)
    }
    e = running["entries"]
    assert totals == {
        e["a"].pk: (D("94.00"), "100.00"),
        e["b"].pk: (D("73.67"), "66.67"),
        e["c"].pk: (D("72.17"), "66.67"),
    }
    page = login(None).get(reverse("public_results", args=[competition.pk])).content.decode()
    assert "94.00" in page and "73.67" in page and "72.17" in page
    api = client.get(f"/api/v1/results/{competition.pk}", headers=_auth(admin)).json()
    assert [row["total"] for row in api] == ["94.00", "73.67", "72.17"]
