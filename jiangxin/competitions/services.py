"""Competition workflows: set-up, lifecycle, delegations, entries, the draw."""

from __future__ import annotations

import datetime
import random
import secrets
from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from jiangxin.accounts.access import reach_of
from jiangxin.audit.models import AuditEntry
from jiangxin.audit.services import record
from jiangxin.competitions import aggregates, eligibility
from jiangxin.competitions.marking import (
    AwardRule,
    MarkingError,
    TeamRow,
    TieBreaker,
    awards,
    cents,
    check_judgement_score,
    check_weights,
    default_points,
    judgement_mark,
    mean_cents,
    measurement_mark,
    rank,
    share_of_100,
    spread_exceeded,
    team_table,
    trimmed_mean,
    weighted_total,
)
from jiangxin.competitions.marking import Entry as RankEntry
from jiangxin.competitions.models import (
    Appeal,
    Aspect,
    Certificate,
    Competition,
    Component,
    Criterion,
    Delegation,
    Entry,
    ExamScore,
    JudgeAssignment,
    Remark,
    Result,
    Score,
)
from jiangxin.mentoring.models import Pair
from jiangxin.organisations.models import Organisation
from jiangxin.workers.models import SkillLevel, Worker

S = Competition.Status
# Which status each step leaves from and arrives at. Scores lock and results publish in later steps.
TRANSITIONS = {
    "open_registration": (S.DRAFT, S.OPEN),
    "close_registration": (S.OPEN, S.CLOSED),
    "start": (S.DRAWN, S.RUNNING),
}
PUBLICITY_DAYS = 5  # 公示期, in calendar days; a call may set its own


def _log(competition: Competition, *, by, request, action: str, obj, **fields) -> None:
    """An audit entry for a step of this competition, in the organiser's subtree."""
    record(
        action=action,
        actor=by,
        request=request,
        obj=obj,
        org_path=competition.organiser.path,
        **fields,
    )


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
    _log(
        competition,
        by=by,
        request=request,
        action=AuditEntry.Action.UPDATE,
        obj=competition,
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


@transaction.atomic
def set_leader(*, by, request=None, delegation: Delegation, worker: Worker | None) -> Delegation:
    """The team's leader (领队), who may appeal for its members: a worker of the union the team
    represents, named by that union's admins or the organiser's."""
    delegation = (
        Delegation.objects.select_for_update()
        .select_related("competition__organiser", "organisation")
        .get(pk=delegation.pk)
    )
    reach = reach_of(by)
    if not (
        reach.can_edit_path(delegation.organisation.path)
        or reach.can_edit_path(delegation.competition.organiser.path)
    ):
        raise PermissionDenied(_("只有该单位或主办单位的工会管理员可以指定领队"))
    if worker is not None and not worker.org_path.startswith(delegation.organisation.path):
        raise ValidationError(
            _("{name}不属于{team}所代表的单位").format(name=worker.name, team=delegation.name)
        )
    delegation.leader = worker
    delegation.save(update_fields=["leader"])
    record(
        action=AuditEntry.Action.UPDATE,
        actor=by,
        request=request,
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


# --- marking scheme and judging -----------------------------------------------------------


@transaction.atomic
def add_aspect(
    *,
    by,
    component: Component,
    criterion: str,
    kind: str,
    description: str,
    max_mark,
    descriptors: Sequence[str] = (),
) -> Aspect:
    """Add an aspect to a component's marking scheme (before the competition starts)."""
    competition = Competition.objects.select_for_update().get(pk=component.competition_id)
    _require_organiser(by, competition)
    if competition.status not in (S.DRAFT, S.OPEN, S.CLOSED, S.DRAWN):
        raise ValidationError(_("比赛开始后不能修改评分标准"))
    if kind == Aspect.Kind.JUDGEMENT and len(descriptors) != 4:
        raise ValidationError(_("评价分须为 0、1、2、3 四个分档各写一条描述"))
    crit, _created = Criterion.objects.get_or_create(
        component=component, name=criterion.strip(), defaults={"order": component.criteria.count()}
    )
    aspect = Aspect(
        criterion=crit,
        kind=kind,
        description=description.strip(),
        max_mark=max_mark,
        descriptors=list(descriptors),
        order=crit.aspects.count(),
    )
    aspect.full_clean()
    aspect.save()
    return aspect


@transaction.atomic
def appoint_judge(
    *,
    by,
    request=None,
    competition: Competition,
    user,
    role: str = JudgeAssignment.Role.JUDGE,
    component: Component | None = None,
    stations: Sequence[int] = (),
) -> JudgeAssignment:
    _require_organiser(by, competition)
    assignment = JudgeAssignment(
        competition=competition,
        user=user,
        role=role,
        component=component,
        stations=sorted({int(s) for s in stations}),
    )
    assignment.full_clean()
    assignment.save()
    _log(
        competition,
        by=by,
        request=request,
        action=AuditEntry.Action.CREATE,
        obj=assignment,
        object_repr=f"{competition.title}：{user}（{assignment.get_role_display()}）",
    )
    return assignment


def exclusion_reason(judge, entry: Entry) -> str | None:
    """执裁回避: why this judge may not mark this entry, or None. A judge on the roster may not
    mark a contestant of their own enterprise or of the delegation their union belongs to, nor
    one they are or were linked to as master or apprentice (名师带高徒, in any state)."""
    judge_worker = Worker.objects.filter(account=judge).first()
    if judge_worker is None:
        return None
    contestant = entry.worker
    if judge_worker.pk == contestant.pk:
        return _("裁判不能为自己评分")
    if judge_worker.enterprise_id and judge_worker.enterprise_id == contestant.enterprise_id:
        return _("裁判与选手同属一个企业，须回避")
    if entry.delegation_id and judge_worker.org_path.startswith(entry.delegation.organisation.path):
        return _("裁判属于该选手所在参赛队的单位，须回避")
    link = Pair.objects.between(judge_worker, contestant).first()
    if link is not None:
        return (
            _("裁判是该选手的师傅，须回避")
            if link.master_id == judge_worker.pk
            else _("裁判是该选手的徒弟，须回避")
        )
    return None


def _assignment(
    judge, competition: Competition, component: Component, entry: Entry
) -> JudgeAssignment:
    assignments = list(
        JudgeAssignment.objects.filter(competition=competition, user=judge).filter(
            Q(component__isnull=True) | Q(component=component)
        )
    )
    if not assignments:
        raise PermissionDenied(_("您不是该竞赛该项目的裁判，不能评分"))
    for assignment in assignments:
        if assignment.covers(entry):
            return assignment
    raise PermissionDenied(
        _("{code}在{station}，不在您执裁的工位").format(code=entry.code, station=entry.station)
    )


@transaction.atomic
def record_score(
    *,
    by,
    entry: Entry,
    aspect: Aspect,
    value: int | None = None,
    outcome: str = "",
    deductions: Sequence = (),
) -> Score:
    """A judge's mark for one aspect of one entry. A later mark by the same judge replaces the
    earlier one, which stays in the history."""
    entry = Entry.objects.select_related("competition", "worker", "delegation__organisation").get(
        pk=entry.pk
    )
    aspect = Aspect.objects.select_related("criterion__component").get(pk=aspect.pk)
    component = aspect.criterion.component
    competition = entry.competition
    if component.competition_id != competition.pk:
        raise ValidationError(_("该评分要点不属于这位选手参加的竞赛"))
    _assignment(by, competition, component, entry)
    if competition.status != S.RUNNING:
        raise ValidationError(
            _("比赛未在进行中，不能评分（当前：{status}）").format(
                status=competition.get_status_display()
            )
        )
    if component.locked_at is not None:
        raise ValidationError(
            _("“{name}”的成绩已由裁判长锁定，如需更改请通过申诉复核").format(name=component.name)
        )
    if entry.status != Entry.Status.APPROVED or not entry.code:
        raise ValidationError(_("该选手未完成检录，不能评分"))
    reason = exclusion_reason(by, entry)
    if reason:
        raise PermissionDenied(reason)
    try:
        if aspect.kind == Aspect.Kind.JUDGEMENT:
            mark = cents(Decimal(check_judgement_score(value)))
            outcome, deductions = "", []
        else:
            deductions = [Decimal(str(d)) for d in deductions]
            mark = measurement_mark(aspect.max_mark, outcome=outcome, deductions=deductions)
    except (MarkingError, ArithmeticError, ValueError) as err:
        raise ValidationError(str(err)) from None
    Score.objects.select_for_update().filter(
        aspect=aspect, entry=entry, judge=by, current=True
    ).update(current=False)
    return Score.objects.create(
        aspect=aspect,
        entry=entry,
        judge=by,
        value=mark,
        outcome=outcome,
        deductions=[str(d) for d in deductions],
    )


def spread_flags(competition: Competition) -> list[tuple[Entry, Aspect, list[int]]]:
    """Judgement aspects whose judges' scores are further apart than allowed: to be discussed
    and re-scored before the chief judge can lock."""
    scores: dict[tuple[int, int], list[int]] = {}
    for entry_id, aspect_id, value in Score.objects.filter(
        entry__competition=competition, current=True, aspect__kind=Aspect.Kind.JUDGEMENT
    ).values_list("entry_id", "aspect_id", "value"):
        scores.setdefault((entry_id, aspect_id), []).append(int(value))
    flagged = [
        (key, values)
        for key, values in scores.items()
        if spread_exceeded(values, competition.allowed_spread)
    ]
    entries = Entry.objects.in_bulk([k[0] for k, _v in flagged])
    aspects = Aspect.objects.in_bulk([k[1] for k, _v in flagged])
    return [(entries[e], aspects[a], values) for (e, a), values in flagged]


# --- exam marks, locks, results --------------------------------------------------------------


@transaction.atomic
def record_exam_score(
    *, by, entry: Entry, component: Component, score, source: str = ExamScore.Source.PAPER
) -> ExamScore:
    """A theory score out of 100 (a paper exam's mark, entered by the organiser or a judge)."""
    component = Component.objects.select_related("competition__organiser").get(pk=component.pk)
    competition = component.competition
    if not (
        reach_of(by).can_edit_path(competition.organiser.path)
        or JudgeAssignment.objects.filter(competition=competition, user=by).exists()
    ):
        raise PermissionDenied(_("只有主办单位管理员或本竞赛的裁判可以录入考试成绩"))
    if component.rule != Component.Rule.EXAM:
        raise ValidationError(_("“{name}”不是考试项目").format(name=component.name))
    if entry.competition_id != competition.pk:
        raise ValidationError(_("该选手不属于本竞赛"))
    if competition.status != S.RUNNING or component.locked_at is not None:
        raise ValidationError(
            _("“{name}”现在不能录入成绩（比赛未进行或成绩已锁定）").format(name=component.name)
        )
    try:
        value = Decimal(str(score))
    except ArithmeticError:
        raise ValidationError(_("成绩应为 0–100 之间的数字")) from None
    if not Decimal(0) <= value <= Decimal(100):
        raise ValidationError(_("成绩应为 0–100 之间的数字，收到 {score}").format(score=score))
    return store_exam_score(entry=entry, component=component, score=value, source=source, by=by)


def store_exam_score(
    *, entry: Entry, component: Component, score: Decimal, source: str, by
) -> ExamScore:
    """The entry's current exam score becomes ``score``; the previous one is kept, retired.
    Callers check who may record it (``record_exam_score``; the online exam's submission)."""
    ExamScore.objects.select_for_update().filter(
        entry=entry, component=component, current=True
    ).update(current=False)
    return ExamScore.objects.create(
        entry=entry, component=component, score=cents(score), source=source, recorded_by=by
    )


def _entries(competition: Competition):
    return competition.entries.filter(status=Entry.Status.APPROVED).exclude(code="")


def missing_marks(component: Component) -> list[str]:
    """What is still missing before the component can be locked, as Chinese sentences."""
    entries = list(_entries(component.competition).values_list("pk", "code"))
    problems: list[str] = []
    if component.rule == Component.Rule.EXAM:
        have = set(
            ExamScore.objects.filter(component=component, current=True).values_list(
                "entry_id", flat=True
            )
        )
        lacking = [code for pk, code in entries if pk not in have]
        if lacking:
            problems.append(
                _("以下选手没有{name}成绩：{codes}").format(
                    name=component.name, codes="、".join(lacking[:10])
                )
            )
        return problems
    aspects = list(Aspect.objects.filter(criterion__component=component).values_list("pk", "kind"))
    counts: dict[tuple[int, int], int] = {}
    for entry_id, aspect_id in Score.objects.filter(
        aspect__criterion__component=component, current=True
    ).values_list("entry_id", "aspect_id"):
        counts[(entry_id, aspect_id)] = counts.get((entry_id, aspect_id), 0) + 1
    need = {Aspect.Kind.JUDGEMENT: 3, Aspect.Kind.MEASUREMENT: 1}
    if component.rule == Component.Rule.TRIMMED:
        need = {Aspect.Kind.JUDGEMENT: 3, Aspect.Kind.MEASUREMENT: 3}
    lacking = sorted(
        {
            code
            for pk, code in entries
            for aspect_id, kind in aspects
            if counts.get((pk, aspect_id), 0) < need[kind]
        }
    )
    if lacking:
        problems.append(_("以下选手的评分不完整：{codes}").format(codes="、".join(lacking[:10])))
    flagged = [
        e.code
        for e, a, _v in spread_flags(component.competition)
        if a.criterion.component_id == component.pk
    ]
    if flagged:
        problems.append(
            _("以下选手的评价分分差超出允许范围，须裁判合议后重新评分：{codes}").format(
                codes="、".join(sorted(set(flagged))[:10])
            )
        )
    return problems


@transaction.atomic
def lock_component(*, by, request=None, component: Component) -> Component:
    """The chief judge locks a component once every mark is in and no spread is flagged; when
    every component is locked the competition's scores are locked."""
    component = (
        Component.objects.select_for_update()
        .select_related("competition__organiser")
        .get(pk=component.pk)
    )
    competition = component.competition
    if not JudgeAssignment.objects.filter(
        competition=competition, user=by, role=JudgeAssignment.Role.CHIEF
    ).exists():
        raise PermissionDenied(_("只有裁判长可以锁定成绩"))
    if competition.status != S.RUNNING:
        raise ValidationError(_("比赛未在进行中，不能锁定成绩"))
    if component.locked_at is not None:
        raise ValidationError(_("“{name}”已经锁定").format(name=component.name))
    problems = missing_marks(component)
    if problems:
        raise ValidationError(problems)
    component.locked_at = timezone.now()
    component.save(update_fields=["locked_at"])
    _log(
        competition,
        by=by,
        request=request,
        action=AuditEntry.Action.UPDATE,
        obj=component,
        object_repr=f"{competition.title}：{component.name}",
        changes={"locked": True},
    )
    if not competition.components.filter(locked_at__isnull=True).exists():
        # The last lock ends the competition: the appeal window runs from here.
        ended = Competition.objects.select_for_update().get(pk=competition.pk)
        ended.ended_at = timezone.now()
        _set_status(ended, S.LOCKED, by=by, request=request, ended_at=ended.ended_at.isoformat())
    return component


def component_scores(
    competition: Competition,
    *,
    marks_override: dict[tuple[int, int, int], Decimal] | None = None,
    exam_override: dict[tuple[int, int], Decimal] | None = None,
) -> dict[int, dict[str, Decimal]]:
    """entry id → {component kind: score out of 100}, from the current marks; the overrides
    ((entry, aspect, judge) → mark, (entry, component) → exam score) replace marks in memory,
    for previewing a re-mark.

    The database sums the judged components (``aggregates``); the entries a re-mark touches
    are computed again in Python from their marks with the overrides applied."""
    components = list(competition.components.all())
    entry_ids = list(_entries(competition).values_list("pk", flat=True))
    out: dict[int, dict[str, Decimal]] = {pk: {} for pk in entry_ids}
    tops = _component_tops(competition)
    by_rule: dict[str, list[int]] = {}
    for component in components:
        by_rule.setdefault(component.rule, []).append(component.pk)
    kinds = {c.pk: c.kind for c in components}
    for component in components:
        if component.rule == Component.Rule.SCHEME and tops.get(component.pk):
            for entry_id in entry_ids:
                out[entry_id][component.kind] = Decimal("0.00")
    for (entry_id, component_id), marks_c in aggregates.scheme_marks(
        competition.pk, by_rule.get(Component.Rule.SCHEME, [])
    ).items():
        if entry_id in out and tops.get(component_id):
            out[entry_id][kinds[component_id]] = share_of_100(
                Decimal(marks_c) / 100, tops[component_id]
            )
    for (entry_id, component_id), totals in aggregates.judge_totals(
        competition.pk, by_rule.get(Component.Rule.TRIMMED, [])
    ).items():
        if entry_id in out and tops.get(component_id) and len(totals) >= 3:
            out[entry_id][kinds[component_id]] = share_of_100(
                trimmed_mean(totals), tops[component_id]
            )
    for component_id in by_rule.get(Component.Rule.EXAM, []):
        for entry_id, score in ExamScore.objects.filter(
            component_id=component_id, current=True
        ).values_list("entry_id", "score"):
            if entry_id in out:
                out[entry_id][kinds[component_id]] = score
    for (entry_id, component_id), score in (exam_override or {}).items():
        if entry_id in out and kinds.get(component_id):
            out[entry_id][kinds[component_id]] = score
    touched = {entry_id for entry_id, _a, _j in (marks_override or {}) if entry_id in out}
    if touched:
        for entry_id, parts in judged_scores_in_python(
            competition, entry_ids=sorted(touched), marks_override=marks_override
        ).items():
            out[entry_id].update(parts)
    return out


def _component_tops(competition: Competition) -> dict[int, Decimal]:
    """component id → the sum of its aspects' maximum marks."""
    tops: dict[int, Decimal] = {}
    for component_id, max_mark in Aspect.objects.filter(
        criterion__component__competition=competition
    ).values_list("criterion__component_id", "max_mark"):
        tops[component_id] = tops.get(component_id, Decimal(0)) + max_mark
    return tops


def judged_scores_in_python(
    competition: Competition,
    *,
    entry_ids: Sequence[int],
    marks_override: dict[tuple[int, int, int], Decimal] | None = None,
) -> dict[int, dict[str, Decimal]]:
    """The judged components' scores of ``entry_ids`` from their marks, in Python with
    ``marking`` — the reference the database sums are tested against, and the path a re-mark
    preview takes."""
    out: dict[int, dict[str, Decimal]] = {pk: {} for pk in entry_ids}
    aspects = list(
        Aspect.objects.filter(criterion__component__competition=competition).select_related(
            "criterion"
        )
    )
    marks: dict[tuple[int, int], list[tuple[int, Decimal]]] = {}
    for entry_id, aspect_id, judge_id, value in Score.objects.filter(
        entry_id__in=list(entry_ids), current=True
    ).values_list("entry_id", "aspect_id", "judge_id", "value"):
        marks.setdefault((entry_id, aspect_id), []).append((judge_id, value))
    for (entry_id, aspect_id, judge_id), value in (marks_override or {}).items():
        if entry_id not in out:
            continue
        kept = [(j, v) for j, v in marks.get((entry_id, aspect_id), []) if j != judge_id]
        marks[(entry_id, aspect_id)] = [*kept, (judge_id, value)]
    for component in competition.components.exclude(rule=Component.Rule.EXAM):
        mine = [a for a in aspects if a.criterion.component_id == component.pk]
        top = sum((a.max_mark for a in mine), Decimal(0))
        if not top:
            continue
        for entry_id in entry_ids:
            if component.rule == Component.Rule.TRIMMED:
                per_judge: dict[int, Decimal] = {}
                for a in mine:
                    for judge_id, value in marks.get((entry_id, a.pk), []):
                        per_judge[judge_id] = per_judge.get(judge_id, Decimal(0)) + value
                if len(per_judge) >= 3:
                    out[entry_id][component.kind] = share_of_100(
                        trimmed_mean(list(per_judge.values())), top
                    )
                continue
            total = Decimal(0)
            for a in mine:
                values = [v for _j, v in marks.get((entry_id, a.pk), [])]
                if not values:
                    continue
                if a.kind == Aspect.Kind.JUDGEMENT:
                    total += judgement_mark(a.max_mark, [int(v) for v in values])
                else:
                    total += mean_cents(values)
            out[entry_id][component.kind] = share_of_100(total, top)
    return out


def ranked_results(competition: Competition, scores: dict[int, dict[str, Decimal]]):
    """(ranked entries, awards) from component scores: weighted totals, the configured
    tie-breaks (components in order), standard competition ranks, the award rules."""
    weights = dict(competition.components.values_list("kind", "weight"))
    entries = []
    for entry_id, parts in scores.items():
        filled = {kind: parts.get(kind, Decimal(0)) for kind in weights}
        entries.append(RankEntry(entry_id, weighted_total(filled, weights), filled))
    order = competition.tie_breakers or [
        k for k in ("practical", "theory", "defence") if k in weights
    ]
    ranked = rank(entries, [TieBreaker(k) for k in order])
    rules = [
        AwardRule(
            r["name"],
            count=r.get("count"),
            share=Decimal(str(r["share"])) if r.get("share") is not None else None,
        )
        for r in competition.award_rules
    ]
    return ranked, awards(ranked, rules)


@transaction.atomic
def compute_results(*, by, request=None, competition: Competition) -> list[Result]:
    """Totals, ranks (ties broken by the configured components in order) and awards, stored
    as Result rows, replacing earlier ones. Needs the scores locked."""
    competition = Competition.objects.select_for_update().get(pk=competition.pk)
    _require_organiser(by, competition)
    if competition.status not in (S.LOCKED, S.PUBLISHED):
        raise ValidationError(_("成绩锁定后才能计算结果"))
    return _store_results(competition, by=by, request=request)


def _store_results(competition: Competition, *, by, request=None) -> list[Result]:
    scores = component_scores(competition)
    ranked, given = ranked_results(competition, scores)
    Result.objects.filter(competition=competition).delete()
    rows = [
        Result(
            competition=competition,
            entry_id=r.id,
            total=r.total,
            rank=r.rank,
            award=given.get(r.id, ""),
            component_scores={k: str(v) for k, v in scores[r.id].items()},
        )
        for r in ranked
    ]
    Result.objects.bulk_create(rows, batch_size=2000)
    _log(
        competition,
        by=by,
        request=request,
        action=AuditEntry.Action.UPDATE,
        obj=competition,
        changes={"results": len(rows)},
    )
    return rows


@transaction.atomic
def publish_results(
    *, by, request=None, competition: Competition, days: int = PUBLICITY_DAYS
) -> Competition:
    """Results go public for a notice period (公示); appeals are heard meanwhile."""
    competition = Competition.objects.select_for_update().get(pk=competition.pk)
    _require_organiser(by, competition)
    if competition.status != S.LOCKED or not competition.results.exists():
        raise ValidationError(_("成绩锁定并计算结果后才能公示"))
    competition.publicity_until = timezone.now() + datetime.timedelta(days=days)
    _set_status(
        competition,
        S.PUBLISHED,
        by=by,
        request=request,
        publicity_until=competition.publicity_until.isoformat(),
    )
    return competition


@transaction.atomic
def finalise_results(*, by, request=None, competition: Competition) -> Competition:
    competition = Competition.objects.select_for_update().get(pk=competition.pk)
    _require_organiser(by, competition)
    if competition.status != S.PUBLISHED:
        raise ValidationError(_("结果公示后才能确认"))
    if competition.publicity_until and timezone.now() < competition.publicity_until:
        raise ValidationError(
            _("公示期至 {until} 结束，之后才能确认结果").format(
                until=timezone.localtime(competition.publicity_until).strftime("%Y-%m-%d %H:%M")
            )
        )
    _set_status(competition, S.FINAL, by=by, request=request)
    return competition


def team_results(competition: Competition) -> list[TeamRow]:
    """The delegation table from the stored results: members in the top N, awards of each
    kind and points (the competition's table, or by default the last award 1 point and each
    one above it 1 more). Individual entrants are not counted."""
    names = [r["name"] for r in competition.award_rules]
    points = competition.award_points or default_points(names)
    members = [
        (name, rank_, award)
        for name, rank_, award in Result.objects.filter(
            competition=competition, entry__delegation__isnull=False
        ).values_list("entry__delegation__name", "rank", "award")
    ]
    return team_table(members, top_n=competition.team_top_n, points=points, award_names=names)


# --- certificates ----------------------------------------------------------------------------


@transaction.atomic
def issue_certificates(*, by, request=None, competition: Competition) -> int:
    """A certificate for every award winner who has none yet, once the results are final
    (after the public notice, when no appeal can change them). Returns how many were issued."""
    competition = Competition.objects.select_for_update().get(pk=competition.pk)
    _require_organiser(by, competition)
    if competition.status != S.FINAL:
        raise ValidationError(_("结果确认（公示期满）后才能颁发证书"))
    now = timezone.now()
    new = [
        Certificate(
            competition=competition,
            entry=r.entry,
            name=r.entry.worker.name,
            unit=r.entry.worker.enterprise.name if r.entry.worker.enterprise else "",
            award=r.award,
            rank=r.rank,
            issued_at=now,
            issued_by=by,
        )
        for r in Result.objects.filter(competition=competition)
        .exclude(award="")
        .exclude(entry__certificate__isnull=False)
        .select_related("entry__worker__enterprise")
    ]
    for certificate in new:
        certificate.full_clean(exclude=["competition", "entry", "issued_by", "code"])
    Certificate.objects.bulk_create(new)
    _log(
        competition,
        by=by,
        request=request,
        action=AuditEntry.Action.CREATE,
        obj=competition,
        changes={"certificates": len(new)},
    )
    return len(new)


@transaction.atomic
def revoke_certificate(*, by, request=None, certificate: Certificate, reason: str) -> Certificate:
    """Void a certificate (issued in error, or its result changed); the public check then
    says so. The record stays."""
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    competition = certificate.competition
    _require_organiser(by, competition)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("请填写作废原因"))
    if certificate.revoked_at:
        raise ValidationError(_("该证书已作废"))
    certificate.revoked_at = timezone.now()
    certificate.revoke_reason = reason[:200]
    certificate.save(update_fields=["revoked_at", "revoke_reason"])
    _log(
        competition,
        by=by,
        request=request,
        action=AuditEntry.Action.UPDATE,
        obj=certificate,
        changes={"revoked": reason[:200]},
    )
    return certificate


# --- appeals and re-marks ------------------------------------------------------------------


def _arbiter(by, competition: Competition) -> None:
    """The arbitration group: the organiser's admins and the chief judge."""
    chief = JudgeAssignment.objects.filter(
        competition=competition, user=by, role=JudgeAssignment.Role.CHIEF
    ).exists()
    if not (chief or reach_of(by).can_edit_path(competition.organiser.path)):
        raise PermissionDenied(_("只有仲裁组（主办单位管理员、裁判长）可以处理申诉"))


@transaction.atomic
def file_appeal(*, by, request=None, entry: Entry, reason: str) -> Appeal:
    """A contestant, or their team's leader, appeals in writing within the window after the
    competition ends (default two hours)."""
    entry = Entry.objects.select_related(
        "competition__organiser", "worker", "delegation__leader"
    ).get(pk=entry.pk)
    competition = entry.competition
    leader = entry.delegation.leader if entry.delegation else None
    if by.pk not in {entry.worker.account_id, leader.account_id if leader else None} - {None}:
        raise PermissionDenied(_("只有选手本人或其参赛队领队可以提出申诉"))
    if competition.ended_at is None:
        raise ValidationError(_("比赛结束（成绩锁定）后才能提出申诉"))
    deadline = competition.ended_at + datetime.timedelta(hours=competition.appeal_window_hours)
    if timezone.now() > deadline:
        raise ValidationError(
            _("申诉时限已过：须在比赛结束后 {hours} 小时内（{deadline} 前）提出").format(
                hours=competition.appeal_window_hours,
                deadline=timezone.localtime(deadline).strftime("%Y-%m-%d %H:%M"),
            )
        )
    if len(reason.strip()) < 10:
        raise ValidationError({"reason": _("请写明申诉的事实与理由（至少 10 个字）")})
    appeal = Appeal.objects.create(
        competition=competition, entry=entry, filed_by=by, reason=reason.strip()
    )
    _log(
        competition,
        by=by,
        request=request,
        action=AuditEntry.Action.CREATE,
        obj=appeal,
        object_repr=f"{competition.title}：{entry.code}",
    )
    return appeal


@transaction.atomic
def rule_appeal(*, by, request=None, appeal: Appeal, upheld: bool, ruling: str) -> Appeal:
    appeal = (
        Appeal.objects.select_for_update()
        .select_related("competition__organiser")
        .get(pk=appeal.pk)
    )
    _arbiter(by, appeal.competition)
    if appeal.status != Appeal.Status.FILED:
        raise ValidationError(_("该申诉已有仲裁结果"))
    if not ruling.strip():
        raise ValidationError({"ruling": _("请写明仲裁意见")})
    appeal.status = Appeal.Status.UPHELD if upheld else Appeal.Status.REJECTED
    appeal.ruling, appeal.ruled_by, appeal.ruled_at = ruling.strip(), by, timezone.now()
    appeal.save()
    _log(
        appeal.competition,
        by=by,
        request=request,
        action=AuditEntry.Action.UPDATE,
        obj=appeal,
        changes={"status": ["filed", appeal.status]},
    )
    return appeal


def _number(value) -> Decimal:
    try:
        return Decimal(str(value).strip())
    except ArithmeticError:
        raise ValidationError(_("分数应为数字，收到“{value}”").format(value=value)) from None


def _remark_overrides(competition: Competition, changes: Sequence[dict]):
    """Validate a re-mark's changes; return them as component_scores overrides."""
    marks: dict[tuple[int, int, int], Decimal] = {}
    exams: dict[tuple[int, int], Decimal] = {}
    for change in changes:
        entry = Entry.objects.filter(pk=change.get("entry"), competition=competition).first()
        if entry is None:
            raise ValidationError(_("复核内容中的选手不属于本竞赛"))
        if change.get("component"):
            component = Component.objects.filter(
                pk=change["component"], competition=competition, rule=Component.Rule.EXAM
            ).first()
            if component is None:
                raise ValidationError(_("复核内容中的考试项目不属于本竞赛"))
            value = _number(change.get("value"))
            if not Decimal(0) <= value <= Decimal(100):
                raise ValidationError(_("考试成绩应为 0–100"))
            exams[(entry.pk, component.pk)] = cents(value)
            continue
        aspect = Aspect.objects.filter(
            pk=change.get("aspect"), criterion__component__competition=competition
        ).first()
        if aspect is None:
            raise ValidationError(_("复核内容中的评分要点不属于本竞赛"))
        if not JudgeAssignment.objects.filter(
            competition=competition, user_id=change.get("judge")
        ).exists():
            raise ValidationError(_("复核内容中的裁判不是本竞赛的裁判"))
        value = _number(change.get("value"))
        if aspect.kind == Aspect.Kind.JUDGEMENT:
            if value != int(value):
                raise ValidationError(_("评价分只能是 0、1、2、3 中的整数"))
            check_judgement_score(int(value))
        elif not Decimal(0) <= value <= aspect.max_mark:
            raise ValidationError(
                _("“{description}”的得分应在 0 到 {max_mark} 之间").format(
                    description=aspect.description, max_mark=aspect.max_mark
                )
            )
        marks[(entry.pk, aspect.pk, int(change["judge"]))] = cents(value)
    return marks, exams


@transaction.atomic
def prepare_remark(*, by, request=None, appeal: Appeal, changes: Sequence[dict]) -> Remark:
    """A re-mark for an upheld appeal, with its effect on the ranking computed in advance."""
    appeal = Appeal.objects.select_related("competition__organiser").get(pk=appeal.pk)
    competition = appeal.competition
    _arbiter(by, competition)
    if appeal.status != Appeal.Status.UPHELD:
        raise ValidationError(_("申诉成立后才能复核评分"))
    if not changes:
        raise ValidationError(_("复核至少要有一项评分变更"))
    try:
        marks, exams = _remark_overrides(competition, changes)
    except MarkingError as err:
        raise ValidationError(str(err)) from None
    before = {r.entry_id: (r.rank, r.total) for r in Result.objects.filter(competition=competition)}
    ranked, _given = ranked_results(
        competition, component_scores(competition, marks_override=marks, exam_override=exams)
    )
    codes = dict(Entry.objects.filter(competition=competition).values_list("pk", "code"))
    preview = [
        {
            "entry": r.id,
            "code": codes[r.id],
            "rank_before": before.get(r.id, (None, None))[0],
            "rank_after": r.rank,
            "total_before": str(before.get(r.id, (None, ""))[1]),
            "total_after": str(r.total),
        }
        for r in ranked
        if before.get(r.id, (None, None)) != (r.rank, r.total)
    ]
    remark = Remark.objects.create(
        appeal=appeal, changes=list(changes), preview=preview, prepared_by=by
    )
    _log(
        competition,
        by=by,
        request=request,
        action=AuditEntry.Action.CREATE,
        obj=remark,
        changes={"changes": list(changes)},
    )
    return remark


@transaction.atomic
def apply_remark(*, by, request=None, remark: Remark) -> Remark:
    """Record the re-mark as new marks (the old ones stay, retired) and recompute the results."""
    remark = (
        Remark.objects.select_for_update()
        .select_related("appeal__competition__organiser")
        .get(pk=remark.pk)
    )
    competition = remark.appeal.competition
    _arbiter(by, competition)
    if remark.status != Remark.Status.PREPARED:
        raise ValidationError(_("该复核已执行或已取消"))
    try:
        marks, exams = _remark_overrides(competition, remark.changes)
    except MarkingError as err:
        raise ValidationError(str(err)) from None
    for (entry_id, aspect_id, judge_id), value in marks.items():
        Score.objects.filter(
            entry_id=entry_id, aspect_id=aspect_id, judge_id=judge_id, current=True
        ).update(current=False)
        Score.objects.create(
            entry_id=entry_id, aspect_id=aspect_id, judge_id=judge_id, value=value, outcome="remark"
        )
    entries = Entry.objects.in_bulk([e for e, _c in exams])
    parts = Component.objects.in_bulk([c for _e, c in exams])
    for (entry_id, component_id), value in exams.items():
        store_exam_score(
            entry=entries[entry_id],
            component=parts[component_id],
            score=value,
            source=ExamScore.Source.PAPER,
            by=by,
        )
    remark.status, remark.decided_at = Remark.Status.APPLIED, timezone.now()
    remark.save(update_fields=["status", "decided_at"])
    _store_results(
        Competition.objects.select_for_update().get(pk=competition.pk), by=by, request=request
    )
    return remark


@transaction.atomic
def cancel_remark(*, by, request=None, remark: Remark) -> Remark:
    remark = (
        Remark.objects.select_for_update()
        .select_related("appeal__competition__organiser")
        .get(pk=remark.pk)
    )
    _arbiter(by, remark.appeal.competition)
    if remark.status != Remark.Status.PREPARED:
        raise ValidationError(_("该复核已执行或已取消"))
    remark.status, remark.decided_at = Remark.Status.CANCELLED, timezone.now()
    remark.save(update_fields=["status", "decided_at"])
    return remark
