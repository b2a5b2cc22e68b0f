"""The mentoring API: the same services, policies and scoping as the pages. Refusals (400, 403,
404) are turned into answers by the one handler in ``jiangxin.api``."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from jiangxin.accounts.access import get_for_user
from jiangxin.audit.services import client_ip
from jiangxin.core.schemas import EventDate, Hours, Id, Pagination, Problem, TermMonths
from jiangxin.mentoring import policies, services
from jiangxin.mentoring.models import CheckIn, MatchRun, Pair, Programme
from jiangxin.organisations.models import Organisation
from jiangxin.workers.models import Worker

router = Router(tags=[_("名师带高徒")])


class ProgrammeOut(Schema):
    id: int
    name: str
    year: int
    organisation_id: int
    capacity: int
    term_months: int
    stipend_monthly: Decimal


class PairOut(Schema):
    id: int
    programme_id: int
    master_id: int
    master: str
    apprentice_id: int
    apprentice: str
    status: str
    starts_on: datetime.date
    ends_on: datetime.date
    stipend_monthly: Decimal
    final_grade: str

    @staticmethod
    def resolve_master(obj) -> str:
        return obj.master.name

    @staticmethod
    def resolve_apprentice(obj) -> str:
        return obj.apprentice.name


class PairIn(Schema):
    master_id: Id
    apprentice_id: Id
    starts_on: EventDate
    term_months: TermMonths | None = None


class CheckInOut(Schema):
    id: int
    month: datetime.date
    role: str
    content: str
    hours: Decimal


class CheckInIn(Schema):
    month: EventDate
    content: str = Field(max_length=2000)
    hours: Hours


class CheckInCorrectionIn(Schema):
    """A correction of a monthly log: its content and hours (the month and role stay; a log
    filed for the wrong month is deleted and filed again, as on the pages)."""

    content: str = Field(max_length=2000)
    hours: Hours


class MatchIn(Schema):
    scope_id: Id
    cross_enterprise: bool = False


class MatchOut(Schema):
    id: int
    proposal: list[dict]
    unpaired: dict[str, str]
    cost: int


class AcceptIn(Schema):
    choices: dict[Id, Id]
    starts_on: EventDate


REFUSALS = {400: Problem, 403: Problem, 404: Problem}


@router.get("/mentoring/programmes", response=list[ProgrammeOut], summary=_("名师带高徒项目"))
@paginate(Pagination, page_size=50)
def list_programmes(request):
    return Programme.objects.visible_to(request.auth).order_by("-year", "name")


@router.get("/mentoring/programmes/{pk}/pairs", response=list[PairOut], summary=_("项目的结对"))
@paginate(Pagination, page_size=100)
def list_pairs(request, pk: Id):
    programme = get_for_user(Programme.objects.all(), request.auth, pk=pk)
    return (
        Pair.objects.visible_to(request.auth)
        .filter(programme=programme)
        .select_related("master", "apprentice")
        .order_by("pk")
    )


@router.post(
    "/mentoring/programmes/{pk}/pairs",
    response={201: PairOut, **REFUSALS},
    summary=_("结对（检查师傅资格、名额、一人一师、协议期限）"),
)
def post_pair(request, pk: Id, payload: PairIn):
    programme = get_for_user(Programme.objects.select_related("organisation"), request.auth, pk=pk)
    master = get_for_user(Worker.objects.all(), request.auth, pk=payload.master_id)
    apprentice = get_for_user(Worker.objects.all(), request.auth, pk=payload.apprentice_id)
    pair = services.propose_pair(
        by=request.auth,
        ip=client_ip(request),
        programme=programme,
        master=master,
        apprentice=apprentice,
        starts_on=payload.starts_on,
        term_months=payload.term_months,
    )
    return Status(201, pair)


@router.post(
    "/mentoring/pairs/{pk}/approve",
    response={200: PairOut, **REFUSALS},
    summary=_("审批师徒协议"),
)
def approve(request, pk: Id):
    pair = get_for_user(Pair.objects.select_related("master", "apprentice"), request.auth, pk=pk)
    return services.approve_pair(by=request.auth, ip=client_ip(request), pair=pair)


@router.get(
    "/mentoring/pairs/{pk}/checkins",
    response={200: list[CheckInOut], **REFUSALS},
    summary=_("带徒记录"),
)
def list_checkins(request, pk: Id):
    pair = get_for_user(Pair.objects.all(), request.auth, pk=pk)
    return CheckIn.objects.visible_to(request.auth).filter(pair=pair).order_by("-month", "role")


@router.post(
    "/mentoring/pairs/{pk}/checkins",
    response={201: CheckInOut, **REFUSALS},
    summary=_("师傅或徒弟填写月度带徒记录"),
)
def post_checkin(request, pk: Id, payload: CheckInIn):
    pair = get_for_user(Pair.objects.all(), request.auth, pk=pk)
    checkin = services.record_checkin(
        by=request.auth,
        ip=client_ip(request),
        pair=pair,
        month=payload.month,
        content=payload.content,
        hours=payload.hours,
    )
    return Status(201, checkin)


@router.put(
    "/mentoring/pairs/{pk}/checkins/{checkin_pk}",
    response={200: CheckInOut, **REFUSALS},
    summary=_("填写人更正带徒记录（内容、学时；中期考核涵盖或结对结束后封存）"),
)
def correct_checkin(request, pk: Id, checkin_pk: Id, payload: CheckInCorrectionIn):
    """As the page ``checkin_edit``: the pair as the caller sees it (404), its log (404 when
    gone), then ``services.update_checkin`` — author only (403), not frozen (400), audited."""
    pair = get_for_user(Pair.objects.all(), request.auth, pk=pk)
    checkin = get_for_user(CheckIn.objects.filter(pair=pair), request.auth, pk=checkin_pk)
    return services.update_checkin(
        by=request.auth,
        ip=client_ip(request),
        checkin=checkin,
        content=payload.content,
        hours=payload.hours,
    )


@router.post(
    "/mentoring/programmes/{pk}/match",
    response={201: MatchOut, **REFUSALS},
    summary=_("智能匹配：为范围内的徒弟和师傅提出最优结对方案"),
)
def post_match(request, pk: Id, payload: MatchIn):
    programme = get_for_user(Programme.objects.select_related("organisation"), request.auth, pk=pk)
    scope = get_for_user(Organisation.objects.all(), request.auth, pk=payload.scope_id)
    run = services.run_matching(
        by=request.auth,
        ip=client_ip(request),
        programme=programme,
        scope=scope,
        cross_enterprise=payload.cross_enterprise,
    )
    return Status(201, run)


@router.post(
    "/mentoring/match/{pk}/accept",
    response={201: list[PairOut], **REFUSALS},
    summary=_("采纳匹配方案（全部、部分或修改后），生成待审批的结对"),
)
def accept_match(request, pk: Id, payload: AcceptIn):
    run = get_for_user(MatchRun.objects.select_related("scope"), request.auth, pk=pk)
    if run.accepted_at is None and not policies.can_accept_matching(request.auth, run):
        raise PermissionDenied(_("只能采纳本单位范围内的匹配方案"))
    pairs = services.accept_matching(
        by=request.auth,
        ip=client_ip(request),
        run=run,
        choices=payload.choices,
        starts_on=payload.starts_on,
    )
    return Status(201, pairs)
