"""The organisers' and teams' pages: set up a competition, move it through its steps, build
teams and enter members, the marking scheme and the judges, appeals and re-marks."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiangxin.accounts.access import get_for_user, require_union_user
from jiangxin.accounts.backends import find_user
from jiangxin.audit.services import client_ip
from jiangxin.competitions import policies, services
from jiangxin.competitions.forms import AspectForm, CompetitionForm, JudgeForm
from jiangxin.competitions.models import (
    Aspect,
    Competition,
    Component,
    Delegation,
    Entry,
    JudgeAssignment,
)
from jiangxin.core.forms import apply_errors, message_errors
from jiangxin.organisations.models import Organisation
from jiangxin.workers.models import Worker


def competition_new(request: HttpRequest) -> HttpResponse:
    require_union_user(request.user)
    if not policies.can_create_competitions(request.user):
        raise PermissionDenied
    form = CompetitionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        fields = {
            k: v
            for k, v in form.cleaned_data.items()
            if k in CompetitionForm.Meta.fields and k != "organiser"
        }
        try:
            competition = services.create_competition(
                by=request.user,
                ip=client_ip(request),
                organiser=form.cleaned_data["organiser"],
                components=form.components(),
                award_rules=form.award_rules(),
                **fields,
            )
        except ValidationError as err:
            apply_errors(form, err)
        else:
            messages.success(request, _("竞赛已创建（草稿）。请设置评分标准和裁判，然后开放报名。"))
            return redirect("competition_detail", pk=competition.pk)
    return render(request, "competitions/competition_form.html", {"form": form})


STEPS = {
    "open_registration": partial(services.transition, step="open_registration"),
    "close_registration": partial(services.transition, step="close_registration"),
    "draw": services.draw,
    "start": partial(services.transition, step="start"),
    "compute": services.compute_results,
    "publish": services.publish_results,
    "finalise": services.finalise_results,
}
DONE = {
    "open_registration": _("已开放报名。各单位工会现在可以组队报名。"),
    "close_registration": _("报名已截止。下一步：检录抽签。"),
    "draw": _("抽签完成，每位选手已获得加密号、出场顺序和工位。"),
    "start": _("比赛开始。裁判现在可以评分。"),
    "compute": _("成绩已计算。核对无误后可公示。"),
    "publish": _("结果已公示。公示期满后可确认结果。"),
    "finalise": _("结果已确认。现在可以颁发证书。"),
}


@require_POST
def competition_step(request: HttpRequest, pk: int) -> HttpResponse:
    competition = get_for_user(Competition.objects.all(), request.user, pk=pk, edit=True)
    step = request.POST.get("step", "")
    if step not in STEPS:
        raise Http404
    try:
        STEPS[step](by=request.user, ip=client_ip(request), competition=competition)
    except ValidationError as err:
        message_errors(request, err)
    else:
        messages.success(request, str(DONE[step]))
    return redirect("competition_detail", pk=competition.pk)


# --- teams -----------------------------------------------------------------------------------


@require_POST
def delegation_new(request: HttpRequest, pk: int) -> HttpResponse:
    competition = get_for_user(Competition.objects.all(), request.user, pk=pk)
    organisation = (
        Organisation.objects.editable_by(request.user)
        .filter(pk=request.POST.get("organisation") or 0)
        .first()
    )
    if organisation is None:
        messages.error(request, _("请选择参赛队代表的单位。"))
        return redirect("competition_detail", pk=competition.pk)
    name = request.POST.get("name", "").strip() or _("{name}代表队").format(
        name=organisation.short_name or organisation.name
    )
    try:
        delegation = services.create_delegation(
            by=request.user,
            ip=client_ip(request),
            competition=competition,
            organisation=organisation,
            name=name,
        )
    except ValidationError as err:
        message_errors(request, err)
        return redirect("competition_detail", pk=competition.pk)
    messages.success(request, _("已组建{team}。现在可以报名队员。").format(team=delegation.name))
    return redirect("delegation_detail", pk=competition.pk, team=delegation.pk)


def _delegation(request, pk: int, team: int) -> tuple[Competition, Delegation, bool]:
    competition = get_for_user(Competition.objects.select_related("organiser"), request.user, pk=pk)
    delegation = (
        Delegation.objects.select_related("organisation", "leader", "competition__organiser")
        .filter(competition=competition, pk=team)
        .first()
    )
    if delegation is None:
        raise Http404
    can_edit = policies.can_enter_members(request.user, delegation)
    if not (can_edit or policies.can_view_delegation(request.user, delegation)):
        raise Http404
    return competition, delegation, can_edit


def delegation_detail(request: HttpRequest, pk: int, team: int) -> HttpResponse:
    competition, delegation, can_edit = _delegation(request, pk, team)
    if request.method == "POST":
        if not policies.can_manage_delegation(request.user, delegation):
            raise PermissionDenied
        worker = (
            Worker.objects.filter(
                org_path__startswith=delegation.organisation.path,
                pk=request.POST.get("worker") or 0,
            ).first()
            if request.POST.get("worker")
            else None
        )
        try:
            if request.POST.get("action") == "leader":
                services.set_leader(
                    by=request.user, ip=client_ip(request), delegation=delegation, worker=worker
                )
                messages.success(request, _("领队已更新。"))
            elif worker is None:
                messages.error(request, _("请从搜索结果中选择要报名的职工。"))
            else:
                services.enter_worker(
                    by=request.user, ip=client_ip(request), delegation=delegation, worker=worker
                )
                messages.success(request, _("{name}已报名。").format(name=worker.name))
        except ValidationError as err:
            message_errors(request, err)
        except PermissionDenied as err:
            messages.error(request, str(err))
        return redirect("delegation_detail", pk=competition.pk, team=delegation.pk)
    members = list(
        delegation.entries.select_related("worker__enterprise", "worker__occupation").order_by(
            "order", "pk"
        )
    )
    query = request.GET.get("q", "").strip()
    found = []
    if can_edit and query and competition.status == Competition.Status.OPEN:
        entered = {m.worker_id for m in members}
        found = [
            w
            for w in Worker.objects.filter(org_path__startswith=delegation.organisation.path)
            .search(query)
            .select_related("enterprise", "occupation")
            .order_by("name")[:20]
            if w.pk not in entered
        ]
    return render(
        request,
        "competitions/delegation_detail.html",
        {
            "competition": competition,
            "delegation": delegation,
            "members": members,
            "can_edit": can_edit,
            "query": query,
            "found": found,
            "places_left": competition.quota_per_delegation
            - sum(1 for m in members if m.status != Entry.Status.WITHDRAWN),
        },
    )


@require_POST
def entry_approve(request: HttpRequest, pk: int, entry: int) -> HttpResponse:
    competition = get_for_user(Competition.objects.all(), request.user, pk=pk)
    obj = Entry.objects.filter(competition=competition, pk=entry).first()
    if obj is None:
        raise Http404
    try:
        services.approve_entry(by=request.user, ip=client_ip(request), entry=obj)
    except ValidationError as err:
        message_errors(request, err)
    except PermissionDenied as err:
        messages.error(request, str(err))
    else:
        messages.success(request, _("已通过该职工的个人报名。"))
    return redirect("competition_detail", pk=competition.pk)


@require_POST
def enter_self(request: HttpRequest, pk: int) -> HttpResponse:
    competition = get_for_user(Competition.objects.all(), request.user, pk=pk)
    try:
        services.enter_self(by=request.user, ip=client_ip(request), competition=competition)
    except ValidationError as err:
        message_errors(request, err)
    except PermissionDenied as err:
        messages.error(request, str(err))
    else:
        messages.success(request, _("报名已提交，等待所在工会审核。"))
    return redirect("competition_detail", pk=competition.pk)


# --- marking scheme and judges --------------------------------------------------------------


def competition_scheme(request: HttpRequest, pk: int) -> HttpResponse:
    competition = get_for_user(
        Competition.objects.select_related("organiser"), request.user, pk=pk, edit=True
    )
    aspect_form = AspectForm(
        request.POST if request.POST.get("action") == "aspect" else None, competition=competition
    )
    judge_form = JudgeForm(
        request.POST if request.POST.get("action") == "judge" else None, competition=competition
    )
    if request.method == "POST":
        try:
            if request.POST.get("action") == "aspect" and aspect_form.is_valid():
                d = aspect_form.cleaned_data
                services.add_aspect(
                    by=request.user,
                    ip=client_ip(request),
                    component=d["component"],
                    criterion=d["criterion"],
                    kind=d["kind"],
                    description=d["description"],
                    max_mark=d["max_mark"],
                    descriptors=aspect_form.descriptors(),
                )
                messages.success(request, _("评分要点已添加。"))
                return redirect("competition_scheme", pk=competition.pk)
            if request.POST.get("action") == "judge" and judge_form.is_valid():
                d = judge_form.cleaned_data
                user = find_user(d["username"])
                if user is None:
                    judge_form.add_error("username", _("没有这个账号，请核对用户名或手机号"))
                else:
                    services.appoint_judge(
                        by=request.user,
                        ip=client_ip(request),
                        competition=competition,
                        user=user,
                        role=d["role"],
                        component=d["component"],
                        stations=d["stations"],
                    )
                    messages.success(request, _("已聘任 {name}。").format(name=user))
                    return redirect("competition_scheme", pk=competition.pk)
        except ValidationError as err:
            message_errors(request, err)
    components = [
        {
            "component": c,
            "aspects": list(
                Aspect.objects.filter(criterion__component=c)
                .select_related("criterion")
                .order_by("criterion__order", "order", "pk")
            ),
        }
        for c in competition.components.exclude(rule=Component.Rule.EXAM)
    ]
    for part in components:
        part["total"] = sum(a.max_mark for a in part["aspects"])
    return render(
        request,
        "competitions/competition_scheme.html",
        {
            "competition": competition,
            "components": components,
            "judges": JudgeAssignment.objects.filter(competition=competition).select_related(
                "user", "component"
            ),
            "aspect_form": aspect_form,
            "scheme_open": competition.status
            in (
                Competition.Status.DRAFT,
                Competition.Status.OPEN,
                Competition.Status.CLOSED,
                Competition.Status.DRAWN,
            ),
            "judge_form": judge_form,
        },
    )
