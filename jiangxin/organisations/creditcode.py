"""统一社会信用代码 (GB 32100-2015): validation with Chinese messages. Pure module."""

from stdnum.cn import uscc
from stdnum.exceptions import ValidationError

from jiangxin.core.i18n import gettext as _

_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


class CreditCodeError(ValueError):
    """``str(err)`` is a Chinese sentence saying what to fix."""


def parse_credit_code(raw: str) -> str:
    code = (raw or "").strip().replace(" ", "").upper()
    if len(code) != 18:
        raise CreditCodeError(
            _("统一社会信用代码应为18位，实际为{count}位").format(count=len(code))
        )
    if not code[2:8].isdigit():
        raise CreditCodeError(_("统一社会信用代码第3–8位应为行政区划码（数字）"))
    bad = sorted({c for c in code if c not in _ALPHABET})
    if bad:
        raise CreditCodeError(
            _("统一社会信用代码含有不允许的字符：{chars}（不使用 I、O、Z、S、V）").format(
                chars="、".join(bad)
            )
        )
    # Never name the expected digit: that would tell how to make a mistyped code pass.
    if code[-1] != uscc.calc_check_digit(code):
        raise CreditCodeError(_("统一社会信用代码校验码错误，请对照营业执照逐位核对"))
    try:
        return uscc.validate(code)
    except ValidationError:
        raise CreditCodeError(_("统一社会信用代码格式不正确")) from None


def make_credit_code(prefix: str, region: str, organisation_code: str) -> str:
    """Build a valid code (synthetic data): 2-char prefix, 6-digit region, 9-char body."""
    body = f"{prefix}{region}{organisation_code}"
    return body + uscc.calc_check_digit(body + "0")
