"""A studio's subsidies: grants (命名补助, 年度补助, 专项补助) and the spending lines drawn on them,
by studio and year, and the statement of a union node's subtree.

Each write takes ``by`` and ``ip``, runs in one transaction with the studio's row locked (two
spendings cannot both take the last of a balance), checks ``policies_projects`` and is audited.
The balance of a studio's year — its grants of that year less its lines of that year — never
goes below zero: a spending larger than the balance, or removing a grant already spent, is
refused and writes nothing. ``grant_subsidy`` is also what naming a studio in a batch calls.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Sum
from django.utils.translation import gettext as _

from jiangxin.audit.services import delete_audited, save_audited
from jiangxin.innovation import policies_projects as policies
from jiangxin.innovation.models import Project, Studio, SubsidyGrant, SubsidyLine
from jiangxin.organisations.models import Organisation

if TYPE_CHECKING:
    from jiangxin.accounts.models import User

ZERO = Decimal("0.00")


def balance(studio: Studio, year: int) -> Decimal:
    """Granted less spent for ``studio``'s subsidy of ``year``."""
    granted = SubsidyGrant.objects.filter(studio=studio, year=year).total()
    spent = SubsidyLine.objects.filter(studio=studio, year=year).total()
    return granted - spent


def _locked(by: User, studio: Studio) -> Studio:
    studio = Studio.objects.select_for_update().get(pk=studio.pk)
    if not policies.can_manage_subsidies(by, studio):
        raise PermissionDenied(_("只有工作室所属工会及上级工会的管理员可以登记补助"))
    return studio


@transaction.atomic
def grant_subsidy(
    *,
    by: User,
    ip: str | None = None,
    studio: Studio,
    year: int,
    amount: Decimal,
    kind: str,
    note: str = "",
    application=None,
) -> SubsidyGrant:
    """Grant ``studio`` ``amount`` 元 for ``year`` (``kind``: SubsidyGrant.Kind); a naming's
    grant names its ``application``."""
    studio = _locked(by, studio)
    grant = SubsidyGrant(
        studio=studio, year=year, amount=amount, kind=kind, note=note, application=application
    )
    return save_audited(
        grant,
        by=by,
        ip=ip,
        org_path=studio.org_path,
        object_repr=f"{studio.name}：{year} {grant.get_kind_display()}",
        changes={"year": ["", year], "amount": ["", str(amount)], "kind": ["", kind]},
    )


@transaction.atomic
def record_spending(
    *,
    by: User,
    ip: str | None = None,
    studio: Studio,
    year: int,
    spent_on: datetime.date,
    item: str,
    amount: Decimal,
    voucher: str = "",
    project: Project | None = None,
) -> SubsidyLine:
    """A spending of the studio's subsidy of ``year``, within its balance; on one of the
    studio's projects, not dated before the project's start (``SubsidyLine.clean``)."""
    studio = _locked(by, studio)
    line = SubsidyLine(
        studio=studio,
        year=year,
        spent_on=spent_on,
        item=item,
        amount=amount,
        voucher=voucher,
        project=project,
    )
    line.full_clean()
    left = balance(studio, year)
    if amount > left:
        raise ValidationError(
            {
                "amount": _(
                    "{year} 年度补助余额为 {left} 元，本笔 {amount} 元超出余额；"
                    "请核对金额，或先登记该年度的补助拨付。"
                ).format(year=year, left=left, amount=amount)
            }
        )
    return save_audited(
        line,
        by=by,
        ip=ip,
        org_path=studio.org_path,
        clean=False,
        object_repr=f"{studio.name}：{spent_on} {item}",
        changes={"year": ["", year], "amount": ["", str(amount)], "item": ["", item]}
        | ({"project": ["", project.title]} if project else {}),
    )


@transaction.atomic
def delete_grant(*, by: User, ip: str | None = None, grant: SubsidyGrant) -> None:
    studio = _locked(by, grant.studio)
    grant = SubsidyGrant.objects.get(pk=grant.pk, studio=studio)
    if balance(studio, grant.year) < grant.amount:
        raise ValidationError(
            _(
                "{year} 年度的补助已支出 {spent} 元，删除这笔拨付后余额将为负；请先删除相应支出。"
            ).format(
                year=grant.year,
                spent=SubsidyLine.objects.filter(studio=studio, year=grant.year).total(),
            )
        )
    delete_audited(
        grant, by=by, ip=ip, org_path=studio.org_path, changes={"amount": [str(grant.amount), ""]}
    )


@transaction.atomic
def delete_spending(*, by: User, ip: str | None = None, line: SubsidyLine) -> None:
    studio = _locked(by, line.studio)
    line = SubsidyLine.objects.get(pk=line.pk, studio=studio)
    delete_audited(
        line, by=by, ip=ip, org_path=studio.org_path, changes={"amount": [str(line.amount), ""]}
    )


# --- reading -----------------------------------------------------------------------------------


@dataclass
class StudioYear:
    studio: Studio
    granted: Decimal = ZERO
    spent: Decimal = ZERO

    @property
    def balance(self) -> Decimal:
        return self.granted - self.spent


@dataclass
class Statement:
    node: Organisation
    year: int
    rows: list[StudioYear] = field(default_factory=list)

    @property
    def granted(self) -> Decimal:
        return sum((r.granted for r in self.rows), ZERO)

    @property
    def spent(self) -> Decimal:
        return sum((r.spent for r in self.rows), ZERO)

    @property
    def balance(self) -> Decimal:
        return self.granted - self.spent


def statement(*, user: Any, node: Organisation, year: int) -> Statement:
    """Every studio in ``node``'s subtree (as far as ``user`` sees) with a grant or a spending
    of ``year``: granted, spent and balance, by studio (in the union tree's order, then by
    name: ``_tree_order``)."""
    studios = Studio.objects.visible_to(user).filter(org_path__startswith=node.path)
    granted = dict(
        SubsidyGrant.objects.filter(studio__in=studios, year=year)
        .values_list("studio_id")
        .annotate(t=Sum("amount"))
        .order_by()
    )
    spent = dict(
        SubsidyLine.objects.filter(studio__in=studios, year=year)
        .values_list("studio_id")
        .annotate(t=Sum("amount"))
        .order_by()
    )
    chosen = studios.filter(pk__in=set(granted) | set(spent)).select_related("enterprise")
    rows = [
        StudioYear(
            studio=s,
            granted=Decimal(granted.get(s.pk, ZERO)).quantize(ZERO),
            spent=Decimal(spent.get(s.pk, ZERO)).quantize(ZERO),
        )
        for s in sorted(chosen, key=_tree_order)
    ]
    return Statement(node=node, year=year, rows=rows)


def _tree_order(studio: Studio) -> tuple:
    """The union tree (each node's id down the path, compared as numbers, not as text, whatever
    the database's collation), then the studio's name (by code point) and id: the same order on
    the page and in the .xlsx, on SQLite and PostgreSQL."""
    return ([int(p) for p in studio.org_path.strip("/").split("/") if p], studio.name, studio.pk)


def latest_year(*, user: Any, node: Organisation) -> int | None:
    """The latest year with a grant or a spending among the studios of ``node``'s subtree the
    user sees (None: none at all) — the statement's default year."""
    studios = Studio.objects.visible_to(user).filter(org_path__startswith=node.path)
    years = [
        SubsidyGrant.objects.filter(studio__in=studios).aggregate(y=Max("year"))["y"],
        SubsidyLine.objects.filter(studio__in=studios).aggregate(y=Max("year"))["y"],
    ]
    return max((y for y in years if y is not None), default=None)


def studio_years(studio: Studio, user: Any) -> list[dict]:
    """The studio's subsidy by year, newest first: each year's grants, lines and balance."""
    grants = list(SubsidyGrant.objects.visible_to(user).filter(studio=studio).order_by("pk"))
    lines = list(
        SubsidyLine.objects.visible_to(user).filter(studio=studio).select_related("project")
    )
    years = sorted({g.year for g in grants} | {line.year for line in lines}, reverse=True)
    out = []
    for year in years:
        g = [x for x in grants if x.year == year]
        ln = [x for x in lines if x.year == year]
        granted = sum((x.amount for x in g), ZERO)
        spent = sum((x.amount for x in ln), ZERO)
        out.append(
            {
                "year": year,
                "grants": g,
                "lines": ln,
                "granted": granted,
                "spent": spent,
                "balance": granted - spent,
            }
        )
    return out
