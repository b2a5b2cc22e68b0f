"""PDF from HTML with WeasyPrint, in the fonts that ship with the code (``core/fonts``), so a
server without any CJK font installed still prints Chinese and every PDF embeds its glyphs.

Templates set ``font-family: "Jiangxin Serif"`` for text and ``"Jiangxin Serif Bold",
"Jiangxin Serif"`` for headings: the bold face holds GB 2312 only, and a heading character
beyond it falls back to the regular face, which holds all of GBK."""

from __future__ import annotations

import atexit
import threading
from functools import cache
from pathlib import Path

FONTS = Path(__file__).resolve().parent / "fonts"

FONT_CSS = f"""
@font-face {{ font-family: "Jiangxin Serif"; src: url("{(FONTS / "JiangxinSerif-Regular.woff2").as_uri()}"); }}
@font-face {{ font-family: "Jiangxin Serif Bold"; src: url("{(FONTS / "JiangxinSerif-Bold.woff2").as_uri()}"); }}
"""


def uncovered(text: str) -> str:
    """The characters of ``text`` the shipped regular face cannot draw (it holds GBK)."""
    out = []
    for ch in text:
        try:
            ch.encode("gbk")
        except UnicodeEncodeError:
            out.append(ch)
    return "".join(dict.fromkeys(out))


_LOCK = threading.Lock()  # one font configuration per process, used by one render at a time


@cache
def _fonts():
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    config = FontConfiguration()
    return config, CSS(string=FONT_CSS, font_config=config)


# Release the fonts before the interpreter tears modules down (their finaliser needs them).
atexit.register(_fonts.cache_clear)


def render_pdf(html: str) -> bytes:
    """The PDF of ``html`` (a full document with its own ``<style>``). Only ``data:`` and
    ``file:`` resources are loaded (our fonts, inline images): nothing from the network."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    fetch = URLFetcher(allowed_protocols={"data", "file"})

    with _LOCK:
        config, css = _fonts()
        return HTML(string=html, url_fetcher=fetch).write_pdf(stylesheets=[css], font_config=config)
