"""Setting and resetting the lead qualification rule of a kind of studio (领办人资格规则).

Each function takes the acting user (``by``) and their address (``ip``), runs in one
transaction, checks ``policies.can_set_lead_rules`` (PermissionDenied otherwise), and writes one
audit entry whose changes give the rule before and after in Chinese words — so the log reads
"获市级及以上劳动模范或五一劳动奖章 → 同时获…". A rule that contradicts itself is refused with a
Chinese ``ValidationError`` (``LeadRule.clean``) and nothing is written. The rule holds from the
next check on: studios registered or whose lead or kind changes afterwards are checked against it
(``services.create_studio`` / ``update_studio``); existing studios are not re-judged, their page
shows whether their lead still qualifies.

The rules bind the whole platform, so the audit entries carry no union path: the audit
administrator reads them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jiangxin.audit.services import delete_audited, diff, save_audited
from jiangxin.innovation import policies, qualification
from jiangxin.innovation.models import LeadRule, Studio
from jiangxin.innovation.models.studios import names

if TYPE_CHECKING:
    from jiangxin.accounts.models import User

REFUSED = _("只有系统管理员（或平台最上级工会的管理员）可以设置领办人资格规则")


@dataclass(frozen=True)
class Effective:
    """The rule a kind of studio is checked against now, and where it comes from."""

    kind: str
    label: str
    rule: qualification.Rule
    row: LeadRule | None  # None: the built-in default holds
    default: qualification.Rule

    @property
    def words(self) -> str:
        return words(self.rule)

    @property
    def default_words(self) -> str:
        return words(self.default)

    @property
    def is_default(self) -> bool:
        return self.row is None


def words(rule: qualification.Rule) -> str:
    """The rule as the page and the audit log show it."""
    return qualification.describe(rule, names()) or _("不设条件：名册中的职工均可领办")


def effective_rules() -> list[Effective]:
    """Every kind's rule now, in the kinds' order (one query)."""
    rows = {row.kind: row for row in LeadRule.objects.all()}
    out = []
    for kind, label in Studio.Kind.choices:
        default = qualification.DEFAULT_RULES.get(kind, qualification.Rule())
        row = rows.get(kind)
        out.append(Effective(kind, str(label), row.as_rule() if row else default, row, default))
    return out


def effective_rule(kind: str) -> Effective:
    return next(e for e in effective_rules() if e.kind == kind)


def _snapshot(rule: qualification.Rule) -> dict:
    return {"rule": words(rule), **qualification.as_data(rule)}


@transaction.atomic
def set_lead_rule(
    *,
    by: User,
    ip: str | None = None,
    kind: str,
    honours: list[dict],
    match: str = qualification.ANY,
    min_skill_level: int = 0,
) -> LeadRule:
    """Store the rule of ``kind``: the honours (each {"kind", "min_level"}), whether one or all of
    them are needed, and the lowest skill level."""
    if not policies.can_set_lead_rules(by):
        raise PermissionDenied(REFUSED)
    if kind not in Studio.Kind.values:
        raise ValidationError({"kind": _("没有这种工作室类别")})
    row = LeadRule.objects.select_for_update().filter(kind=kind).first()
    before = effective_rule(kind).rule if row is None else row.as_rule()
    row = row or LeadRule(kind=kind)
    row.honours = [{"kind": h["kind"], "min_level": h.get("min_level") or ""} for h in honours]
    row.match = match
    row.min_skill_level = min_skill_level
    row.full_clean()
    changes = diff(_snapshot(before), _snapshot(row.as_rule()))
    if not changes and row.pk:
        return row  # nothing changed: no entry in the log
    return save_audited(
        row,
        by=by,
        ip=ip,
        org_path="",
        clean=False,
        changes=changes,
        duplicate=ValidationError(_("该类别的规则刚被他人修改，请刷新后重试")),
    )


@transaction.atomic
def reset_lead_rule(*, by: User, ip: str | None = None, kind: str) -> None:
    """Drop the stored rule of ``kind``: the built-in default holds again."""
    if not policies.can_set_lead_rules(by):
        raise PermissionDenied(REFUSED)
    row = LeadRule.objects.select_for_update().filter(kind=kind).first()
    if row is None:
        raise ValidationError(_("该类别已在使用默认规则，无需恢复"))
    default = qualification.DEFAULT_RULES.get(kind, qualification.Rule())
    delete_audited(
        row, by=by, ip=ip, org_path="", changes=diff(_snapshot(row.as_rule()), _snapshot(default))
    )
