"""The appeal rule, in one place: who may appeal, and until when. Every page that mentions
appeals prints ``appeal_rule(competition)``; the service refuses by ``appeal_window_open``.

The window opens when the competition ends (its last component locked) and closes with the
public notice (公示期) of the results: a contestant reads their result, then may appeal.
Who: the contestant, or the leader of their team (``policies.can_file_appeal``)."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from jiangxin.competitions.models import Competition


def appeal_deadline(competition: Competition) -> datetime.datetime | None:
    """When appeals close: the end of the public notice, once the results are published."""
    return competition.publicity_until


def appeal_window_open(competition: Competition, now: datetime.datetime | None = None) -> bool:
    """Appeals are heard from the end of the competition until the public notice ends."""
    S = Competition.Status
    if competition.ended_at is None or competition.status not in (S.LOCKED, S.PUBLISHED):
        return False
    deadline = appeal_deadline(competition)
    return deadline is None or (now or timezone.now()) <= deadline


def _when(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def appeal_rule(competition: Competition) -> str:
    """The rule as every page states it, with the deadline once it is known."""
    deadline = appeal_deadline(competition)
    if deadline is None:
        return _(
            "比赛结束后至成绩公示期满前，选手本人或其参赛队领队可在本平台在线提交申诉"
            "（“我的档案”的竞赛记录或比赛页面），由仲裁组裁决。"
        )
    if competition.status == Competition.Status.FINAL or timezone.now() > deadline:
        return _("申诉期已于 {deadline} 结束（成绩公示期满）。").format(deadline=_when(deadline))
    return _(
        "成绩公示期内（至 {deadline}），选手本人或其参赛队领队可在本平台在线提交申诉"
        "（“我的档案”的竞赛记录或比赛页面），由仲裁组裁决。"
    ).format(deadline=_when(deadline))


def appeal_state(competition: Competition) -> tuple[str, str]:
    """Where an entry stands with appeals, for the contestant's own record: ``("before", …)``
    until the window opens, ``("open", rule)`` within it, ``("closed", …)`` once it is over."""
    if appeal_window_open(competition):
        return "open", appeal_rule(competition)
    deadline = appeal_deadline(competition)
    if competition.ended_at is not None and competition.status in (
        Competition.Status.LOCKED,
        Competition.Status.PUBLISHED,
        Competition.Status.FINAL,
    ):
        return "closed", appeal_rule(competition)
    return "before", _("成绩公示后可在此申诉（{start}至{end}）。").format(
        start=_("比赛结束、成绩锁定后"),
        end=_when(deadline) if deadline else _("成绩公示期满"),
    )


def appeal_closed_message(competition: Competition) -> str:
    """Why an appeal is refused now: not yet ended, or the notice is over."""
    if competition.ended_at is None:
        return _("比赛结束（成绩锁定）后才能提出申诉。") + appeal_rule(competition)
    return _("申诉期已过。") + appeal_rule(competition)
