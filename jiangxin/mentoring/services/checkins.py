"""Following a pair: the monthly log and the assessments (the final one closes the pair)."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiangxin.audit.models import AuditEntry
from jiangxin.audit.services import delete_audited, record, save_audited
from jiangxin.mentoring import ledger, policies
from jiangxin.mentoring.models import (
    MAX_MONTHLY_HOURS,
    Assessment,
    CheckIn,
    Pair,
    hours_limit_message,
)

if TYPE_CHECKING:
    from jiangxin.accounts.models import User


def _clean_hours(hours) -> Decimal:
    try:
        hours = Decimal(str(hours))
    except (ArithmeticError, ValueError, InvalidOperation):
        raise ValidationError({"hours": _("学时应为数字，如 8 或 7.5")}) from None
    if not hours.is_finite() or not Decimal(0) < hours <= MAX_MONTHLY_HOURS:
        raise ValidationError({"hours": hours_limit_message()})
    if hours != hours.quantize(Decimal("0.1")):
        raise ValidationError({"hours": _("学时最多保留一位小数")})
    return hours


def _clean_content(content: str) -> str:
    if not content.strip():
        raise ValidationError({"content": _("请写明本月传授（学习）的内容")})
    return content.strip()


def _already(month: datetime.date) -> ValidationError:
    return ValidationError(
        {"month": _("{month} 的记录已填写").format(month=month.strftime("%Y-%m"))}
    )


@transaction.atomic
def record_checkin(
    *,
    by: User,
    ip: str | None = None,
    pair: Pair,
    month: datetime.date,
    content: str,
    hours,
) -> CheckIn:
    """The master's or the apprentice's monthly log, for a month of an active agreement. The
    same log sent twice (a double click, two tabs) is stored once; the second is refused."""
    pair = Pair.objects.select_for_update().select_related("master", "apprentice").get(pk=pair.pk)
    role = policies.checkin_role(by, pair)
    if role is None:
        raise PermissionDenied(_("带徒记录由师傅或徒弟本人填写"))
    if pair.status != Pair.Status.ACTIVE:
        raise ValidationError(
            _("该结对{status}，不能再填写带徒记录").format(status=pair.get_status_display())
        )
    month = ledger.first_of(month)
    if month not in ledger.months(pair.starts_on, pair.ends_on):
        raise ValidationError(
            {
                "month": _("{month} 不在协议期限（{start} 至 {end}）内").format(
                    month=month.strftime("%Y-%m"), start=pair.starts_on, end=pair.ends_on
                )
            }
        )
    if month > ledger.first_of(timezone.localdate()):
        raise ValidationError({"month": _("不能提前填写以后月份的记录")})
    hours = _clean_hours(hours)
    content = _clean_content(content)
    if CheckIn.objects.filter(pair=pair, month=month, role=role).exists():
        raise _already(month)
    checkin = CheckIn(pair=pair, month=month, role=role, content=content, hours=hours, by=by)
    return save_audited(
        checkin,
        by=by,
        ip=ip,
        clean=False,
        object_repr=f"{pair} {month:%Y-%m}",
        org_path=pair.org_path,
        duplicate=_already(month),  # the same log sent twice at once
    )


def _locked_checkin(checkin: CheckIn, by: User) -> tuple[CheckIn, Pair]:
    """The log and its pair, locked (so an assessment cannot freeze it half-way); refused unless
    the author may still change it."""
    pair = Pair.objects.select_for_update().get(pk=checkin.pair_id)
    try:
        checkin = CheckIn.objects.select_for_update().get(pk=checkin.pk)
    except CheckIn.DoesNotExist:
        raise ValidationError(_("该带徒记录已删除")) from None
    if checkin.by_id != by.pk:
        raise PermissionDenied(_("带徒记录只能由填写人本人修改或删除"))
    reason = policies.checkin_frozen_reason(checkin, pair, pair.assessments.all())
    if reason:
        raise ValidationError(reason)
    return checkin, pair


@transaction.atomic
def update_checkin(
    *, by: User, ip: str | None = None, checkin: CheckIn, content: str, hours
) -> CheckIn:
    """The author corrects their monthly log (its content and hours) until it is frozen."""
    checkin, pair = _locked_checkin(checkin, by)
    hours, content = _clean_hours(hours), _clean_content(content)
    changes = {}
    if hours != checkin.hours:
        changes["hours"] = [str(checkin.hours), str(hours)]
    if content != checkin.content:
        changes["content"] = [checkin.content[:100], content[:100]]
    if not changes:
        return checkin
    checkin.content, checkin.hours = content, hours
    return save_audited(checkin, by=by, ip=ip, org_path=pair.org_path, changes=changes)


@transaction.atomic
def delete_checkin(*, by: User, ip: str | None = None, checkin: CheckIn) -> None:
    """The author removes their monthly log until it is frozen; the month is then due again."""
    checkin, pair = _locked_checkin(checkin, by)
    delete_audited(checkin, by=by, ip=ip, org_path=pair.org_path)


@transaction.atomic
def assess(
    *, by: User, ip: str | None = None, pair: Pair, kind: str, grade: str, comment: str = ""
) -> Assessment:
    """Mid-term or final assessment. The final one closes the pair: 优秀 or 合格 graduate
    (出师), 不合格 fails — the apprentice may then be paired with a new master."""
    pair = (
        Pair.objects.select_for_update().select_related("programme__organisation").get(pk=pair.pk)
    )
    if not policies.manages_pair(by, pair):
        raise PermissionDenied(_("只有徒弟所在工会或项目主办工会的管理员可以进行此操作"))
    if pair.status != Pair.Status.ACTIVE:
        raise ValidationError(_("只有带徒中的结对可以考核"))
    if grade not in Pair.Grade.values:
        raise ValidationError({"grade": _("考核等次应为 优秀、合格 或 不合格")})
    if kind not in Assessment.Kind.values:
        raise ValidationError({"kind": _("请选择中期考核或出师考核")})
    duplicate = ValidationError(
        {"kind": _("该结对已有{kind}").format(kind=Assessment.Kind(kind).label)}
    )
    if Assessment.objects.filter(pair=pair, kind=kind).exists():
        raise duplicate
    try:
        with transaction.atomic():
            assessment = Assessment.objects.create(
                pair=pair, kind=kind, grade=grade, comment=comment.strip()[:300], by=by
            )
    except IntegrityError:
        raise duplicate from None
    if kind == Assessment.Kind.FINAL:
        pair.final_grade = grade
        pair.status = Pair.Status.FAILED if grade == Pair.Grade.FAIL else Pair.Status.GRADUATED
        pair.closed_at = timezone.now()
        pair.save(update_fields=["final_grade", "status", "closed_at"])
    record(
        action=AuditEntry.Action.UPDATE,
        actor=by,
        ip=ip,
        obj=pair,
        changes={"assessment": [kind, grade]},
        org_path=pair.org_path,
    )
    return assessment
