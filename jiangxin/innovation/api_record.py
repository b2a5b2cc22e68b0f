"""The living record's API (read-only): a studio's outputs, quarterly reports and assessments,
and the assessments of every studio the caller sees. Scoped as the pages are — a studio's rows
are listed exactly when its page opens (``get_for_user``, 404 otherwise); counts only, no
personal data. Refusals are answered by the one handler in ``jiangxin.api``."""

import datetime
from decimal import Decimal

from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.pagination import paginate
from pydantic import Field

from jiangxin.accounts.access import get_for_user
from jiangxin.core import bounds
from jiangxin.core.schemas import Id, Pagination
from jiangxin.innovation.models import QuarterlyReport, Studio, StudioAssessment, StudioOutput

router = Router(tags=[_("创新工作室")])


class OutputOut(Schema):
    id: int
    studio_id: int
    kind: StudioOutput.Kind
    title: str
    date: datetime.date
    patent_kind: str
    number: str
    status: str
    benefit_wan: Decimal | None
    people_trained: int | None
    note: str


class ReportOut(Schema):
    id: int
    studio_id: int
    year: int
    quarter: int
    summary: str
    activities: int
    participants: int
    problems_solved: int
    next_plan: str
    read_figures: dict
    filed_at: datetime.datetime
    accepted_at: datetime.datetime | None


class AssessmentOut(Schema):
    id: int
    studio_id: int
    year: int
    kind: StudioAssessment.Kind
    assessed_on: datetime.date
    sheet_name: str
    score: Decimal
    band: StudioAssessment.Band
    lines: list[dict]
    note: str
    rectify_until: datetime.date | None


class AssessmentFilter(Schema):
    year: int | None = Field(None, ge=bounds.EARLIEST_EVENT_YEAR, le=bounds.LATEST_EVENT_YEAR)
    band: StudioAssessment.Band | None = None


def _studio(request, pk: int) -> Studio:
    return get_for_user(Studio.objects.all(), request.auth, pk=pk)


@router.get("/innovation/studios/{pk}/outputs", response=list[OutputOut], summary=_("工作室成果"))
@paginate(Pagination, page_size=50)
def list_studio_outputs(request, pk: Id):
    studio = _studio(request, pk)
    return (
        StudioOutput.objects.visible_to(request.auth).filter(studio=studio).order_by("-date", "-pk")
    )


@router.get(
    "/innovation/studios/{pk}/reports", response=list[ReportOut], summary=_("工作室季度报告")
)
@paginate(Pagination, page_size=50)
def list_studio_reports(request, pk: Id):
    studio = _studio(request, pk)
    return QuarterlyReport.objects.visible_to(request.auth).filter(studio=studio)


@router.get("/innovation/assessments", response=list[AssessmentOut], summary=_("工作室考核记录"))
@paginate(Pagination, page_size=50)
def list_assessments(request, filters: Query[AssessmentFilter]):
    rows = StudioAssessment.objects.visible_to(request.auth)
    if filters.year:
        rows = rows.filter(year=filters.year)
    if filters.band:
        rows = rows.filter(band=filters.band)
    return rows.order_by("-year", "studio_id", "pk")
