"""Competition set-up, delegations, entries and the draw, through the services."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from jiangxin import factories as f
from jiangxin.audit.models import AuditEntry
from jiangxin.competitions import services
from jiangxin.competitions.models import Competition, Entry
from jiangxin.competitions.tests.conftest import COMPONENTS


def _competition(cast, **overrides):
    now = timezone.now()
    fields = {
        "title": "晋江市首届劳动关系协调员职业技能竞赛",
        "level": Competition.Level.CITY,
        "registration_opens": now - datetime.timedelta(days=1),
        "registration_closes": now + datetime.timedelta(days=7),
        "held_on": (now + datetime.timedelta(days=10)).date(),
        "quota_per_delegation": 2,
    }
    fields.update(overrides)
    components = fields.pop("components", COMPONENTS)
    competition = services.create_competition(
        by=cast["county_admin"], organiser=cast["county"], components=components, **fields
    )
    return competition


@pytest.fixture
def open_competition(cast):
    competition = _competition(cast)
    services.transition(by=cast["county_admin"], competition=competition, step="open_registration")
    competition.refresh_from_db()
    return competition


def test_weights_must_add_up_to_100_and_nothing_is_saved_otherwise(cast):
    bad = [dict(COMPONENTS[0]), {**COMPONENTS[1], "weight": 60}]
    with pytest.raises(ValidationError, match="之和应为 100，现为 90"):
        _competition(cast, components=bad)
    assert not Competition.objects.exists()


def test_three_components_25_55_20(cast):
    parts = [
        {"kind": "theory", "name": "理论", "weight": 25, "rule": "exam"},
        {"kind": "practical", "name": "实操", "weight": 55, "rule": "scheme"},
        {"kind": "defence", "name": "答辩", "weight": 20, "rule": "trimmed"},
    ]
    assert _competition(cast, components=parts).components.count() == 3


def test_only_the_organisers_admins_set_up_and_run_it(cast):
    with pytest.raises(PermissionDenied):
        services.create_competition(
            by=cast["town_admin"], organiser=cast["county"], components=COMPONENTS, title="x"
        )
    competition = _competition(cast)
    for who in ["town_admin", "county_viewer", "sibling_admin"]:
        with pytest.raises(PermissionDenied):
            services.transition(by=cast[who], competition=competition, step="open_registration")


def test_each_step_is_logged_and_steps_go_in_order(cast):
    competition = _competition(cast)
    with pytest.raises(ValidationError, match="需为“报名中”"):
        services.transition(
            by=cast["county_admin"], competition=competition, step="close_registration"
        )
    services.transition(by=cast["county_admin"], competition=competition, step="open_registration")
    entry = AuditEntry.objects.filter(
        object_type="competitions.competition", action="update"
    ).latest("pk")
    assert entry.changes == {"status": ["draft", "open"]}


def test_delegation_enters_eligible_members_up_to_its_quota(cast, open_competition):
    team = services.create_delegation(
        by=cast["town_admin"],
        competition=open_competition,
        organisation=cast["town_a"],
        name="安海镇代表队",
    )
    services.enter_worker(by=cast["town_admin"], delegation=team, worker=cast["worker_a"])
    services.enter_worker(by=cast["town_admin"], delegation=team, worker=cast["worker_b"])
    extra = f.worker(cast["union_a"], "陈小燕", enterprise_obj=cast["ent_a"], female=True)
    with pytest.raises(ValidationError, match="名额已满（每队 2 人）"):
        services.enter_worker(by=cast["town_admin"], delegation=team, worker=extra)
    assert team.entries.count() == 2


def test_entries_are_checked_for_team_eligibility_and_duplicates(cast, open_competition):
    team = services.create_delegation(
        by=cast["town_admin"],
        competition=open_competition,
        organisation=cast["town_a"],
        name="安海镇代表队",
    )
    with pytest.raises(ValidationError, match="不属于安海镇代表队所代表的单位"):
        services.enter_worker(by=cast["town_admin"], delegation=team, worker=cast["worker_c"])
    services.enter_worker(by=cast["town_admin"], delegation=team, worker=cast["worker_a"])
    with pytest.raises(ValidationError, match="已经报名本次竞赛"):
        services.enter_worker(by=cast["town_admin"], delegation=team, worker=cast["worker_a"])
    with pytest.raises(PermissionDenied):
        services.enter_worker(by=cast["sibling_admin"], delegation=team, worker=cast["worker_b"])


def test_womens_competition_refuses_men_with_the_reason(cast):
    competition = services.create_competition(
        by=cast["admin_b"],
        organiser=cast["union_b"],
        components=COMPONENTS,
        title="晋江力利玩具有限公司首届女职工技能竞赛",
        level=Competition.Level.ENTERPRISE,
        kind=Competition.Kind.WOMEN,
        gender="F",
        front_line_only=True,
        registration_opens=timezone.now() - datetime.timedelta(days=1),
        registration_closes=timezone.now() + datetime.timedelta(days=1),
        held_on=timezone.localdate(),
    )
    services.transition(by=cast["admin_b"], competition=competition, step="open_registration")
    team = services.create_delegation(
        by=cast["admin_b"], competition=competition, organisation=cast["union_b"], name="一车间"
    )
    with pytest.raises(ValidationError, match="曾小贤不能参赛：本次竞赛仅限女职工参加"):
        services.enter_worker(by=cast["admin_b"], delegation=team, worker=cast["worker_b"])


def test_no_entries_outside_the_registration_window(cast):
    competition = _competition(
        cast,
        registration_opens=timezone.now() - datetime.timedelta(days=9),
        registration_closes=timezone.now() - datetime.timedelta(days=1),
    )
    services.transition(by=cast["county_admin"], competition=competition, step="open_registration")
    team = services.create_delegation(
        by=cast["town_admin"],
        competition=competition,
        organisation=cast["town_a"],
        name="安海镇代表队",
    )
    with pytest.raises(ValidationError, match="不在报名时间内"):
        services.enter_worker(by=cast["town_admin"], delegation=team, worker=cast["worker_a"])
    assert not Entry.objects.exists()


def test_a_worker_enters_alone_and_their_union_approves(cast):
    competition = _competition(cast, allow_individual=True)
    services.transition(by=cast["county_admin"], competition=competition, step="open_registration")
    entry = services.enter_self(by=cast["worker_user"], competition=competition)
    assert entry.status == Entry.Status.PENDING
    with pytest.raises(PermissionDenied):
        services.approve_entry(by=cast["admin_b"], entry=entry)
    assert services.approve_entry(by=cast["admin_a"], entry=entry).status == Entry.Status.APPROVED


def test_the_draw_is_reproducible_from_its_seed_and_codes_hide_the_order(cast, open_competition):
    team = services.create_delegation(
        by=cast["town_admin"],
        competition=open_competition,
        organisation=cast["town_a"],
        name="安海镇代表队",
    )
    services.enter_worker(by=cast["town_admin"], delegation=team, worker=cast["worker_a"])
    services.enter_worker(by=cast["town_admin"], delegation=team, worker=cast["worker_b"])
    services.transition(
        by=cast["county_admin"], competition=open_competition, step="close_registration"
    )
    services.draw(by=cast["county_admin"], competition=open_competition, seed="2025-anhai")
    open_competition.refresh_from_db()
    assert (
        open_competition.status == Competition.Status.DRAWN
        and open_competition.draw_seed == "2025-anhai"
    )
    drawn = {e.pk: (e.code, e.order, e.station) for e in Entry.objects.all()}
    assert drawn == services.draw_lots(list(drawn), "2025-anhai")
    assert {code for code, _o, _s in drawn.values()} == {"A001", "A002"}


def test_draw_lots_shuffle_codes_and_order_independently():
    lots = services.draw_lots(list(range(1, 201)), "seed")
    assert (
        len({c for c, _o, _s in lots.values()}) == 200
        and len({o for _c, o, _s in lots.values()}) == 200
    )
    same_rank = sum(1 for c, o, _s in lots.values() if int(c[1:]) == o)
    assert same_rank < 10  # two independent shuffles agree by chance only
    assert services.draw_lots(list(range(1, 201)), "other") != lots
