"""Following a pair: monthly check-ins, assessments, graduation, stipends, re-pairing."""

import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from jiangxin import factories as f
from jiangxin.mentoring import services
from jiangxin.mentoring.models import CheckIn, Pair
from jiangxin.workers.models import Worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def active(programme, people, cast):
    """林师傅 → 徒弟1, approved, started two months ago; both have accounts."""
    today = timezone.localdate()
    start = (today.replace(day=1) - datetime.timedelta(days=40)).replace(day=1)
    master_user, apprentice_user = f.user("linshifu"), f.user("tudi1")
    Worker.objects.filter(pk=people["master"].pk).update(account=master_user)
    Worker.objects.filter(pk=people["apprentices"][0].pk).update(account=apprentice_user)
    pair = services.propose_pair(
        by=cast["town_admin"],
        programme=programme,
        master=people["master"],
        apprentice=people["apprentices"][0],
        starts_on=start,
    )
    services.approve_pair(by=cast["admin_a"], pair=pair)
    pair.refresh_from_db()
    return {"pair": pair, "master": master_user, "apprentice": apprentice_user, "start": start}


def test_master_and_apprentice_each_log_a_month(active, cast):
    pair, start = active["pair"], active["start"]
    services.record_checkin(
        by=active["master"], pair=pair, month=start, content="讲解数控车床对刀", hours=12
    )
    services.record_checkin(
        by=active["apprentice"], pair=pair, month=start, content="练习对刀", hours="10.5"
    )
    assert sorted(CheckIn.objects.values_list("role", flat=True)) == ["apprentice", "master"]
    with pytest.raises(ValidationError, match="的记录已填写"):
        services.record_checkin(
            by=active["master"], pair=pair, month=start, content="再记一次", hours=1
        )
    with pytest.raises(PermissionDenied, match="师傅或徒弟本人"):
        services.record_checkin(by=cast["admin_a"], pair=pair, month=start, content="代填", hours=1)


@pytest.mark.parametrize(
    "month_shift, hours, content, message",
    [
        (-400, 5, "内容", "不在协议期限"),
        (100, 5, "内容", "不能提前填写以后月份"),
        (0, 0, "内容", "学时应在 0.1–184 之间"),
        (0, "三", "内容", "学时应为数字"),
        (0, 5, " ", "请写明本月传授"),
    ],
)
def test_a_bad_check_in_changes_nothing(active, month_shift, hours, content, message):
    month = active["start"] + datetime.timedelta(days=month_shift)
    with pytest.raises(ValidationError, match=message):
        services.record_checkin(
            by=active["master"], pair=active["pair"], month=month, content=content, hours=hours
        )
    assert not CheckIn.objects.exists()


def test_a_check_in_on_an_ended_pair_is_refused(active, cast):
    services.end_pair(by=cast["admin_a"], pair=active["pair"], reason="师傅调岗")
    with pytest.raises(ValidationError, match="该结对提前终止，不能再填写带徒记录"):
        services.record_checkin(
            by=active["master"], pair=active["pair"], month=active["start"], content="内容", hours=2
        )


def test_the_final_grade_graduates_or_fails_and_a_failed_apprentice_finds_a_new_master(
    active, people, cast, programme
):
    pair = active["pair"]
    with pytest.raises(PermissionDenied):
        services.assess(by=cast["admin_b"], pair=pair, kind="final", grade="fail")
    services.assess(by=cast["admin_a"], pair=pair, kind="mid", grade="pass")
    assert Pair.objects.get(pk=pair.pk).status == "active"
    services.assess(by=cast["admin_a"], pair=pair, kind="final", grade="fail", comment="操作不达标")
    pair.refresh_from_db()
    assert (pair.status, pair.final_grade) == ("failed", "fail")
    with pytest.raises(ValidationError, match="曾随林师傅学习未能出师"):
        services.propose_pair(
            by=cast["town_admin"],
            programme=programme,
            master=people["master"],
            apprentice=people["apprentices"][0],
            starts_on=timezone.localdate(),
        )
    again = services.propose_pair(
        by=cast["town_admin"],
        programme=programme,
        master=people["craftsman"],
        apprentice=people["apprentices"][0],
        starts_on=timezone.localdate(),
    )
    assert again.status == "proposed"


def test_stipends_follow_the_final_grade(programme, people, cast):
    start = datetime.date(2025, 1, 1)
    made = []
    for apprentice, grade in zip(
        people["apprentices"][:3], ["excellent", "pass", "fail"], strict=True
    ):
        master = people["master"] if grade != "fail" else people["craftsman"]
        pair = services.propose_pair(
            by=cast["town_admin"],
            programme=programme,
            master=master,
            apprentice=apprentice,
            starts_on=start,
            term_months=3,
        )
        services.approve_pair(by=cast["admin_a"], pair=pair)
        services.assess(by=cast["admin_a"], pair=pair, kind="final", grade=grade)
        made.append(pair.pk)
    pairs = Pair.objects.filter(pk__in=made).select_related("programme")
    lines = services.stipend_statement(
        pairs, first=datetime.date(2025, 1, 1), last=datetime.date(2025, 12, 31)
    )
    paid = {}
    for line in lines:
        paid[line.pair] = paid.get(line.pair, D(0)) + line.payable
    assert [paid[pk] for pk in made] == [D("900.00"), D("450.00"), D("0.00")]
