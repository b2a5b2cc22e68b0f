"""Responses that hand the user a file: Excel workbooks to save, PDFs to open.

The file name is Chinese (职工名册-20250301.xlsx), sent as RFC 6266 / RFC 5987 ``filename*``
(UTF-8, percent-encoded), which every current browser reads; ``filename`` carries an ASCII
stand-in for the rare client that does not, with the non-ASCII characters dropped rather than
sent raw (a raw UTF-8 header is read as Latin-1 by some clients and mangled).

Every file response says ``X-Content-Type-Options: nosniff`` itself (not only through
``SECURE_CONTENT_TYPE_NOSNIFF``), so a browser never second-guesses its type. Workbooks go out as
attachments; the site never serves an uploaded file back (see ``core/uploads.py``).
"""

import re
import unicodedata
from urllib.parse import quote

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render

from jiangxin.core.uploads import DOCUMENT_TYPES

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def content_disposition(filename: str, *, inline: bool = False) -> str:
    """``attachment; filename="…"; filename*=UTF-8''…`` for any file name."""
    stem, dot, ext = filename.rpartition(".")
    if not dot:
        stem, ext = filename, ""
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    ascii_stem = re.sub(r"[^A-Za-z0-9._-]+", "-", ascii_stem).strip("-._") or "download"
    fallback = f"{ascii_stem}.{ext}" if ext else ascii_stem
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition(filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    """Opened in the browser; never cached on the way (it may carry a name)."""
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(filename, inline=True)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def stored_document(name: str, kind: str, original_name: str) -> FileResponse:
    """A stored upload (``core.uploads``: checked PDF, JPG or PNG) handed back — only by a view
    that has checked who may see it: an attachment under the sender's name, its type from the
    checked content (never sniffed), not cached on the way; a file gone from the disk is a 404."""
    try:
        handle = default_storage.open(name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, content_type=DOCUMENT_TYPES.get(kind, "application/octet-stream")
    )
    response["Content-Disposition"] = content_disposition(original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def refused(request, messages: list[str]) -> HttpResponse:
    """A download asked for with a bad query parameter: a 400 page in the layout naming each
    bad value. Never the file with the bad filter dropped — an export of the whole subtree."""
    return render(request, "core/download_refused.html", {"messages": messages}, status=400)
