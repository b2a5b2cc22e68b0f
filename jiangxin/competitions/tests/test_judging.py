"""Score entry: assignment, exclusion, ranges, locks, history, spread flags."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from jiangxin.competitions import services
from jiangxin.competitions.models import Aspect, Score


def test_judgement_scores_three_judges_and_measurement_by_deduction(running):
    j1, j2, _j3 = running["judges"]
    a = running["entries"]["a"]
    s = services.record_score(by=j1, entry=a, aspect=running["judged"], value=3)
    assert s.value == D("3.00")
    m = services.record_score(
        by=j2, entry=a, aspect=running["measured"], outcome="deduct", deductions=["0.5", "1"]
    )
    assert m.value == D("3.50")


@pytest.mark.parametrize("value", [4, -1, None])
def test_a_judgement_score_out_of_range_is_refused(running, value):
    with pytest.raises(ValidationError, match="0、1、2、3"):
        services.record_score(
            by=running["judges"][0],
            entry=running["entries"]["a"],
            aspect=running["judged"],
            value=value,
        )
    assert not Score.objects.exists()


def test_a_judge_not_appointed_cannot_score(running, cast):
    with pytest.raises(PermissionDenied, match="不是该竞赛该项目的裁判"):
        services.record_score(
            by=cast["county_admin"],
            entry=running["entries"]["a"],
            aspect=running["judged"],
            value=2,
        )


def test_a_judge_of_the_contestants_enterprise_or_delegation_is_excluded(running):
    j3 = running["judges"][2]
    with pytest.raises(PermissionDenied, match="同属一个企业"):
        services.record_score(
            by=j3, entry=running["entries"]["a"], aspect=running["judged"], value=2
        )
    with pytest.raises(PermissionDenied, match="所在参赛队的单位"):
        services.record_score(
            by=j3, entry=running["entries"]["b"], aspect=running["judged"], value=2
        )
    assert (
        services.record_score(
            by=j3, entry=running["entries"]["c"], aspect=running["judged"], value=2
        ).value
        == 2
    )


def test_a_rescore_replaces_the_mark_and_keeps_the_history(running):
    j1 = running["judges"][0]
    a = running["entries"]["a"]
    services.record_score(by=j1, entry=a, aspect=running["judged"], value=1)
    services.record_score(by=j1, entry=a, aspect=running["judged"], value=2)
    rows = list(
        Score.objects.filter(entry=a, judge=j1).order_by("pk").values_list("value", "current")
    )
    assert rows == [(D("1.00"), False), (D("2.00"), True)]


def test_no_score_after_the_component_is_locked(running):
    practical = running["practical"]
    practical.locked_at = timezone.now()
    practical.save()
    with pytest.raises(ValidationError, match="已由裁判长锁定"):
        services.record_score(
            by=running["judges"][0],
            entry=running["entries"]["a"],
            aspect=running["judged"],
            value=2,
        )


def test_scores_further_apart_than_allowed_are_flagged(running):
    j1, j2, j3 = running["judges"]
    c = running["entries"]["c"]
    for judge, value in [(j1, 1), (j2, 3), (j3, 2)]:
        services.record_score(by=judge, entry=c, aspect=running["judged"], value=value)
    [(entry, aspect, values)] = services.spread_flags(running["competition"])
    assert entry == c and aspect == running["judged"] and sorted(values) == [1, 2, 3]
    services.record_score(by=j1, entry=c, aspect=running["judged"], value=2)  # after discussion
    assert services.spread_flags(running["competition"]) == []


def test_the_scheme_is_frozen_once_the_competition_runs(running, cast):
    with pytest.raises(ValidationError, match="比赛开始后不能修改评分标准"):
        services.add_aspect(
            by=cast["county_admin"],
            component=running["practical"],
            criterion="x",
            kind=Aspect.Kind.MEASUREMENT,
            description="y",
            max_mark=D("1"),
        )
