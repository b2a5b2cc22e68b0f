"""Search keys that let a name be found by full pinyin or by initials. Pure module.

A surname may be read several ways (曾 zēng/céng, 单 shàn/dān, 解 xiè/jiě), and the reading
used as a surname is often not the common one; given names have the same trouble (长 cháng/
zhǎng). So every reading of every character is kept, up to a bound.
"""

from functools import lru_cache
from itertools import product

from pypinyin import Style, lazy_pinyin, pinyin

_MAX_VARIANTS = 16


@lru_cache(maxsize=20000)
def _readings(char: str) -> tuple[str, ...]:
    """Every reading of one character, the most common first."""
    found = pinyin(char, style=Style.NORMAL, heteronym=True, errors="ignore")
    readings = tuple(dict.fromkeys(found[0])) if found else ()
    return readings or (char.lower(),)


@lru_cache(maxsize=65536)  # rosters repeat names; an import meets the same ones often
def search_keys(name: str) -> str:
    """``"曾小贤"`` → ``"cengxiaoxian cxx zengxiaoxian zxx"``: every full spelling and its
    initials, lower case, space separated, for a ``contains`` match. Every reading of every
    character counts (李长江 is lichangjiang as well as lizhangjiang), the surname's first."""
    name = "".join(name.split())
    if not name:
        return ""
    options = [_readings(c) for c in name]
    keys: list[str] = []
    for count, combo in enumerate(product(*options)):
        if count >= _MAX_VARIANTS:
            break
        keys.append("".join(combo))
        keys.append("".join(s[0] for s in combo if s))
    return " ".join(dict.fromkeys(keys))


# Surnames whose surname reading is not the character's common one (曾 is zēng as a name, not
# céng). Only the first character of a name is read this way; pypinyin's phrase table already
# reads the two-character surnames (尉迟 yùchí, 万俟 mòqí).
__i18n_data__ = ("SURNAME_READINGS", "COMPOUND_SURNAMES")  # data (readings), not interface text
SURNAME_READINGS = {
    "曾": "zeng",
    "单": "shan",
    "解": "xie",
    "区": "ou",
    "查": "zha",
    "仇": "qiu",
    "朴": "piao",
    "覃": "qin",
    "乐": "yue",
    "盖": "ge",
    "缪": "miao",
    "翟": "zhai",
    "秘": "bi",
    "召": "shao",
    "种": "chong",
    "员": "yun",
    "冼": "xian",
    "句": "gou",
    "牟": "mou",
    "祭": "zhai",
    "长": "chang",
    "尉": "wei",
    "繁": "po",
    "折": "she",
    "隗": "wei",
    "黑": "he",
    "宿": "su",
    "奇": "ji",
    "令": "ling",
    "佴": "nai",
    "蕃": "pi",
}
_WIDTH = 6  # the longest syllable (zhuang, shuang) has six letters


def _unit(text: str) -> str:
    letters = "".join(c for c in text.lower() if "a" <= c <= "z" or "0" <= c <= "9")
    return letters[:_WIDTH].ljust(_WIDTH, "0") if letters else ""


# Two-character surnames read otherwise than their characters alone (尉 alone is wèi, 尉迟 yùchí).
COMPOUND_SURNAMES = {"尉迟": ("yu", "chi"), "万俟": ("mo", "qi"), "单于": ("chan", "yu")}


@lru_cache(maxsize=20000)
def _char_unit(char: str) -> str:
    """A character's most common reading as a padded unit (a Latin letter or digit stands for
    itself), computed once per character: an import of 100,000 names meets the same few
    thousand characters again and again."""
    return _unit(lazy_pinyin(char, style=Style.NORMAL, errors=lambda text: list(text))[0])


@lru_cache(maxsize=65536)
def sort_key(name: str) -> str:
    """``"曾小贤"`` → ``"zeng00xiao00xian00"``: the name's reading, character by character, each
    syllable padded to six places with "0". Sorting this ASCII column gives pinyin order on
    SQLite and on PostgreSQL alike, whatever the database's collation: the key holds only
    lower-case letters and digits, which every collation orders the same way (a separator
    such as a space is ignored by some, so 李昂 "li ang" and 连 "lian" would swap), and the
    padding makes "li" sort before "lian" as a dictionary does. Latin letters count one each.

    The surname is read as a surname (曾 zeng, 尉迟 yuchi); every other character by its most
    common reading, looked up once per character — a roster sorts as a dictionary of names
    does, and an import of 100,000 names does not segment each into phrases."""
    name = "".join(name.split())
    if not name:
        return ""
    if name[:2] in COMPOUND_SURNAMES:
        head, rest = "".join(_unit(r) for r in COMPOUND_SURNAMES[name[:2]]), name[2:]
    elif name[0] in SURNAME_READINGS:
        head, rest = _unit(SURNAME_READINGS[name[0]]), name[1:]
    else:
        head, rest = "", name
    return head + "".join(map(_char_unit, rest))
