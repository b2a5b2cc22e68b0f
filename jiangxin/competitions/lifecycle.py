"""When a thing a person entered is frozen, and why: one function per thing, returning the
Chinese reason (shown on the page, raised by the service) or ``None`` while it may still change.

- the competition's own fields: until registration opens;
- its components and weights: until the draw;
- a component's aspects and level descriptors: until its first score (or its lock);
- a judge's appointment: until the component's lock;
- a team's members and leader: until registration closes;
- a competition may be deleted only while it is a draft."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from jiangxin.competitions.models import Competition, Component, JudgeAssignment, Score

S = Competition.Status

BEFORE_DRAW = (S.DRAFT, S.OPEN, S.CLOSED)


def competition_frozen(competition: Competition) -> str | None:
    if competition.status != S.DRAFT:
        return _("报名已开放，竞赛信息不能再修改")
    return None


def deletion_refused(competition: Competition) -> str | None:
    if competition.status != S.DRAFT:
        return _("报名已开放，竞赛不能再删除；只有草稿可以删除")
    return None


def components_frozen(competition: Competition) -> str | None:
    if competition.status not in BEFORE_DRAW:
        return _("已抽签，竞赛项目和权重不能再修改")
    return None


def scheme_frozen(component: Component, *, scored: bool | None = None) -> str | None:
    """``scored`` may be passed when the caller already knows whether the component has a
    score (a page listing several components)."""
    if component.locked_at is not None:
        return _("“{name}”的成绩已锁定，评分标准不能再修改").format(name=component.name)
    if scored is None:
        scored = Score.objects.filter(aspect__criterion__component=component).exists()
    if scored:
        return _("“{name}”已有评分，评分标准不能再修改").format(name=component.name)
    return None


def judges_frozen(competition: Competition, component: Component | None) -> str | None:
    """A judge of one component until its lock; a judge of every component until the scores
    are locked."""
    if component is not None and component.locked_at is not None:
        return _("“{name}”的成绩已锁定，裁判不能再调整").format(name=component.name)
    if component is None and competition.status not in (*BEFORE_DRAW, S.DRAWN, S.RUNNING):
        return _("成绩已锁定，裁判不能再调整")
    return None


def assignment_frozen(assignment: JudgeAssignment) -> str | None:
    return judges_frozen(assignment.competition, assignment.component)


def team_frozen(competition: Competition) -> str | None:
    if competition.status == S.DRAFT:
        return _("报名尚未开放，还不能组队报名")
    if competition.status != S.OPEN:
        return _("报名已截止，队员和领队不能再修改")
    return None


def schedule_errors(competition: Competition) -> dict[str, str]:
    """The planned dates in order, as a person enters them: registration closes after it
    opens, the contest is on or after the
    close, the 公示 period ends after the contest. (Closing registration early later on does
    not make the plan wrong.)"""
    errors = window_errors(competition)
    closes, held = competition.registration_closes, competition.held_on
    if closes and held and held < timezone.localtime(closes).date():
        errors["held_on"] = _("比赛日期须在报名截止之日或之后，请改晚比赛日期或提前报名截止")
    until = competition.publicity_until
    if until and held and timezone.localtime(until).date() < held:
        errors["publicity_until"] = _("公示截止须在比赛日期之后")
    return errors


def window_errors(competition: Competition) -> dict[str, str]:
    """Registration closes after it opens (the database refuses it too, by a constraint name
    nobody should see): checked by the services before they save."""
    opens, closes = competition.registration_opens, competition.registration_closes
    if opens and closes and closes <= opens:
        return {"registration_closes": _("报名截止时间须晚于报名开始时间，请改晚截止时间")}
    return {}
