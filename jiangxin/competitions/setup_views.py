"""The organiser's set-up pages: the competition (new, edit, delete), its parts' weights, the
marking scheme's aspects and the judges. One view per action, each binding a form; what is
frozen says why (the rules are in ``competitions.lifecycle``)."""

from __future__ import annotations

import json
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiangxin.accounts.access import get_for_user, require_union_user
from jiangxin.audit.services import client_ip
from jiangxin.competitions import lifecycle, policies, services
from jiangxin.competitions.forms import AspectForm, CompetitionForm, JudgeForm
from jiangxin.competitions.models import Aspect, Competition, Component, JudgeAssignment, Score
from jiangxin.competitions.setup_forms import ConfirmForm, WeightsForm
from jiangxin.core.forms import apply_errors, message_errors
from jiangxin.core.types import AuthedRequest


def _managed(request: AuthedRequest, pk: int) -> Competition:
    return get_for_user(
        Competition.objects.select_related("organiser"), request.user, pk=pk, edit=True
    )


def _fields(form: CompetitionForm) -> dict:
    return {
        k: v
        for k, v in form.cleaned_data.items()
        if k in CompetitionForm.Meta.fields and k != "organiser"
    }


def competition_new(request: AuthedRequest) -> HttpResponse:
    require_union_user(request.user)
    if not policies.can_create_competitions(request.user):
        raise PermissionDenied
    form = CompetitionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            competition = services.create_competition(
                by=request.user,
                ip=client_ip(request),
                organiser=form.cleaned_data["organiser"],
                components=form.components(),
                award_rules=form.award_rules(),
                **_fields(form),
            )
        except ValidationError as err:
            apply_errors(form, err)
        else:
            messages.success(request, _("竞赛已创建（草稿）。请设置评分标准和裁判，然后开放报名。"))
            return redirect("competition_detail", pk=competition.pk)
    return render(request, "competitions/competition_form.html", {"form": form})


def competition_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    competition = _managed(request, pk)
    frozen = lifecycle.competition_frozen(competition)
    form = CompetitionForm(
        request.POST if request.method == "POST" and not frozen else None,
        instance=competition,
        user=request.user,
    )
    if request.method == "POST" and not frozen and form.is_valid():
        try:
            services.update_competition(
                by=request.user,
                ip=client_ip(request),
                competition=Competition.objects.get(pk=competition.pk),
                organiser=form.cleaned_data["organiser"],
                award_rules=form.award_rules(),
                **_fields(form),
            )
        except ValidationError as err:
            apply_errors(form, err)
        else:
            messages.success(request, _("竞赛信息已保存。"))
            return redirect("competition_detail", pk=competition.pk)
    return render(
        request,
        "competitions/competition_form.html",
        {"form": form, "competition": competition, "frozen": frozen},
    )


def competition_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    competition = _managed(request, pk)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.delete_competition(
                by=request.user, ip=client_ip(request), competition=competition
            )
        except ValidationError as err:
            message_errors(request, err)
            return redirect("competition_detail", pk=competition.pk)
        messages.success(request, _("草稿竞赛“{title}”已删除。").format(title=competition.title))
        return redirect("competition_list")
    return render(
        request,
        "competitions/competition_delete.html",
        {
            "competition": competition,
            "refused": lifecycle.deletion_refused(competition),
            "form": form,
        },
    )


# --- the scheme page: weights, aspects, judges -----------------------------------------------


def _scheme_page(
    request: AuthedRequest,
    competition: Competition,
    *,
    aspect_form: AspectForm | None = None,
    judge_form: JudgeForm | None = None,
    weights_form: WeightsForm | None = None,
    status: int = 200,
) -> HttpResponse:
    components = list(competition.components.all())
    scored = set(
        Score.objects.filter(aspect__criterion__component__in=components)
        .values_list("aspect__criterion__component_id", flat=True)
        .distinct()
    )
    aspects = list(
        Aspect.objects.filter(criterion__component__in=components)
        .select_related("criterion")
        .order_by("criterion__order", "order", "pk")
    )
    parts: list[dict] = []
    for c in components:
        if c.rule == Component.Rule.EXAM:
            continue
        mine = [a for a in aspects if a.criterion.component_id == c.pk]
        total = sum((a.max_mark for a in mine), Decimal(0))
        parts.append(
            {
                "component": c,
                "aspects": mine,
                "total": total,
                "scaling": services.scaling_note(total),
                "frozen": lifecycle.scheme_frozen(c, scored=c.pk in scored),
            }
        )
    judges = list(
        JudgeAssignment.objects.filter(competition=competition).select_related(
            "user", "component", "competition"
        )
    )
    for j in judges:
        j.frozen = lifecycle.judges_frozen(competition, j.component)
    form = aspect_form or AspectForm(competition=competition)
    return render(
        request,
        "competitions/competition_scheme.html",
        {
            "competition": competition,
            "components": parts,
            "preview": _preview(form, parts),
            "judges": judges,
            "aspect_form": form,
            "judge_form": judge_form or JudgeForm(competition=competition),
            "weights_form": weights_form or WeightsForm(competition=competition),
            "weights_frozen": lifecycle.components_frozen(competition),
            "totals_json": json.dumps({str(p["component"].pk): float(p["total"]) for p in parts}),
            "scheme_open": any(not p["frozen"] for p in parts),
            "judges_open": not lifecycle.judges_frozen(competition, None),
        },
        status=status,
    )


def _preview(form: AspectForm, parts: list[dict]) -> str:
    """The component's total with the mark being typed (what the page's script keeps up to
    date as the organiser types; this is what the page shows without it, or after an error)."""
    data = form.cleaned_data if form.is_bound and hasattr(form, "cleaned_data") else {}
    chosen = data.get("component") or form.initial.get("component")
    part = next((p for p in parts if p["component"].pk == getattr(chosen, "pk", chosen)), None)
    if part is None:
        return ""
    total = part["total"] + (data.get("max_mark") or 0)
    return _("{name}{note}").format(name=part["component"].name, note=services.scaling_note(total))


def competition_scheme(request: AuthedRequest, pk: int) -> HttpResponse:
    return _scheme_page(request, _managed(request, pk))


@require_POST
def competition_weights(request: AuthedRequest, pk: int) -> HttpResponse:
    competition = _managed(request, pk)
    form = WeightsForm(request.POST, competition=competition)
    if form.is_valid():
        try:
            services.set_weights(
                by=request.user,
                ip=client_ip(request),
                competition=competition,
                weights=form.weights(),
            )
        except ValidationError as err:
            apply_errors(form, err)
        else:
            messages.success(request, _("权重已保存。"))
            return redirect("competition_scheme", pk=competition.pk)
    return _scheme_page(request, competition, weights_form=form, status=400)


def _aspect_args(form: AspectForm) -> dict:
    d = form.cleaned_data
    return {
        "criterion": d["criterion"],
        "kind": d["kind"],
        "description": d["description"],
        "max_mark": d["max_mark"],
        "descriptors": form.descriptors(),
    }


@require_POST
def aspect_add(request: AuthedRequest, pk: int) -> HttpResponse:
    competition = _managed(request, pk)
    form = AspectForm(request.POST, competition=competition)
    if form.is_valid():
        try:
            services.add_aspect(
                by=request.user,
                ip=client_ip(request),
                component=form.cleaned_data["component"],
                **_aspect_args(form),
            )
        except ValidationError as err:
            apply_errors(form, err)
        else:
            messages.success(request, _("评分要点已添加。"))
            return redirect("competition_scheme", pk=competition.pk)
    return _scheme_page(request, competition, aspect_form=form, status=400)


def _aspect(user, competition: Competition, aspect_pk: int) -> Aspect:
    aspect = (
        Aspect.objects.editable_by(user)
        .select_related("criterion__component")
        .filter(criterion__component__competition=competition, pk=aspect_pk)
        .first()
    )
    if aspect is None:
        raise Http404
    return aspect


def aspect_edit(request: AuthedRequest, pk: int, aspect: int) -> HttpResponse:
    competition = _managed(request, pk)
    obj = _aspect(request.user, competition, aspect)
    initial = {
        "component": obj.criterion.component,
        "criterion": obj.criterion.name,
        "kind": obj.kind,
        "description": obj.description,
        "max_mark": obj.max_mark,
        **{f"level{i}": d for i, d in enumerate(obj.descriptors)},
    }
    form = AspectForm(request.POST or None, initial=initial, competition=competition)
    form.fields["component"].disabled = True
    frozen = lifecycle.scheme_frozen(obj.criterion.component)
    if request.method == "POST" and not frozen and form.is_valid():
        try:
            services.update_aspect(
                by=request.user, ip=client_ip(request), aspect=obj, **_aspect_args(form)
            )
        except ValidationError as err:
            apply_errors(form, err)
        else:
            messages.success(request, _("评分要点已修改。"))
            return redirect("competition_scheme", pk=competition.pk)
    others = sum(
        (
            a.max_mark
            for a in Aspect.objects.filter(criterion__component=obj.criterion.component).exclude(
                pk=obj.pk
            )
        ),
        Decimal(0),
    )
    return render(
        request,
        "competitions/aspect_form.html",
        {
            "competition": competition,
            "aspect": obj,
            "form": form,
            "frozen": frozen,
            "others_total": others,
        },
    )


def aspect_delete(request: AuthedRequest, pk: int, aspect: int) -> HttpResponse:
    competition = _managed(request, pk)
    obj = _aspect(request.user, competition, aspect)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.delete_aspect(by=request.user, ip=client_ip(request), aspect=obj)
        except ValidationError as err:
            message_errors(request, err)
        else:
            messages.success(request, _("评分要点“{name}”已删除。").format(name=obj.description))
        return redirect("competition_scheme", pk=competition.pk)
    return render(
        request,
        "competitions/confirm.html",
        {
            "competition": competition,
            "title": _("删除评分要点"),
            "question": _("删除评分要点“{name}”（{mark} 分）？").format(
                name=obj.description, mark=obj.max_mark
            ),
            "consequence": lifecycle.scheme_frozen(obj.criterion.component)
            or _("删除后该项目的合计分值相应减少。"),
            "possible": not lifecycle.scheme_frozen(obj.criterion.component),
            "button": _("删除"),
            "back_url": reverse("competition_scheme", args=[competition.pk]),
            "form": form,
        },
    )


@require_POST
def judge_add(request: AuthedRequest, pk: int) -> HttpResponse:
    competition = _managed(request, pk)
    form = JudgeForm(request.POST, competition=competition)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.appoint_judge(
                by=request.user,
                ip=client_ip(request),
                competition=competition,
                user=d["user"],
                role=d["role"],
                component=d["component"],
                stations=d["stations"],
            )
        except ValidationError as err:
            apply_errors(form, err)
        else:
            messages.success(request, _("已聘任 {name}。").format(name=d["user"]))
            for line in services.recusals(competition, d["user"], d["component"], d["stations"]):
                messages.warning(request, _("执裁回避 {line}").format(line=line))
            return redirect("competition_scheme", pk=competition.pk)
    return _scheme_page(request, competition, judge_form=form, status=400)


@require_POST
def judge_remove(request: AuthedRequest, pk: int, judge: int) -> HttpResponse:
    competition = _managed(request, pk)
    assignment = (
        JudgeAssignment.objects.editable_by(request.user)
        .filter(competition=competition, pk=judge)
        .first()
    )
    form = ConfirmForm(request.POST)
    if assignment is not None and form.is_valid():  # gone already: removed in another tab
        try:
            services.remove_judge(by=request.user, ip=client_ip(request), assignment=assignment)
        except ValidationError as err:
            message_errors(request, err)
        else:
            messages.success(request, _("已解除 {name} 的聘任。").format(name=assignment.user))
    return redirect("competition_scheme", pk=competition.pk)
