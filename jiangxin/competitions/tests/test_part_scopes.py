"""Every part of a competition has its own scoped queryset: the matrix of who sees which rows,
and that only the organiser's admins may change any (``competitions/models/scoping.py``)."""

import pytest

from jiangxin.competitions import services
from jiangxin.competitions.models import (
    Appeal,
    Aspect,
    Competition,
    Component,
    Criterion,
    Delegation,
    Entry,
    ExamScore,
    JudgeAssignment,
    Remark,
    Result,
    Score,
)
from jiangxin.competitions.tests.conftest import published

ORGANISER_SIDE = ["platform", "county_viewer", "county_admin"]
OTHERS = ["town_admin", "sibling_admin", "admin_a", "admin_b", "worker_user", "outsider"]
PARTS = [Component, Criterion, Aspect, Delegation, Entry, JudgeAssignment, Score, ExamScore]


@pytest.fixture
def people(cast, marked):
    return {
        **{who: cast[who] for who in ORGANISER_SIDE + OTHERS},
        "judge1": marked["judges"][0],
        "chief": marked["chief"],
    }


def _seen(model, user) -> set[int]:
    return set(model.objects.visible_to(user).values_list("pk", flat=True))


def _all(model) -> set[int]:
    return set(model.objects.values_list("pk", flat=True))


@pytest.mark.parametrize("who", ORGANISER_SIDE)
def test_the_organisers_subtree_sees_every_part(people, who):
    for model in [*PARTS, Result]:
        assert _seen(model, people[who]) == _all(model), model.__name__


def test_the_scheme_is_seen_by_whoever_sees_the_competition(people, marked):
    competition = marked["competition"]
    for who, user in people.items():
        sees = Competition.objects.visible_to(user).filter(pk=competition.pk).exists()
        for model in (Component, Criterion, Aspect):
            assert bool(_seen(model, user)) == sees, (who, model.__name__)
    assert not _seen(Component, people["outsider"])


def test_entries_go_to_the_workers_unions_the_worker_and_the_judges(people, marked):
    e = {k: v.pk for k, v in marked["entries"].items()}
    expected = {
        "town_admin": {e["a"], e["b"]},  # both work under 安海
        "sibling_admin": {e["c"]},
        "admin_a": {e["a"]},
        "admin_b": {e["b"]},
        "worker_user": {e["a"]},  # their own
        "outsider": set(),
        "judge1": set(e.values()),  # by code, on the judging pages
        "chief": set(e.values()),
    }
    for who, rows in expected.items():
        assert _seen(Entry, people[who]) == rows, who


def test_a_team_is_seen_by_the_union_it_represents(people, marked):
    anhai, dongshi = (
        Delegation.objects.get(organisation=marked["entries"][k].delegation.organisation).pk
        for k in ("a", "c")
    )
    expected = {
        "town_admin": {anhai},
        "sibling_admin": {dongshi},
        "admin_a": set(),  # the enterprise union below 安海 does not run 安海's team
        "worker_user": set(),
        "judge1": set(),
        "outsider": set(),
    }
    for who, rows in expected.items():
        assert _seen(Delegation, people[who]) == rows, who


def test_a_judge_sees_their_own_marks_and_the_chief_sees_the_panel(people):
    judge1, chief = people["judge1"], people["chief"]
    mine = set(Score.objects.filter(judge=judge1).values_list("pk", flat=True))
    assert mine and mine != _all(Score)
    assert _seen(Score, judge1) == mine
    assert _seen(Score, chief) == _all(Score)
    assert _seen(JudgeAssignment, judge1) == set(
        JudgeAssignment.objects.filter(user=judge1).values_list("pk", flat=True)
    )
    assert _seen(JudgeAssignment, chief) == _all(JudgeAssignment)
    for who in OTHERS:
        assert not _seen(Score, people[who]), who
        assert not _seen(JudgeAssignment, people[who]), who


def test_exam_marks_go_to_the_contestant_alone(people, marked):
    own = set(ExamScore.objects.filter(entry=marked["entries"]["a"]).values_list("pk", flat=True))
    assert own
    assert _seen(ExamScore, people["worker_user"]) == own
    for who in ["town_admin", "admin_a", "judge1", "chief", "outsider"]:
        assert not _seen(ExamScore, people[who]), who


def test_results_are_the_contestants_until_published_then_everyones(people, marked, cast):
    for component in marked["competition"].components.all():
        services.lock_component(by=marked["chief"], component=component)
    services.compute_results(by=cast["county_admin"], competition=marked["competition"])
    own = {Result.objects.get(entry=marked["entries"]["a"]).pk}
    assert _seen(Result, people["worker_user"]) == own
    assert not _seen(Result, people["town_admin"])
    assert not _seen(Result, people["outsider"])
    services.publish_results(by=cast["county_admin"], competition=marked["competition"])
    for who in [*OTHERS, "judge1"]:
        assert _seen(Result, people[who]) == _all(Result), who


def test_an_appeal_is_seen_by_its_filer_and_the_arbiters(people, marked, cast):
    published(marked, cast)
    appeal = services.file_appeal(
        by=people["worker_user"], entry=marked["entries"]["a"], reason="沟通表达一项评分偏低"
    )
    services.rule_appeal(by=people["chief"], appeal=appeal, upheld=True, ruling="复核")
    change = {
        "entry": marked["entries"]["a"].pk,
        "aspect": marked["judged"].pk,
        "judge": people["judge1"].pk,
        "value": 3,
    }
    remark = services.prepare_remark(by=people["county_admin"], appeal=appeal, changes=[change])
    assert _seen(Appeal, people["worker_user"]) == {appeal.pk}
    assert _seen(Appeal, people["chief"]) == {appeal.pk}
    assert _seen(Remark, people["chief"]) == {remark.pk}
    assert not _seen(Remark, people["worker_user"])  # the ruling is theirs; the re-mark is not
    for who in ["town_admin", "sibling_admin", "admin_a", "judge1", "outsider"]:
        assert not _seen(Appeal, people[who]), who
        assert not _seen(Remark, people[who]), who


@pytest.mark.parametrize("who", ["platform", "county_admin"])
def test_the_organisers_admins_change_every_part(people, who):
    for model in PARTS:
        assert set(model.objects.editable_by(people[who]).values_list("pk", flat=True)) == _all(
            model
        ), model.__name__


@pytest.mark.parametrize("who", ["county_viewer", *OTHERS, "judge1", "chief"])
def test_nobody_else_changes_any_part(people, who):
    for model in PARTS:
        assert not model.objects.editable_by(people[who]).exists(), (who, model.__name__)
