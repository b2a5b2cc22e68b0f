"""Correcting or removing a monthly log: its author, until a step freezes it
(``policies.checkin_frozen_reason``)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jiangxin.accounts.access import get_for_user
from jiangxin.audit.services import client_ip
from jiangxin.core.forms import apply_errors, message_errors
from jiangxin.core.types import AuthedRequest
from jiangxin.mentoring import policies, services
from jiangxin.mentoring.forms import CheckInEditForm, ConfirmForm
from jiangxin.mentoring.models import CheckIn, Pair


def _checkin(request: AuthedRequest, pair_pk: int, pk: int) -> tuple[Pair, CheckIn | None]:
    """The pair (404 unless the user sees it) and its log (None once deleted)."""
    pair = get_for_user(
        Pair.objects.select_related("master", "apprentice", "programme"), request.user, pk=pair_pk
    )
    return pair, pair.checkins.filter(pk=pk).first()


def _refuse(request: AuthedRequest, checkin: CheckIn) -> None:
    """403 for anyone but the author (the author of a frozen log is told why on the page)."""
    if checkin.by_id != request.user.pk:
        raise PermissionDenied(_("带徒记录只能由填写人本人修改或删除"))


@require_http_methods(["GET", "POST"])
def checkin_edit(request: AuthedRequest, pair_pk: int, pk: int) -> HttpResponse:
    pair, checkin = _checkin(request, pair_pk, pk)
    if checkin is None:
        messages.info(request, _("该带徒记录已删除。"))
        return redirect("pair_detail", pk=pair.pk)
    _refuse(request, checkin)
    frozen = policies.checkin_frozen_reason(checkin, pair, pair.assessments.all())
    if request.method == "POST" and not frozen:
        form = CheckInEditForm(request.POST)
        if form.is_valid():
            try:
                services.update_checkin(
                    by=request.user, ip=client_ip(request), checkin=checkin, **form.cleaned_data
                )
            except ValidationError as err:
                apply_errors(form, err)
            else:
                messages.success(request, _("带徒记录已修改。"))
                return redirect("pair_detail", pk=pair.pk)
    else:
        form = CheckInEditForm(initial={"content": checkin.content, "hours": checkin.hours})
    return render(
        request,
        "mentoring/checkin_edit.html",
        {"pair": pair, "checkin": checkin, "form": form, "frozen": frozen},
        status=400 if form.is_bound else 200,
    )


@require_POST
def checkin_delete(request: AuthedRequest, pair_pk: int, pk: int) -> HttpResponse:
    pair, checkin = _checkin(request, pair_pk, pk)
    if checkin is None:  # deleted a moment ago (a double click, another tab)
        messages.info(request, _("该带徒记录已删除。"))
        return redirect("pair_detail", pk=pair.pk)
    _refuse(request, checkin)
    form = ConfirmForm(request.POST)
    if form.is_valid():
        try:
            services.delete_checkin(by=request.user, ip=client_ip(request), checkin=checkin)
        except ValidationError as err:
            message_errors(request, err)
        else:
            messages.success(
                request,
                _("{month} 的带徒记录已删除，该月需重新填写。").format(
                    month=checkin.month.strftime("%Y-%m")
                ),
            )
    return redirect("pair_detail", pk=pair.pk)
