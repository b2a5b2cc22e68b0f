"""The subsidy pages: a studio's grants and spending lines by year (with the forms for its union's
admins), and the statement of a union node's subtree for a year, on a page and as .xlsx."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jiangxin.accounts.access import get_for_user, require_union_user
from jiangxin.audit.services import client_ip
from jiangxin.core.downloads import refused, xlsx_response
from jiangxin.core.forms import message_errors, query_errors, query_form
from jiangxin.core.types import AuthedRequest
from jiangxin.innovation import policies_projects as policies
from jiangxin.innovation import services_subsidies as services
from jiangxin.innovation.forms_projects import GrantForm, SpendingForm, StatementForm
from jiangxin.innovation.models import Studio, SubsidyGrant, SubsidyLine
from jiangxin.innovation.subsidy_sheet import statement_workbook


def _managed(request: AuthedRequest, pk: int) -> Studio:
    studio = get_for_user(Studio.objects.all(), request.user, pk=pk)
    if not policies.can_manage_subsidies(request.user, studio):
        raise PermissionDenied(_("只有工作室所属工会及上级工会的管理员可以登记补助"))
    return studio


@require_http_methods(["GET"])
def studio_subsidies(request: AuthedRequest, pk: int) -> HttpResponse:
    studio = get_for_user(Studio.objects.select_related("enterprise"), request.user, pk=pk)
    may_manage = policies.can_manage_subsidies(request.user, studio)
    year = timezone.localdate().year
    return render(
        request,
        "innovation/projects_subsidies.html",
        {
            "studio": studio,
            "years": services.studio_years(studio, request.user),
            "may_manage": may_manage,
            "grant_form": GrantForm(initial={"year": year}) if may_manage else None,
            "spending_form": SpendingForm(
                initial={"year": year, "spent_on": timezone.localdate()}, studio=studio
            )
            if may_manage
            else None,
        },
    )


def _after(request, studio: Studio, form, action) -> HttpResponse:
    if form.is_valid():
        try:
            action(by=request.user, ip=client_ip(request), studio=studio, **form.cleaned_data)
        except ValidationError as err:
            message_errors(request, err)
        else:
            messages.success(request, _("已保存。"))
    else:
        for message in query_errors(form):
            messages.error(request, message)
    return redirect("studio_subsidies", pk=studio.pk)


@require_POST
def subsidy_grant_add(request: AuthedRequest, pk: int) -> HttpResponse:
    studio = _managed(request, pk)
    return _after(request, studio, GrantForm(request.POST), services.grant_subsidy)


@require_POST
def subsidy_line_add(request: AuthedRequest, pk: int) -> HttpResponse:
    studio = _managed(request, pk)
    return _after(
        request, studio, SpendingForm(request.POST, studio=studio), services.record_spending
    )


@require_POST
def subsidy_grant_delete(request: AuthedRequest, pk: int, grant_pk: int) -> HttpResponse:
    studio = _managed(request, pk)
    grant = get_for_user(SubsidyGrant.objects.all(), request.user, pk=grant_pk, studio=studio)
    try:
        services.delete_grant(by=request.user, ip=client_ip(request), grant=grant)
    except ValidationError as err:
        message_errors(request, err)
    else:
        messages.success(request, _("补助拨付已删除。"))
    return redirect("studio_subsidies", pk=studio.pk)


@require_POST
def subsidy_line_delete(request: AuthedRequest, pk: int, line_pk: int) -> HttpResponse:
    studio = _managed(request, pk)
    line = get_for_user(SubsidyLine.objects.all(), request.user, pk=line_pk, studio=studio)
    services.delete_spending(by=request.user, ip=client_ip(request), line=line)
    messages.success(request, _("支出已删除。"))
    return redirect("studio_subsidies", pk=studio.pk)


def _statement(request: AuthedRequest):
    """The statement the query asks for, or the form with its errors."""
    require_union_user(request.user)
    form = query_form(StatementForm, request, user=request.user)
    if form.is_bound and not form.is_valid():
        return form, None
    node = form.cleaned_data.get("node") if form.is_bound else None
    if node is None:
        node = form.fields["node"].queryset.first()
    if node is None:
        return form, None
    year = form.cleaned_data.get("year") if form.is_bound else None
    if year is None:
        # no year asked: the latest with records (not an empty current year); the form and
        # the Excel link show the year chosen
        year = services.latest_year(user=request.user, node=node) or form.fields["year"].initial
        if form.is_bound:
            form.data = form.data.copy()
            form.data["year"] = str(year)
        else:
            form.initial["year"] = year
    return form, services.statement(user=request.user, node=node, year=year)


def subsidy_statement(request: AuthedRequest) -> HttpResponse:
    form, statement = _statement(request)
    return render(
        request,
        "innovation/projects_statement.html",
        {"query": form, "query_errors": query_errors(form), "statement": statement},
        status=200,
    )


def subsidy_statement_export(request: AuthedRequest) -> HttpResponse:
    form, statement = _statement(request)
    if statement is None:
        return refused(request, query_errors(form) or [_("没有可导出的工会")])
    filename = _("创新工作室补助收支-{node}-{year}.xlsx").format(
        node=statement.node.name, year=statement.year
    )
    return xlsx_response(statement_workbook(statement), filename)
