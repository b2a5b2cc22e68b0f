"""The arithmetic and rules of a naming batch, with no Django import (tested alone):

- the score sheet as a union writes it, one item a line ("场所 15"), items summing to 100;
- an expert's points on an item: 0 to its maximum in steps of ``SCORE_STEP`` (half points);
- an application's score: the average of the experts' totals, to two decimals, halves rounded
  up (each expert's total is the sum of their item points);
- the base conditions (team size, floor area, a yearly project) and what an application misses;
- the plaque number: "<prefix>〔<year>〕<n>号", n the batch's own sequence from 1;
- the 公示 window: from its first day for ``days`` days; naming from the day after its last;
- a re-confirmation never lowers a naming: a batch re-confirms a named studio only at the level
  it holds or above (a city-named 泉州工匠 studio is not re-confirmed by a town's batch).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from jiangxin.core.i18n import gettext as _

SHEET_TOTAL = 100
DEFAULT_SHEET = (
    ("场所", 15),
    ("设施", 15),
    ("团队", 20),
    ("制度", 10),
    ("经费", 10),
    ("台账", 10),
    ("成效", 20),
)
CENT = Decimal("0.01")
SCORE_STEP = Decimal("0.5")
# The default items' names are data the union edits; the plaque's form is what is printed.
PLAQUE_FORMAT = "{prefix}〔{year}〕{n}号"
__i18n_data__ = ("DEFAULT_SHEET", "PLAQUE_FORMAT")


def sheet_text(items: Iterable[tuple[str, int]] = DEFAULT_SHEET) -> str:
    return "\n".join(f"{name} {points}" for name, points in items)


def parse_sheet(text: str) -> tuple[list[tuple[str, int]], list[str]]:
    """(items, problems) from the sheet as written: "name points" a line, blank lines skipped."""
    items: list[tuple[str, int]] = []
    problems: list[str] = []
    for number, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        name, _sep, points = line.rpartition(" ")
        name = name.strip()
        if not name or not points.isdigit() or not 1 <= int(points) <= SHEET_TOTAL:
            problems.append(
                _("第 {n} 行“{line}”应为“项目名称 分值”，分值为 1–100 的整数").format(
                    n=number, line=line[:30]
                )
            )
            continue
        if len(name) > 20:
            problems.append(_("第 {n} 行的项目名称超过 20 个字").format(n=number))
        elif any(name == seen for seen, _p in items):
            problems.append(_("评分项“{name}”重复").format(name=name))
        else:
            items.append((name, int(points)))
    if not problems:
        total = sum(p for _n, p in items)
        if not items:
            problems.append(_("评分表至少要有一项"))
        elif total != SHEET_TOTAL:
            problems.append(
                _("评分表各项分值合计应为 {full} 分，现为 {total} 分").format(
                    full=SHEET_TOTAL, total=total
                )
            )
    return items, problems


def on_step(points: Decimal, step: Decimal = SCORE_STEP) -> bool:
    """Whether ``points`` is a whole number of steps (12 and 12.5 are; 13.3 is not)."""
    return Decimal(points) % step == 0


def average_of_totals(totals: Iterable[Decimal]) -> Decimal | None:
    """The average of the experts' totals to two decimals (halves up); ``None`` for none."""
    values = [Decimal(t) for t in totals]
    if not values:
        return None
    return (sum(values) / len(values)).quantize(CENT, rounding=ROUND_HALF_UP)


def _plain(number) -> str:
    """20.0 → "20", 18.50 → "18.5" (never "2E+1")."""
    return format(Decimal(number).normalize(), "f")


@dataclass(frozen=True)
class Conditions:
    min_team: int
    min_area: Decimal
    needs_project: bool


def missing_conditions(
    rules: Conditions, *, team: int, area: Decimal | None, project: str
) -> dict[str, list[str]]:
    """What the application misses of the batch's base conditions, by the application form's
    field it belongs to (empty: it meets them) — the team and the area are the studio's
    (``studio``), the yearly project is typed (``yearly_project``). The team counts the lead and
    the current members."""
    missing: dict[str, list[str]] = {}
    if team < rules.min_team:
        missing.setdefault("studio", []).append(
            _("团队（含领办人）应不少于 {need} 人，现有 {have} 人：请先在工作室页添加成员").format(
                need=rules.min_team, have=team
            )
        )
    if area is None:
        missing.setdefault("studio", []).append(_("工作室未填写场所面积：请先在工作室信息中填写"))
    elif Decimal(area) < rules.min_area:
        missing.setdefault("studio", []).append(
            _("场所面积应不少于 {need} 平方米，现为 {have} 平方米").format(
                need=_plain(rules.min_area), have=_plain(area)
            )
        )
    if rules.needs_project and not (project or "").strip():
        missing["yearly_project"] = [_("本批次要求有年度攻关项目：请填写年度攻关项目")]
    return missing


def plaque_number(prefix: str, year: int, n: int) -> str:
    """E.g. 安海工作室〔2025〕3号."""
    return PLAQUE_FORMAT.format(prefix=prefix, year=year, n=n)


def publicity_last_day(first: datetime.date, days: int) -> datetime.date:
    return first + datetime.timedelta(days=days - 1)


def publicity_over(first: datetime.date | None, days: int, today: datetime.date) -> bool:
    """Whether the window has run out (naming may follow)."""
    return first is not None and today > publicity_last_day(first, days)


def in_publicity(first: datetime.date | None, days: int, today: datetime.date) -> bool:
    return first is not None and first <= today <= publicity_last_day(first, days)


# The naming levels from the highest down (the union kinds of ``Studio.Level``).
LEVELS = ("national", "province", "city", "county", "town")


def lowers_naming(held: str, batch_level: str) -> bool:
    """Whether re-confirming a studio named at ``held`` in a batch of ``batch_level`` would
    lower its naming. An unknown level (none recorded) lowers nothing."""
    if held not in LEVELS or batch_level not in LEVELS:
        return False
    return LEVELS.index(batch_level) > LEVELS.index(held)
