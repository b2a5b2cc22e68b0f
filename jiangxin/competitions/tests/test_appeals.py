"""Appeals: the window, who may file, the ruling, a re-mark previewed then applied, history kept."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from jiangxin.competitions import services
from jiangxin.competitions.appeal_rule import appeal_rule
from jiangxin.competitions.models import Appeal, Competition, Remark, Result, Score
from jiangxin.competitions.tests.conftest import published

REASON = "实操第二项评价分与现场表现不符，请求复核。"


def test_the_contestant_appeals_within_the_window(ended, cast):
    assert ended["competition"].ended_at is not None
    appeal = services.file_appeal(
        by=cast["worker_user"], entry=ended["entries"]["a"], reason=REASON
    )
    assert appeal.status == Appeal.Status.FILED


def test_an_appeal_after_the_public_notice_is_refused(marked, cast):
    competition = published(marked, cast)
    services.file_appeal(by=cast["worker_user"], entry=marked["entries"]["a"], reason=REASON)
    Competition.objects.filter(pk=competition.pk).update(
        publicity_until=timezone.now() - datetime.timedelta(minutes=1)
    )
    with pytest.raises(ValidationError, match="申诉期已过。申诉期已于 .* 结束"):
        services.file_appeal(
            by=cast["worker_user"], entry=marked["entries"]["a"], reason=REASON + "补充"
        )
    assert Appeal.objects.count() == 1


def test_no_appeal_before_the_competition_ends(running, cast):
    with pytest.raises(ValidationError, match="比赛结束（成绩锁定）后才能提出申诉"):
        services.file_appeal(by=cast["worker_user"], entry=running["entries"]["a"], reason=REASON)


def test_the_same_appeal_sent_twice_is_filed_once(ended, cast):
    first = services.file_appeal(by=cast["worker_user"], entry=ended["entries"]["a"], reason=REASON)
    again = services.file_appeal(by=cast["worker_user"], entry=ended["entries"]["a"], reason=REASON)
    assert first.pk == again.pk and Appeal.objects.count() == 1


def test_the_rule_names_the_deadline_once_published(ended, cast):
    assert appeal_rule(ended["competition"]) == (
        "比赛结束后至成绩公示期满前，选手本人或其参赛队领队可在本平台在线提交申诉"
        "（“我的档案”的竞赛记录或比赛页面），由仲裁组裁决。"
    )
    competition = services.publish_results(
        by=cast["county_admin"], competition=ended["competition"]
    )
    until = timezone.localtime(competition.publicity_until).strftime("%Y-%m-%d %H:%M")
    assert appeal_rule(competition) == (
        f"成绩公示期内（至 {until}），选手本人或其参赛队领队可在本平台在线提交申诉"
        "（“我的档案”的竞赛记录或比赛页面），由仲裁组裁决。"
    )


def test_only_the_contestant_or_team_leader_appeals(ended, cast):
    with pytest.raises(PermissionDenied):
        services.file_appeal(by=cast["town_admin"], entry=ended["entries"]["a"], reason=REASON)
    with pytest.raises(ValidationError, match="至少 10 个字"):
        services.file_appeal(by=cast["worker_user"], entry=ended["entries"]["a"], reason="不服")


def test_an_upheld_appeal_is_remarked_with_a_preview_then_applied_keeping_history(ended, cast):
    c = ended["entries"]["c"]
    appeal = services.file_appeal(
        by=cast["worker_user"], entry=ended["entries"]["a"], reason=REASON
    )
    with pytest.raises(PermissionDenied):
        services.rule_appeal(by=cast["town_admin"], appeal=appeal, upheld=True, ruling="成立")
    services.rule_appeal(
        by=ended["chief"], appeal=appeal, upheld=True, ruling="经复看录像，评价分偏低，予以复核。"
    )
    j1, j2, j3 = ended["judges"]
    changes = [
        {"entry": c.pk, "aspect": ended["judged"].pk, "judge": j.pk, "value": 3}
        for j in (j1, j2, j3)
    ]
    changes.append(
        {
            "entry": c.pk,
            "component": ended["competition"].components.get(kind="theory").pk,
            "value": "100",
        }
    )
    remark = services.prepare_remark(by=ended["chief"], appeal=appeal, changes=changes)
    # c: practical (6 + 5)/11 = 100 → 0.3×100 + 0.7×100 = 100.00, overtaking a (94.00)
    preview = {p["code"]: p for p in remark.preview}
    assert preview[c.code]["rank_before"] == 2 and preview[c.code]["rank_after"] == 1
    assert preview[c.code]["total_after"] == "100.00"
    assert Result.objects.get(entry=c).rank == 2  # nothing changes before it is applied
    services.apply_remark(by=ended["chief"], remark=remark)
    assert Result.objects.get(entry=c).rank == 1 and Result.objects.get(entry=c).total == 100
    assert (
        Score.objects.filter(entry=c, aspect=ended["judged"], current=False).count() == 3
    )  # the history stays
    with pytest.raises(ValidationError, match="已执行或已取消"):
        services.apply_remark(by=ended["chief"], remark=remark)


def test_a_cancelled_remark_changes_nothing(ended, cast):
    appeal = services.file_appeal(
        by=cast["worker_user"], entry=ended["entries"]["a"], reason=REASON
    )
    services.rule_appeal(by=ended["chief"], appeal=appeal, upheld=True, ruling="予以复核。")
    c = ended["entries"]["c"]
    remark = services.prepare_remark(
        by=ended["chief"],
        appeal=appeal,
        changes=[
            {
                "entry": c.pk,
                "aspect": ended["judged"].pk,
                "judge": ended["judges"][0].pk,
                "value": 3,
            }
        ],
    )
    before = list(Score.objects.values_list("pk", "current"))
    services.cancel_remark(by=ended["chief"], remark=remark)
    assert list(Score.objects.values_list("pk", "current")) == before
    assert Remark.objects.get().status == Remark.Status.CANCELLED


def test_a_rejected_appeal_cannot_be_remarked(ended, cast):
    appeal = services.file_appeal(
        by=cast["worker_user"], entry=ended["entries"]["a"], reason=REASON
    )
    services.rule_appeal(
        by=cast["county_admin"], appeal=appeal, upheld=False, ruling="评分符合评分标准。"
    )
    with pytest.raises(ValidationError, match="申诉成立后才能复核"):
        services.prepare_remark(
            by=cast["county_admin"],
            appeal=appeal,
            changes=[{"entry": 1, "aspect": 1, "judge": 1, "value": 1}],
        )


def test_a_remark_outside_the_rules_is_refused(ended, cast):
    appeal = services.file_appeal(
        by=cast["worker_user"], entry=ended["entries"]["a"], reason=REASON
    )
    services.rule_appeal(by=ended["chief"], appeal=appeal, upheld=True, ruling="予以复核。")
    bad = [
        {
            "entry": ended["entries"]["c"].pk,
            "aspect": ended["judged"].pk,
            "judge": ended["judges"][0].pk,
            "value": 4,
        }
    ]
    with pytest.raises(ValidationError, match="0、1、2、3"):
        services.prepare_remark(by=ended["chief"], appeal=appeal, changes=bad)
    assert not Remark.objects.exists()


def test_the_same_remark_sent_twice_is_prepared_once(ended, cast):
    appeal = services.file_appeal(
        by=cast["worker_user"], entry=ended["entries"]["a"], reason=REASON
    )
    services.rule_appeal(by=ended["chief"], appeal=appeal, upheld=True, ruling="予以复核。")
    theory = ended["competition"].components.get(kind="theory")
    changes = [{"entry": ended["entries"]["c"].pk, "component": theory.pk, "value": "100"}]
    first = services.prepare_remark(by=ended["chief"], appeal=appeal, changes=changes)
    again = services.prepare_remark(by=ended["chief"], appeal=appeal, changes=changes)
    assert first.pk == again.pk and Remark.objects.count() == 1
