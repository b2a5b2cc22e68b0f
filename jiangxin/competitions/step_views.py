"""The competition's lifecycle steps, one URL each: GET shows what the step does and what can
no longer be undone (a confirm page, which works without JavaScript); POST does it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jiangxin.accounts.access import get_for_user
from jiangxin.audit.services import client_ip
from jiangxin.competitions import services
from jiangxin.competitions.models import Competition
from jiangxin.competitions.setup_forms import ConfirmForm
from jiangxin.core.forms import message_errors
from jiangxin.core.types import AuthedRequest

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise  # a dev dependency: for the type check only

S = Competition.Status


@dataclass(frozen=True)
class Step:
    service: Callable
    label: StrOrPromise  # the button
    source: str  # the status it leaves from
    done: StrOrPromise  # the message after it
    consequence: StrOrPromise  # what can no longer be undone ("" when nothing)


STEPS = {
    "open_registration": Step(
        partial(services.transition, step="open_registration"),
        _("开放报名"),
        S.DRAFT,
        _("已开放报名。各单位工会现在可以组队报名。"),
        _("开放后，竞赛名称、日期、参赛条件和奖项不能再修改，竞赛也不能再删除。"),
    ),
    "close_registration": Step(
        partial(services.transition, step="close_registration"),
        _("截止报名"),
        S.OPEN,
        _("报名已截止。下一步：检录抽签。"),
        _("截止后各单位不能再报名、退出或更换队员，也不能再开放报名。"),
    ),
    "draw": Step(
        services.draw,
        _("检录抽签"),
        S.CLOSED,
        _("抽签完成，每位选手已获得加密号、出场顺序和工位。"),
        _(
            "抽签为每位已报名选手确定加密号、出场顺序和工位，结果不能重抽；"
            "抽签后竞赛项目和权重不能再修改。随机种子会被记录以便复核。"
        ),
    ),
    "start": Step(
        partial(services.transition, step="start"),
        _("开始比赛"),
        S.DRAWN,
        _("比赛开始。裁判现在可以评分。"),
        _("开始后裁判即可评分，抽签结果和裁判的聘任范围以此为准；比赛不能回到“已抽签”。"),
    ),
    "compute": Step(
        services.compute_results,
        _("计算成绩"),
        S.LOCKED,
        _("成绩已计算。核对无误后可公示。"),
        "",
    ),
    "publish": Step(
        services.publish_results,
        _("公示结果"),
        S.LOCKED,
        _("结果已公示。公示期满后可确认结果。"),
        _(
            "公示后名单对所有人公开（按“公示姓名方式”显示），成绩不能再重新计算；公示期为 {days} 天。"
        ),
    ),
    "finalise": Step(
        services.finalise_results,
        _("确认结果"),
        S.PUBLISHED,
        _("结果已确认。现在可以颁发证书。"),
        _("确认后结果为最终结果，不再受理申诉，成绩和名次不能再改变。"),
    ),
}


def next_step(competition: Competition, *, has_results: bool) -> str | None:
    """The step the competition's page offers as its primary button."""
    if competition.status == S.LOCKED:
        return "publish" if has_results else "compute"
    for name, step in STEPS.items():
        if step.source == competition.status and name != "compute":
            return name
    return None


def _consequence(competition: Competition, name: str) -> str:
    text = str(STEPS[name].consequence).format(days=competition.publicity_days)
    if name == "close_registration" and timezone.now() < competition.registration_closes:
        early = _("现在截止是提前截止：原定报名截止时间为 {end}。").format(
            end=timezone.localtime(competition.registration_closes).strftime("%Y-%m-%d %H:%M")
        )
        text = f"{early}{text}"
    if name == "start" and competition.held_on and competition.held_on != timezone.localdate():
        text = _("比赛日期为 {date}，今天开始比赛？").format(
            date=competition.held_on.strftime("%Y-%m-%d")
        ) + str(text)
    return text


def step_blocked(competition: Competition, name: str) -> str | None:
    """Why the step cannot be taken yet though the competition is in its source status."""
    from jiangxin.competitions import lifecycle

    if competition.status != STEPS[name].source:
        return None
    if name == "finalise":
        return lifecycle.finalise_wait(competition)
    if name == "start":
        return lifecycle.start_refused(competition)
    return None


def step_warnings(competition: Competition, name: str) -> list[str]:
    """What the organiser should know before the step (it is not refused)."""
    from jiangxin.competitions import lifecycle

    if competition.status != STEPS[name].source:
        return []
    if name == "open_registration":
        return lifecycle.opening_warnings(competition)
    if name == "close_registration":
        return lifecycle.closing_warnings(competition)
    return []


def competition_step(request: AuthedRequest, pk: int, step: str) -> HttpResponse:
    competition = get_for_user(
        Competition.objects.select_related("organiser"), request.user, pk=pk, edit=True
    )
    if step not in STEPS:
        raise Http404
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    blocked = step_blocked(competition, step)
    if request.method == "POST" and form.is_valid():
        try:
            STEPS[step].service(by=request.user, ip=client_ip(request), competition=competition)
        except ValidationError as err:
            message_errors(request, err)
        else:
            messages.success(request, str(STEPS[step].done))
        return redirect("competition_detail", pk=competition.pk)
    if not STEPS[step].consequence:  # nothing to confirm: the page's button posts directly
        return redirect("competition_detail", pk=competition.pk)
    return render(
        request,
        "competitions/step_confirm.html",
        {
            "competition": competition,
            "step": step,
            "label": STEPS[step].label,
            # "确认结果" is confirmed by itself, not by "确认确认结果" / "确认：确认结果"
            "heading": STEPS[step].label
            if str(STEPS[step].label).startswith(str(_("确认")))
            else _("确认：{label}").format(label=STEPS[step].label),
            "button": STEPS[step].label
            if str(STEPS[step].label).startswith(str(_("确认")))
            else _("确认{label}").format(label=STEPS[step].label),
            "consequence": _consequence(competition, step),
            "possible": competition.status == STEPS[step].source and not blocked,
            "blocked": blocked,
            "warnings": step_warnings(competition, step),
            "form": form,
        },
    )


def lifecycle_context(user, competition: Competition, components, *, has_results: bool) -> dict:
    """What the competition's page shows of the lifecycle: the checklist for each of the
    user's roles, and, for the organiser, the next step (the primary button) and what may
    still be edited."""
    from jiangxin.competitions import checklist, lifecycle, policies

    manage = policies.can_manage_competition(user, competition)
    name = next_step(competition, has_results=has_results) if manage else None
    sections = checklist.checklist(user, competition, components)
    # no lifecycle step to take (the contest is running): the checklist's next thing to do
    # with a page of its own (the theory marks) is the primary button instead
    todo = sections[0].next if manage and sections and not name else None
    return {
        "checklist": sections,
        "next_link": todo if todo and todo.url else None,
        "next_step": name,
        "next_label": STEPS[name].label if name else "",
        "next_confirms": bool(name and STEPS[name].consequence),
        "next_blocked": step_blocked(competition, name) if name else None,
        "recompute": manage and competition.status == S.LOCKED and has_results,
        "editable": manage and not lifecycle.competition_frozen(competition),
    }
