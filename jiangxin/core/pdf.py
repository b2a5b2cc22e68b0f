"""PDF from HTML with WeasyPrint, in the fonts that ship with the code (``core/fonts``), so a
server without any CJK font installed still prints Chinese and every PDF embeds its glyphs.

Templates set ``font-family: "Jiangxin Serif"`` for text and ``"Jiangxin Serif Bold",
"Jiangxin Serif"`` for headings: the bold face holds GB 2312 only, and a heading character
beyond it falls back to the regular face, which holds all of GBK.

A document loads nothing but those fonts, the app's static files and small inline images
(``static_only_fetcher``): no URL reaches the network and no other file on the server is read
or attached, whatever the HTML asks for."""

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
    """The PDF of ``html`` (a full document with its own ``<style>``). Resources load only
    through ``StaticOnlyFetcher``: our fonts and static files, and small inline images."""
    from weasyprint import HTML

    with _LOCK:
        config, css = _fonts()
        return HTML(string=html, url_fetcher=static_only_fetcher()).write_pdf(
            stylesheets=[css], font_config=config
        )


# --- what a PDF may load --------------------------------------------------------------------

# An inline image (a QR code as SVG is a few kilobytes); anything larger, or of another type, is
# refused: a data: URL is text someone could have put into a page.
DATA_MAX_BYTES = 64 * 1024
DATA_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp", "image/svg+xml"}


class ResourceRefused(ValueError):
    """A PDF asked for something outside the app's own files (WeasyPrint skips the resource
    with a warning and renders the rest)."""


def allowed_roots() -> list[Path]:
    """The directories a PDF may read from: the shipped fonts, ``STATIC_ROOT`` and every
    directory the static-file finders serve from (each app's ``static/``)."""
    from django.conf import settings
    from django.contrib.staticfiles import finders

    roots = [FONTS]
    if settings.STATIC_ROOT:
        roots.append(Path(settings.STATIC_ROOT))
    for finder in finders.get_finders():
        for storage in getattr(finder, "storages", {}).values():
            roots.append(Path(storage.location))
        for _prefix, location in getattr(finder, "locations", []):
            roots.append(Path(location))
    return [root.resolve() for root in roots]


def static_only_fetcher():
    """A WeasyPrint URL fetcher that serves ``file:`` URLs under ``allowed_roots()`` and small
    ``data:`` images, and refuses everything else — http(s), ftp, other files (``/etc/passwd``),
    other hosts' ``file://`` — so a template can never make the server read or fetch anything
    else (nor attach it to the PDF)."""
    import mimetypes
    from urllib.parse import unquote_to_bytes, urlsplit
    from urllib.request import url2pathname

    from weasyprint.urls import URLFetcher, URLFetcherResponse

    roots = allowed_roots()

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            scheme = url.split(":", 1)[0].lower()
            if scheme == "data":
                return self._data(url)
            if scheme == "file":
                return self._file(url)
            raise ResourceRefused(f"PDF resource refused (not the app's own file): {url[:80]}")

        def _data(self, url: str):
            if len(url) > DATA_MAX_BYTES * 4 // 3 + 200:
                raise ResourceRefused("PDF resource refused: inline data too large")
            meta, comma, payload = url[5:].partition(",")
            parts = [p.strip().lower() for p in meta.split(";")]
            if not comma or parts[0] not in DATA_TYPES:
                raise ResourceRefused(f"PDF resource refused: inline {parts[0] or 'data'}")
            raw = unquote_to_bytes(payload)
            if "base64" in parts[1:]:
                import base64

                raw = base64.b64decode(raw)
            if len(raw) > DATA_MAX_BYTES:
                raise ResourceRefused("PDF resource refused: inline data too large")
            return URLFetcherResponse(url, raw, {"Content-Type": parts[0]})

        def _file(self, url: str):
            parts = urlsplit(url)
            if parts.netloc not in ("", "localhost"):
                raise ResourceRefused(f"PDF resource refused: file on {parts.netloc}")
            try:
                path = Path(url2pathname(parts.path)).resolve(strict=True)
            except (OSError, RuntimeError):
                raise ResourceRefused(f"PDF resource refused: {parts.path[:80]}") from None
            if not path.is_file() or not any(path.is_relative_to(r) for r in roots):
                raise ResourceRefused(f"PDF resource refused (outside static files): {path}")
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": kind})

    return StaticOnlyFetcher()
