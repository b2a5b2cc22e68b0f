"""Names in a 五小 application's text, found before the experts read it blind. Pure module.

The experts score without the completers' names, the enterprise or the union; the applicants
are asked to keep those names out of the title and the descriptive fields, and the page warns
when one is there. ``mentions(fields, people=…, organisations=…)`` returns, field by field in
the order given, each name found:

- a person's name as written on the roster (two characters or more: a one-character name
  would be found in every sentence);
- an organisation by its full name and by its **short form** (``short_name``): the name with
  the legal-form suffixes taken off (股份有限公司, 有限责任公司, 有限公司, 公司, 集团, 工会委员会,
  总工会, 工会 … repeatedly from the end: "晋工机械集团有限公司工会" → "晋工机械") and the place
  prefix taken off (leading 省/自治区/市/州/盟/县/区/旗/镇/乡/街道 names, each of two to four
  characters before its suffix: "福建省晋江市安海镇晋工机械" → "晋工机械"). A short form that is
  only a place ("晋江市总工会" → "晋江市": the whole town would match), of fewer than two
  characters, or a generic word (工会, 公司, 集团, 企业, 单位) is not sought; the full name is.

Text and names are compared after NFKC (full-width letters half-width), case folded, with the
spaces removed from the text (so "柯 宝 馨" is found). Within one field a word contained in a
longer word found there is not reported again (the full name found, its short form is not).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# Names as they are written in the records, not words of the interface.
__i18n_data__ = ("SUFFIXES", "PLACE", "GENERIC")
SUFFIXES = (
    "股份有限公司",
    "有限责任公司",
    "有限公司",
    "工会委员会",
    "总工会",
    "工会",
    "公司",
    "集团",
)
PLACE = re.compile(
    r"^[\u4e00-\u9fff]{2,4}?(?:特别行政区|自治区|自治州|省|市|州|盟|县|区|旗|镇|乡|街道)"
)
GENERIC = frozenset({"工会", "总工会", "公司", "集团", "企业", "单位", "有限公司"})
MIN_CHARS = 2


@dataclass(frozen=True)
class Mention:
    field: str  # the field's key, as given
    label: str  # its name on the page
    word: str  # the name found, as given


def _plain(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


def short_name(name: str) -> str:
    """The organisation's name without its legal-form suffixes and its place prefix."""
    text = "".join(unicodedata.normalize("NFKC", name).split())
    changed = True
    while changed:
        changed = False
        for suffix in SUFFIXES:
            if text.endswith(suffix) and len(text) > len(suffix):
                text, changed = text[: -len(suffix)], True
                break  # the longest suffix first again ("有限公司" before "公司")
    while m := PLACE.match(text):
        if m.end() == len(text):
            return ""  # only a place is left ("晋江市总工会"): nothing specific to seek
        text = text[m.end() :]
    return text


def name_forms(name: str) -> list[str]:
    """The words sought for an organisation: its full name, then its short form when that
    differs and is specific enough."""
    full = "".join(name.split())
    out = [full] if len(full) >= MIN_CHARS else []
    short = short_name(full)
    if short != full and len(short) >= MIN_CHARS and short not in GENERIC:
        out.append(short)
    return out


def mentions(
    fields: Sequence[tuple[str, str, str]],
    *,
    people: Iterable[str] = (),
    organisations: Iterable[str] = (),
) -> list[Mention]:
    """``fields`` are (key, label, text). The names found in each, longest word first."""
    words: list[str] = []
    for person in people:
        p = "".join(person.split())
        if len(p) >= MIN_CHARS:
            words.append(p)
    for org in organisations:
        words.extend(name_forms(org))
    unique = sorted(dict.fromkeys(words), key=lambda w: (-len(w), words.index(w)))
    out = []
    for key, label, text in fields:
        plain = _plain(text or "")
        found: list[str] = []
        for word in unique:
            w = _plain(word)
            if w in plain and not any(w in _plain(longer) for longer in found):
                found.append(word)
        out.extend(Mention(key, label, word) for word in found)
    return out
