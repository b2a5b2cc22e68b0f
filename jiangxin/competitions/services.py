"""Competition workflows: set-up, lifecycle, delegations, entries, the draw."""

from __future__ import annotations

import random
import secrets
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiangxin.accounts.access import reach_of
from jiangxin.audit.models import AuditEntry
from jiangxin.audit.services import record
from jiangxin.competitions import eligibility
from jiangxin.competitions.marking import MarkingError, check_weights
from jiangxin.competitions.models import Competition, Component, Delegation, Entry
from jiangxin.organisations.models import Organisation
from jiangxin.workers.models import SkillLevel, Worker

S = Competition.Status
# Which status each step leaves from and arrives at. Scores lock and results publish in later steps.
TRANSITIONS = {
    "open_registration": (S.DRAFT, S.OPEN),
    "close_registration": (S.OPEN, S.CLOSED),
    "start": (S.DRAWN, S.RUNNING),
}


def _require_organiser(by, competition: Competition) -> None:
    if not reach_of(by).can_edit_path(competition.organiser.path):
        raise PermissionDenied(_("只有主办单位的工会管理员可以进行此操作"))


@transaction.atomic
def create_competition(
    *, by, request=None, organiser: Organisation, components: Sequence[dict], **fields
) -> Competition:
    """A competition in draft, with its components (kind, name, weight, rule); the weights must
    add up to 100, and the eligible workers must be inside the organiser's subtree."""
    if not reach_of(by).can_edit_path(organiser.path):
        raise PermissionDenied(_("您没有以该工会名义主办竞赛的权限"))
    try:
        check_weights({c["kind"]: c["weight"] for c in components})
    except MarkingError as err:
        raise ValidationError({"components": str(err)}) from None
    root = fields.setdefault("eligible_root", organiser)
    if not root.path.startswith(organiser.path):
        raise ValidationError({"eligible_root": _("参赛范围须在主办单位及其下属组织之内")})
    competition = Competition(organiser=organiser, **fields)
    competition.full_clean()
    competition.save()
    for order, spec in enumerate(components):
        component = Component(competition=competition, order=order, **spec)
        component.full_clean()
        component.save()
    record(
        action=AuditEntry.Action.CREATE,
        actor=by,
        request=request,
        obj=competition,
        org_path=organiser.path,
    )
    return competition


@transaction.atomic
def transition(*, by, request=None, competition: Competition, step: str) -> Competition:
    competition = Competition.objects.select_for_update().get(pk=competition.pk)
    _require_organiser(by, competition)
    source, target = TRANSITIONS[step]
    if competition.status != source:
        raise ValidationError(
            _("竞赛当前为“{now}”，不能进行此操作（需为“{need}”）").format(
                now=competition.get_status_display(), need=S(source).label
            )
        )
    _set_status(competition, target, by=by, request=request)
    return competition


def _set_status(competition: Competition, target: str, *, by, request=None, **extra) -> None:
    before = competition.status
    competition.status = target
    competition.save(update_fields=["status", *extra])
    record(
        action=AuditEntry.Action.UPDATE,
        actor=by,
        request=request,
        obj=competition,
        org_path=competition.organiser.path,
        changes={"status": [before, target], **extra},
    )


@transaction.atomic
def create_delegation(
    *,
    by,
    request=None,
    competition: Competition,
    organisation: Organisation,
    name: str,
    leader: Worker | None = None,
) -> Delegation:
    """A union node's team (安海镇代表队); its admins, or the organiser, set it up."""
    reach = reach_of(by)
    if not (
        reach.can_edit_path(organisation.path) or reach.can_edit_path(competition.organiser.path)
    ):
        raise PermissionDenied(_("只有该单位或主办单位的工会管理员可以组建参赛队"))
    if not organisation.path.startswith(competition.eligible_root.path):
        raise ValidationError({"organisation": _("该单位不在本次竞赛的参赛范围内")})
    delegation = Delegation(
        competition=competition, organisation=organisation, name=name.strip(), leader=leader
    )
    delegation.full_clean()
    delegation.save()
    record(
        action=AuditEntry.Action.CREATE,
        actor=by,
        request=request,
        obj=delegation,
        org_path=organisation.path,
    )
    return delegation


def rules_of(competition: Competition) -> eligibility.Rules:
    return eligibility.Rules(
        subtree_path=competition.eligible_root.path,
        gender=competition.gender,
        employment_forms=frozenset(competition.employment_forms),
        front_line_only=competition.front_line_only,
        min_level=competition.min_level,
        max_level=competition.max_level,
        min_age=competition.min_age,
        max_age=competition.max_age,
        occupation_id=competition.occupation_id if competition.same_occupation else None,
        level_names={k: str(v) for k, v in SkillLevel.choices},
        gender_names={k: str(v) for k, v in Worker.Gender.choices},
    )


def facts_of(worker: Worker) -> eligibility.WorkerFacts:
    return eligibility.WorkerFacts(
        org_path=worker.org_path,
        gender=worker.gender,
        employment_form=worker.employment_form,
        front_line=worker.front_line,
        skill_level=worker.skill_level,
        birth_date=worker.birth_date,
        occupation_id=worker.occupation_id,
    )


def _check_open(competition: Competition) -> None:
    now = timezone.now()
    if competition.status != S.OPEN or not (
        competition.registration_opens <= now <= competition.registration_closes
    ):
        raise ValidationError(
            _("不在报名时间内：报名时间为 {start} 至 {end}").format(
                start=timezone.localtime(competition.registration_opens).strftime("%Y-%m-%d %H:%M"),
                end=timezone.localtime(competition.registration_closes).strftime("%Y-%m-%d %H:%M"),
            )
        )


def _check_eligible(competition: Competition, worker: Worker) -> None:
    found = eligibility.problems(facts_of(worker), rules_of(competition), on=competition.held_on)
    if found:
        raise ValidationError(
            _("{name}不能参赛：{reasons}").format(name=worker.name, reasons="；".join(found))
        )


@transaction.atomic
def enter_worker(*, by, request=None, delegation: Delegation, worker: Worker) -> Entry:
    """A delegation enters one of its members: eligibility and the quota are checked; two
    admins filling the last place at once cannot both succeed (the delegation row is locked)."""
    delegation = (
        Delegation.objects.select_for_update()
        .select_related("competition", "organisation")
        .get(pk=delegation.pk)
    )
    competition = delegation.competition
    if not reach_of(by).can_edit_path(delegation.organisation.path):
        raise PermissionDenied(_("只有该参赛队所属单位的工会管理员可以报名"))
    _check_open(competition)
    if not worker.org_path.startswith(delegation.organisation.path):
        raise ValidationError(
            _("{name}不属于{team}所代表的单位").format(name=worker.name, team=delegation.name)
        )
    _check_eligible(competition, worker)
    taken = delegation.entries.exclude(status=Entry.Status.WITHDRAWN).count()
    if taken >= competition.quota_per_delegation:
        raise ValidationError(
            _("{team}的名额已满（每队 {quota} 人），请先退出一名队员再报名").format(
                team=delegation.name, quota=competition.quota_per_delegation
            )
        )
    return _create_entry(
        by=by,
        request=request,
        competition=competition,
        worker=worker,
        delegation=delegation,
        status=Entry.Status.APPROVED,
    )


@transaction.atomic
def enter_self(*, by, request=None, competition: Competition) -> Entry:
    """A worker enters alone, where the competition allows; their union approves."""
    worker = Worker.objects.filter(account=by).first()
    if worker is None:
        raise PermissionDenied(_("请先完成职工注册并通过审核"))
    if not competition.allow_individual:
        raise ValidationError(_("本次竞赛只接受参赛队报名，请联系所在工会"))
    competition = Competition.objects.select_for_update().get(pk=competition.pk)
    _check_open(competition)
    _check_eligible(competition, worker)
    return _create_entry(
        by=by,
        request=request,
        competition=competition,
        worker=worker,
        delegation=None,
        status=Entry.Status.PENDING,
    )


def _create_entry(*, by, request, competition, worker, delegation, status) -> Entry:
    entry = Entry(
        competition=competition, worker=worker, delegation=delegation, status=status, entered_by=by
    )
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError:
        raise ValidationError(_("{name}已经报名本次竞赛").format(name=worker.name)) from None
    record(
        action=AuditEntry.Action.CREATE,
        actor=by,
        request=request,
        obj=entry,
        object_repr=f"{competition.title}：{worker.name}",
        org_path=worker.org_path,
    )
    return entry


@transaction.atomic
def approve_entry(*, by, request=None, entry: Entry) -> Entry:
    entry = (
        Entry.objects.select_for_update().select_related("worker", "competition").get(pk=entry.pk)
    )
    if not reach_of(by).can_edit_path(entry.worker.org_path):
        raise PermissionDenied(_("只有该职工所属工会的管理员可以审核报名"))
    if entry.status != Entry.Status.PENDING:
        raise ValidationError(_("该报名不是待审核状态"))
    _check_open(entry.competition)
    entry.status = Entry.Status.APPROVED
    entry.save(update_fields=["status"])
    record(
        action=AuditEntry.Action.APPROVE,
        actor=by,
        request=request,
        obj=entry,
        org_path=entry.worker.org_path,
    )
    return entry


def draw_lots(entry_ids: Sequence[int], seed: str) -> dict[int, tuple[str, int, str]]:
    """Codes, order and stations by lot, reproducibly from ``seed``: entry id → (code, order,
    station). The code says nothing about order, station or team: two independent shuffles."""
    rng = random.Random(seed)
    ids = sorted(entry_ids)
    codes = list(range(1, len(ids) + 1))
    rng.shuffle(codes)
    order = list(range(1, len(ids) + 1))
    rng.shuffle(order)
    width = max(3, len(str(len(ids))))
    return {
        entry_id: (f"A{code:0{width}d}", position, _("{n}号工位").format(n=position))
        for entry_id, code, position in zip(ids, codes, order, strict=True)
    }


@transaction.atomic
def draw(*, by, request=None, competition: Competition, seed: str | None = None) -> Competition:
    """检录抽签: after registration closes, every approved entry gets its code, order and
    station; the seed is recorded so anyone can repeat the draw."""
    competition = Competition.objects.select_for_update().get(pk=competition.pk)
    _require_organiser(by, competition)
    if competition.status != S.CLOSED:
        raise ValidationError(_("报名截止后才能抽签"))
    entries = list(
        competition.entries.filter(status=Entry.Status.APPROVED).values_list("pk", flat=True)
    )
    if not entries:
        raise ValidationError(_("没有已报名的选手，不能抽签"))
    seed = seed or secrets.token_hex(16)
    lots = draw_lots(entries, seed)
    rows = list(Entry.objects.filter(pk__in=entries))
    for row in rows:
        row.code, row.order, row.station = lots[row.pk]
    Entry.objects.bulk_update(rows, ["code", "order", "station"])
    competition.draw_seed = seed
    _set_status(competition, S.DRAWN, by=by, request=request, draw_seed=seed)
    return competition
