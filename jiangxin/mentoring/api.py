import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from jiangxin.mentoring import services
from jiangxin.mentoring.models import MatchRun, Pair, Programme
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
    master_id: int
    apprentice_id: int
    starts_on: datetime.date
    term_months: int | None = None


class CheckInOut(Schema):
    id: int
    month: datetime.date
    role: str
    content: str
    hours: Decimal


class CheckInIn(Schema):
    month: datetime.date
    content: str
    hours: Decimal


class MatchIn(Schema):
    scope_id: int
    cross_enterprise: bool = False


class MatchOut(Schema):
    id: int
    proposal: list[dict]
    unpaired: dict[str, str]
    cost: int


class AcceptIn(Schema):
    choices: dict[int, int]
    starts_on: datetime.date


class Problem(Schema):
    detail: str


def _problem(err) -> Status:
    if isinstance(err, PermissionDenied):
        return Status(403, {"detail": str(err)})
    return Status(400, {"detail": "；".join(err.messages)})


@router.get("/mentoring/programmes", response=list[ProgrammeOut], summary=_("名师带高徒项目"))
@paginate(PageNumberPagination, page_size=50)
def list_programmes(request):
    return Programme.objects.visible_to(request.auth).order_by("-year", "name")


@router.get("/mentoring/programmes/{pk}/pairs", response=list[PairOut], summary=_("项目的结对"))
@paginate(PageNumberPagination, page_size=100)
def list_pairs(request, pk: int):
    programme = get_object_or_404(Programme.objects.visible_to(request.auth), pk=pk)
    return (
        Pair.objects.visible_to(request.auth)
        .filter(programme=programme)
        .select_related("master", "apprentice")
        .order_by("pk")
    )


@router.post(
    "/mentoring/programmes/{pk}/pairs",
    response={201: PairOut, 400: Problem, 403: Problem},
    summary=_("结对（检查师傅资格、名额、一人一师、协议期限）"),
)
def post_pair(request, pk: int, payload: PairIn):
    programme = get_object_or_404(Programme.objects.visible_to(request.auth), pk=pk)
    workers = Worker.objects.visible_to(request.auth)
    master = get_object_or_404(workers, pk=payload.master_id)
    apprentice = get_object_or_404(workers, pk=payload.apprentice_id)
    try:
        pair = services.propose_pair(
            by=request.auth,
            request=request,
            programme=programme,
            master=master,
            apprentice=apprentice,
            starts_on=payload.starts_on,
            term_months=payload.term_months,
        )
    except (ValidationError, PermissionDenied) as err:
        return _problem(err)
    return Status(201, pair)


@router.post(
    "/mentoring/pairs/{pk}/approve",
    response={200: PairOut, 400: Problem, 403: Problem},
    summary=_("审批师徒协议"),
)
def approve(request, pk: int):
    pair = get_object_or_404(Pair.objects.visible_to(request.auth), pk=pk)
    try:
        return services.approve_pair(by=request.auth, request=request, pair=pair)
    except (ValidationError, PermissionDenied) as err:
        return _problem(err)


@router.get("/mentoring/pairs/{pk}/checkins", response=list[CheckInOut], summary=_("带徒记录"))
def list_checkins(request, pk: int):
    pair = get_object_or_404(Pair.objects.visible_to(request.auth), pk=pk)
    return pair.checkins.order_by("-month", "role")


@router.post(
    "/mentoring/pairs/{pk}/checkins",
    response={201: CheckInOut, 400: Problem, 403: Problem},
    summary=_("师傅或徒弟填写月度带徒记录"),
)
def post_checkin(request, pk: int, payload: CheckInIn):
    pair = get_object_or_404(Pair.objects.visible_to(request.auth), pk=pk)
    try:
        checkin = services.record_checkin(
            by=request.auth,
            request=request,
            pair=pair,
            month=payload.month,
            content=payload.content,
            hours=payload.hours,
        )
    except (ValidationError, PermissionDenied) as err:
        return _problem(err)
    return Status(201, checkin)


@router.post(
    "/mentoring/programmes/{pk}/match",
    response={201: MatchOut, 400: Problem, 403: Problem},
    summary=_("智能匹配：为范围内的徒弟和师傅提出最优结对方案"),
)
def post_match(request, pk: int, payload: MatchIn):
    programme = get_object_or_404(Programme.objects.visible_to(request.auth), pk=pk)
    scope = get_object_or_404(Organisation.objects.visible_to(request.auth), pk=payload.scope_id)
    try:
        run = services.run_matching(
            by=request.auth,
            request=request,
            programme=programme,
            scope=scope,
            cross_enterprise=payload.cross_enterprise,
        )
    except (ValidationError, PermissionDenied) as err:
        return _problem(err)
    return Status(201, run)


@router.post(
    "/mentoring/match/{pk}/accept",
    response={201: list[PairOut], 400: Problem, 403: Problem},
    summary=_("采纳匹配方案（全部、部分或修改后），生成待审批的结对"),
)
def accept_match(request, pk: int, payload: AcceptIn):
    run = get_object_or_404(MatchRun.objects.select_related("scope"), pk=pk)
    if not Organisation.objects.editable_by(request.auth).filter(pk=run.scope_id).exists():
        return Status(403, {"detail": _("只能采纳本单位范围内的匹配方案")})
    try:
        pairs = services.accept_matching(
            by=request.auth,
            request=request,
            run=run,
            choices=payload.choices,
            starts_on=payload.starts_on,
        )
    except (ValidationError, PermissionDenied) as err:
        return _problem(err)
    return Status(201, pairs)
