"""The spreadsheet guard: an uploaded .xlsx, .xls or .csv is checked before any parser sees it.

Pure (no Django), constant memory, and it guarantees, for a file it lets through, that:

- **.xlsx** (a zip): at most ``max_entries`` parts, each stored or deflated, not encrypted, not
  overlapping another; every part is inflated here chunk by chunk, counting the bytes that really
  come out (declared sizes can lie: a part whose actual size differs from its declared one is
  refused), and the inflation stops as soon as a part or the whole file passes
  ``max_uncompressed`` or a part's output passes ``max_ratio`` times its compressed input; each
  worksheet's declared ``<dimension ref>``, and the largest cell reference actually present
  (``r="XFD1048576"``, in whatever attribute, quoting or spacing), are within ``max_rows`` ×
  ``max_columns`` and their grid (from A1, as the parser allocates it) within ``max_cells``, as is
  the count of cells and the shared-string count the parser reserves room for. A worksheet
  written unusually (cells without references, namespace prefixes, spacing round ``=``) is
  followed exactly, element by element (``xmlscan``), so it is bounded the same way.
- **.xls** (an OLE compound file): its sector tables, chains and streams are consistent (no
  cycle, no sector outside the file, no table claiming more sectors than the file has), and the
  workbook stream's DIMENSIONS records and cell records keep every sheet's grid within the same
  caps (``ole``).
- **.csv**: text (no NUL byte or other control character), in UTF-8 or GB18030.

So the parser (python-calamine) can never be asked to allocate more than a bounded grid; what is
left (its working memory for a bounded input) is capped by running it under a memory ceiling
(``jiangxin.core.ceiling``). Each refusal is a :class:`Refused` whose text tells the user, in
Chinese, what to do.
"""

from __future__ import annotations

from dataclasses import dataclass

from jiangxin.core.i18n import gettext as _

XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Files that are plainly something else, whatever their name says.
_NOT_SHEETS = (
    b"%PDF-",
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff",
    b"MZ",
    b"\x7fELF",
    b"Rar!",
    b"7z\xbc",
)


class Refused(ValueError):
    """The file is not let through; ``str(err)`` tells the user what to do."""


@dataclass(frozen=True)
class Limits:
    """The caps. The defaults let a 100,000-row roster through with room to spare (it is about
    100,001 × 14 cells, 76 MB of sheet XML compressed 11:1)."""

    max_bytes: int = 20 * 1024 * 1024  # the file as uploaded
    max_entries: int = 1000  # parts in an .xlsx
    max_uncompressed: int = 300 * 1024 * 1024  # actual inflated bytes, one part and all parts
    max_ratio: int = 100  # inflated : compressed, per part, once past RATIO_FLOOR
    max_rows: int = 200_000
    max_columns: int = 256
    max_cells: int = 6_000_000  # rows × columns of a sheet's grid; cells; shared strings


# Below this, a part's ratio is not judged: a small part may compress very well and still be
# harmless (a sheet of empty formatted rows). 4 MB at 1000:1 is a 4 KB input.
RATIO_FLOOR = 4 * 1024 * 1024


@dataclass
class Report:
    """What the guard found in a file it let through."""

    kind: str  # "xlsx", "xls" or "csv"
    rows: int = 0  # the largest grid any sheet may make (an upper bound)
    columns: int = 0
    formulas: bool = False  # an .xlsx worksheet holds formula cells


def sniff(head: bytes) -> str | None:
    """The kind of spreadsheet the first bytes say the file is, or None when it is plainly not
    one (an image, a PDF, an executable, a web page)."""
    if head.startswith(XLSX_MAGIC):
        return "xlsx"
    if head.startswith(XLS_MAGIC):
        return "xls"
    stripped = head.lstrip()
    if head.startswith(_NOT_SHEETS) or stripped[:5].lower() in (b"<html", b"<!doc", b"<?xml"):
        return None
    return "csv"


def not_a_sheet() -> Refused:
    return Refused(_("该文件不是表格文件。请上传 .xlsx、.xls 或 .csv 文件（可先下载导入模板）。"))


def check(data: bytes, limits: Limits = Limits()) -> Report:
    """Check the whole file; raise :class:`Refused` or return what was found."""
    if not data:
        raise Refused(_("上传的文件是空的。"))
    check_size(len(data), limits)
    kind = sniff(data[:64])
    if kind == "xlsx":
        from jiangxin.core.sheetguard import zipparts

        return zipparts.check_xlsx(data, limits)
    if kind == "xls":
        from jiangxin.core.sheetguard import ole

        return ole.check_xls(data, limits)
    if kind == "csv":
        decode_text(data)
        return Report(kind="csv")
    raise not_a_sheet()


def quick_check(data: bytes, limits: Limits = Limits()) -> str:
    """The checks that read no more than the file's directory (milliseconds, whatever the size):
    size, kind, and for an .xlsx its entries' count, methods, declared sizes and ratios. Returns
    the kind. The full :func:`check` still runs before parsing."""
    if not data:
        raise Refused(_("上传的文件是空的。"))
    check_size(len(data), limits)
    kind = sniff(data[:64])
    if kind is None:
        raise not_a_sheet()
    if kind == "xlsx":
        from jiangxin.core.sheetguard import zipparts

        zipparts.open_parts(data, limits)
    elif kind == "xls":
        from jiangxin.core.sheetguard import ole

        ole.check_header(data, limits)
    return kind


def check_size(size: int, limits: Limits) -> None:
    if size > limits.max_bytes:
        raise Refused(
            _(
                "文件大小为 {size:.1f} MB，超过上限 {limit} MB。请拆分成几个文件分别导入，或删除多余的工作表和格式后再上传。"
            ).format(size=size / 1048576, limit=limits.max_bytes // 1048576)
        )


# C0 controls other than tab, line feed, form feed and carriage return, and DEL: never in a
# text file a person saved from Excel or WPS.
_CONTROLS = dict.fromkeys([*range(0x09), 0x0B, *range(0x0E, 0x20), 0x7F])


def decode_text(data: bytes) -> str:
    """The text of a CSV file (UTF-8, with or without BOM, else GB18030), or :class:`Refused`
    when it is not text at all."""
    if b"\0" in data:
        raise not_a_sheet()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if len(text.translate(_CONTROLS)) != len(text):
            raise not_a_sheet()
        return text
    raise Refused(_("无法识别 CSV 文件的编码，请用 UTF-8 或 GBK 编码保存。"))


def too_big(rows: int, columns: int, limits: Limits) -> Refused | None:
    """The refusal for a grid of ``rows`` × ``columns`` (1-based extents), if it is one."""
    if rows > limits.max_rows or columns > limits.max_columns or rows * columns > limits.max_cells:
        return Refused(
            _(
                "表格范围过大（约 {rows} 行 × {columns} 列），超过上限 {max_rows} 行、{max_columns} 列、共 {max_cells} 个单元格。请删除多余的空行、空列和格式，或拆分成几个文件后再上传。"
            ).format(
                rows=rows,
                columns=columns,
                max_rows=limits.max_rows,
                max_columns=limits.max_columns,
                max_cells=limits.max_cells,
            )
        )
    return None


def too_many_cells(limits: Limits) -> Refused:
    return Refused(
        _(
            "表格中的单元格超过 {limit} 个。请删除多余的空行、空列和格式，或拆分成几个文件后再上传。"
        ).format(limit=limits.max_cells)
    )


def broken() -> Refused:
    return Refused(_("文件已损坏或不是有效的 Excel 文件，请用 Excel 重新保存后上传。"))


def unusual() -> Refused:
    return Refused(
        _("文件的内部结构异常，无法安全读取。请用 Excel 或 WPS 打开后另存为 .xlsx 再上传。")
    )
