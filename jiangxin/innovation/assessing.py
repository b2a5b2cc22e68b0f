"""The annual assessment's arithmetic and the 12-month warning. Pure: no Django import.

- An indicator item is worth ``max_points``. A *read* item names the figure it reads from the
  studio's record (apprentices paired, patents, economic benefit…) and a ``target``: each unit
  the figure falls short of the target costs ``per_missing`` points, never below 0 — "≥10
  apprentices a year, −1 per missing" is (target 10, per_missing 1); "≥50 万元, −2 per 10 万元
  short" is (target 50, per_missing 0.2). A *manual* item is scored by the assessor, 0 to its
  maximum.
- Points are kept to hundredths, rounded half-up; the score is their sum.
- The band: ``score ≥ excellent_from`` 优秀, ``≥ pass_from`` 合格, below 不合格 (defaults 85 and
  60, per sheet).
- After 不合格 the studio rectifies for ``rectify_months`` (default 3) from the assessment; a
  re-check that fails again delists it and bars re-application for ``bar_months``.
- The warning: a studio holding its name with no output dated in the last 12 months — counted
  from its latest output, or from its naming day when it has none yet or named later — is
  flagged, whatever its assessment says.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from jiangxin.core.i18n import gettext as _

CENT = Decimal("0.01")
EXCELLENT, PASS, FAIL = "excellent", "pass", "fail"
WARNING_MONTHS = 12


@dataclass(frozen=True)
class Item:
    key: str  # the item's id as text, for the assessor's manual points
    name: str
    max_points: Decimal
    source: str = ""  # the figure read ("" = scored by the assessor)
    target: Decimal = Decimal(0)
    per_missing: Decimal = Decimal(0)


@dataclass(frozen=True)
class Line:
    key: str
    name: str
    max_points: Decimal
    source: str
    figure: Decimal | None  # the figure read (None for a manual item)
    target: Decimal
    deduction: Decimal
    points: Decimal


@dataclass(frozen=True)
class Outcome:
    lines: tuple[Line, ...]
    score: Decimal
    band: str

    def read_total(self) -> Decimal:
        """The points of the items read from the record (the assessor's items aside)."""
        return sum((line.points for line in self.lines if line.source), Decimal(0))


def cents(value: Decimal) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def read_points(item: Item, figure: Decimal) -> tuple[Decimal, Decimal]:
    """(points, deduction) of a read item for ``figure``."""
    short = max(Decimal(0), item.target - Decimal(figure))
    deduction = min(item.max_points, cents(short * item.per_missing))
    return cents(item.max_points - deduction), deduction


def band(score: Decimal, *, excellent_from: Decimal, pass_from: Decimal) -> str:
    if score >= excellent_from:
        return EXCELLENT
    if score >= pass_from:
        return PASS
    return FAIL


def score(
    items: Iterable[Item],
    figures: Mapping[str, Decimal | int],
    manual: Mapping[str, Decimal],
    *,
    excellent_from: Decimal = Decimal(85),
    pass_from: Decimal = Decimal(60),
) -> Outcome:
    """Score a sheet: read items from ``figures`` (by source), manual ones from ``manual`` (by
    key). Raises ValueError naming the item when a manual score is missing or outside 0–max,
    or a read item's figure is unknown."""
    lines = []
    for item in items:
        if item.source:
            if item.source not in figures:
                raise ValueError(_("指标“{name}”读取的数据不存在").format(name=item.name))
            figure = Decimal(figures[item.source])
            points, deduction = read_points(item, figure)
            lines.append(
                Line(
                    item.key,
                    item.name,
                    item.max_points,
                    item.source,
                    figure,
                    item.target,
                    deduction,
                    points,
                )
            )
            continue
        given = manual.get(item.key)
        if given is None:
            raise ValueError(_("请为“{name}”打分").format(name=item.name))
        given = Decimal(given)
        if not Decimal(0) <= given <= item.max_points:
            raise ValueError(
                _("“{name}”的得分应在 0–{top} 之间").format(name=item.name, top=item.max_points)
            )
        points = cents(given)
        lines.append(
            Line(
                item.key,
                item.name,
                item.max_points,
                "",
                None,
                item.target,
                cents(item.max_points - points),
                points,
            )
        )
    total = cents(sum((line.points for line in lines), Decimal(0)))
    return Outcome(
        tuple(lines), total, band(total, excellent_from=excellent_from, pass_from=pass_from)
    )


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later (the month's last day when it has fewer days)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def warning_cutoff(today: datetime.date) -> datetime.date:
    """An output dated before this day is older than 12 months."""
    return add_months(today, -WARNING_MONTHS)


def warned(
    last_output: datetime.date | None, named_on: datetime.date | None, today: datetime.date
) -> bool:
    """No output for 12 months: the latest of the last output and the naming day lies before
    the cut-off (a studio not yet named is never warned)."""
    if named_on is None:
        return False
    since = max(named_on, last_output) if last_output else named_on
    return since < warning_cutoff(today)
