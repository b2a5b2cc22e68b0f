"""Uploads: every file a person sends is checked by size, extension and content before it is
kept or read, stored outside the web root, and never served back as it came.

Two families of upload share one check (:func:`_checked_kind`: the size against the caller's
cap, the extension against the family's, the first bytes against what the extension claims):

- spreadsheets (the roster import, theory marks, the question bank): each entry point calls
  :func:`check_spreadsheet_upload` or :func:`check_spreadsheet_bytes` — .xlsx/.xls/.csv, and the
  first bytes a zip, an OLE file or text (never an image, a PDF, a web page or a program).
  Reading goes through the spreadsheet guard and the ceiling with the caps from settings
  (:func:`sheet_reading`);
- documents and images (a studio application's materials, the evidence of a naming recorded
  from outside the platform, a project's files): :func:`check_document_upload` —
  .pdf/.jpg/.jpeg/.png whose first bytes are a PDF's, a JPEG's or a PNG's *of the same kind*
  (a renamed program, web page or archive is refused, and so is a PNG named .pdf). A set of
  1–n documents from one field goes through :func:`check_documents` (every file checked before
  any is kept; each refusal names its file) and is kept by :func:`store_documents`.

Stored uploads (``ImportJob.file``, ``innovation.ApplicationFile.file``,
``innovation.NamingEvidence.file``) live under
``MEDIA_ROOT`` with names of our making (:func:`stored_name`), which no URL serves (the deploy
check below refuses a ``MEDIA_ROOT`` inside ``STATIC_ROOT`` or the other way round, and a URL
pattern serving media). What the site hands back goes out as an attachment with
``X-Content-Type-Options: nosniff`` (``core/downloads.py``): generated files (error reports,
templates), and a stored document only through a view that has checked who may see it.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

from jiangxin.core import sheetguard

EXTENSIONS = (".xlsx", ".xls", ".csv")
# Documents and images: the kind, its extensions and its first bytes.
DOCUMENT_KINDS = {
    "pdf": ((".pdf",), (b"%PDF-",)),
    "jpeg": ((".jpg", ".jpeg"), (b"\xff\xd8\xff",)),
    "png": ((".png",), (b"\x89PNG\r\n\x1a\n",)),
}
DOCUMENT_TYPES = {"pdf": "application/pdf", "jpeg": "image/jpeg", "png": "image/png"}


def sheet_limits() -> sheetguard.Limits:
    return sheetguard.Limits(
        max_bytes=settings.IMPORT_MAX_BYTES,
        max_entries=settings.SHEET_MAX_ENTRIES,
        max_uncompressed=settings.SHEET_MAX_UNCOMPRESSED_MB * 1024 * 1024,
        max_ratio=settings.SHEET_MAX_RATIO,
        max_rows=settings.SHEET_MAX_ROWS,
        max_columns=settings.SHEET_MAX_COLUMNS,
        max_cells=settings.SHEET_MAX_CELLS,
    )


def sheet_reading() -> dict:
    """Keyword arguments for ``spreadsheet.read_sheet_safely``."""
    return {
        "limits": sheet_limits(),
        "memory_bytes": settings.SHEET_PARSE_MEMORY_MB * 1024 * 1024,
        "cpu_seconds": settings.SHEET_PARSE_CPU_SECONDS,
    }


def _size_error(size: int, limit: int, advice: str = "") -> ValidationError:
    advice = advice or _("请拆分成几个文件分别导入，或删除多余的工作表和格式后再上传。")
    return ValidationError(
        _("文件大小为 {size:.1f} MB，超过上限 {limit} MB。{advice}").format(
            size=size / 1048576, limit=max(1, limit // 1048576), advice=advice
        )
    )


def _kind_of(name: str, head: bytes) -> str:
    """The kind of spreadsheet the content says the file is (a renamed file is read as what it
    is: people save a .csv as .xls), when the name has a spreadsheet's extension and the
    content is a spreadsheet's; else the error."""
    if os.path.splitext(name or "")[1].lower() not in EXTENSIONS:
        raise ValidationError(_("只能上传 .xlsx、.xls 或 .csv 文件，请另存为这几种格式后再上传。"))
    kind = sheetguard.sniff(head)
    if kind is None:
        raise ValidationError(str(sheetguard.not_a_sheet()))
    return kind


def _document_kind(name: str, head: bytes) -> str:
    """The document kind the name claims, when the content is that kind; else the error."""
    ext = os.path.splitext(name or "")[1].lower()
    claimed = next((k for k, (exts, _m) in DOCUMENT_KINDS.items() if ext in exts), None)
    if claimed is None:
        raise ValidationError(_("只能上传 PDF、JPG 或 PNG 文件，请另存为这几种格式后再上传。"))
    if not head:
        raise ValidationError(_("上传的文件是空的。"))
    if not head.startswith(DOCUMENT_KINDS[claimed][1]):
        raise ValidationError(
            _(
                "文件的内容不是 {kind} 文件（扩展名与内容不符，可能是改了扩展名的其他文件），请上传真实的 PDF、JPG 或 PNG 文件。"
            ).format(kind=claimed.upper())
        )
    return claimed


def _checked_kind(upload, *, max_bytes: int, kind_of, advice: str = "") -> str:
    """Size, extension and first bytes of an uploaded file, before it is kept or read."""
    if upload.size > max_bytes:
        raise _size_error(upload.size, max_bytes, advice)
    head = upload.read(64)
    upload.seek(0)
    return kind_of(upload.name, head)


def check_document_upload(upload, *, max_bytes: int) -> str:
    """For a form's clean: a PDF, JPG or PNG within ``max_bytes``, checked by its content.
    Returns the kind ("pdf", "jpeg", "png")."""
    return _checked_kind(
        upload,
        max_bytes=max_bytes,
        kind_of=_document_kind,
        advice=_("请压缩或拆分后再上传。"),
    )


def check_documents(
    files: Sequence[Any], *, max_files: int, max_bytes: int, what: str, field: str = "files"
) -> list[tuple[Any, str]]:
    """1–``max_files`` documents from one field, each checked by :func:`check_document_upload`,
    all before any is kept: the (upload, kind) pairs, or one ValidationError on ``field``
    naming ``what`` is wanted (申报材料, 命名文件) and each refused file once."""
    if not files:
        raise ValidationError(
            {
                field: _("请上传{what}（PDF、JPG 或 PNG，1–{max} 个）").format(
                    what=what, max=max_files
                )
            }
        )
    if len(files) > max_files:
        raise ValidationError(
            {
                field: _("{what}最多 {max} 个，您选了 {n} 个：请合并或删减后再上传").format(
                    what=what, max=max_files, n=len(files)
                )
            }
        )
    return check_each(files, max_bytes=max_bytes, field=field)


def check_each(
    files: Sequence[Any], *, max_bytes: int, field: str = "files"
) -> list[tuple[Any, str]]:
    """Each document checked by :func:`check_document_upload`, all before any is kept: the
    (upload, kind) pairs, or one ValidationError on ``field`` naming each refused file once."""
    checked, problems = [], []
    for upload in files:
        try:
            kind = check_document_upload(upload, max_bytes=max_bytes)
        except ValidationError as err:
            problems += [
                _("“{name}”：{problem}").format(name=str(upload.name)[:60], problem=m)
                for m in err.messages
            ]
        else:
            checked.append((upload, kind))
    if problems:
        raise ValidationError({field: problems})
    return checked


def store_documents(
    checked: Sequence[tuple[Any, str]], *, folder: str, create: Callable[[Any, str, str], Any]
) -> None:
    """Keep checked documents: each saved under ``MEDIA_ROOT/<folder>/`` with a name of our
    making, then ``create(upload, kind, stored_name)`` makes its row. Call it inside the
    service's transaction, last: should anything fail, the files saved so far are deleted and
    the error goes on (the transaction takes the rows back)."""
    stored: list[str] = []
    try:
        for upload, kind in checked:
            name = default_storage.save(stored_name(folder, kind), upload)
            stored.append(name)
            create(upload, kind, name)
    except BaseException:
        for name in stored:
            default_storage.delete(name)
        raise


def stored_name(folder: str, kind: str) -> str:
    """A name of our making for a stored upload (never the sender's): a random one in
    ``folder`` with the extension of the checked kind."""
    ext = DOCUMENT_KINDS[kind][0][0] if kind in DOCUMENT_KINDS else ""
    return f"{folder}/{uuid.uuid4().hex}{ext}"


def check_spreadsheet_upload(upload, *, max_bytes: int) -> None:
    """For a form's ``clean_file``: size, extension and first bytes, before the file is read."""
    _checked_kind(upload, max_bytes=max_bytes, kind_of=_kind_of)


def check_spreadsheet_bytes(name: str, data: bytes, *, max_bytes: int) -> str:
    """For a service holding the whole file: size, extension, content, and the guard's checks
    that read only the file's directory (``sheetguard.quick_check``). Returns the kind."""
    if len(data) > max_bytes:
        raise _size_error(len(data), max_bytes)
    if not data:
        raise ValidationError(_("上传的文件是空的。"))
    kind = _kind_of(name, data[:64])
    try:
        sheetguard.quick_check(data, sheet_limits())
    except sheetguard.Refused as err:
        raise ValidationError(str(err)) from None
    return kind


def _inside(child: Path, parent: Path) -> bool:
    child, parent = Path(child).resolve(), Path(parent).resolve()
    return child == parent or parent in child.parents


@register(Tags.security, deploy=True)
def uploads_outside_the_web_root(app_configs, **kwargs):
    """Uploaded files must not be reachable as static files, nor served by a URL pattern."""
    errors = []
    media, static = Path(settings.MEDIA_ROOT), Path(settings.STATIC_ROOT)
    if _inside(media, static) or _inside(static, media):
        errors.append(
            Error(
                "MEDIA_ROOT and STATIC_ROOT overlap: uploaded files would be served as static files.",
                hint="Keep MEDIA_ROOT outside STATIC_ROOT (and the other way round).",
                id="jiangxin.E030",
            )
        )
    from django.urls import get_resolver
    from django.views.static import serve

    def serves_media(patterns) -> bool:
        for p in patterns:
            if hasattr(p, "url_patterns"):
                if serves_media(p.url_patterns):
                    return True
            elif getattr(p, "callback", None) is serve:
                return True
        return False

    if serves_media(get_resolver().url_patterns):
        errors.append(
            Error(
                "A URL pattern serves files with django.views.static.serve.",
                hint="Uploaded files are never served: remove the pattern.",
                id="jiangxin.E031",
            )
        )
    return errors
