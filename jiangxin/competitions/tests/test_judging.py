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


def test_the_scheme_is_frozen_once_the_component_has_a_score(running, cast):
    j1 = running["judges"][0]
    services.record_score(
        by=j1, entry=running["entries"]["c"], aspect=running["measured"], outcome="full"
    )
    with pytest.raises(ValidationError, match="已有评分，评分标准不能再修改"):
        services.add_aspect(
            by=cast["county_admin"],
            component=running["practical"],
            criterion="x",
            kind=Aspect.Kind.MEASUREMENT,
            description="y",
            max_mark=D("1"),
        )


def test_a_judge_linked_to_the_contestant_as_master_or_apprentice_is_excluded(running, cast):
    import datetime

    from django.utils import timezone

    from jiangxin import factories as f
    from jiangxin.mentoring import services as mentoring
    from jiangxin.workers.models import SkillLevel, Worker

    j1 = running["judges"][0]
    # a master in the other town: neither the contestant's enterprise nor her team's union
    master = f.worker(
        cast["union_c"],
        "陈师傅",
        enterprise_obj=cast["ent_c"],
        skill_level=SkillLevel.L1,
        start_date=datetime.date(2005, 3, 1),
    )
    Worker.objects.filter(pk=master.pk).update(account=j1)
    programme = mentoring.create_programme(
        by=cast["county_admin"],
        organisation=cast["county"],
        year=2025,
        name="晋江市名师带高徒",
        posts=[],
    )
    a = running["entries"]["a"]
    score = services.record_score(by=j1, entry=a, aspect=running["judged"], value=2)
    assert score.value == 2  # before the pair, nothing stands in the way
    mentoring.propose_pair(
        by=cast["county_admin"],
        programme=programme,
        master=master,
        apprentice=cast["worker_a"],
        starts_on=timezone.localdate(),
    )
    with pytest.raises(PermissionDenied, match="裁判是该选手的师傅，须回避"):
        services.record_score(by=j1, entry=a, aspect=running["judged"], value=3)
    # only the link counts: judge1 still marks b, her teammate
    assert services.exclusion_reason(j1, running["entries"]["b"]) is None


def test_a_judge_of_some_stations_marks_only_the_entries_drawn_there(running, cast, client):
    from django.urls import reverse

    from jiangxin import factories as f

    station_judge = f.user("judge_station")
    c = running["entries"]["c"]
    others = [e for key, e in running["entries"].items() if key != "c"]
    services.appoint_judge(
        by=cast["county_admin"],
        competition=running["competition"],
        user=station_judge,
        component=running["practical"],
        stations=[c.order],
    )
    assert services.record_score(by=station_judge, entry=c, aspect=running["judged"], value=2)
    with pytest.raises(PermissionDenied, match="不在您执裁的工位"):
        services.record_score(by=station_judge, entry=others[0], aspect=running["judged"], value=2)
    client.force_login(station_judge)
    body = client.get(reverse("judging_entries", args=[running["competition"].pk])).content.decode()
    assert c.code in body and others[0].code not in body and others[1].code not in body


def test_stations_are_typed_as_numbers_and_ranges(running):
    from jiangxin.competitions.forms import JudgeForm

    form = JudgeForm(
        {"username": "judge1", "role": "judge", "stations": "1-3, 7，9"},
        competition=running["competition"],
    )
    assert form.is_valid() and form.cleaned_data["stations"] == [1, 2, 3, 7, 9]
    bad = JudgeForm(
        {"username": "x", "role": "judge", "stations": "一号"}, competition=running["competition"]
    )
    assert not bad.is_valid() and "1-10, 15" in bad.errors["stations"][0]
