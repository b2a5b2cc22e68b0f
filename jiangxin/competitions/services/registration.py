"""Registration: delegations and their leaders, entries by a team or by the worker alone, the
eligibility rules, and the union's approval. An entry is only made inside the registration
window, for an eligible worker, within the team's quota (two admins filling the last place at
once cannot both succeed), once per worker; every step is audited."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiangxin.audit.models import AuditEntry
from jiangxin.audit.services import delete_audited, record, save_audited
from jiangxin.competitions import eligibility, lifecycle, policies
from jiangxin.competitions.models import (
    Competition,
    Delegation,
    Entry,
)
from jiangxin.competitions.services._common import S
from jiangxin.organisations.models import Organisation
from jiangxin.workers.models import SkillLevel, Worker

if TYPE_CHECKING:
    from jiangxin.accounts.models import User


@transaction.atomic
def create_delegation(
    *,
    by: User,
    ip: str | None = None,
    competition: Competition,
    organisation: Organisation,
    name: str,
    leader: Worker | None = None,
) -> Delegation:
    """A union node's team (安海镇代表队); its admins, or the organiser, set it up."""
    if not policies.can_form_delegation(by, competition, organisation):
        raise PermissionDenied(_("只有该单位或主办单位的工会管理员可以组建参赛队"))
    if not organisation.path.startswith(competition.eligible_root.path):
        raise ValidationError({"organisation": _("该单位不在本次竞赛的参赛范围内")})
    return save_audited(
        Delegation(
            competition=competition, organisation=organisation, name=name.strip(), leader=leader
        ),
        by=by,
        ip=ip,
        org_path=organisation.path,
    )


@transaction.atomic
def set_leader(
    *, by: User, ip: str | None = None, delegation: Delegation, worker: Worker | None
) -> Delegation:
    """The team's leader (领队), who may appeal for its members: a worker of the union the team
    represents, named by that union's admins or the organiser's."""
    delegation = (
        Delegation.objects.select_for_update()
        .select_related("competition__organiser", "organisation")
        .get(pk=delegation.pk)
    )
    if not policies.can_manage_delegation(by, delegation):
        raise PermissionDenied(_("只有该单位或主办单位的工会管理员可以指定领队"))
    frozen = lifecycle.team_frozen(delegation.competition)
    if frozen:
        raise ValidationError(frozen)
    if worker is not None and not worker.org_path.startswith(delegation.organisation.path):
        raise ValidationError(
            _("{name}不属于{team}所代表的单位").format(name=worker.name, team=delegation.name)
        )
    delegation.leader = worker
    delegation.save(update_fields=["leader"])
    record(
        action=AuditEntry.Action.UPDATE,
        actor=by,
        ip=ip,
        obj=delegation,
        org_path=delegation.organisation.path,
        changes={"leader": worker.name if worker else ""},
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


def _delegation_to_enter(by: User, delegation: Delegation) -> Delegation:
    """The delegation's row, locked (two admins filling the last places wait for each other),
    once ``by`` may enter its members and registration is open."""
    delegation = (
        Delegation.objects.select_for_update()
        .select_related("competition__organiser", "organisation")
        .get(pk=delegation.pk)
    )
    if not policies.can_enter_members(by, delegation):
        raise PermissionDenied(_("只有该参赛队所属单位的工会管理员可以报名"))
    _check_open(delegation.competition)
    return delegation


@transaction.atomic
def enter_worker(
    *, by: User, ip: str | None = None, delegation: Delegation, worker: Worker
) -> Entry:
    """A delegation enters one of its members: eligibility and the quota are checked; two
    admins filling the last place at once cannot both succeed (the delegation row is locked)."""
    delegation = _delegation_to_enter(by, delegation)
    competition = delegation.competition
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
        ip=ip,
        competition=competition,
        worker=worker,
        delegation=delegation,
        status=Entry.Status.APPROVED,
    )


@transaction.atomic
def enter_self(*, by: User, ip: str | None = None, competition: Competition) -> Entry:
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
        ip=ip,
        competition=competition,
        worker=worker,
        delegation=None,
        status=Entry.Status.PENDING,
    )


def _create_entry(*, by: User, ip: str | None, competition, worker, delegation, status) -> Entry:
    entry = Entry(
        competition=competition, worker=worker, delegation=delegation, status=status, entered_by=by
    )
    return save_audited(
        entry,
        by=by,
        ip=ip,
        clean=False,
        object_repr=f"{competition.title}：{worker.name}",
        org_path=worker.org_path,
        duplicate=ValidationError(_("{name}已经报名本次竞赛").format(name=worker.name)),
    )


@transaction.atomic
def approve_entry(*, by: User, ip: str | None = None, entry: Entry) -> Entry:
    entry = (
        Entry.objects.select_for_update().select_related("worker", "competition").get(pk=entry.pk)
    )
    if not policies.can_approve_entry(by, entry):
        raise PermissionDenied(_("只有该职工所属工会的管理员可以审核报名"))
    if entry.status != Entry.Status.PENDING:
        raise ValidationError(_("该报名不是待审核状态"))
    _check_open(entry.competition)
    entry.status = Entry.Status.APPROVED
    entry.save(update_fields=["status"])
    record(
        action=AuditEntry.Action.APPROVE,
        actor=by,
        ip=ip,
        obj=entry,
        org_path=entry.worker.org_path,
    )
    return entry


def eligibility_problems(competition: Competition, worker: Worker) -> list[str]:
    """Why a worker may not enter (empty when they may)."""
    return eligibility.problems(facts_of(worker), rules_of(competition), on=competition.held_on)


@transaction.atomic
def enter_workers(
    *, by: User, ip: str | None = None, delegation: Delegation, workers: list[Worker]
) -> list[Entry]:
    """A delegation enters several of its members in one step: all or nothing. The delegation
    row is locked, then the window, each worker's union and eligibility, and the quota for all
    of them together are checked; one problem and nobody is entered."""
    delegation = _delegation_to_enter(by, delegation)
    competition = delegation.competition
    if not workers:
        raise ValidationError({"workers": _("请勾选要报名的职工")})
    problems = []
    entered = set(
        Entry.objects.filter(competition=competition, worker__in=workers).values_list(
            "worker_id", flat=True
        )
    )
    for worker in workers:
        if not worker.org_path.startswith(delegation.organisation.path):
            problems.append(
                _("{name}不属于{team}所代表的单位").format(name=worker.name, team=delegation.name)
            )
        elif worker.pk in entered:
            problems.append(_("{name}已经报名本次竞赛").format(name=worker.name))
        else:
            found = eligibility_problems(competition, worker)
            if found:
                problems.append(
                    _("{name}不能参赛：{reasons}").format(
                        name=worker.name, reasons="；".join(found)
                    )
                )
    taken = delegation.entries.exclude(status=Entry.Status.WITHDRAWN).count()
    left = competition.quota_per_delegation - taken
    if len(workers) > left:
        problems.append(
            _("{team}还剩 {left} 个名额（每队 {quota} 人），勾选了 {n} 人，请减少勾选").format(
                team=delegation.name,
                left=max(left, 0),
                quota=competition.quota_per_delegation,
                n=len(workers),
            )
        )
    if problems:
        raise ValidationError({"workers": problems})
    return [
        _create_entry(
            by=by,
            ip=ip,
            competition=competition,
            worker=worker,
            delegation=delegation,
            status=Entry.Status.APPROVED,
        )
        for worker in workers
    ]


@transaction.atomic
def remove_entry(*, by: User, ip: str | None = None, entry: Entry) -> None:
    """Take a member off the team, until registration closes (the entry is deleted; a leader
    who was this member is unset)."""
    current = (
        Entry.objects.select_related("worker", "delegation__organisation", "competition__organiser")
        .filter(pk=entry.pk)
        .first()
    )
    if current is None:  # removed in another tab a moment ago
        return
    entry = current
    delegation = Delegation.objects.select_for_update().get(pk=entry.delegation_id)
    delegation.competition = entry.competition
    delegation.organisation = entry.delegation.organisation
    if not policies.can_manage_delegation(by, delegation):
        raise PermissionDenied(_("只有该单位或主办单位的工会管理员可以调整队员"))
    frozen = lifecycle.team_frozen(entry.competition)
    if frozen:
        raise ValidationError(frozen)
    if delegation.leader_id == entry.worker_id:
        delegation.leader = None
        delegation.save(update_fields=["leader"])
    delete_audited(entry, by=by, ip=ip, org_path=entry.worker.org_path)
