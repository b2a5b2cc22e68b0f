"""The stipend statement: what each pair's master is paid, month by month (``ledger``)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from jiangxin.mentoring import ledger
from jiangxin.mentoring.models import Pair


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
