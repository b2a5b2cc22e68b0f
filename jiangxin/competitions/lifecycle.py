"""When a thing a person entered is frozen, and why: one function per thing, returning the
Chinese reason (shown on the page, raised by the service) or ``None`` while it may still change.

- the competition's own fields: until registration opens;
- its components and weights: until the draw;
- a component's aspects and level descriptors: until its first score (or its lock);
- a judge's appointment: until the component's lock;
- a team's members and leader: until registration closes;
- a competition may be deleted only while it is a draft."""

from __future__ import annotations

import math

from django.utils import timezone
from django.utils.translation import gettext as _

from jiangxin.competitions.models import (
    Aspect,
    Competition,
    Component,
    Delegation,
    JudgeAssignment,
    Score,
)

S = Competition.Status

BEFORE_DRAW = (S.DRAFT, S.OPEN, S.CLOSED)


def competition_frozen(competition: Competition) -> str | None:
    if competition.status != S.DRAFT:
        return _("报名已开放，竞赛信息不能再修改")
    return None


def deletion_refused(competition: Competition) -> str | None:
    """Only a draft may be deleted; the reason names the state the competition is in."""
    reasons = {
        S.OPEN: _("报名已开放，竞赛不能再删除"),
        S.CLOSED: _("报名已截止，竞赛不能再删除"),
        S.DRAWN: _("已检录抽签，竞赛不能再删除"),
        S.RUNNING: _("比赛已开始，竞赛不能再删除"),
        S.LOCKED: _("成绩已锁定，竞赛不能删除"),
        S.PUBLISHED: _("竞赛已公示结果，不能删除"),
        S.FINAL: _("竞赛结果已确认，不能删除"),
    }
    if competition.status != S.DRAFT:
        return _("{reason}；只有草稿可以删除").format(reason=reasons[S(competition.status)])
    return None


def finalise_wait(competition: Competition, *, now=None) -> str | None:
    """The results may be finalised only once the 公示 period is over."""
    until = competition.publicity_until
    now = now or timezone.now()
    if competition.status != S.PUBLISHED or until is None or now >= until:
        return None
    days = max(1, math.ceil((until - now).total_seconds() / 86400))
    return _("公示期至 {until} 结束（还剩 {days} 天），期满后才能确认").format(
        until=timezone.localtime(until).strftime("%Y-%m-%d %H:%M"), days=days
    )


def missing_aspects(competition: Competition) -> list[str]:
    """The judged components without any aspect: their judges could not score at all."""
    judged = [c for c in competition.components.all() if c.rule != Component.Rule.EXAM]
    with_aspects = set(
        Aspect.objects.filter(criterion__component__in=judged)
        .values_list("criterion__component_id", flat=True)
        .distinct()
    )
    return [c.name for c in judged if c.pk not in with_aspects]


def start_refused(competition: Competition) -> str | None:
    """The contest starts only when every judged component has aspects to score."""
    if names := missing_aspects(competition):
        return _("“{names}”还没有评分要点，裁判无法评分：请先在“评分标准与裁判”页添加").format(
            names="、".join(names)
        )
    return None


def opening_warnings(competition: Competition) -> list[str]:
    """What is still missing when registration opens. Only warnings: aspects may be added until
    a component's first score and judges appointed until its lock, so opening is not refused;
    the contest cannot *start* while a judged component has no aspect (``start_refused``)."""
    warnings = [
        _("“{name}”还没有评分要点：比赛开始前须添加，否则不能开始比赛").format(name=name)
        for name in missing_aspects(competition)
    ]
    judged = competition.components.exclude(rule=Component.Rule.EXAM).exists()
    roles = set(
        JudgeAssignment.objects.filter(competition=competition).values_list("role", flat=True)
    )
    if judged and not roles:
        warnings.append(_("还没有聘任裁判：比赛开始前须聘任裁判和裁判长"))
    elif judged and JudgeAssignment.Role.CHIEF not in roles:
        warnings.append(_("还没有裁判长：逐项锁定成绩需要裁判长"))
    return warnings


def closing_warnings(competition: Competition) -> list[str]:
    """Before registration closes: the teams with no leader (none can be named afterwards)."""
    return [
        _("{team}未指定领队：截止后不能再指定，申诉只能由选手本人提出").format(team=name)
        for name in Delegation.objects.filter(competition=competition, leader__isnull=True)
        .order_by("name")
        .values_list("name", flat=True)
    ]


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
