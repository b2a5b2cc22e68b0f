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
        return _("比赛结束后至成绩公示期满前，由选手本人或其参赛队领队向仲裁组书面提出申诉。")
    if competition.status == Competition.Status.FINAL or timezone.now() > deadline:
        return _("申诉期已于 {deadline} 结束（成绩公示期满）。").format(deadline=_when(deadline))
    return _("成绩公示期内（至 {deadline}）由选手本人或其参赛队领队向仲裁组书面提出申诉。").format(
        deadline=_when(deadline)
    )


def appeal_closed_message(competition: Competition) -> str:
    """Why an appeal is refused now: not yet ended, or the notice is over."""
    if competition.ended_at is None:
        return _("比赛结束（成绩锁定）后才能提出申诉。") + appeal_rule(competition)
    return _("申诉期已过。") + appeal_rule(competition)
