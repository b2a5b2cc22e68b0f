import pytest

from jiangxin.organisations.creditcode import CreditCodeError, make_credit_code, parse_credit_code


def test_known_valid_code_passes():
    # A real-format code whose check digit python-stdnum's table confirms.
    code = make_credit_code("91", "350582", "MA2Y0001X")
    assert parse_credit_code(code.lower()) == code


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("91350582MA2Y0001", "应为18位，实际为16位"),
        ("91ABCDEFMA2Y0001XN", "第3–8位应为行政区划码"),
        ("91350582MA2Y0001IO", "不允许的字符：I、O"),
    ],
)
def test_invalid_codes_say_what_is_wrong(raw, fragment):
    with pytest.raises(CreditCodeError, match=fragment):
        parse_credit_code(raw)


def test_wrong_check_digit_never_names_the_digit_that_would_pass():
    code = make_credit_code("91", "350582", "MA2Y0001X")
    wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
    with pytest.raises(CreditCodeError, match="校验码错误") as caught:
        parse_credit_code(wrong)
    assert "应为" not in str(caught.value)
