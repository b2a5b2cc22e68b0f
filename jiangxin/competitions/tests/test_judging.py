"""Score entry: assignment, exclusion, ranges, locks, history, spread flags."""

import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from jiangxin import factories as f
from jiangxin.competitions import services
from jiangxin.competitions.models import Aspect, Competition, Score
from jiangxin.competitions.tests.test_services import COMPONENTS


@pytest.fixture
def running(cast):
    now = timezone.now()
    admin = cast["county_admin"]
    competition = services.create_competition(
        by=admin,
        organiser=cast["county"],
        components=COMPONENTS,
        title="晋江市首届劳动关系协调员职业技能竞赛",
        level=Competition.Level.CITY,
        registration_opens=now - datetime.timedelta(days=1),
        registration_closes=now + datetime.timedelta(days=1),
        held_on=timezone.localdate(),
        quota_per_delegation=5,
    )
    services.transition(by=admin, competition=competition, step="open_registration")
    anhai = services.create_delegation(
        by=cast["town_admin"],
        competition=competition,
        organisation=cast["town_a"],
        name="安海镇代表队",
    )
    dongshi = services.create_delegation(
        by=cast["sibling_admin"],
        competition=competition,
        organisation=cast["town_b"],
        name="东石镇代表队",
    )
    entries = {
        "a": services.enter_worker(
            by=cast["town_admin"], delegation=anhai, worker=cast["worker_a"]
        ),
        "b": services.enter_worker(
            by=cast["town_admin"], delegation=anhai, worker=cast["worker_b"]
        ),
        "c": services.enter_worker(
            by=cast["sibling_admin"], delegation=dongshi, worker=cast["worker_c"]
        ),
    }
    practical = competition.components.get(kind="practical")
    measured = services.add_aspect(
        by=admin,
        component=practical,
        criterion="调解方案",
        kind="measurement",
        description="方案要素齐全",
        max_mark=D("5"),
    )
    judged = services.add_aspect(
        by=admin,
        component=practical,
        criterion="调解过程",
        kind="judgement",
        description="沟通表达",
        max_mark=D("6"),
        descriptors=["未达到", "基本达到", "达到", "超出预期"],
    )
    services.transition(by=admin, competition=competition, step="close_registration")
    services.draw(by=admin, competition=competition, seed="fixed")
    judges = [f.user(f"judge{i}") for i in (1, 2, 3)]
    for judge in judges:
        services.appoint_judge(by=admin, competition=competition, user=judge, component=practical)
    # judge3 works at 晋工机械, in the 安海 delegation's town: excluded from a and b.
    f.worker(cast["union_a"], "郑裁判", enterprise_obj=cast["ent_a"]).__class__.objects.filter(
        name="郑裁判"
    ).update(account=judges[2])
    services.transition(by=admin, competition=competition, step="start")
    for e in entries.values():
        e.refresh_from_db()
    return {
        "competition": competition,
        "entries": entries,
        "measured": measured,
        "judged": judged,
        "judges": judges,
        "practical": practical,
    }


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
