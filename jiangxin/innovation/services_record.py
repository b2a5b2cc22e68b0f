"""Keeping a studio's living record and assessing it. Each function takes the acting user
(``by``) and their address (``ip``), runs in one transaction with the studio's row locked, checks
``innovation.policies_record``, stores through ``save_audited`` and refuses with a Chinese
``ValidationError`` (by field where there is one) or ``PermissionDenied`` — nothing is written
when it refuses.

The assessment reads the record's figures for the year (``figures.read_figures``), scores the
studio on the nearest indicator sheet (``assessing.score``) and moves it: an annual 不合格 puts a
named studio under rectification (整改中) until the sheet's period ends; the re-check after that
period restores it (合格 or better) or delists it (已摘牌), barring re-application for the sheet's
bar period. Each move is a ``StudioEvent`` with its reason and goes through
``services.update_studio`` (audited like any change of the studio)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiangxin.audit.services import delete_audited, diff, save_audited
from jiangxin.innovation import assessing, figures, policies_record, services
from jiangxin.innovation.models import (
    AssessmentSheet,
    QuarterlyReport,
    Studio,
    StudioAssessment,
    StudioEvent,
    StudioOutput,
)
from jiangxin.innovation.models.record import default_items

if TYPE_CHECKING:
    from jiangxin.accounts.models import User

REPORT_FIELDS = ("summary", "activities", "participants", "problems_solved", "next_plan")
OUTPUT_FIELDS = (
    "kind",
    "title",
    "date",
    "patent_kind",
    "number",
    "status",
    "benefit_wan",
    "people_trained",
    "note",
)
KEEPERS = _("只有工作室领办人和所属工会管理员可以填报；已摘牌或撤销的工作室不能填报")


def _locked(studio: Studio) -> Studio:
    return Studio.objects.select_for_update().get(pk=studio.pk)


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    return {k: str(v) if isinstance(v, Decimal) else v for k, v in values.items()}


@transaction.atomic
def file_report(
    *, by: User, ip: str | None = None, studio: Studio, year: int, quarter: int, **fields: Any
) -> QuarterlyReport:
    """File the studio's report for a quarter that has begun (one per quarter)."""
    studio = _locked(studio)
    if not policies_record.can_file_report(by, studio):
        raise PermissionDenied(KEEPERS)
    today = timezone.localdate()
    if (year, quarter) > (today.year, (today.month - 1) // 3 + 1):
        raise ValidationError({"quarter": _("该季度尚未开始，不能提前填报")})
    if studio.named_on and (year, quarter) < (studio.named_on.year, 1):
        raise ValidationError({"year": _("命名之前的年度不必填报")})
    if studio.reports.filter(year=year, quarter=quarter).exists():
        raise ValidationError({"quarter": _("该季度的报告已填报，请在原报告上修改")})
    report = QuarterlyReport(studio=studio, year=year, quarter=quarter, filed_by=by, **fields)
    return save_audited(
        report,
        by=by,
        ip=ip,
        org_path=studio.org_path,
        changes=diff({}, _plain({k: fields.get(k) for k in REPORT_FIELDS})),
        duplicate=ValidationError({"quarter": _("该季度的报告已填报，请在原报告上修改")}),
    )


@transaction.atomic
def update_report(
    *, by: User, ip: str | None = None, report: QuarterlyReport, **fields: Any
) -> QuarterlyReport:
    _locked(report.studio)
    report = QuarterlyReport.objects.select_related("studio").get(pk=report.pk)
    reason = policies_record.report_frozen_reason(report)
    if reason:
        raise ValidationError(reason)
    if not policies_record.can_change_report(by, report):
        raise PermissionDenied(KEEPERS)
    before = {k: getattr(report, k) for k in REPORT_FIELDS}
    for key in REPORT_FIELDS:
        if key in fields:
            setattr(report, key, fields[key])
    return save_audited(
        report,
        by=by,
        ip=ip,
        org_path=report.studio.org_path,
        changes=diff(before, {k: getattr(report, k) for k in REPORT_FIELDS}),
    )


@transaction.atomic
def accept_report(*, by: User, ip: str | None = None, report: QuarterlyReport) -> QuarterlyReport:
    """The union accepts the report: the figures read for its quarter are kept on it, and it and
    the quarter's outputs are frozen."""
    _locked(report.studio)
    report = QuarterlyReport.objects.select_related("studio").get(pk=report.pk)
    reason = policies_record.report_frozen_reason(report)
    if reason:
        raise ValidationError(reason)
    if not policies_record.can_accept_report(by, report):
        raise PermissionDenied(_("只有工作室所属工会的管理员可以验收季度报告"))
    report.read_figures = figures.as_json(figures.read_figures(report.studio, report.span()))
    report.accepted_by, report.accepted_at = by, timezone.now()
    return save_audited(
        report,
        by=by,
        ip=ip,
        org_path=report.studio.org_path,
        changes={"accepted_at": ["", report.accepted_at.isoformat()]},
    )


def _check_output_date(studio: Studio, day: datetime.date) -> None:
    if day > timezone.localdate():
        raise ValidationError({"date": _("成果日期不能晚于今天")})
    if day < studio.founded:
        raise ValidationError(
            {"date": _("成果日期不能早于工作室成立日期 {day}").format(day=studio.founded)}
        )
    assessed, accepted = policies_record.freezing_facts(studio)
    probe = StudioOutput(studio=studio, date=day)
    reason = policies_record.output_frozen_reason(probe, assessed, accepted)
    if reason:
        raise ValidationError({"date": reason})


@transaction.atomic
def add_output(*, by: User, ip: str | None = None, studio: Studio, **fields: Any) -> StudioOutput:
    studio = _locked(studio)
    if not policies_record.may_keep_record(by, studio):
        raise PermissionDenied(KEEPERS)
    output = StudioOutput(studio=studio, added_by=by, **fields)
    output.full_clean()
    _check_output_date(studio, output.date)
    return save_audited(
        output,
        by=by,
        ip=ip,
        org_path=studio.org_path,
        clean=False,
        changes=diff({}, _plain({k: getattr(output, k) for k in OUTPUT_FIELDS})),
    )


def _output_for_change(by: User, output: StudioOutput) -> StudioOutput:
    _locked(output.studio)
    output = StudioOutput.objects.select_related("studio").get(pk=output.pk)
    facts = policies_record.freezing_facts(output.studio)
    reason = policies_record.output_frozen_reason(output, *facts)
    if reason:
        raise ValidationError(reason)
    if not policies_record.can_change_output(by, output, facts):
        raise PermissionDenied(KEEPERS)
    return output


@transaction.atomic
def update_output(
    *, by: User, ip: str | None = None, output: StudioOutput, **fields: Any
) -> StudioOutput:
    output = _output_for_change(by, output)
    before = _plain({k: getattr(output, k) for k in OUTPUT_FIELDS})
    for key in OUTPUT_FIELDS:
        if key in fields:
            setattr(output, key, fields[key])
    output.full_clean()
    if output.date != before["date"]:
        _check_output_date(output.studio, output.date)
    return save_audited(
        output,
        by=by,
        ip=ip,
        org_path=output.studio.org_path,
        clean=False,
        changes=diff(before, _plain({k: getattr(output, k) for k in OUTPUT_FIELDS})),
    )


@transaction.atomic
def delete_output(*, by: User, ip: str | None = None, output: StudioOutput) -> None:
    output = _output_for_change(by, output)
    delete_audited(output, by=by, ip=ip, org_path=output.studio.org_path)


@dataclass(frozen=True)
class Sheet:
    name: str
    items: list[assessing.Item]
    excellent_from: Decimal
    pass_from: Decimal
    rectify_months: int
    bar_months: int
    pk: int | None = None  # the union's sheet row; None: the default


def sheet_for(studio: Studio) -> Sheet:
    """The indicator sheet a studio is assessed on: its union's (the nearest up the path) or
    the default."""
    row = AssessmentSheet.for_studio(studio)
    if row is None:
        return Sheet(_("默认考核指标"), default_items(), Decimal(85), Decimal(60), 3, 24)
    return Sheet(
        row.name,
        row.as_items(),
        row.excellent_from,
        row.pass_from,
        row.rectify_months,
        row.bar_months,
        row.pk,
    )


def period(kind: str, year: int, assessed_on: datetime.date) -> figures.Span:
    """The days an assessment reads: the calendar year; for a re-check, the 12 months up to
    and including its day (what the studio did while rectifying)."""
    if kind == StudioAssessment.Kind.RECHECK:
        return assessing.add_months(assessed_on, -12) + datetime.timedelta(days=1), assessed_on
    return figures.year_span(year)


def preview(studio: Studio, span: figures.Span, manual: dict[str, Decimal]) -> assessing.Outcome:
    """The scores the assessment would give over ``span`` (manual items missing count as 0)."""
    sheet = sheet_for(studio)
    filled = {i.key: manual.get(i.key, Decimal(0)) for i in sheet.items if not i.source}
    return assessing.score(
        sheet.items,
        figures.read_figures(studio, span),
        filled,
        excellent_from=sheet.excellent_from,
        pass_from=sheet.pass_from,
    )


def pending_assessment(studio: Studio) -> tuple[str, int | None, str | None]:
    """(kind, year, refusal) of the assessment the studio is due: the re-check of the failed
    year while rectifying (refused until the period ends), else an annual assessment."""
    if studio.state == Studio.State.RECTIFYING:
        failed = studio.assessments.filter(band=StudioAssessment.Band.FAIL).first()
        if failed is None:
            return StudioAssessment.Kind.RECHECK, None, _("没有找到不合格的考核记录")
        if failed.rectify_until and timezone.localdate() < failed.rectify_until:
            return (
                StudioAssessment.Kind.RECHECK,
                failed.year,
                _("整改期至 {day}，期满后复核").format(day=failed.rectify_until),
            )
        return StudioAssessment.Kind.RECHECK, failed.year, None
    return StudioAssessment.Kind.ANNUAL, None, None


@transaction.atomic
def record_assessment(
    *,
    by: User,
    ip: str | None = None,
    studio: Studio,
    year: int,
    manual: dict[str, Decimal],
    note: str = "",
    assessed_on: datetime.date | None = None,
) -> StudioAssessment:
    """Assess the studio for ``year`` (or, while it rectifies, re-check it on the 12 months up
    to ``assessed_on``, recorded under the failed year)."""
    studio = _locked(studio)
    if not policies_record.can_assess(by, studio):
        raise PermissionDenied(
            _("只有工作室所属工会的管理员可以考核；已摘牌或撤销的工作室不再考核")
        )
    assessed_on = assessed_on or timezone.localdate()
    kind, due_year, refusal = pending_assessment(studio)
    if refusal:
        raise ValidationError(refusal)
    if kind == StudioAssessment.Kind.RECHECK:
        year = due_year or year
    elif not (studio.named_on and studio.named_on.year <= year <= assessed_on.year):
        raise ValidationError({"year": _("考核年度应在命名之年与今年之间")})
    if studio.assessments.filter(year=year, kind=kind).exists():
        raise ValidationError({"year": _("{year}年度已考核").format(year=year)})
    sheet = sheet_for(studio)
    start, end = period(kind, year, assessed_on)
    try:
        outcome = assessing.score(
            sheet.items,
            figures.read_figures(studio, (start, end)),
            manual,
            excellent_from=sheet.excellent_from,
            pass_from=sheet.pass_from,
        )
    except ValueError as err:
        raise ValidationError(str(err)) from None
    failed = outcome.band == assessing.FAIL
    assessment = StudioAssessment(
        studio=studio,
        year=year,
        kind=kind,
        assessed_on=assessed_on,
        period_start=start,
        period_end=end,
        sheet_name=sheet.name,
        sheet_id=sheet.pk,
        lines=[line_json(line) for line in outcome.lines],
        score=outcome.score,
        band=outcome.band,
        note=note,
        rectify_until=assessing.add_months(assessed_on, sheet.rectify_months)
        if failed and kind == StudioAssessment.Kind.ANNUAL
        else None,
        by=by,
    )
    save_audited(
        assessment,
        by=by,
        ip=ip,
        org_path=studio.org_path,
        changes={"score": ["", str(outcome.score)], "band": ["", outcome.band]},
        duplicate=ValidationError({"year": _("{year}年度已考核").format(year=year)}),
    )
    _move(studio, assessment, sheet, by=by, ip=ip)
    return assessment


def line_json(line: assessing.Line) -> dict[str, Any]:
    return {
        "name": line.name,
        "max": str(line.max_points),
        "source": line.source,
        "figure": None if line.figure is None else str(line.figure),
        "target": str(line.target),
        "deduction": str(line.deduction),
        "points": str(line.points),
    }


def _move(studio: Studio, assessment: StudioAssessment, sheet: Sheet, *, by, ip) -> None:
    day, score = assessment.assessed_on, assessment.score
    note = f"{_('考核意见：')}{assessment.note}" if assessment.note else ""
    changes: dict[str, Any]
    if assessment.kind == StudioAssessment.Kind.ANNUAL:
        if assessment.band != assessing.FAIL:
            return
        kind, changes = StudioEvent.Kind.RECTIFYING, {"state": Studio.State.RECTIFYING}
        reason = _("{year}年度考核得分 {score}，不合格；责令整改至 {until}。").format(
            year=assessment.year, score=score, until=assessment.rectify_until
        )
    elif assessment.band == assessing.FAIL:
        barred = assessing.add_months(day, sheet.bar_months) if sheet.bar_months else None
        kind = StudioEvent.Kind.DELISTED
        changes = {"state": Studio.State.DELISTED, "delisted_on": day, "barred_until": barred}
        reason = _("{year}年度考核不合格，整改期满复核得分 {score}，仍不合格，予以摘牌").format(
            year=assessment.year, score=score
        )
        reason += _("；{day} 前不得再申报。").format(day=barred) if barred else _("。")
    else:
        kind, changes = StudioEvent.Kind.RESTORED, {"state": Studio.State.NAMED}
        reason = _("整改期满复核得分 {score}，{band}，恢复为已命名。").format(
            score=score, band=assessment.get_band_display()
        )
    services.update_studio(by=by, ip=ip, studio=studio, **changes)
    save_audited(
        StudioEvent(
            studio=studio, kind=kind, day=day, reason=reason + note, assessment=assessment, by=by
        ),
        by=by,
        ip=ip,
        org_path=studio.org_path,
    )
