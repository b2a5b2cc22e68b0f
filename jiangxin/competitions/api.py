import datetime
from decimal import Decimal

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from jiangxin.accounts.access import get_for_user, paths_q, reach_of
from jiangxin.audit.services import client_ip
from jiangxin.competitions import policies, services
from jiangxin.competitions.models import (
    Aspect,
    Competition,
    Delegation,
    Entry,
    Result,
)
from jiangxin.competitions.names import public_name as _public_name
from jiangxin.core.schemas import Id, Pagination, Problem
from jiangxin.workers.models import Worker

router = Router(tags=[_("技能竞赛")])


class ComponentOut(Schema):
    kind: str
    name: str
    weight: int
    rule: str
    locked: bool

    @staticmethod
    def resolve_locked(obj) -> bool:
        return obj.locked_at is not None


class CompetitionOut(Schema):
    id: int
    title: str
    level: str
    kind: str
    status: str
    organiser_id: int
    held_on: datetime.date
    components: list[ComponentOut]

    @staticmethod
    def resolve_components(obj) -> list:
        return list(obj.components.all())


class JudgeEntryOut(Schema):
    code: str
    order: int | None
    station: str


class ScoreIn(Schema):
    """A judgement's 0–3 (``value``) or a measurement's deduction; the deduction is taken as
    written (a number or text) and checked by the service like the page's: a finite number,
    not negative, at most the aspect's maximum — "NaN" or "inf" is refused in Chinese."""

    code: str = Field(max_length=12)
    aspect_id: Id
    value: int | None = None  # 0–3, checked by the service with its message
    deduction: Decimal | float | str | None = None


class ScoreOut(Schema):
    code: str
    aspect_id: int
    value: Decimal


class PublicResultOut(Schema):
    rank: int
    name: str
    enterprise: str
    delegation: str
    total: Decimal
    award: str


class EntryOut(Schema):
    id: int
    worker_id: int
    name: str
    enterprise: str
    delegation: str
    status: str
    code: str
    order: int | None
    station: str


class EntryIn(Schema):
    worker_id: Id


def _entry_out(e: Entry) -> dict:
    return {
        "id": e.pk,
        "worker_id": e.worker_id,
        "name": e.worker.name,
        "enterprise": e.worker.enterprise.name if e.worker.enterprise else "",
        "delegation": e.delegation.name if e.delegation else "",
        "status": e.status,
        "code": e.code,
        "order": e.order,
        "station": e.station,
    }


@router.get("/competitions", response=list[CompetitionOut], summary=_("可查看的竞赛"))
@paginate(Pagination, page_size=50)
def list_competitions(request):
    return (
        Competition.objects.visible_to(request.auth)
        .prefetch_related("components")
        .order_by("-held_on")
    )


@router.get("/competitions/{pk}", response=CompetitionOut, summary=_("一场竞赛"))
def get_competition(request, pk: Id):
    return get_for_user(Competition.objects, request.auth, pk=pk)


@router.get(
    "/competitions/{pk}/entries",
    response=list[EntryOut],
    summary=_("报名：主办方看全部，各单位看本单位的选手，职工看自己"),
)
@paginate(Pagination, page_size=100)
def list_entries(request, pk: Id):
    competition = get_for_user(Competition.objects.select_related("organiser"), request.auth, pk=pk)
    entries = (
        Entry.objects.visible_to(request.auth)
        .filter(competition=competition)
        .select_related("worker__enterprise", "delegation")
        .order_by("order", "pk")
    )
    if not policies.sees_organiser_side(request.auth, competition):
        # Names here: judges, who see the entries by code on their pages, get none of them.
        reach = reach_of(request.auth)
        entries = entries.filter(
            paths_q("worker__org_path", reach.view_paths) | Q(worker_id=reach.worker_id or 0)
        )
    return [_entry_out(e) for e in entries]


@router.post(
    "/competitions/{pk}/delegations/{team}/entries",
    response={201: EntryOut, 400: Problem, 403: Problem},
    summary=_("参赛队报名一名队员（检查参赛条件与名额）"),
)
def post_entry(request, pk: Id, team: Id, payload: EntryIn):
    competition = get_for_user(Competition.objects, request.auth, pk=pk)
    delegation = get_for_user(
        Delegation.objects.filter(competition=competition), request.auth, pk=team
    )
    worker = get_for_user(Worker.objects, request.auth, pk=payload.worker_id)
    entry = services.enter_worker(
        by=request.auth, ip=client_ip(request), delegation=delegation, worker=worker
    )
    return Status(
        201,
        _entry_out(
            Entry.objects.select_related("worker__enterprise", "delegation").get(pk=entry.pk)
        ),
    )


def _judged(request, pk: int) -> Competition:
    """The competition, for its judges only (404 for anyone else, as on the pages)."""
    if not policies.can_judge(request.auth, pk):
        raise Http404
    return get_for_user(Competition.objects, request.auth, pk=pk)


@router.get(
    "/judging/{pk}/entries",
    response=list[JudgeEntryOut],
    summary=_("裁判：选手加密号、出场顺序与工位"),
)
def judging_entries(request, pk: Id):
    competition = _judged(request, pk)
    return (
        Entry.objects.visible_to(request.auth)
        .filter(competition=competition, status=Entry.Status.APPROVED)
        .exclude(code="")
        .order_by("order")
    )


@router.post(
    "/judging/{pk}/scores",
    response={201: ScoreOut, 400: Problem, 403: Problem},
    summary=_("裁判：提交一项评分"),
)
def post_score(request, pk: Id, payload: ScoreIn):
    competition = _judged(request, pk)
    entry = get_for_user(
        Entry.objects.filter(competition=competition), request.auth, code=payload.code
    )
    aspect = get_for_user(
        Aspect.objects.filter(criterion__component__competition=competition),
        request.auth,
        pk=payload.aspect_id,
    )
    if aspect.kind == Aspect.Kind.JUDGEMENT:
        score = services.record_score(
            by=request.auth, ip=client_ip(request), entry=entry, aspect=aspect, value=payload.value
        )
    else:
        deduction = payload.deduction if payload.deduction is not None else Decimal(0)
        score = services.record_score(
            by=request.auth,
            ip=client_ip(request),
            entry=entry,
            aspect=aspect,
            outcome="deduct",
            deductions=[deduction],
        )
    return Status(201, {"code": entry.code, "aspect_id": aspect.pk, "value": score.value})


@router.get(
    "/results/{pk}",
    auth=None,
    response=list[PublicResultOut],
    summary=_("公示中的竞赛结果（公开，姓名按主办方设置脱敏）"),
)
def public_results(request, pk: Id):
    competition = get_object_or_404(Competition.objects.published(), pk=pk)
    return [
        {
            "rank": r.rank,
            "name": _public_name(competition, r.entry.worker.name),
            "enterprise": r.entry.worker.enterprise.name if r.entry.worker.enterprise else "",
            "delegation": r.entry.delegation.name if r.entry.delegation else "",
            "total": r.total,
            "award": r.award,
        }
        for r in Result.objects.filter(competition=competition)
        .select_related("entry__worker__enterprise", "entry__delegation")
        .order_by("rank", "entry__code")
    ]
