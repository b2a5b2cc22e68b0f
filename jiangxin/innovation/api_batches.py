"""The naming batches' API (read-only): batches, their applications and one application, scoped
as the pages are. A batch is listed exactly when its page opens (its union's subtree-above, the
unions inside its subtree, its experts); an application likewise (the applying union's
subtree-above; an expert only the endorsed applications of their batches). What the application
page shows only to the batch's staff — each expert's total, the running average before the
decision — is given only to them; an expert gets their own points. No personal data beyond the
lead's name, which the 公示 publishes. Refusals are answered by the one handler in
``jiangxin.api``."""

import datetime
from decimal import Decimal

from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.pagination import paginate
from pydantic import Field

from jiangxin.accounts.access import get_for_user
from jiangxin.core import bounds
from jiangxin.core.schemas import Id, Pagination
from jiangxin.innovation import batch_rules, services_batches
from jiangxin.innovation import policies_batches as policies
from jiangxin.innovation.models import ExpertScore, NamingBatch, StudioApplication

router = Router(tags=[_("创新工作室")])


class ItemOut(Schema):
    id: int
    name: str
    max_points: int


class BatchOut(Schema):
    id: int
    title: str
    year: int
    organisation_id: int
    organisation: str = Field(alias="organisation.name")
    level: str
    kinds: list[str]
    deadline: datetime.date
    min_team: int
    min_area: Decimal
    needs_yearly_project: bool
    subsidy_new: Decimal
    subsidy_reconfirmed: Decimal
    publicity_days: int
    publicity_from: datetime.date | None
    plaque_prefix: str
    state: NamingBatch.State


class BatchDetailOut(BatchOut):
    items: list[ItemOut] = Field(alias="items_out")
    experts: list[str] = Field(alias="expert_names")
    is_expert: bool


class FileOut(Schema):
    id: int
    original_name: str
    kind: str
    size: int


class CertificateOut(Schema):
    code: str = Field(alias="display_code")
    plaque_number: str
    dated: datetime.date
    revoked_at: datetime.datetime | None
    revoke_reason: str


class ApplicationOut(Schema):
    id: int
    batch_id: int
    studio_id: int
    studio: str = Field(alias="studio.name")
    enterprise: str = Field(alias="studio.enterprise.name")
    kind: str = Field(alias="studio.kind")
    lead: str = Field(alias="studio.lead.name")
    basis: StudioApplication.Basis
    state: StudioApplication.State
    score: Decimal | None
    submitted_at: datetime.datetime
    endorsed_at: datetime.datetime | None
    decided_at: datetime.datetime | None
    named_at: datetime.datetime | None


class ExpertTotalOut(Schema):
    expert: str
    total: Decimal


class ApplicationDetailOut(ApplicationOut):
    yearly_project: str
    statement: str
    team_size: int
    floor_area: Decimal
    endorsement: str
    decision_reason: str
    files: list[FileOut] = Field(alias="files_out")
    # each expert's total: the batch's staff only (as on the page)
    expert_totals: list[ExpertTotalOut] = Field(alias="totals_out")
    average: Decimal | None
    my_points: dict[str, Decimal]  # an expert's own points, by item
    certificate: CertificateOut | None = Field(alias="certificate_out")


class BatchFilter(Schema):
    year: int | None = Field(None, ge=bounds.EARLIEST_YEAR, le=bounds.LATEST_YEAR)
    state: NamingBatch.State | None = None


class ApplicationFilter(Schema):
    state: StudioApplication.State | None = None


def _batch(request, pk: int) -> NamingBatch:
    return get_for_user(NamingBatch.objects.select_related("organisation"), request.auth, pk=pk)


@router.get("/innovation/batches", response=list[BatchOut], summary=_("命名批次"))
@paginate(Pagination, page_size=50)
def list_batches(request, filters: Query[BatchFilter]):
    rows = NamingBatch.objects.visible_to(request.auth).select_related("organisation")
    if filters.year:
        rows = rows.filter(year=filters.year)
    if filters.state:
        rows = rows.filter(state=filters.state)
    return rows


@router.get("/innovation/batches/{pk}", response=BatchDetailOut, summary=_("命名批次详情"))
def get_batch(request, pk: Id):
    batch = _batch(request, pk)
    # the batch page's 评分表与专家 (every viewer of the batch reads them there)
    batch.items_out = list(batch.items.all())
    batch.expert_names = [e.account.get_username() for e in batch.experts.select_related("account")]
    batch.is_expert = policies.is_expert(request.auth, batch)
    return batch


def _applications(request):
    return StudioApplication.objects.visible_to(request.auth).select_related(
        "studio__enterprise", "studio__lead"
    )


@router.get(
    "/innovation/batches/{pk}/applications",
    response=list[ApplicationOut],
    summary=_("命名批次的申报"),
)
@paginate(Pagination, page_size=50)
def list_batch_applications(request, pk: Id, filters: Query[ApplicationFilter]):
    batch = _batch(request, pk)
    rows = _applications(request).filter(batch=batch)
    if filters.state:
        rows = rows.filter(state=filters.state)
    return rows.order_by("state", "-score", "submitted_at", "pk")


@router.get(
    "/innovation/applications/{pk}", response=ApplicationDetailOut, summary=_("命名申报详情")
)
def get_application(request, pk: Id):
    application = get_for_user(_applications(request).select_related("batch"), request.auth, pk=pk)
    user = request.auth
    staff = policies.can_run_batch(user, application.batch)
    totals = services_batches.expert_totals(application)
    mine = ExpertScore.objects.filter(application=application, expert_id=user.pk).select_related(
        "item"
    )
    a = application
    a.files_out = list(application.files.all())
    a.totals_out = [{"expert": e.get_username(), "total": t} for e, t in totals] if staff else []
    # staff: the running average (as on the page); others: the score kept with the decision
    a.average = batch_rules.average_of_totals(t for _e, t in totals) if staff else a.score
    a.my_points = {s.item.name: s.points for s in mine}
    a.certificate_out = getattr(application, "certificate", None)
    return a
