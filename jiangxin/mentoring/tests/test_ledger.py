import datetime
from decimal import Decimal as D

from jiangxin.mentoring.ledger import Terms, months, overdue, stipend_lines

d = datetime.date


def test_a_twelve_month_agreement_runs_twelve_months():
    run = months(d(2025, 3, 1), d(2026, 3, 1))
    assert len(run) == 12 and run[0] == d(2025, 3, 1) and run[-1] == d(2026, 2, 1)
    assert months(d(2025, 3, 15), d(2025, 5, 15)) == [d(2025, 3, 1), d(2025, 4, 1), d(2025, 5, 1)]


def test_months_over_without_a_check_in_are_overdue():
    late = overdue(d(2025, 3, 1), d(2026, 3, 1), d(2025, 7, 10), [d(2025, 3, 20), d(2025, 5, 2)])
    assert late == [d(2025, 4, 1), d(2025, 6, 1)]  # July is not over yet


def test_the_final_grade_sets_the_stipend_paid():
    rates = {"excellent": 100, "pass": 50, "fail": 0}
    terms = [
        Terms(1, d(2025, 1, 1), d(2025, 4, 1), D("300"), "excellent"),
        Terms(2, d(2025, 1, 1), d(2025, 4, 1), D("300"), "pass"),
        Terms(3, d(2025, 1, 1), d(2025, 4, 1), D("300"), "fail"),
        Terms(4, d(2025, 2, 1), d(2026, 2, 1), D("250"), ""),
    ]
    lines = stipend_lines(terms, rates, first=d(2025, 1, 1), last=d(2025, 3, 31))
    paid = {}
    for line in lines:
        paid[line.pair] = paid.get(line.pair, D(0)) + (line.payable or 0)
    assert paid == {1: D("900.00"), 2: D("450.00"), 3: D("0.00"), 4: D(0)}
    assert [line.rate for line in lines if line.pair == 4] == [None, None]  # pending, Feb and Mar
