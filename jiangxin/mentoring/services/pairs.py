"""Programmes and pairs: setting up a programme, proposing, approving and ending a pair, an
apprentice's preferences and the exclusions. Who may do each is decided in ``policies``."""

from __future__ import annotations

import calendar
import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiangxin.audit.models import AuditEntry
from jiangxin.audit.services import record, save_audited
from jiangxin.core import bounds
from jiangxin.mentoring import eligibility, matching, policies
from jiangxin.mentoring.models import Exclusion, Pair, Preference, Programme
from jiangxin.organisations.models import Organisation
from jiangxin.workers.models import Honour, SkillLevel, Worker

if TYPE_CHECKING:
    from jiangxin.accounts.models import User


@transaction.atomic
def create_programme(
    *, by: User, ip: str | None = None, organisation: Organisation, **fields
) -> Programme:
    if not policies.can_create_programme(by, organisation):
        raise PermissionDenied(_("只能以本单位及下级单位的名义设立名师带高徒项目"))
    if Programme.objects.filter(
        organisation=organisation, year=fields.get("year"), name=fields.get("name")
    ).exists():
        raise ValidationError({"name": _("该工会本年度已有同名项目，请换一个名称")})
    programme = Programme(organisation=organisation, **fields)
    return save_audited(
        programme,
        by=by,
        ip=ip,
        org_path=organisation.path,
        duplicate=ValidationError({"name": _("该工会本年度已有同名项目，请换一个名称")}),
    )


@transaction.atomic
def update_programme(
    *, by: User, ip: str | None = None, programme: Programme, **fields
) -> Programme:
    """Change the programme's rules; pairs already made keep their agreements."""
    programme = (
        Programme.objects.select_for_update().select_related("organisation").get(pk=programme.pk)
    )
    if not policies.can_edit_programme(by, programme):
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
    return save_audited(
        programme,
        by=by,
        ip=ip,
        org_path=programme.organisation.path,
        changes={
            k: [str(before[k]), str(getattr(programme, k))]
            for k in fields
            if before[k] != getattr(programme, k)
        },
    )


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


def _check_dates(*days: datetime.date | None) -> None:
    """The agreement's dates within the events' range, before any month is added to them."""
    for day in days:
        if day is not None and not bounds.EARLIEST_EVENT <= day <= bounds.LATEST_EVENT:
            raise ValidationError(
                _("日期应在 {earliest} 至 {latest} 之间").format(
                    earliest=bounds.EARLIEST_EVENT, latest=bounds.LATEST_EVENT
                )
            )


def _taken(apprentice: Worker) -> ValidationError:
    return ValidationError(
        _("{name}已有师傅（结对待审批或带徒中），不能再结对").format(name=apprentice.name)
    )


@transaction.atomic
def propose_pair(
    *,
    by: User,
    ip: str | None = None,
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
    if not policies.can_propose_pair(by, programme, apprentice):
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
        raise _taken(apprentice)
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
    _check_dates(starts_on, ends_on)
    if ends_on is None:
        months = programme.term_months if term_months is None else int(term_months)
        if months <= 0:
            raise ValidationError(_("带徒期限应至少 1 个月"))
        if not bounds.within(months, bounds.TERM_MONTHS):
            raise ValidationError(
                _("带徒期限应在 {low}–{high} 个月之间").format(
                    low=bounds.TERM_MONTHS[0], high=bounds.TERM_MONTHS[1]
                )
            )
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
    return save_audited(
        pair,
        by=by,
        ip=ip,
        exclude=["proposed_by", "approved_by"],
        object_repr=f"{master.name} → {apprentice.name}",
        org_path=apprentice.org_path,
        duplicate=_taken(apprentice),  # another admin paired this apprentice a moment ago
    )


@transaction.atomic
def approve_pair(*, by: User, ip: str | None = None, pair: Pair) -> Pair:
    """The apprentice's enterprise union approves the agreement; the pair becomes active."""
    pair = Pair.objects.select_for_update().get(pk=pair.pk)
    if pair.status != Pair.Status.PROPOSED:
        raise ValidationError(_("该结对不是待审批状态"))
    if not policies.can_approve_pair(by, pair):
        raise PermissionDenied(_("只有徒弟所在工会的管理员可以审批师徒协议"))
    pair.status = Pair.Status.ACTIVE
    pair.approved_by, pair.approved_at = by, timezone.now()
    pair.save(update_fields=["status", "approved_by", "approved_at"])
    record(action=AuditEntry.Action.APPROVE, actor=by, ip=ip, obj=pair, org_path=pair.org_path)
    return pair


@transaction.atomic
def end_pair(*, by: User, ip: str | None = None, pair: Pair, reason: str) -> Pair:
    """End an agreement early (the master leaves, the apprentice changes post…)."""
    pair = (
        Pair.objects.select_for_update().select_related("programme__organisation").get(pk=pair.pk)
    )
    if pair.status not in (Pair.Status.PROPOSED, Pair.Status.ACTIVE):
        raise ValidationError(_("该结对已结束"))
    if not policies.can_end_pair(by, pair):
        raise PermissionDenied(_("只有徒弟所在工会或项目主办工会的管理员可以进行此操作"))
    if not reason.strip():
        raise ValidationError({"reason": _("请写明提前终止的原因")})
    pair.status, pair.closed_at = Pair.Status.ENDED, timezone.now()
    pair.save(update_fields=["status", "closed_at"])
    record(
        action=AuditEntry.Action.UPDATE,
        actor=by,
        ip=ip,
        obj=pair,
        changes={"ended": reason.strip()[:200]},
        org_path=pair.org_path,
    )
    return pair


# --- preferences and exclusions ---------------------------------------------------------------


@transaction.atomic
def set_preferences(
    *, by: User, ip: str | None = None, programme: Programme, apprentice: Worker, masters
) -> None:
    """An apprentice's first, second and third choice of master (the apprentice or their union)."""
    masters = list(masters)
    if not policies.can_set_preferences(by, apprentice):
        raise PermissionDenied(_("只有徒弟本人或其所在工会可以填写拜师志愿"))
    if len(masters) > 3:
        raise ValidationError(_("拜师志愿最多填三位师傅"))
    if len({m.pk for m in masters}) != len(masters):
        raise ValidationError(_("同一位师傅不能重复填写"))
    if any(m.pk == apprentice.pk for m in masters):
        raise ValidationError(_("不能拜自己为师"))
    # lock the apprentice, so two tabs saving at once replace the wishes one after the other
    Worker.objects.select_for_update().filter(pk=apprentice.pk).first()
    Preference.objects.filter(programme=programme, apprentice=apprentice).delete()
    Preference.objects.bulk_create(
        Preference(programme=programme, apprentice=apprentice, master=m, rank=i)
        for i, m in enumerate(masters, start=1)
    )
    record(
        action=AuditEntry.Action.UPDATE,
        actor=by,
        ip=ip,
        obj=apprentice,
        org_path=apprentice.org_path,
        changes={"preferences": [m.name for m in masters]},
    )


@transaction.atomic
def add_exclusion(
    *, by: User, ip: str | None = None, first: Worker, second: Worker, reason: str
) -> Exclusion:
    """Two workers who must never be paired, e.g. close relatives."""
    if not policies.can_add_exclusion(by, first, second):
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
        ip=ip,
        obj=exclusion,
        object_repr=f"{low.name} ↔ {high.name}",
        org_path=first.org_path,
    )
    return exclusion
