"""名师带高徒: every change to programmes and pairs goes through these functions."""

from __future__ import annotations

import calendar
import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from jiangxin.accounts.access import reach_of
from jiangxin.audit.models import AuditEntry
from jiangxin.audit.services import record
from jiangxin.mentoring import eligibility, ledger, matching
from jiangxin.mentoring.models import (
    Assessment,
    CheckIn,
    Exclusion,
    MatchRun,
    Pair,
    Preference,
    Programme,
)
from jiangxin.organisations.models import Organisation
from jiangxin.workers.models import Honour, SkillLevel, Worker


@transaction.atomic
def create_programme(*, by, request=None, organisation: Organisation, **fields) -> Programme:
    if not reach_of(by).can_edit_path(organisation.path):
        raise PermissionDenied(_("只能以本单位及下级单位的名义设立名师带高徒项目"))
    programme = Programme(organisation=organisation, **fields)
    programme.full_clean()
    programme.save()
    record(
        action=AuditEntry.Action.CREATE,
        actor=by,
        request=request,
        obj=programme,
        org_path=organisation.path,
    )
    return programme


def person(worker: Worker) -> eligibility.Person:
    return eligibility.Person(
        name=worker.name,
        skill_level=worker.skill_level,
        honours=[h.kind for h in worker.honours.all()],
        start_date=worker.start_date,
        post_category=worker.post_category,
    )


def master_rules(programme: Programme) -> eligibility.MasterRules:
    return eligibility.MasterRules(
        min_level=programme.master_min_level,
        honours=programme.master_honours,
        min_years=programme.master_min_years,
        level_names={v: str(label) for v, label in SkillLevel.choices},
        honour_names={v: str(label) for v, label in Honour.Kind.choices},
    )


def add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@transaction.atomic
def propose_pair(
    *,
    by,
    request=None,
    programme: Programme,
    master: Worker,
    apprentice: Worker,
    starts_on: datetime.date,
    term_months: int | None = None,
    ends_on: datetime.date | None = None,
    stipend_monthly: Decimal | None = None,
    target_level: int | None = None,
    skills: str = "",
) -> Pair:
    """A pair proposed under the programme's rules: the master eligible and within capacity
    (the master's row is locked, so two admins cannot both take the last place), the apprentice
    on a targeted post and without a current master, the term ending after it starts."""
    programme = Programme.objects.select_related("organisation").get(pk=programme.pk)
    reach = reach_of(by)
    if not (
        reach.can_edit_path(programme.organisation.path) or reach.can_edit_path(apprentice.org_path)
    ):
        raise PermissionDenied(_("只有项目主办工会或徒弟所在工会的管理员可以结对"))
    if not apprentice.org_path.startswith(
        programme.organisation.path
    ) or not master.org_path.startswith(programme.organisation.path):
        raise ValidationError(
            _("师傅和徒弟都须是{org}范围内的职工").format(org=programme.organisation)
        )
    if master.pk == apprentice.pk:
        raise ValidationError(_("师傅和徒弟不能是同一人"))
    # lock the master: the capacity check and the insert happen as one
    master = Worker.objects.select_for_update().get(pk=master.pk)
    problems = eligibility.master_problems(
        master_rules(programme), person(master), timezone.localdate()
    )
    problems += eligibility.apprentice_problems(
        programme.posts,
        person(apprentice),
        {v: str(label) for v, label in Worker.PostCategory.choices},
    )
    if problems:
        raise ValidationError(problems)
    if Pair.objects.current().filter(apprentice=apprentice).exists():
        raise ValidationError(
            _("{name}已有师傅（结对待审批或带徒中），不能再结对").format(name=apprentice.name)
        )
    taken = Pair.objects.current().filter(master=master).count()
    if taken >= programme.capacity:
        raise ValidationError(
            _("{name}已带徒 {n} 人，达到上限（每位师傅最多 {cap} 人）").format(
                name=master.name, n=taken, cap=programme.capacity
            )
        )
    if Pair.objects.filter(
        master=master, apprentice=apprentice, status=Pair.Status.FAILED
    ).exists():
        raise ValidationError(
            _("{apprentice}曾随{master}学习未能出师，请另选师傅").format(
                apprentice=apprentice.name, master=master.name
            )
        )
    if ends_on is None:
        months = programme.term_months if term_months is None else int(term_months)
        if months <= 0:
            raise ValidationError(_("带徒期限应至少 1 个月"))
        ends_on = add_months(starts_on, months)
    if ends_on <= starts_on:
        raise ValidationError(
            _("协议结束日期（{end}）须晚于开始日期（{start}）").format(end=ends_on, start=starts_on)
        )
    pair = Pair(
        programme=programme,
        master=master,
        apprentice=apprentice,
        org_path=apprentice.org_path,
        starts_on=starts_on,
        ends_on=ends_on,
        stipend_monthly=programme.stipend_monthly if stipend_monthly is None else stipend_monthly,
        target_level=target_level,
        skills=skills.strip(),
        start_level=apprentice.skill_level,
        proposed_by=by,
    )
    pair.full_clean(exclude=["proposed_by", "approved_by"])
    try:
        with transaction.atomic():
            pair.save()
    except IntegrityError:
        # another admin paired this apprentice a moment ago
        raise ValidationError(
            _("{name}已有师傅（结对待审批或带徒中），不能再结对").format(name=apprentice.name)
        ) from None
    record(
        action=AuditEntry.Action.CREATE,
        actor=by,
        request=request,
        obj=pair,
        object_repr=f"{master.name} → {apprentice.name}",
        org_path=apprentice.org_path,
    )
    return pair


@transaction.atomic
def approve_pair(*, by, request=None, pair: Pair) -> Pair:
    """The apprentice's enterprise union approves the agreement; the pair becomes active."""
    pair = Pair.objects.select_for_update().select_related("apprentice").get(pk=pair.pk)
    if not reach_of(by).can_edit_path(pair.apprentice.org_path):
        raise PermissionDenied(_("只有徒弟所在工会的管理员可以审批师徒协议"))
    if pair.status != Pair.Status.PROPOSED:
        raise ValidationError(_("该结对不是待审批状态"))
    pair.status = Pair.Status.ACTIVE
    pair.approved_by, pair.approved_at = by, timezone.now()
    pair.save(update_fields=["status", "approved_by", "approved_at"])
    record(
        action=AuditEntry.Action.APPROVE,
        actor=by,
        request=request,
        obj=pair,
        org_path=pair.org_path,
    )
    return pair


# --- preferences and exclusions ---------------------------------------------------------------


@transaction.atomic
def set_preferences(*, by, request=None, programme: Programme, apprentice: Worker, masters) -> None:
    """An apprentice's first, second and third choice of master (the apprentice or their union)."""
    masters = list(masters)
    if not (
        apprentice.account_id == getattr(by, "pk", None)
        or reach_of(by).can_edit_path(apprentice.org_path)
    ):
        raise PermissionDenied(_("只有徒弟本人或其所在工会可以填写拜师志愿"))
    if len(masters) > 3:
        raise ValidationError(_("拜师志愿最多填三位师傅"))
    if len({m.pk for m in masters}) != len(masters):
        raise ValidationError(_("同一位师傅不能重复填写"))
    if any(m.pk == apprentice.pk for m in masters):
        raise ValidationError(_("不能拜自己为师"))
    Preference.objects.filter(programme=programme, apprentice=apprentice).delete()
    Preference.objects.bulk_create(
        Preference(programme=programme, apprentice=apprentice, master=m, rank=i)
        for i, m in enumerate(masters, start=1)
    )
    record(
        action=AuditEntry.Action.UPDATE,
        actor=by,
        request=request,
        obj=apprentice,
        org_path=apprentice.org_path,
        changes={"preferences": [m.name for m in masters]},
    )


@transaction.atomic
def add_exclusion(*, by, request=None, first: Worker, second: Worker, reason: str) -> Exclusion:
    """Two workers who must never be paired, e.g. close relatives."""
    reach = reach_of(by)
    if not (reach.can_edit_path(first.org_path) or reach.can_edit_path(second.org_path)):
        raise PermissionDenied(_("只有其中一方所在工会的管理员可以设置结对回避"))
    if first.pk == second.pk:
        raise ValidationError(_("请选择两位不同的职工"))
    if not reason.strip():
        raise ValidationError(_("请写明回避原因"))
    low, high = sorted([first, second], key=lambda w: w.pk)
    exclusion, _created = Exclusion.objects.get_or_create(
        first=low, second=high, defaults={"reason": reason.strip()[:100], "created_by": by}
    )
    record(
        action=AuditEntry.Action.CREATE,
        actor=by,
        request=request,
        obj=exclusion,
        object_repr=f"{low.name} ↔ {high.name}",
        org_path=first.org_path,
    )
    return exclusion


# --- following a pair ------------------------------------------------------------------------


@transaction.atomic
def record_checkin(
    *, by, request=None, pair: Pair, month: datetime.date, content: str, hours
) -> CheckIn:
    """The master's or the apprentice's monthly log, for a month of an active agreement."""
    pair = Pair.objects.select_for_update().select_related("master", "apprentice").get(pk=pair.pk)
    if by.pk == pair.master.account_id:
        role = CheckIn.Role.MASTER
    elif by.pk == pair.apprentice.account_id:
        role = CheckIn.Role.APPRENTICE
    else:
        raise PermissionDenied(_("带徒记录由师傅或徒弟本人填写"))
    if pair.status != Pair.Status.ACTIVE:
        raise ValidationError(
            _("该结对{status}，不能再填写带徒记录").format(status=pair.get_status_display())
        )
    month = ledger.first_of(month)
    if month not in ledger.months(pair.starts_on, pair.ends_on):
        raise ValidationError(
            _("{month} 不在协议期限（{start} 至 {end}）内").format(
                month=month.strftime("%Y-%m"), start=pair.starts_on, end=pair.ends_on
            )
        )
    if month > ledger.first_of(timezone.localdate()):
        raise ValidationError(_("不能提前填写以后月份的记录"))
    try:
        hours = Decimal(str(hours))
    except ArithmeticError:
        raise ValidationError(_("学时应为数字")) from None
    if not Decimal(0) < hours <= 300:
        raise ValidationError(_("学时应在 0–300 之间"))
    if not content.strip():
        raise ValidationError(_("请写明本月传授（学习）的内容"))
    if CheckIn.objects.filter(pair=pair, month=month, role=role).exists():
        raise ValidationError(_("{month} 的记录已填写").format(month=month.strftime("%Y-%m")))
    checkin = CheckIn.objects.create(
        pair=pair, month=month, role=role, content=content.strip(), hours=hours, by=by
    )
    record(
        action=AuditEntry.Action.CREATE,
        actor=by,
        request=request,
        obj=checkin,
        object_repr=f"{pair} {month:%Y-%m}",
        org_path=pair.org_path,
    )
    return checkin


def _union_admin(by, pair: Pair) -> None:
    reach = reach_of(by)
    if not (
        reach.can_edit_path(pair.org_path) or reach.can_edit_path(pair.programme.organisation.path)
    ):
        raise PermissionDenied(_("只有徒弟所在工会或项目主办工会的管理员可以进行此操作"))


@transaction.atomic
def assess(*, by, request=None, pair: Pair, kind: str, grade: str, comment: str = "") -> Assessment:
    """Mid-term or final assessment. The final one closes the pair: 优秀 or 合格 graduate
    (出师), 不合格 fails — the apprentice may then be paired with a new master."""
    pair = (
        Pair.objects.select_for_update().select_related("programme__organisation").get(pk=pair.pk)
    )
    _union_admin(by, pair)
    if pair.status != Pair.Status.ACTIVE:
        raise ValidationError(_("只有带徒中的结对可以考核"))
    if grade not in Pair.Grade.values:
        raise ValidationError(_("考核等次应为 优秀、合格 或 不合格"))
    if Assessment.objects.filter(pair=pair, kind=kind).exists():
        raise ValidationError(_("该结对已有{kind}").format(kind=Assessment.Kind(kind).label))
    assessment = Assessment.objects.create(
        pair=pair, kind=kind, grade=grade, comment=comment.strip()[:300], by=by
    )
    if kind == Assessment.Kind.FINAL:
        pair.final_grade = grade
        pair.status = Pair.Status.FAILED if grade == Pair.Grade.FAIL else Pair.Status.GRADUATED
        pair.closed_at = timezone.now()
        pair.save(update_fields=["final_grade", "status", "closed_at"])
    record(
        action=AuditEntry.Action.UPDATE,
        actor=by,
        request=request,
        obj=pair,
        changes={"assessment": [kind, grade]},
        org_path=pair.org_path,
    )
    return assessment


@transaction.atomic
def end_pair(*, by, request=None, pair: Pair, reason: str) -> Pair:
    """End an agreement early (the master leaves, the apprentice changes post…)."""
    pair = (
        Pair.objects.select_for_update().select_related("programme__organisation").get(pk=pair.pk)
    )
    _union_admin(by, pair)
    if pair.status not in (Pair.Status.PROPOSED, Pair.Status.ACTIVE):
        raise ValidationError(_("该结对已结束"))
    if not reason.strip():
        raise ValidationError(_("请写明提前终止的原因"))
    pair.status, pair.closed_at = Pair.Status.ENDED, timezone.now()
    pair.save(update_fields=["status", "closed_at"])
    record(
        action=AuditEntry.Action.UPDATE,
        actor=by,
        request=request,
        obj=pair,
        changes={"ended": reason.strip()[:200]},
        org_path=pair.org_path,
    )
    return pair


def stipend_statement(pairs, *, first: datetime.date, last: datetime.date) -> list[ledger.Line]:
    """The stipend lines of these pairs for the months from ``first`` to ``last``."""
    out: list[ledger.Line] = []
    by_programme: dict[int, list[ledger.Terms]] = {}
    rates: dict[int, dict] = {}
    for p in pairs:
        if p.status == Pair.Status.PROPOSED:
            continue
        end = p.ends_on
        if p.status == Pair.Status.ENDED and p.closed_at:
            end = min(end, timezone.localdate(p.closed_at))
        by_programme.setdefault(p.programme_id, []).append(
            ledger.Terms(p.pk, p.starts_on, end, p.stipend_monthly, p.final_grade)
        )
        rates[p.programme_id] = p.programme.pay_rates
    for programme_id, terms in by_programme.items():
        out += ledger.stipend_lines(terms, rates[programme_id], first=first, last=last)
    return sorted(out, key=lambda line: (line.month, line.pair))


# --- matching --------------------------------------------------------------------------------


def eligible_masters(
    programme: Programme, *, within: Organisation | None = None, exclude: Worker | None = None
) -> list[Worker]:
    """The workers the programme's rules make masters (places left or not), inside ``within``
    (default: the programme's whole area). The database narrows to level or honour; the rules
    (years of service too) decide."""
    today = timezone.localdate()
    rules = master_rules(programme)
    area = (within or programme.organisation).path
    candidates = (
        Worker.objects.filter(org_path__startswith=area)
        .filter(
            Q(skill_level__gte=programme.master_min_level)
            | Q(honours__kind__in=programme.master_honours)
        )
        .distinct()
        .select_related("enterprise", "occupation")
        .prefetch_related("honours")
        .order_by("name")
    )
    return [
        w
        for w in candidates
        if (exclude is None or w.pk != exclude.pk)
        and not eligibility.master_problems(rules, person(w), today)
    ]


def _candidates(programme: Programme, scope: Organisation):
    """Apprentices (targeted posts, no current master, not masters themselves) and masters
    (eligible, places left) inside ``scope``; and the apprentices left out with the reason."""
    current = set(Pair.objects.current().values_list("apprentice_id", flat=True))
    load: dict[int, int] = {}
    for master_id in Pair.objects.current().values_list("master_id", flat=True):
        load[master_id] = load.get(master_id, 0) + 1
    prefs: dict[int, list[int]] = {}
    for a_id, m_id in Preference.objects.filter(programme=programme).values_list(
        "apprentice_id", "master_id"
    ):
        prefs.setdefault(a_id, []).append(m_id)
    eligible = eligible_masters(programme, within=scope)
    masters = [
        matching.Master(
            w.pk,
            w.name,
            w.occupation.code,
            w.skill_level,
            w.enterprise_id,
            w.workshop,
            programme.capacity - load.get(w.pk, 0),
            load.get(w.pk, 0),
        )
        for w in eligible
        if w.occupation and programme.capacity > load.get(w.pk, 0)
    ]
    apprentices, left_out = [], {}
    for w in (
        Worker.objects.filter(org_path__startswith=scope.path, post_category__in=programme.posts)
        .exclude(pk__in=current | {m.pk for m in eligible})
        .select_related("occupation")
    ):
        if not w.occupation:
            left_out[w.pk] = _("名册中没有职业（工种）")
            continue
        apprentices.append(
            matching.Apprentice(
                w.pk,
                w.name,
                w.occupation.code,
                w.skill_level,
                w.enterprise_id,
                w.workshop,
                prefs.get(w.pk, [])[:3],
            )
        )
    return apprentices, masters, left_out


def _exclusions() -> set[tuple[int, int]]:
    """Pairs that must not be formed: declared exclusions, and an apprentice with the master
    they failed under."""
    pairs = set(Exclusion.objects.values_list("first_id", "second_id"))
    pairs |= set(
        Pair.objects.filter(status=Pair.Status.FAILED).values_list("apprentice_id", "master_id")
    )
    return pairs


@transaction.atomic
def run_matching(
    *, by, request=None, programme: Programme, scope: Organisation, cross_enterprise: bool = False
) -> MatchRun:
    """Propose the best pairs for everyone in ``scope`` at once (kept for the admin to
    accept all, some, or edited)."""
    programme = Programme.objects.select_related("organisation").get(pk=programme.pk)
    if not reach_of(by).can_edit_path(scope.path):
        raise PermissionDenied(_("只能在本单位及下级单位范围内匹配"))
    if not scope.path.startswith(programme.organisation.path):
        raise ValidationError(_("匹配范围须在{org}之内").format(org=programme.organisation))
    apprentices, masters, left_out = _candidates(programme, scope)
    result = matching.propose(
        apprentices,
        masters,
        excluded=_exclusions(),
        cross_enterprise=cross_enterprise,
        weights=matching.Weights(**programme.weights),
        level_names={v: str(label) for v, label in SkillLevel.choices},
    )
    run = MatchRun.objects.create(
        programme=programme,
        scope=scope,
        cross_enterprise=cross_enterprise,
        proposal=[
            {"apprentice": p.apprentice, "master": p.master, "cost": p.cost, "reasons": p.reasons}
            for p in result.pairs
        ],
        unpaired={str(k): v for k, v in {**left_out, **result.unpaired}.items()},
        cost=result.cost,
        created_by=by,
    )
    record(
        action=AuditEntry.Action.CREATE,
        actor=by,
        request=request,
        obj=run,
        org_path=scope.path,
        changes={"proposed": len(result.pairs), "unpaired": len(run.unpaired)},
    )
    return run


@transaction.atomic
def accept_matching(
    *, by, request=None, run: MatchRun, choices: dict[int, int], starts_on: datetime.date
) -> list[Pair]:
    """The admin's choice — apprentice id → master id, the proposal's or an edited one — becomes
    pair proposals for the unions to approve. All of them, or none."""
    run = MatchRun.objects.select_for_update().select_related("programme", "scope").get(pk=run.pk)
    if run.accepted_at:
        raise ValidationError(_("该匹配方案已经采纳过了"))
    if not choices:
        raise ValidationError(_("请至少选择一对"))
    workers = Worker.objects.in_bulk([*choices.keys(), *choices.values()])
    pairs = []
    for apprentice_id, master_id in choices.items():
        apprentice, master = workers.get(apprentice_id), workers.get(master_id)
        if apprentice is None or master is None:
            raise ValidationError(_("所选职工不存在"))
        pairs.append(
            propose_pair(
                by=by,
                request=request,
                programme=run.programme,
                master=master,
                apprentice=apprentice,
                starts_on=starts_on,
            )
        )
    run.accepted_at = timezone.now()
    run.save(update_fields=["accepted_at"])
    return pairs


@transaction.atomic
def update_programme(*, by, request=None, programme: Programme, **fields) -> Programme:
    """Change the programme's rules; pairs already made keep their agreements."""
    programme = (
        Programme.objects.select_for_update().select_related("organisation").get(pk=programme.pk)
    )
    if not reach_of(by).can_edit_path(programme.organisation.path):
        raise PermissionDenied(_("只有项目主办工会的管理员可以修改项目规则"))
    before = {k: getattr(programme, k) for k in fields}
    for key, value in fields.items():
        setattr(programme, key, value)
    weights = programme.weights or {}
    known = set(matching.Weights.__dataclass_fields__)
    if set(weights) - known or not all(
        isinstance(v, int) and 0 <= v <= 1000 for v in weights.values()
    ):
        raise ValidationError(_("匹配代价权重须为 0–1000 的整数"))
    rates = programme.pay_rates or {}
    if set(rates) != set(Pair.Grade.values) or not all(
        isinstance(v, int) and 0 <= v <= 100 for v in rates.values()
    ):
        raise ValidationError(_("发放比例须为优秀、合格、不合格各一个 0–100 的整数"))
    programme.full_clean()
    programme.save()
    record(
        action=AuditEntry.Action.UPDATE,
        actor=by,
        request=request,
        obj=programme,
        org_path=programme.organisation.path,
        changes={
            k: [str(before[k]), str(getattr(programme, k))]
            for k in fields
            if before[k] != getattr(programme, k)
        },
    )
    return programme
