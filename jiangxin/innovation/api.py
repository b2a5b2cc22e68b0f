"""The studio API (read-only in this stage): the same scoping as the pages — a studio is listed
and opened exactly when its page opens; the lead's honours come from the roster; no personal
numbers. Refusals (404, 422) are answered by the one handler in ``jiangxin.api``."""

import datetime
from decimal import Decimal

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from jiangxin.accounts.access import get_for_user
from jiangxin.core.schemas import Id, Pagination
from jiangxin.innovation.models import Studio, StudioMember
from jiangxin.workers.models import Honour

router = Router(tags=[_("创新工作室")])


class StudioOut(Schema):
    id: int
    name: str
    kind: Studio.Kind
    naming_level: Studio.Level
    naming_body_id: int | None
    enterprise_id: int
    enterprise: str
    organisation_id: int
    lead_id: int
    lead: str
    focus: str
    founded: datetime.date
    floor_area: Decimal | None
    plaque_number: str
    state: Studio.State
    named_on: datetime.date | None
    delisted_on: datetime.date | None

    @staticmethod
    def resolve_enterprise(obj) -> str:
        return obj.enterprise.name

    @staticmethod
    def resolve_lead(obj) -> str:
        return obj.lead.name


class MemberOut(Schema):
    id: int
    worker_id: int
    name: str
    role: StudioMember.Role
    joined: datetime.date
    left: datetime.date | None

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.worker.name


class StudioDetailOut(StudioOut):
    lead_honours: list[str]
    members: list[MemberOut]

    @staticmethod
    def resolve_lead_honours(obj) -> list[str]:
        return [h.display() for h in obj.lead.honours.all()]

    @staticmethod
    def resolve_members(obj) -> list:
        return obj.visible_members


class StudioFilter(Schema):
    kind: Studio.Kind | None = None
    state: Studio.State | None = None
    naming_level: Studio.Level | None = None


@router.get("/innovation/studios", response=list[StudioOut], summary=_("创新工作室"))
@paginate(Pagination, page_size=50)
def list_studios(request, filters: Query[StudioFilter]):
    studios = Studio.objects.visible_to(request.auth).select_related("enterprise", "lead")
    for field in ("kind", "state", "naming_level"):
        value = getattr(filters, field)
        if value:
            studios = studios.filter(**{field: value})
    return studios.order_by("pk")


@router.get("/innovation/studios/{pk}", response=StudioDetailOut, summary=_("工作室详情与成员"))
def get_studio(request, pk: Id):
    studio = get_for_user(
        Studio.objects.select_related("enterprise", "lead").prefetch_related(
            Prefetch("lead__honours", queryset=Honour.objects.order_by("-year"))
        ),
        request.auth,
        pk=pk,
    )
    studio.visible_members = list(
        StudioMember.objects.visible_to(request.auth)
        .filter(studio=studio)
        .select_related("worker")
        .order_by("left", "role", "pk")
    )
    return studio
