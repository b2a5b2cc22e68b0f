"""A union's assessment indicator sheet: create, change (until an assessment uses it) and copy
into a new edition. Keyword-only, ``by`` and ``ip``, one transaction, audited (the items before
and after in words); a Chinese ``ValidationError`` by field, or ``PermissionDenied``, and then
nothing is written."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiangxin.audit.services import save_audited
from jiangxin.innovation import policies_sheets as policies
from jiangxin.innovation.models import AssessmentItem, AssessmentSheet
from jiangxin.innovation.models.record import Source

if TYPE_CHECKING:
    from jiangxin.accounts.models import User
    from jiangxin.organisations.models import Organisation

TOTAL = Decimal(100)
SHEET_FIELDS = ("name", "excellent_from", "pass_from", "rectify_months", "bar_months")


@dataclass(frozen=True)
class ItemRow:
    name: str
    max_points: Decimal
    source: str = ""
    target: Decimal = Decimal(0)
    per_missing: Decimal = Decimal(0)

    def words(self) -> str:
        if not self.source:
            return _("{name} {points}分（考核人打分）").format(
                name=self.name, points=self.max_points
            )
        return _(
            "{name} {points}分（读取{source}，目标 {target}，每少一个单位扣 {per} 分）"
        ).format(
            name=self.name,
            points=self.max_points,
            source=Source(self.source).label,
            target=self.target,
            per=self.per_missing,
        )


def item_problems(items: list[ItemRow]) -> list[str]:
    """What is wrong with a sheet's items, in Chinese (empty: nothing)."""
    if not items:
        return [_("请至少填写一项指标")]
    problems = []
    names = [i.name for i in items]
    for name in sorted({n for n in names if names.count(n) > 1}):
        problems.append(_("指标“{name}”重复，请合并或改名").format(name=name))
    for i in items:
        if i.source and i.target <= 0:
            problems.append(_("“{name}”读取数据，须填大于 0 的目标值").format(name=i.name))
        if i.source and i.per_missing <= 0:
            problems.append(_("“{name}”读取数据，须填每少一个单位的扣分").format(name=i.name))
        if not i.source and (i.target or i.per_missing):
            problems.append(
                _("“{name}”由考核人打分，不填目标值和扣分（或选择读取的数据）").format(name=i.name)
            )
    total = sum((i.max_points for i in items), Decimal(0))
    if total != TOTAL:
        problems.append(
            _("各项分值合计应为 100 分，现为 {total} 分").format(
                total=format(total.normalize(), "f")
            )
        )
    return problems


def _words(sheet: AssessmentSheet) -> list[str]:
    return [
        ItemRow(i.name, i.max_points, i.source, i.target, i.per_missing).words()
        for i in sheet.items.all()
    ]


def _store(sheet: AssessmentSheet, *, by, ip, items: list[ItemRow], before: dict) -> None:
    # (the audit key is not "items": the audit page's template would read it as dict.items)
    save_audited(
        sheet,
        by=by,
        ip=ip,
        org_path=sheet.organisation.path,
        changes={
            **{
                f: [before.get(f, ""), str(getattr(sheet, f))]
                for f in SHEET_FIELDS
                if str(before.get(f, "")) != str(getattr(sheet, f))
            },
            "indicators": [before.get("indicators", []), [i.words() for i in items]],
        },
        duplicate=ValidationError(_("该工会已有现行的考核指标表")),
    )
    sheet.items.all().delete()
    AssessmentItem.objects.bulk_create(
        AssessmentItem(
            sheet=sheet,
            order=n,
            name=i.name,
            max_points=i.max_points,
            source=i.source,
            target=i.target,
            per_missing=i.per_missing,
        )
        for n, i in enumerate(items, start=1)
    )


def _checked(items: list[ItemRow]) -> None:
    if problems := item_problems(items):
        raise ValidationError({"items": problems})


@transaction.atomic
def create_sheet(
    *,
    by: User,
    ip: str | None = None,
    organisation: Organisation,
    items: list[ItemRow],
    **fields: Any,
) -> AssessmentSheet:
    """The node's first sheet (a node with a current sheet edits it or copies it)."""
    if not policies.can_keep_sheet(by, organisation):
        raise PermissionDenied(_("由本级总工会（镇及以上）的管理员设置考核指标表"))
    if AssessmentSheet.objects.current().filter(organisation=organisation).exists():
        raise ValidationError({"organisation": _("该工会已有现行的考核指标表，请修改或复制它")})
    _checked(items)
    sheet = AssessmentSheet(organisation=organisation, **fields)
    _store(sheet, by=by, ip=ip, items=items, before={})
    return sheet


@transaction.atomic
def update_sheet(
    *, by: User, ip: str | None = None, sheet: AssessmentSheet, items: list[ItemRow], **fields: Any
) -> AssessmentSheet:
    sheet = (
        AssessmentSheet.objects.select_for_update().select_related("organisation").get(pk=sheet.pk)
    )
    if frozen := policies.sheet_frozen_reason(sheet):
        raise ValidationError(frozen)
    if not policies.can_keep_sheet(by, sheet.organisation):
        raise PermissionDenied(_("由本级总工会（镇及以上）的管理员设置考核指标表"))
    _checked(items)
    before = {f: str(getattr(sheet, f)) for f in SHEET_FIELDS} | {"indicators": _words(sheet)}
    for name, value in fields.items():
        setattr(sheet, name, value)
    _store(sheet, by=by, ip=ip, items=items, before=before)
    return sheet


@transaction.atomic
def copy_sheet(*, by: User, ip: str | None = None, sheet: AssessmentSheet) -> AssessmentSheet:
    """A new edition of the node's current sheet, its items copied, to be changed before the
    next assessment; the old edition stays (read only) with the assessments scored on it."""
    sheet = (
        AssessmentSheet.objects.select_for_update().select_related("organisation").get(pk=sheet.pk)
    )
    if not policies.can_copy_sheet(by, sheet):
        if sheet.superseded_at is not None or not sheet.assessments.exists():
            raise ValidationError(
                _("只有已被考核使用的现行指标表才需复制为新版本；未使用的可直接修改")
            )
        raise PermissionDenied(_("由本级总工会（镇及以上）的管理员设置考核指标表"))
    items = [
        ItemRow(i.name, i.max_points, i.source, i.target, i.per_missing) for i in sheet.items.all()
    ]
    sheet.superseded_at = timezone.now()
    save_audited(
        sheet,
        by=by,
        ip=ip,
        org_path=sheet.organisation.path,
        changes={"superseded": ["", _("第 {n} 版").format(n=sheet.edition + 1)]},
    )
    new = AssessmentSheet(
        organisation=sheet.organisation,
        edition=sheet.edition + 1,
        **{f: getattr(sheet, f) for f in SHEET_FIELDS},
    )
    _store(new, by=by, ip=ip, items=items, before={})
    return new
