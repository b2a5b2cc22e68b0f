"""The teams' pages: form a team, list the union's workers (filtered by a GET form) with who
may enter and why not, enter several in one step, take one off, name the leader; a worker's
own entry and its approval. One view per action, each binding a form."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiangxin.accounts.access import get_for_user
from jiangxin.audit.services import client_ip
from jiangxin.competitions import lifecycle, policies, services
from jiangxin.competitions.models import Competition, Delegation, Entry
from jiangxin.competitions.setup_forms import ConfirmForm
from jiangxin.competitions.team_forms import (
    DelegationForm,
    LeaderForm,
    MembersAddForm,
    MemberSearchForm,
    members_of,
)
from jiangxin.core.forms import message_errors
from jiangxin.core.types import AuthedRequest
from jiangxin.organisations.models import Organisation
from jiangxin.workers.models import Worker

LISTED = 50  # workers listed at once; the filters narrow it


def team_nodes(user, competition: Competition, taken: set[int]) -> list[Organisation]:
    """The unions this user may form a team for (inside the eligible area, without one yet)."""
    return [
        o
        for o in Organisation.objects.editable_by(user)
        .filter(path__startswith=competition.eligible_root.path)
        .order_by("path")[:200]
        if o.pk not in taken
    ]


@require_POST
def delegation_new(request: AuthedRequest, pk: int) -> HttpResponse:
    competition = get_for_user(
        Competition.objects.select_related("eligible_root", "organiser"), request.user, pk=pk
    )
    taken = set(competition.delegations.values_list("organisation_id", flat=True))
    form = DelegationForm(
        request.POST,
        nodes=Organisation.objects.filter(
            pk__in=[o.pk for o in team_nodes(request.user, competition, taken)]
        ),
    )
    if not form.is_valid():
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, str(e))
        return redirect("competition_detail", pk=competition.pk)
    organisation = form.cleaned_data["organisation"]
    name = form.cleaned_data["name"].strip() or _("{name}代表队").format(
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
        Delegation.objects.visible_to(request.user)
        .select_related("organisation", "leader", "competition__organiser")
        .filter(competition=competition, pk=team)
        .first()
    )
    if delegation is None:
        raise Http404
    can_edit = policies.can_enter_members(request.user, delegation)
    if not (can_edit or policies.can_view_delegation(request.user, delegation)):
        raise Http404
    return competition, delegation, can_edit


def _candidates(competition, delegation, form) -> list[Worker]:
    """The union's workers the search finds, each with why they may not enter (or nothing)."""
    entered = set(
        Entry.objects.filter(competition=competition)
        .filter(worker__org_path__startswith=delegation.organisation.path)
        .exclude(delegation=delegation)  # this team's members are listed above, not here
        .values_list("worker_id", flat=True)
    )
    found = list(
        form.filter(Worker.objects.filter(org_path__startswith=delegation.organisation.path))
        .exclude(competition_entries__delegation=delegation)
        .select_related("enterprise", "occupation")
        .order_by("name_search", "pk")[: LISTED + 1]
    )
    for w in found:
        if w.pk in entered:
            w.refusal = _("已报名本次竞赛")
        else:
            w.refusal = "；".join(services.eligibility_problems(competition, w))
    return found


def _team_page(request, competition, delegation, can_edit, *, add_form=None, status=200):
    members = list(members_of(delegation))
    frozen = lifecycle.team_frozen(competition)
    manage = policies.can_manage_delegation(request.user, delegation) and not frozen
    search = MemberSearchForm(request.GET or None, delegation=delegation)
    found, more = [], False
    if can_edit and not frozen and (not request.GET or search.is_valid()):
        if not request.GET:
            search.cleaned_data = {}
        found = _candidates(competition, delegation, search)
        more = len(found) > LISTED
        found = found[:LISTED]
    taken = sum(1 for m in members if m.status != Entry.Status.WITHDRAWN)
    return render(
        request,
        "competitions/delegation_detail.html",
        {
            "competition": competition,
            "delegation": delegation,
            "members": members,
            "can_edit": can_edit and not frozen,
            "manage": manage,
            "frozen": frozen,
            "search": search,
            "searched": bool(request.GET),
            "found": found,
            "more": more,
            "tickable": any(not w.refusal for w in found),
            "checked": [int(v) for v in add_form.data.getlist("workers") if v.isdigit()]
            if add_form
            else [],
            "places_left": max(competition.quota_per_delegation - taken, 0),
        },
        status=status,
    )


def delegation_detail(request: AuthedRequest, pk: int, team: int) -> HttpResponse:
    competition, delegation, can_edit = _delegation(request, pk, team)
    return _team_page(request, competition, delegation, can_edit)


@require_POST
def members_add(request: AuthedRequest, pk: int, team: int) -> HttpResponse:
    competition, delegation, can_edit = _delegation(request, pk, team)
    if not can_edit:
        raise PermissionDenied
    form = MembersAddForm(request.POST, delegation=delegation)
    if form.is_valid():
        workers = list(form.cleaned_data["workers"])
        try:
            services.enter_workers(
                by=request.user, ip=client_ip(request), delegation=delegation, workers=workers
            )
        except ValidationError as err:
            message_errors(request, err)
        else:
            messages.success(
                request,
                _("已报名 {n} 人：{names}。").format(
                    n=len(workers), names="、".join(w.name for w in workers)
                ),
            )
            url = reverse("delegation_detail", args=[competition.pk, delegation.pk])
            # the filter the organiser was using stays (it came with the form's action)
            return redirect(f"{url}?{request.GET.urlencode()}" if request.GET else url)
    else:
        for e in form.errors.get("workers", []):
            messages.error(request, str(e))
    return _team_page(request, competition, delegation, can_edit, add_form=form, status=400)


def _member(user, delegation: Delegation, entry: int) -> Entry | None:
    return (
        Entry.objects.visible_to(user)
        .filter(delegation=delegation, pk=entry)
        .select_related("worker")
        .first()
    )


def member_remove(request: AuthedRequest, pk: int, team: int, entry: int) -> HttpResponse:
    competition, delegation, _can_edit = _delegation(request, pk, team)
    if not policies.can_manage_delegation(request.user, delegation):
        raise PermissionDenied
    member = _member(request.user, delegation, entry)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if member is not None:  # already gone (another tab): the same page, nothing to do
            try:
                services.remove_entry(by=request.user, ip=client_ip(request), entry=member)
            except ValidationError as err:
                message_errors(request, err)
            else:
                messages.success(
                    request,
                    _("{name}已退出{team}。").format(name=member.worker.name, team=delegation.name),
                )
        return redirect("delegation_detail", pk=competition.pk, team=delegation.pk)
    if member is None:
        raise Http404
    frozen = lifecycle.team_frozen(competition)
    return render(
        request,
        "competitions/confirm.html",
        {
            "competition": competition,
            "title": _("退出参赛队"),
            "question": _("让{name}退出{team}？").format(
                name=member.worker.name, team=delegation.name
            ),
            "consequence": frozen or _("退出后空出一个名额，报名截止前可以再报名其他职工。"),
            "possible": not frozen,
            "button": _("退出"),
            "back_url": reverse("delegation_detail", args=[competition.pk, delegation.pk]),
            "form": form,
        },
    )


@require_POST
def set_leader(request: AuthedRequest, pk: int, team: int) -> HttpResponse:
    competition, delegation, _can_edit = _delegation(request, pk, team)
    if not policies.can_manage_delegation(request.user, delegation):
        raise PermissionDenied
    form = LeaderForm(request.POST, delegation=delegation)
    if form.is_valid():
        try:
            services.set_leader(
                by=request.user,
                ip=client_ip(request),
                delegation=delegation,
                worker=form.cleaned_data["worker"],
            )
        except ValidationError as err:
            message_errors(request, err)
        else:
            messages.success(request, _("领队已更新。"))
    else:
        for e in form.errors.get("worker", []):
            messages.error(request, str(e))
    return redirect("delegation_detail", pk=competition.pk, team=delegation.pk)


@require_POST
def entry_approve(request: AuthedRequest, pk: int, entry: int) -> HttpResponse:
    competition = get_for_user(Competition.objects.all(), request.user, pk=pk)
    obj = Entry.objects.visible_to(request.user).filter(competition=competition, pk=entry).first()
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
def enter_self(request: AuthedRequest, pk: int) -> HttpResponse:
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
