"""The 五小 contest's API (read-only in this stage): editions, an edition's applications and one
application, scoped as the pages are — an edition is listed exactly when its page opens (its
organiser's subtree-above, the unions and roster workers inside its subtree, its pool's
experts), an application likewise (its author and completers; the applying union's
subtree-above once submitted, or a draft the union keeps). The figures (收到申报项目共计 N 个) are
the edition page's, at the caller's level. Completers' names only, never their numbers.
Refusals are answered by the one handler in ``jiangxin.api``."""

import datetime
from decimal import Decimal

from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.pagination import paginate
from pydantic import Field

from jiangxin.accounts.access import get_for_user, reach_of
from jiangxin.core import bounds
from jiangxin.core.schemas import Id, Pagination
from jiangxin.innovation import services_contest
from jiangxin.innovation.models import ContestApplication, ContestEdition

router = Router(tags=[_("五小创新大赛")])


class LevelOut(Schema):
    level: str
    order: int
    deadline: datetime.date
    mode: str
    quota_kind: str
    quota: int | None


class CriterionOut(Schema):
    name: str
    weight: int
    descriptors: str


class TierOut(Schema):
    name: str
    count: int
    amount: Decimal


class EditionOut(Schema):
    id: int
    title: str
    year: int
    organisation_id: int
    organisation: str = Field(alias="organisation.name")
    state: ContestEdition.State
    completion_rule: ContestEdition.Completion
    show_comments: bool


class ReceivedOut(Schema):
    level: str | None
    total: int
    by_category: dict[str, int]
    by_enterprise: dict[str, int]


class EditionDetailOut(EditionOut):
    exclusion_modes: dict[str, str]
    levels: list[LevelOut] = Field(alias="levels_out")
    criteria: list[CriterionOut] = Field(alias="criteria_out")
    tiers: list[TierOut] = Field(alias="tiers_out")
    received: ReceivedOut | None = Field(alias="received_out")


class CompleterOut(Schema):
    name: str = Field(alias="worker.name")
    order: int
    share: int


class AttachmentOut(Schema):
    id: int
    role: str
    original_name: str
    kind: str
    size: int


class ApplicationOut(Schema):
    id: int
    edition_id: int
    title: str
    category: str
    project_type: str
    benefit_kind: str
    enterprise: str = Field(alias="enterprise.name")
    state: ContestApplication.State
    current_level: str | None = Field(alias="current_level.level", default=None)
    submitted_at: datetime.datetime | None
    endorsed_at: datetime.datetime | None


class ApplicationDetailOut(ApplicationOut):
    started_on: datetime.date
    completed_on: datetime.date
    background: str
    content: str
    innovation_points: str
    results: str
    benefit_amount: Decimal
    benefit_basis: str
    studio_id: int | None
    studio_project_id: int | None
    endorsement: str
    return_reason: str
    completers: list[CompleterOut] = Field(alias="completers_out")
    attachments: list[AttachmentOut] = Field(alias="attachments_out")


class EditionFilter(Schema):
    year: int | None = Field(None, ge=bounds.EARLIEST_YEAR, le=bounds.LATEST_YEAR)
    state: ContestEdition.State | None = None


class ApplicationFilter(Schema):
    state: ContestApplication.State | None = None


def _edition(request, pk: int) -> ContestEdition:
    return get_for_user(ContestEdition.objects.select_related("organisation"), request.auth, pk=pk)


@router.get("/innovation/contest/editions", response=list[EditionOut], summary=_("五小创新大赛"))
@paginate(Pagination, page_size=50)
def list_contest_editions(request, filters: Query[EditionFilter]):
    rows = ContestEdition.objects.visible_to(request.auth).select_related("organisation")
    if filters.year:
        rows = rows.filter(year=filters.year)
    if filters.state:
        rows = rows.filter(state=filters.state)
    return rows


@router.get(
    "/innovation/contest/editions/{pk}", response=EditionDetailOut, summary=_("五小创新大赛详情")
)
def get_contest_edition(request, pk: Id):
    edition = _edition(request, pk)
    edition.levels_out = list(edition.levels.all())
    edition.criteria_out = list(edition.criteria.all())
    edition.tiers_out = list(edition.tiers.all())
    edition.received_out = None
    if reach_of(request.auth).is_union_user:  # the figures: union staff, as on the page
        got = services_contest.received(request.auth, edition)
        edition.received_out = {
            "level": got["level"].level if got["level"] else None,
            "total": got["total"],
            "by_category": dict(got["by_category"]),
            "by_enterprise": dict(got["by_enterprise"]),
        }
    return edition


@router.get(
    "/innovation/contest/editions/{pk}/applications",
    response=list[ApplicationOut],
    summary=_("五小创新大赛的申报项目"),
)
@paginate(Pagination, page_size=50)
def list_contest_applications(request, pk: Id, filters: Query[ApplicationFilter]):
    edition = _edition(request, pk)
    rows = (
        ContestApplication.objects.visible_to(request.auth)
        .filter(edition=edition)
        .select_related("enterprise", "current_level")
    )
    if filters.state:
        rows = rows.filter(state=filters.state)
    return rows.order_by("state", "-submitted_at", "pk")


@router.get(
    "/innovation/contest/applications/{pk}",
    response=ApplicationDetailOut,
    summary=_("五小申报项目详情"),
)
def get_contest_application(request, pk: Id):
    a = get_for_user(
        ContestApplication.objects.select_related("enterprise", "current_level"),
        request.auth,
        pk=pk,
    )
    a.completers_out = list(a.completers.select_related("worker"))
    a.attachments_out = list(a.attachments.all())
    return a
