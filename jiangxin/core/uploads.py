"""Uploads: every file a person sends is checked by size, extension and content before it is
kept or read, stored outside the web root, and never served back as it came.

Spreadsheets (the roster import, theory marks, the question bank) and attachments (PDF, JPG,
PNG: a studio project's files, :func:`check_document_upload` — size, extension and the kind's
first bytes). For spreadsheets each
entry point (form ``clean_file``, the API, the services) calls :func:`check_spreadsheet_upload`
or :func:`check_spreadsheet_bytes`: the size against the caller's cap, the extension against
.xlsx/.xls/.csv, and the first bytes (a zip, an OLE file or text: never an image, a PDF, a web
page or a program). Reading goes
through the spreadsheet guard and the ceiling with the caps from settings (:func:`sheet_reading`).

Stored uploads (``ImportJob.file``) live under ``MEDIA_ROOT``, which no URL serves (the deploy
check below refuses a ``MEDIA_ROOT`` inside ``STATIC_ROOT`` or the other way round, and a URL
pattern serving media); what the site hands back is generated (error reports, templates) and
goes out as an attachment with ``X-Content-Type-Options: nosniff`` (``core/downloads.py``).
"""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from jiangxin.core import sheetguard

EXTENSIONS = (".xlsx", ".xls", ".csv")


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


def _size_error(size: int, limit: int) -> ValidationError:
    return ValidationError(
        _(
            "文件大小为 {size:.1f} MB，超过上限 {limit} MB。请拆分成几个文件分别导入，或删除多余的工作表和格式后再上传。"
        ).format(size=size / 1048576, limit=max(1, limit // 1048576))
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


def check_spreadsheet_upload(upload, *, max_bytes: int) -> None:
    """For a form's ``clean_file``: size, extension and first bytes, before the file is read."""
    if upload.size > max_bytes:
        raise _size_error(upload.size, max_bytes)
    head = upload.read(64)
    upload.seek(0)
    _kind_of(upload.name, head)


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


# --- documents and images (attachments: a project's files) -------------------------------------

DOCUMENT_KINDS = {  # extension → (kind, the first bytes its content must start with)
    ".pdf": ("pdf", (b"%PDF-",)),
    ".jpg": ("jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("jpeg", (b"\xff\xd8\xff",)),
    ".png": ("png", (b"\x89PNG\r\n\x1a\n",)),
}
DOCUMENT_TYPES = {"pdf": "application/pdf", "jpeg": "image/jpeg", "png": "image/png"}


def check_document_upload(upload, *, max_bytes: int) -> str:
    """For an attachment: the size, the extension (.pdf/.jpg/.jpeg/.png) and the first bytes,
    which must be that kind's (a renamed program or web page is refused). Returns the kind
    ("pdf", "jpeg", "png"); the file is not read further."""
    if upload.size > max_bytes:
        raise ValidationError(
            _("文件大小为 {size:.1f} MB，超过上限 {limit} MB，请压缩后再上传。").format(
                size=upload.size / 1048576, limit=max(1, max_bytes // 1048576)
            )
        )
    if not upload.size:
        raise ValidationError(_("上传的文件是空的。"))
    known = DOCUMENT_KINDS.get(os.path.splitext(upload.name or "")[1].lower())
    if known is None:
        raise ValidationError(_("只能上传 PDF、JPG 或 PNG 文件。"))
    head = upload.read(16)
    upload.seek(0)
    kind, magic = known
    if not head.startswith(magic):
        raise ValidationError(
            _(
                "文件内容不是 {kind}（可能是改了扩展名的其他文件），请上传真正的 PDF、JPG 或 PNG。"
            ).format(kind=kind.upper())
        )
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
