"""The assessment's arithmetic and the 12-month warning (innovation/assessing.py, pure), with the
expected figures worked out from the rules in the comments."""

import datetime
from decimal import Decimal as D

import pytest

from jiangxin.innovation import assessing
from jiangxin.innovation.assessing import Item

APPRENTICES = Item("a", "带徒≥10人，每少1人扣1分", D(15), "apprentices", D(10), D(1))
BENEFIT = Item("b", "效益≥50万元，每少10万元扣2分", D(10), "benefit_wan", D(50), D("0.2"))
TEAM = Item("t", "团队建设", D(15))


def test_a_read_item_loses_its_deduction_per_unit_short():
    # 7 apprentices against 10: 3 short × 1 = 3 off 15 → 12
    assert assessing.read_points(APPRENTICES, D(7)) == (D("12.00"), D("3.00"))
    # at or over the target nothing is lost
    assert assessing.read_points(APPRENTICES, D(12)) == (D("15.00"), D("0.00"))


def test_a_deduction_never_takes_an_item_below_zero():
    # none against 10: 10 × 1 = 10 off 15 → 5; with −2 each it would be 20 off: floored at 0
    assert assessing.read_points(APPRENTICES, D(0)) == (D("5.00"), D("10.00"))
    steep = Item("s", "x", D(15), "apprentices", D(10), D(2))
    assert assessing.read_points(steep, D(0)) == (D("0.00"), D("15.00"))


def test_a_fractional_deduction_is_rounded_half_up_to_hundredths():
    # 31.25 万元 against 50: 18.75 short × 0.2 = 3.75 off 10 → 6.25
    assert assessing.read_points(BENEFIT, D("31.25")) == (D("6.25"), D("3.75"))
    # 49.99: 0.01 × 0.2 = 0.002 → 0.00 off
    assert assessing.read_points(BENEFIT, D("49.99")) == (D("10.00"), D("0.00"))
    # 49.97: 0.03 × 0.2 = 0.006 → 0.01 off
    assert assessing.read_points(BENEFIT, D("49.97")) == (D("9.99"), D("0.01"))


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (D("100"), "excellent"),
        (D("85.00"), "excellent"),  # ≥85 优秀
        (D("84.99"), "pass"),
        (D("60.00"), "pass"),  # 60–84 合格
        (D("59.99"), "fail"),  # <60 不合格
        (D("0"), "fail"),
    ],
)
def test_default_bands(score, band):
    assert assessing.band(score, excellent_from=D(85), pass_from=D(60)) == band


def test_thresholds_are_the_sheets():
    # a sheet asking 90 for 优秀 and 70 for 合格
    assert assessing.band(D(89), excellent_from=D(90), pass_from=D(70)) == "pass"
    assert assessing.band(D(69.5), excellent_from=D(90), pass_from=D(70)) == "fail"


def test_a_sheet_is_scored_from_figures_and_the_assessors_points():
    # apprentices 4 → 15 − 6 = 9; benefit 12.5 → 37.5 short × 0.2 = 7.5 off → 2.5;
    # team 13.5 by the assessor; total 9 + 2.5 + 13.5 = 25 of 40 → below 60: 不合格
    out = assessing.score(
        [APPRENTICES, BENEFIT, TEAM],
        {"apprentices": 4, "benefit_wan": D("12.5")},
        {"t": D("13.5")},
    )
    assert [line.points for line in out.lines] == [D("9.00"), D("2.50"), D("13.50")]
    assert [line.deduction for line in out.lines] == [D("6.00"), D("7.50"), D("1.50")]
    assert out.score == D("25.00") and out.band == "fail"


def test_a_full_sheet_reaches_excellent():
    # 15 + 10 + 15 = 40, on thresholds 35 / 20
    out = assessing.score(
        [APPRENTICES, BENEFIT, TEAM],
        {"apprentices": 10, "benefit_wan": D(80)},
        {"t": D(15)},
        excellent_from=D(35),
        pass_from=D(20),
    )
    assert out.score == D("40.00") and out.band == "excellent"


def test_a_manual_score_is_required_and_bounded():
    with pytest.raises(ValueError, match="团队建设"):
        assessing.score([TEAM], {}, {})
    with pytest.raises(ValueError, match="0–15"):
        assessing.score([TEAM], {}, {"t": D(16)})
    with pytest.raises(ValueError, match="不存在"):
        assessing.score([APPRENTICES], {}, {})


def test_add_months_keeps_the_day_or_takes_the_months_last():
    assert assessing.add_months(datetime.date(2024, 11, 30), 3) == datetime.date(2025, 2, 28)
    assert assessing.add_months(datetime.date(2024, 3, 15), 24) == datetime.date(2026, 3, 15)
    assert assessing.add_months(datetime.date(2025, 1, 31), -12) == datetime.date(2024, 1, 31)


def test_the_warning_counts_twelve_months_from_the_last_output_or_the_naming():
    today = datetime.date(2025, 6, 15)  # cut-off 2024-06-15
    named = datetime.date(2022, 5, 1)
    assert assessing.warned(datetime.date(2024, 6, 14), named, today)  # a day too old
    assert not assessing.warned(datetime.date(2024, 6, 15), named, today)
    assert assessing.warned(None, named, today)  # nothing ever recorded
    # named ten months ago: not yet due an output
    assert not assessing.warned(None, datetime.date(2024, 8, 1), today)
    assert not assessing.warned(None, None, today)  # not named
