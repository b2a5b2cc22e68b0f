"""Locking and results: component scores, weighted totals, ranks, awards."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jiangxin import factories as f
from jiangxin.competitions import services
from jiangxin.competitions.models import Competition, Result


def test_only_the_chief_judge_locks_and_only_when_complete(running, cast):
    chief = f.user("chief")
    services.appoint_judge(
        by=cast["county_admin"], competition=running["competition"], user=chief, role="chief"
    )
    with pytest.raises(PermissionDenied, match="只有裁判长"):
        services.lock_component(by=running["judges"][0], component=running["practical"])
    with pytest.raises(ValidationError, match="评分不完整"):
        services.lock_component(by=chief, component=running["practical"])


def test_results_are_computed_from_the_marks(marked, cast):
    competition = marked["competition"]
    competition.refresh_from_db()  # the services moved it on since the fixture made it
    competition.award_rules = [
        {"name": "一等奖", "count": 1},
        {"name": "二等奖", "count": 1},
        {"name": "三等奖", "count": 1},
    ]
    competition.save()
    for component in competition.components.all():
        services.lock_component(by=marked["chief"], component=component)
    competition.refresh_from_db()
    assert competition.status == Competition.Status.LOCKED
    services.compute_results(by=cast["county_admin"], competition=competition)
    results = {r.entry.worker.name: r for r in Result.objects.select_related("entry__worker")}
    # practical = (judgement 6 × mean/3 + measurement 5 − deductions) / 11 × 100
    # a: (6 + 5)/11 = 100 → 0.3×80 + 0.7×100 = 94.00
    # b: (6×7/9=4.67 + 4)/11 = 78.82 → 0.3×90 + 0.7×78.82 = 82.17
    # c: (6×6/9=4 + 5)/11 = 81.82 → 0.3×85 + 0.7×81.82 = 82.77
    assert (
        results["柯宝馨"].total == D("94.00")
        and results["柯宝馨"].rank == 1
        and results["柯宝馨"].award == "一等奖"
    )
    assert results["吴晓东"].total == D("82.77") and results["吴晓东"].rank == 2
    assert (
        results["曾小贤"].total == D("82.17")
        and results["曾小贤"].rank == 3
        and results["曾小贤"].award == "三等奖"
    )
    assert results["曾小贤"].component_scores == {"practical": "78.82", "theory": "90.00"}


def test_locked_scores_refuse_changes(marked, cast):
    for component in marked["competition"].components.all():
        services.lock_component(by=marked["chief"], component=component)
    with pytest.raises(ValidationError):
        services.record_score(
            by=marked["judges"][0], entry=marked["entries"]["c"], aspect=marked["judged"], value=3
        )
    with pytest.raises(ValidationError):
        theory = marked["competition"].components.get(kind="theory")
        services.record_exam_score(
            by=cast["county_admin"], entry=marked["entries"]["c"], component=theory, score="99"
        )


def test_results_need_locked_scores(marked, cast):
    with pytest.raises(ValidationError, match="成绩锁定后才能计算结果"):
        services.compute_results(by=cast["county_admin"], competition=marked["competition"])


@pytest.mark.parametrize("score", ["101", "-1", "abc"])
def test_exam_scores_outside_0_to_100_are_refused(marked, cast, score):
    theory = marked["competition"].components.get(kind="theory")
    with pytest.raises(ValidationError, match="0–100"):
        services.record_exam_score(
            by=cast["county_admin"], entry=marked["entries"]["a"], component=theory, score=score
        )
