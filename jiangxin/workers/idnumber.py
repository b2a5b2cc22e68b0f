"""公民身份号码 (GB 11643-1999): parsing and validation with messages that say what to fix.

Pure module (no Django): python-stdnum checks the MOD 11-2 check digit, the birth date and the
region code (against its administrative division table, as valid in the birth year).
"""

import datetime
import re
from dataclasses import dataclass
from functools import lru_cache

from stdnum.cn import ric

from jiangxin.core import bounds
from jiangxin.core.i18n import gettext as _

MIN_WORKING_AGE = 16


class IdNumberError(ValueError):
    """The number is not a valid resident ID; ``str(err)`` is a Chinese sentence for the user."""


@dataclass(frozen=True, slots=True)
class IdNumber:
    number: str
    birth_date: datetime.date
    gender: str  # "M" or "F": the 17th digit is odd for men, even for women
    region: str


@lru_cache(maxsize=8192)
def _region_known(region: str, year: int) -> bool:
    """Whether the region code was in force in ``year`` or any year after it.

    python-stdnum's own check wants the code in force in the birth year, but a code is that of
    the place where the card was issued, which can be years later: everyone born in Jinjiang
    before 1992 (晋江县, 350521) carries 晋江市's 350582. So any code valid since birth counts.
    """
    from stdnum import numdb

    info = {k: v for _part, props in numdb.get("cn/loc").info(region) for k, v in props.items()}
    counties = info.get("county")
    if not counties:
        return False
    for county in counties.split(","):
        if not county.startswith("["):
            return True
        end = county[1:].split("]")[0].split("-")[1]
        if not end or int(end) >= year:
            return True
    return False


_SCIENTIFIC = re.compile(r"^\d(\.\d+)?[eE]\+?\d+$")
_DECIMAL = re.compile(r"^\d{15,18}\.\d*$")


def looks_like_number_cell(text: str) -> bool:
    """The text is how a spreadsheet writes a number: scientific notation ("3.50582E+17") or a
    decimal ("350582198506121000.0"). An ID number that went through a number is damaged —
    Excel keeps 15 significant digits — so such text is never parsed as an ID number."""
    text = text.strip()
    return bool(_SCIENTIFIC.match(text) or _DECIMAL.match(text))


def has_rounded_tail(text: str) -> bool:
    """18 digits ending in "000": the shape of every 18-digit number Excel has held as a number
    (it keeps 15 significant digits and writes the rest as zeros, e.g. 350521197806285000).

    A genuine number ends in "000" only when its sequence code ends in "00" and its check digit
    is 0 (about 1 in 1,100), while a damaged one passes the check digit 1 time in 11 and then
    names another real person. So where a value carries no cell type (a CSV file), the tail is
    refused with the numeric-cell message; a typed cell (.xlsx text) or the worker form, where
    the person typed the number, is trusted."""
    text = text.strip().replace(" ", "")
    return len(text) == 18 and text.isdigit() and text.endswith("000")


def parse_id_number(raw: str, *, today: datetime.date | None = None) -> IdNumber:
    """Return the parsed number, or raise ``IdNumberError`` naming what is wrong."""
    number = (raw or "").strip().replace(" ", "").upper()
    if not number:
        raise IdNumberError(_("公民身份号码不能为空"))
    if len(number) != 18:
        raise IdNumberError(_("公民身份号码应为18位，实际为{count}位").format(count=len(number)))
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise IdNumberError(_("公民身份号码前17位应为数字，最后一位为数字或X"))
    # The message never names the expected digit: given a mistyped or float-damaged number,
    # it would tell the user how to make a wrong person's number pass.
    if number[17] != ric.calc_check_digit(number):
        raise IdNumberError(_("公民身份号码校验码错误，请对照身份证逐位核对号码"))
    try:  # the number is already clean: read the date directly (stdnum would clean it again)
        birth = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise IdNumberError(_("公民身份号码中的出生日期无效（第7–14位）")) from None
    today = today or datetime.date.today()
    if birth > today:
        raise IdNumberError(_("公民身份号码中的出生日期晚于今天"))
    if birth < bounds.EARLIEST_DATE:  # "0227…": a slip, not a person
        raise IdNumberError(
            _("公民身份号码中的出生日期早于 {year} 年，请核对第7–14位").format(
                year=bounds.EARLIEST_YEAR
            )
        )
    if not _region_known(number[:6], birth.year):
        raise IdNumberError(_("公民身份号码的地区码 {region} 不存在").format(region=number[:6]))
    gender = "M" if int(number[16]) % 2 else "F"
    return IdNumber(number=number, birth_date=birth, gender=gender, region=number[:6])


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def make_id_number(region: str, birth_date: datetime.date, sequence: int) -> str:
    """Build a valid number (for synthetic demo and test data): ``sequence`` 0–999, whose
    parity sets the gender."""
    body = f"{region}{birth_date:%Y%m%d}{sequence:03d}"
    return body + ric.calc_check_digit(body + "0")
