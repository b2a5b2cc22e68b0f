"""Pairs: who may be a master, one master per apprentice, the master's capacity, the term."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from jiangxin.mentoring import services
from jiangxin.mentoring.models import Pair

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2025, 3, 1)


def _pair(cast, programme, master, apprentice, who="town_admin", **kw):
    return services.propose_pair(
        by=cast[who],
        programme=programme,
        master=master,
        apprentice=apprentice,
        starts_on=kw.pop("starts_on", TODAY),
        **kw,
    )


def test_a_technician_or_an_honoured_worker_with_the_years_may_be_a_master(programme, people, cast):
    a1, a2, *_ = people["apprentices"]
    pair = _pair(cast, programme, people["master"], a1)
    assert (pair.status, pair.ends_on, pair.stipend_monthly) == (
        "proposed",
        datetime.date(2026, 3, 1),
        300,
    )
    assert _pair(cast, programme, people["craftsman"], a2).master == people["craftsman"]


@pytest.mark.parametrize(
    "who, message",
    [
        ("junior", "新技师的工龄不满 5 年"),
        ("plain", "普通工的技能等级低于二级/技师，也没有劳动模范、工匠、技能大师、技术能手称号"),
    ],
)
def test_an_ineligible_master_is_refused_with_the_reason(programme, people, cast, who, message):
    with pytest.raises(ValidationError) as err:
        _pair(cast, programme, people[who], people["apprentices"][0])
    assert err.value.messages == [message]
    assert not Pair.objects.exists()


def test_an_apprentice_off_the_targeted_posts_is_refused(programme, people, cast):
    with pytest.raises(
        ValidationError, match="一般岗不在本项目面向的岗位（关键岗位、重点岗位、高新技能岗位）"
    ):
        _pair(cast, programme, people["master"], people["ordinary"])


def test_an_apprentice_has_one_master_at_a_time(programme, people, cast):
    a1 = people["apprentices"][0]
    _pair(cast, programme, people["master"], a1)
    with pytest.raises(ValidationError, match="徒弟1已有师傅"):
        _pair(cast, programme, people["craftsman"], a1)
    assert Pair.objects.count() == 1


def test_a_master_never_exceeds_the_capacity(programme, people, cast):
    a1, a2, a3, _a4 = people["apprentices"]
    _pair(cast, programme, people["master"], a1)
    _pair(cast, programme, people["master"], a2)
    with pytest.raises(ValidationError, match="林师傅已带徒 2 人，达到上限（每位师傅最多 2 人）"):
        _pair(cast, programme, people["master"], a3)
    assert Pair.objects.filter(master=people["master"]).count() == 2


def test_an_agreement_ending_before_it_starts_is_refused(programme, people, cast):
    with pytest.raises(ValidationError, match="须晚于开始日期"):
        _pair(
            cast,
            programme,
            people["master"],
            people["apprentices"][0],
            ends_on=TODAY - datetime.timedelta(days=1),
        )
    with pytest.raises(ValidationError, match="至少 1 个月"):
        _pair(cast, programme, people["master"], people["apprentices"][0], term_months=0)
    assert not Pair.objects.exists()


def test_the_apprentices_union_approves(programme, people, cast):
    pair = _pair(cast, programme, people["master"], people["apprentices"][0])
    with pytest.raises(PermissionDenied):
        services.approve_pair(by=cast["admin_b"], pair=pair)
    services.approve_pair(by=cast["admin_a"], pair=pair)
    pair.refresh_from_db()
    assert pair.status == "active" and pair.approved_at <= timezone.now()
    with pytest.raises(ValidationError, match="不是待审批状态"):
        services.approve_pair(by=cast["admin_a"], pair=pair)


@pytest.mark.parametrize("who", ["sibling_admin", "admin_b", "county_viewer", "outsider"])
def test_only_the_programmes_or_the_apprentices_union_pairs(programme, people, cast, who):
    with pytest.raises(PermissionDenied):
        _pair(cast, programme, people["master"], people["apprentices"][0], who=who)
