"""The living record's pages: the record section of the studio page (``record_context``), a
quarterly report (file on a phone, view, correct, accept), an output (add, correct, remove) and
the assessment (record, view). Each view fetches the studio through ``get_for_user`` (404 when
not visible), asks ``innovation.policies_record`` (403 when it may not act), binds a form, calls
a service and redirects."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jiangxin.accounts.access import get_for_user
from jiangxin.audit.services import client_ip
from jiangxin.core.forms import apply_errors, message_errors
from jiangxin.core.types import AuthedRequest
from jiangxin.innovation import figures, policies_record, services_record
from jiangxin.innovation.forms_record import (
    AssessmentForm,
    ConfirmForm,
    OutputForm,
    ReportEditForm,
    ReportForm,
)
from jiangxin.innovation.models import (
    QuarterlyReport,
    Studio,
    StudioAssessment,
    StudioEvent,
    StudioOutput,
)
from jiangxin.innovation.models.record import Source

SHOWN = [
    ("apprentices", Source.APPRENTICES.label),
    ("level_rises", Source.LEVEL_RISES.label),
    ("competition_awards", Source.COMPETITION_AWARDS.label),
    ("wuxiao", Source.WUXIAO.label),
    ("patents", Source.PATENTS.label),
    ("writings", Source.WRITINGS.label),
    ("awards", Source.AWARDS.label),
    ("benefit_wan", Source.BENEFIT_WAN.label),
    ("people_trained", Source.PEOPLE_TRAINED.label),
    ("reports", Source.REPORTS.label),
]


def figure_rows(values: dict) -> list[tuple[str, str, object]]:
    """(key, label, value) for the page; the 五小 figure says 暂无 until issue 11 fills it."""
    rows = []
    for key, label in SHOWN:
        value = values.get(key, 0)
        if key == "wuxiao" and figures.WUXIAO_PENDING:
            value = _("暂无（“五小”活动尚未接入）")
        rows.append((key, str(label), value))
    return rows


def by_year(outputs: list[StudioOutput]) -> list[tuple[int, list[StudioOutput]]]:
    """The outputs (newest first) grouped by the year of their date, the latest year first: the
    studio page's timeline."""
    years: dict[int, list[StudioOutput]] = {}
    for output in sorted(outputs, key=lambda o: (o.date, o.pk), reverse=True):
        years.setdefault(output.date.year, []).append(output)
    return list(years.items())


def _studio(request, pk: int) -> Studio:
    return get_for_user(Studio.objects.select_related("organisation"), request.user, pk=pk)


def record_context(request: AuthedRequest, studio: Studio) -> dict:
    """What the studio page's record section shows (one call from ``studio_detail``)."""
    user, today = request.user, timezone.localdate()
    facts = policies_record.freezing_facts(studio)
    outputs = list(
        StudioOutput.objects.visible_to(user).filter(studio=studio).select_related("studio")
    )
    for o in outputs:
        o.frozen = policies_record.output_frozen_reason(o, *facts)
        o.may_change = o.frozen is None and policies_record.may_keep_record(user, studio)
    kind, due_year, refusal = services_record.pending_assessment(studio)
    return {
        "record": {
            "warned": figures.is_warned(studio, today),
            "last_output": outputs[0].date if outputs else None,
            "year": today.year,
            "figures": figure_rows(figures.read_figures(studio, figures.year_span(today.year))),
            "outputs": outputs,
            "output_years": by_year(outputs),
            "reports": QuarterlyReport.objects.visible_to(user).filter(studio=studio),
            "assessments": StudioAssessment.objects.visible_to(user).filter(studio=studio),
            "events": StudioEvent.objects.visible_to(user).filter(studio=studio),
            "may_keep": policies_record.may_keep_record(user, studio),
            "may_assess": policies_record.can_assess(user, studio),
            "assess_label": StudioAssessment.Kind(kind).label,
            "assess_refusal": refusal,
        }
    }


def _report_page(request, studio, form, report=None, status=200) -> HttpResponse:
    return render(
        request,
        "innovation/record_report_form.html",
        {"studio": studio, "form": form, "report": report},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def studio_report_new(request: AuthedRequest, pk: int) -> HttpResponse:
    studio = _studio(request, pk)
    if not policies_record.can_file_report(request.user, studio):
        raise PermissionDenied(services_record.KEEPERS)
    if request.method == "GET":
        initial = ReportForm.initial_for_today(studio)
        return _report_page(request, studio, ReportForm(initial=initial, studio=studio))
    form = ReportForm(request.POST, studio=studio)
    if form.is_valid():
        try:
            report = services_record.file_report(
                by=request.user, ip=client_ip(request), studio=studio, **form.cleaned_data
            )
        except ValidationError as err:
            apply_errors(form, err)
        else:
            messages.success(
                request, _("季度报告已提交。如本季度有专利、论文等成果，请点“登记成果”。")
            )
            return redirect("studio_report_detail", pk=studio.pk, report_pk=report.pk)
    return _report_page(request, studio, form, status=400)


def _report(request, studio, report_pk) -> QuarterlyReport:
    return get_for_user(
        QuarterlyReport.objects.select_related("studio", "filed_by", "accepted_by"),
        request.user,
        pk=report_pk,
        studio=studio,
    )


def studio_report_detail(request: AuthedRequest, pk: int, report_pk: int) -> HttpResponse:
    studio = _studio(request, pk)
    report = _report(request, studio, report_pk)
    start, end = report.span()
    read = report.read_figures or figures.read_figures(studio, (start, end))
    return render(
        request,
        "innovation/record_report_detail.html",
        {
            "studio": studio,
            "report": report,
            "figures": figure_rows(read),
            "kept": bool(report.read_figures),
            "outputs": StudioOutput.objects.visible_to(request.user).filter(
                studio=studio, date__range=(start, end)
            ),
            "frozen": policies_record.report_frozen_reason(report),
            "may_change": policies_record.can_change_report(request.user, report),
            "may_accept": policies_record.can_accept_report(request.user, report),
            "may_add_output": policies_record.may_keep_record(request.user, studio),
        },
    )


@require_http_methods(["GET", "POST"])
def studio_report_edit(request: AuthedRequest, pk: int, report_pk: int) -> HttpResponse:
    studio = _studio(request, pk)
    report = _report(request, studio, report_pk)
    if not policies_record.can_change_report(request.user, report):
        raise PermissionDenied(policies_record.report_frozen_reason(report) or "")
    if request.method == "GET":
        initial = {k: getattr(report, k) for k in services_record.REPORT_FIELDS}
        return _report_page(request, studio, ReportEditForm(initial=initial), report)
    form = ReportEditForm(request.POST)
    if form.is_valid():
        try:
            services_record.update_report(
                by=request.user, ip=client_ip(request), report=report, **form.cleaned_data
            )
        except ValidationError as err:
            apply_errors(form, err)
        else:
            messages.success(request, _("季度报告已修改。"))
            return redirect("studio_report_detail", pk=studio.pk, report_pk=report.pk)
    return _report_page(request, studio, form, report, status=400)


@require_POST
def studio_report_accept(request: AuthedRequest, pk: int, report_pk: int) -> HttpResponse:
    studio = _studio(request, pk)
    report = _report(request, studio, report_pk)
    if not policies_record.can_accept_report(request.user, report):
        raise PermissionDenied
    if ConfirmForm(request.POST).is_valid():
        try:
            services_record.accept_report(by=request.user, ip=client_ip(request), report=report)
        except ValidationError as err:
            message_errors(request, err)
        else:
            messages.success(request, _("已验收，该季度报告及成果已封存。"))
    return redirect("studio_report_detail", pk=studio.pk, report_pk=report.pk)


def _output_page(request, studio, form, output=None, status=200) -> HttpResponse:
    return render(
        request,
        "innovation/record_output_form.html",
        {"studio": studio, "form": form, "output": output},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def studio_output_new(request: AuthedRequest, pk: int) -> HttpResponse:
    studio = _studio(request, pk)
    if not policies_record.may_keep_record(request.user, studio):
        raise PermissionDenied(services_record.KEEPERS)
    if request.method == "GET":
        form = OutputForm(initial={"date": timezone.localdate()})
        return _output_page(request, studio, form)
    form = OutputForm(request.POST)
    if form.is_valid():
        try:
            services_record.add_output(
                by=request.user, ip=client_ip(request), studio=studio, **form.cleaned_data
            )
        except ValidationError as err:
            apply_errors(form, err)
        else:
            messages.success(request, _("成果已登记。"))
            return redirect("studio_detail", pk=studio.pk)
    return _output_page(request, studio, form, status=400)


def _output(request, studio, output_pk) -> StudioOutput:
    output = get_for_user(
        StudioOutput.objects.select_related("studio"), request.user, pk=output_pk, studio=studio
    )
    if not policies_record.can_change_output(request.user, output):
        facts = policies_record.freezing_facts(studio)
        raise PermissionDenied(policies_record.output_frozen_reason(output, *facts) or "")
    return output


@require_http_methods(["GET", "POST"])
def studio_output_edit(request: AuthedRequest, pk: int, output_pk: int) -> HttpResponse:
    studio = _studio(request, pk)
    output = _output(request, studio, output_pk)
    if request.method == "GET":
        initial = {k: getattr(output, k) for k in services_record.OUTPUT_FIELDS}
        return _output_page(request, studio, OutputForm(initial=initial), output)
    form = OutputForm(request.POST)
    if form.is_valid():
        try:
            services_record.update_output(
                by=request.user, ip=client_ip(request), output=output, **form.cleaned_data
            )
        except ValidationError as err:
            apply_errors(form, err)
        else:
            messages.success(request, _("成果已修改。"))
            return redirect("studio_detail", pk=studio.pk)
    return _output_page(request, studio, form, output, status=400)


@require_POST
def studio_output_delete(request: AuthedRequest, pk: int, output_pk: int) -> HttpResponse:
    studio = _studio(request, pk)
    output = _output(request, studio, output_pk)
    if ConfirmForm(request.POST).is_valid():
        try:
            services_record.delete_output(by=request.user, ip=client_ip(request), output=output)
        except ValidationError as err:
            message_errors(request, err)
        else:
            messages.success(request, _("已删除成果“{title}”。").format(title=output.title))
    return redirect("studio_detail", pk=studio.pk)


@require_http_methods(["GET", "POST"])
def studio_assessment_new(request: AuthedRequest, pk: int) -> HttpResponse:
    studio = _studio(request, pk)
    if not policies_record.can_assess(request.user, studio):
        raise PermissionDenied(_("只有工作室所属工会的管理员可以考核"))
    kind, due_year, refusal = services_record.pending_assessment(studio)
    sheet = services_record.sheet_for(studio)
    today = timezone.localdate()
    form = AssessmentForm(
        request.POST if request.method == "POST" else None,
        items=sheet.items,
        recheck_year=due_year,
        initial={"year": due_year or today.year - 1},
    )
    status = 200
    if request.method == "POST" and refusal is None:
        if form.is_valid():
            try:
                assessment = services_record.record_assessment(
                    by=request.user,
                    ip=client_ip(request),
                    studio=studio,
                    year=form.cleaned_data["year"],
                    manual=form.manual(),
                    note=form.cleaned_data["note"],
                )
            except ValidationError as err:
                apply_errors(form, err)
            else:
                messages.success(
                    request,
                    _("考核已记录：{score} 分，{band}。").format(
                        score=assessment.score, band=assessment.get_band_display()
                    ),
                )
                return redirect(
                    "studio_assessment_detail", pk=studio.pk, assessment_pk=assessment.pk
                )
        status = 400
    year = form["year"].value() if due_year is None else due_year
    try:
        year = min(max(int(year), 2000), today.year)
    except (TypeError, ValueError):
        year = today.year - 1
    span = services_record.period(kind, year, today)
    manual = form.entered()  # the items not entered yet are shown 待评
    preview = services_record.preview(studio, span, manual)
    return render(
        request,
        "innovation/record_assessment_form.html",
        {
            "studio": studio,
            "form": form,
            "sheet": sheet,
            "kind": StudioAssessment.Kind(kind).label,
            "refusal": refusal,
            "preview": preview,
            "entered": manual,
            "pending": len(form.manual_items) - len(manual),
            "read_total": preview.read_total(),
            "span": span,
        },
        status=status,
    )


def studio_assessment_detail(request: AuthedRequest, pk: int, assessment_pk: int) -> HttpResponse:
    studio = _studio(request, pk)
    assessment = get_for_user(
        StudioAssessment.objects.select_related("by"),
        request.user,
        pk=assessment_pk,
        studio=studio,
    )
    return render(
        request,
        "innovation/record_assessment_detail.html",
        {
            "studio": studio,
            "assessment": assessment,
            "events": StudioEvent.objects.visible_to(request.user).filter(assessment=assessment),
        },
    )
