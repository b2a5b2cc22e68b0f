"""A pair's pages: the agreement and its logs, and one view per action on it (approve, file the
month's log, assess, end early); a worker's own pairs (我的带徒 / 我的师傅)."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jiangxin.accounts.access import get_for_user, reach_of
from jiangxin.audit.services import client_ip
from jiangxin.core.downloads import pdf_response
from jiangxin.core.forms import apply_errors, message_errors, query_errors
from jiangxin.core.pdf import render_pdf
from jiangxin.core.types import AuthedRequest
from jiangxin.mentoring import ledger, policies, services
from jiangxin.mentoring.forms import (
    AssessForm,
    CheckInForm,
    CheckInMonthForm,
    ConfirmForm,
    EndPairForm,
)
from jiangxin.mentoring.models import CheckIn, Pair

PAIR_RELATED = ("programme__organisation", "master__enterprise", "apprentice__enterprise")


def _pair(request: AuthedRequest, pk: int) -> Pair:
    return get_for_user(Pair.objects.select_related(*PAIR_RELATED), request.user, pk=pk)


def _log_months(pair: Pair, role: str | None, checkins) -> tuple[list, list]:
    """The months ``role`` may still log (earliest first) and which of them are overdue."""
    today = timezone.localdate()
    mine = [c.month for c in checkins if c.role == role]
    due = ledger.due(pair.starts_on, pair.ends_on, today, mine)
    return due, [m for m in due if m < ledger.first_of(today)]


def _checkin_form(request, pair: Pair, checkins, data=None, month: str | None = None):
    role = policies.checkin_role(request.user, pair)
    due, overdue = _log_months(pair, role, checkins)
    form = CheckInForm(data, months=due, overdue=overdue)
    if month and month in dict(form.fields["month"].choices):
        form.initial["month"] = month
    return form, due, overdue


def _pay_rates(pair: Pair) -> str:
    """ "优秀 100%、合格 50%、不合格 0%": the share of the monthly stipend paid per final grade."""
    rates = pair.programme.pay_rates
    return _("、").join(
        _("{grade} {rate}%").format(grade=label, rate=rates.get(value, 0))
        for value, label in Pair.Grade.choices
    )


def _pair_page(
    request: AuthedRequest,
    pair: Pair,
    *,
    assess_form: AssessForm | None = None,
    end_form: EndPairForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    checkins = list(pair.checkins.select_related("by").order_by("-month", "role"))
    assessments = list(pair.assessments.select_related("by").order_by("created"))
    entries = [
        {
            "checkin": c,
            "frozen": policies.checkin_frozen_reason(c, pair, assessments),
            "can_change": policies.can_change_checkin(user, c, pair, assessments),
            "mine": c.by_id == user.pk,
        }
        for c in checkins
    ]
    can_log = policies.can_file_checkin(user, pair)
    due = _log_months(pair, policies.checkin_role(user, pair), checkins)[0] if can_log else []
    can_assess = policies.can_assess(user, pair)
    can_end = policies.can_end_pair(user, pair)
    return render(
        request,
        "mentoring/pair_detail.html",
        {
            "pair": pair,
            "checkins": checkins,
            "entries": entries,
            "assessments": assessments,
            "programme_link": policies.can_view_programme(user, pair.programme),
            "pay_rates": _pay_rates(pair),
            "final_rate": pair.programme.pay_rates.get(pair.final_grade),
            "one_of_pair": policies.checkin_role(user, pair) is not None,
            "overdue": ledger.overdue(
                pair.starts_on, pair.ends_on, timezone.localdate(), [c.month for c in checkins]
            ),
            "can_log": can_log,
            "due": due,
            "can_approve": policies.can_approve_pair(user, pair),
            "approve_form": ConfirmForm(),
            "assess_form": assess_form or (AssessForm() if can_assess else None),
            "end_form": end_form or (EndPairForm() if can_end else None),
        },
        status=status,
    )


def pair_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    return _pair_page(request, _pair(request, pk))


@require_POST
def pair_approve(request: AuthedRequest, pk: int) -> HttpResponse:
    pair = _pair(request, pk)
    if not policies.can_approve_pair(request.user, pair) and pair.status == Pair.Status.PROPOSED:
        raise PermissionDenied(_("只有徒弟所在工会的管理员可以审批师徒协议"))
    try:
        services.approve_pair(by=request.user, ip=client_ip(request), pair=pair)
    except ValidationError as err:
        message_errors(request, err)  # approved a moment ago (another tab): said on the page
    else:
        messages.success(request, _("师徒协议已审批，结对生效。"))
    return redirect("pair_detail", pk=pair.pk)


@require_http_methods(["GET", "POST"])
def pair_checkin(request: AuthedRequest, pk: int) -> HttpResponse:
    """The month's log: the form preset to the earliest month not yet logged (or ``?month=``)."""
    pair = _pair(request, pk)
    if policies.checkin_role(request.user, pair) is None:
        raise PermissionDenied(_("带徒记录由师傅或徒弟本人填写"))
    checkins = list(pair.checkins.order_by("-month", "role"))
    notes: list[str] = []
    if request.method == "POST":
        form, due, overdue = _checkin_form(request, pair, checkins, data=request.POST)
        if form.is_valid():
            try:
                services.record_checkin(
                    by=request.user,
                    ip=client_ip(request),
                    pair=pair,
                    month=form.cleaned_data["month"],
                    content=form.cleaned_data["content"],
                    hours=form.cleaned_data["hours"],
                )
            except ValidationError as err:
                apply_errors(form, err)
            else:
                messages.success(request, _("带徒记录已保存。"))
                return redirect("pair_detail", pk=pair.pk)
    else:
        query = CheckInMonthForm(request.GET)
        notes = query_errors(query)
        month = query.cleaned_data.get("month") if not notes else None
        form, due, overdue = _checkin_form(request, pair, checkins, month=month)
    return render(
        request,
        "mentoring/checkin_form.html",
        {
            "pair": pair,
            "form": form,
            "due": due,
            "overdue": overdue,
            "active": policies.can_file_checkin(request.user, pair),
            "query_errors": notes,
            "recent": checkins[:3],
        },
        status=400 if form.is_bound else 200,
    )


@require_POST
def pair_assess(request: AuthedRequest, pk: int) -> HttpResponse:
    pair = _pair(request, pk)
    if not policies.manages_pair(request.user, pair):
        raise PermissionDenied(_("只有徒弟所在工会或项目主办工会的管理员可以进行此操作"))
    form = AssessForm(request.POST)
    if form.is_valid():
        try:
            services.assess(by=request.user, ip=client_ip(request), pair=pair, **form.cleaned_data)
        except ValidationError as err:
            apply_errors(form, err)
        else:
            messages.success(request, _("考核结果已记录。"))
            return redirect("pair_detail", pk=pair.pk)
    pair.refresh_from_db()
    return _pair_page(request, pair, assess_form=form, status=400)


@require_POST
def pair_end(request: AuthedRequest, pk: int) -> HttpResponse:
    pair = _pair(request, pk)
    if not policies.manages_pair(request.user, pair):
        raise PermissionDenied(_("只有徒弟所在工会或项目主办工会的管理员可以进行此操作"))
    form = EndPairForm(request.POST)
    if form.is_valid():
        try:
            services.end_pair(
                by=request.user, ip=client_ip(request), pair=pair, **form.cleaned_data
            )
        except ValidationError as err:
            apply_errors(form, err)
        else:
            messages.success(request, _("结对已提前终止。"))
            return redirect("pair_detail", pk=pair.pk)
    pair.refresh_from_db()
    return _pair_page(request, pair, end_form=form, status=400)


def pair_agreement(request: AuthedRequest, pk: int) -> HttpResponse:
    pair = get_for_user(
        Pair.objects.select_related(
            "programme__organisation",
            "master__enterprise",
            "master__occupation",
            "apprentice__enterprise",
            "apprentice__occupation",
        ),
        request.user,
        pk=pk,
    )
    html = render_to_string(
        "mentoring/agreement_pdf.html",
        {"pair": pair, "months": len(ledger.months(pair.starts_on, pair.ends_on))},
    )
    return pdf_response(render_pdf(html), f"{_('师徒协议')}-{pair.apprentice.name}.pdf")


def my_pairs(request: AuthedRequest) -> HttpResponse:
    """我的带徒 / 我的师傅: the worker's current pairs, each with the months still to log (the
    overdue ones marked) and the button to log the earliest."""
    worker_id = reach_of(request.user).worker_id
    if worker_id is None:
        raise Http404
    today = timezone.localdate()
    pairs = list(
        Pair.objects.current()
        .filter(Q(master_id=worker_id) | Q(apprentice_id=worker_id))
        .select_related(*PAIR_RELATED)
        .prefetch_related("checkins")
        .order_by("status", "starts_on", "pk")
    )
    rows = []
    for pair in pairs:
        role = CheckIn.Role.MASTER if pair.master_id == worker_id else CheckIn.Role.APPRENTICE
        due: list[datetime.date] = []
        if pair.status == Pair.Status.ACTIVE:
            filed = [c.month for c in pair.checkins.all() if c.role == role]
            due = ledger.due(pair.starts_on, pair.ends_on, today, filed)
        rows.append(
            {
                "pair": pair,
                "role": role,
                "other": pair.apprentice if role == CheckIn.Role.MASTER else pair.master,
                "due": due,
                "overdue": [m for m in due if m < ledger.first_of(today)],
                "can_log": policies.can_file_checkin(request.user, pair),
            }
        )
    teaching = any(r["role"] == CheckIn.Role.MASTER for r in rows)
    return render(
        request,
        "mentoring/my_pairs.html",
        {"rows": rows, "teaching": teaching, "worker_id": worker_id},
    )
