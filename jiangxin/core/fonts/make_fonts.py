"""Rebuild the certificate fonts from Noto Serif CJK SC (SIL Open Font License 1.1).

    apt-get install fonts-noto-cjk && pip install fonttools brotli
    python jiangxin/core/fonts/make_fonts.py

Regular: every character of GBK (21,886 ideographs and symbols, which covers the names on
resident ID cards in practice) plus ASCII. Bold, for headings only: GB 2312 plus ASCII; a
heading character missing from it falls back to the regular face (see ``core/pdf.py``).
The faces are renamed "Jiangxin Serif", as the licence asks of modified versions.
"""

import contextlib
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

SOURCE = Path("/usr/share/fonts/opentype/noto")
HERE = Path(__file__).resolve().parent
ASCII = {chr(c) for c in range(0x20, 0x7F)}


def _charset(codec: str, lead: range, trail: range) -> set[str]:
    out = set()
    for b1 in lead:
        for b2 in trail:
            with contextlib.suppress(UnicodeDecodeError):
                out.add(bytes([b1, b2]).decode(codec))
    return out


def build(source: str, target: str, chars: set[str], style: str) -> None:
    font = TTCollection(str(SOURCE / source)).fonts[2]  # the SC face
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    options.hinting = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(c) for c in chars])
    subsetter.subset(font)
    family = "Jiangxin Serif" if style == "Regular" else "Jiangxin Serif Bold"
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (1, 3, 4, 6, 16, 17):
            names.removeNames(nameID=record.nameID)
    names.setName(family, 1, 3, 1, 0x409)
    names.setName("Regular", 2, 3, 1, 0x409)
    names.setName(f"{family} (subset of Noto Serif CJK SC {style})", 3, 3, 1, 0x409)
    names.setName(family, 4, 3, 1, 0x409)
    names.setName(family.replace(" ", ""), 6, 3, 1, 0x409)
    font.flavor = "woff2"
    font.save(str(HERE / target))


if __name__ == "__main__":
    gbk = _charset("gbk", range(0x81, 0xFF), range(0x40, 0xFF))
    gb2312 = _charset("gb2312", range(0xA1, 0xF8), range(0xA1, 0xFF))
    build("NotoSerifCJK-Regular.ttc", "JiangxinSerif-Regular.woff2", gbk | ASCII, "Regular")
    build("NotoSerifCJK-Bold.ttc", "JiangxinSerif-Bold.woff2", gb2312 | ASCII, "Bold")
