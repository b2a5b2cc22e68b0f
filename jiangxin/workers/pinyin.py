"""Search keys that let a name be found by full pinyin or by initials. Pure module.

A surname may be read several ways (曾 zēng/céng, 单 shàn/dān, 解 xiè/jiě), and the reading
used as a surname is often not the common one; given names have the same trouble (长 cháng/
zhǎng). So every reading of every character is kept, up to a bound.
"""

from functools import lru_cache
from itertools import product

from pypinyin import Style, pinyin

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
