"""Shared fixtures for the competition tests: a running city-level competition."""

import datetime
from decimal import Decimal as D

import pytest
from django.utils import timezone

from jiangxin import factories as f
from jiangxin.competitions import services
from jiangxin.competitions.models import Competition

COMPONENTS = [
    {"kind": "theory", "name": "理论知识考试", "weight": 30, "rule": "exam"},
    {"kind": "practical", "name": "技能操作考核", "weight": 70, "rule": "scheme"},
]


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


def published(marked, cast):
    """Lock, compute and publish the marked competition (一等奖 and 二等奖, one each)."""
    competition = marked["competition"]
    competition.refresh_from_db()
    competition.award_rules = [{"name": "一等奖", "count": 1}, {"name": "二等奖", "count": 1}]
    competition.save()
    for component in competition.components.all():
        services.lock_component(by=marked["chief"], component=component)
    services.compute_results(by=cast["county_admin"], competition=competition)
    services.publish_results(by=cast["county_admin"], competition=competition)
    return Competition.objects.get(pk=competition.pk)


@pytest.fixture
def final(marked, cast):
    competition = published(marked, cast)
    # the public notice has run its course
    Competition.objects.filter(pk=competition.pk).update(
        publicity_until=timezone.now() - datetime.timedelta(minutes=1)
    )
    services.finalise_results(by=cast["county_admin"], competition=competition)
    competition.refresh_from_db()
    return competition


@pytest.fixture
def ended(marked, cast):
    """Every component locked by the chief judge, the results computed."""
    for component in marked["competition"].components.all():
        services.lock_component(by=marked["chief"], component=component)
    services.compute_results(by=cast["county_admin"], competition=marked["competition"])
    marked["competition"].refresh_from_db()
    return marked
