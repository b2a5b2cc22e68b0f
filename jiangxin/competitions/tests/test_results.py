"""Locking and results: component scores, weighted totals, ranks, awards."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jiangxin import factories as f
from jiangxin.competitions import services
from jiangxin.competitions.models import Competition, Result


def _mark_everything(
    running, judged: dict[str, list[int]], measured: dict[str, str], theory: dict[str, str], cast
):
    j1, j2, j3 = running["judges"]
    admin = cast["county_admin"]
    theory_part = running["competition"].components.get(kind="theory")
    for key, entry in running["entries"].items():
        # judge3 is excluded from a and b: a fourth judge marks those
        judges = [j1, j2, j3] if key == "c" else [j1, j2, running["spare"]]
        for judge, value in zip(judges, judged[key], strict=True):
            services.record_score(by=judge, entry=entry, aspect=running["judged"], value=value)
        services.record_score(
            by=j1,
            entry=entry,
            aspect=running["measured"],
            outcome="deduct",
            deductions=[measured[key]],
        )
        services.record_exam_score(by=admin, entry=entry, component=theory_part, score=theory[key])


@pytest.fixture
def marked(running, cast):
    spare = f.user("judge4")
    services.appoint_judge(
        by=cast["county_admin"],
        competition=running["competition"],
        user=spare,
        component=running["practical"],
    )
    chief = f.user("chief")
    services.appoint_judge(
        by=cast["county_admin"], competition=running["competition"], user=chief, role="chief"
    )
    running.update(spare=spare, chief=chief)
    _mark_everything(
        running,
        judged={"a": [3, 3, 3], "b": [2, 2, 3], "c": [2, 2, 2]},
        measured={"a": "0", "b": "1", "c": "0"},
        theory={"a": "80", "b": "90", "c": "85"},
        cast=cast,
    )
    return running


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
        results["柯碧霞"].total == D("94.00")
        and results["柯碧霞"].rank == 1
        and results["柯碧霞"].award == "一等奖"
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
