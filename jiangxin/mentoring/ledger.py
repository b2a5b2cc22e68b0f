"""Months of an agreement: which check-ins are overdue, what stipend each month pays. Pure.

A pair runs for the months from its start month up to (not including) the month it ends — a
12-month agreement from 2025-03-01 runs March 2025 … February 2026. A check-in is overdue for
every month of that run that is over without one. The stipend of a month is the agreed monthly
amount × the rate set by the final grade (default 优秀 100%, 合格 50%, 不合格 0%); before the
final assessment it is pending."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


def first_of(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def next_month(day: datetime.date) -> datetime.date:
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def months(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """The first day of each month from ``start``'s month up to, not including, ``end``'s
    month (or ``end``'s month too when ``end`` is not the 1st)."""
    out, month = [], first_of(start)
    stop = first_of(end) if end.day == 1 else next_month(end)
    while month < stop:
        out.append(month)
        month = next_month(month)
    return out


def overdue(
    start: datetime.date, end: datetime.date, today: datetime.date, filed: Iterable[datetime.date]
) -> list[datetime.date]:
    """Months of the run that are over (before today's month) with no check-in."""
    done = {first_of(d) for d in filed}
    return [m for m in months(start, end) if m < first_of(today) and m not in done]


def due(
    start: datetime.date, end: datetime.date, today: datetime.date, filed: Iterable[datetime.date]
) -> list[datetime.date]:
    """Months of the run up to and including today's month with no check-in, earliest first:
    the overdue ones, then this month's."""
    done = {first_of(d) for d in filed}
    return [m for m in months(start, end) if m <= first_of(today) and m not in done]


@dataclass(frozen=True)
class Terms:
    pair: int
    starts_on: datetime.date
    ends_on: datetime.date  # the agreed end, or the day it closed early
    monthly: Decimal
    grade: str  # "" while pending


@dataclass(frozen=True)
class Line:
    pair: int
    month: datetime.date
    base: Decimal
    rate: int | None  # percent; None while the final grade is pending
    payable: Decimal | None


def stipend_lines(
    terms: Iterable[Terms],
    rates: Mapping[str, int],
    *,
    first: datetime.date,
    last: datetime.date,
) -> list[Line]:
    """One line per pair and month of its run between the months of ``first`` and ``last``."""
    out = []
    for t in terms:
        rate = rates.get(t.grade) if t.grade else None
        for month in months(t.starts_on, t.ends_on):
            if first_of(first) <= month <= first_of(last):
                payable = (
                    None
                    if rate is None
                    else (t.monthly * rate / 100).quantize(Decimal("0.01"), ROUND_HALF_UP)
                )
                out.append(Line(t.pair, month, t.monthly, rate, payable))
    return sorted(out, key=lambda line: (line.month, line.pair))
