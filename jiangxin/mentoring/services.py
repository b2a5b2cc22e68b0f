"""名师带高徒: every change to programmes and pairs goes through these functions."""

from __future__ import annotations

import calendar
import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiangxin.accounts.access import reach_of
from jiangxin.audit.models import AuditEntry
from jiangxin.audit.services import record
from jiangxin.mentoring import eligibility
from jiangxin.mentoring.models import Pair, Programme
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
