import datetime

import pytest
from stdnum.cn import ric

from jiangxin.workers.idnumber import (
    IdNumberError,
    has_rounded_tail,
    looks_like_number_cell,
    make_id_number,
    parse_id_number,
)

TODAY = datetime.date(2025, 6, 1)


def test_valid_number_gives_birth_date_gender_and_region():
    parsed = parse_id_number("11010519491231002X", today=TODAY)
    assert parsed.birth_date == datetime.date(1949, 12, 31)
    assert parsed.gender == "F"  # 17th digit 2 is even
    assert parsed.region == "110105"


def test_lower_case_x_and_spaces_are_accepted():
    assert parse_id_number(" 11010519491231002x ", today=TODAY).number == "11010519491231002X"


def test_odd_sequence_digit_is_male():
    number = make_id_number("350582", datetime.date(1988, 3, 9), 123)
    assert parse_id_number(number, today=TODAY).gender == "M"


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("", "不能为空"),
        ("35058219880309123", "应为18位，实际为17位"),
        ("3505821988030912345", "应为18位，实际为19位"),
        ("35058219880309A234", "前17位应为数字"),
        ("110105194912310021", "校验码错误，请对照身份证逐位核对"),
    ],
)
def test_invalid_numbers_say_what_is_wrong(raw, fragment):
    with pytest.raises(IdNumberError, match=fragment):
        parse_id_number(raw, today=TODAY)


def test_impossible_birth_date_is_rejected():
    body = "35058219880230123"  # 30 February, with a correct check digit
    with pytest.raises(IdNumberError, match="出生日期无效"):
        parse_id_number(body + ric.calc_check_digit(body + "0"), today=TODAY)


def test_wrong_check_digit_never_names_the_digit_that_would_pass():
    good = make_id_number("350582", datetime.date(1990, 1, 1), 11)
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    with pytest.raises(IdNumberError, match="校验码错误") as caught:
        parse_id_number(bad, today=TODAY)
    assert "应为" not in str(caught.value) and good[17] not in str(caught.value)


@pytest.mark.parametrize(
    ("text", "number_like", "rounded"),
    [
        ("3.50582E+17", True, False),
        ("350582198501028000.0", True, True),  # rounded is only asked of 18 digits
        ("350582198501028000", False, True),
        ("350582198501028137", False, False),
        ("35058219850102800X", False, False),
    ],
)
def test_shapes_of_an_id_number_that_went_through_a_number(text, number_like, rounded):
    assert looks_like_number_cell(text) is number_like
    assert has_rounded_tail(text) is (rounded and "." not in text)


def test_unknown_region_is_rejected():
    number = make_id_number("990101", datetime.date(1990, 1, 1), 11)
    with pytest.raises(IdNumberError, match="地区码 990101 不存在"):
        parse_id_number(number, today=TODAY)


def test_birth_date_in_the_future_is_rejected():
    number = make_id_number("350582", datetime.date(2030, 1, 1), 11)
    with pytest.raises(IdNumberError, match="晚于今天"):
        parse_id_number(number, today=TODAY)


def test_code_created_after_birth_is_valid_because_cards_carry_the_issuing_code():
    # 晋江市 (350582) exists since 1992; people born in Jinjiang in 1970 carry it.
    assert parse_id_number(make_id_number("350582", datetime.date(1970, 5, 1), 11), today=TODAY)


def test_code_abolished_before_birth_is_invalid():
    # 晋江县 (350521 was reassigned; 350522 stood for 晋江县 only until 1992): a card of
    # someone born in 2000 cannot carry it.
    with pytest.raises(IdNumberError, match="地区码"):
        parse_id_number(make_id_number("350522", datetime.date(2000, 1, 1), 11), today=TODAY)
