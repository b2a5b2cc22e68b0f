"""Reading an uploaded roster: .xlsx, legacy .xls, or .csv in UTF-8 or GBK/GB18030.

Pure module (no Django). The format is decided by the file's content, not its name, so a
renamed file is read as what it is, and anything else is refused with a message.
"""

from __future__ import annotations

import csv
import io
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from python_calamine import CalamineError, CalamineWorkbook, PasswordError

from jiangxin.core.i18n import gettext as _

XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# A formula cell in sheet XML is <c …><f>…</f> (or <f t="shared" …/>); prefixed forms are rare.
_FORMULA_TAGS = (b"<f>", b"<f ", b"<f/>", b":f>", b":f ")


class SpreadsheetError(ValueError):
    """The file cannot be read as a roster; ``str(err)`` tells the user what to do."""


@dataclass
class Sheet:
    kind: str  # "xlsx", "xls" or "csv"
    header: list[str]
    rows: list[list]  # data rows as read: str, float, int, bool, date, datetime or None
    first_row: int = 2  # the spreadsheet row number of rows[0]


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _has_formulas_xlsx(data: bytes) -> bool:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for name in zf.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                with zf.open(name) as fh:
                    carry = b""
                    while chunk := fh.read(1 << 20):
                        window = carry + chunk
                        if any(tag in window for tag in _FORMULA_TAGS):
                            return True
                        carry = chunk[-8:]
    return False


def _read_workbook(data: bytes, kind: str) -> list[list]:
    formulas = None
    try:
        with ThreadPoolExecutor(max_workers=1) as pool:
            if kind == "xlsx":
                # Decompressing the sheet XML to look for formulas releases the GIL: it runs on
                # the other core while calamine parses.
                formulas = pool.submit(_has_formulas_xlsx, data)
            workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
            if not workbook.sheet_names:
                raise SpreadsheetError(_("文件中没有工作表。"))
            rows = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
            if formulas is not None and formulas.result():
                raise SpreadsheetError(
                    _(
                        "文件中含有公式。请在 Excel 中复制全部数据，用“选择性粘贴 → 数值”替换公式后再上传。"
                    )
                )
            return rows
    except PasswordError:
        raise SpreadsheetError(_("文件设置了打开密码。请在 Excel 中取消密码后再上传。")) from None
    except (zipfile.BadZipFile, CalamineError):
        raise SpreadsheetError(
            _("文件已损坏或不是有效的 Excel 文件，请用 Excel 重新保存后上传。")
        ) from None
    except SpreadsheetError:
        raise
    except (ValueError, KeyError):
        raise SpreadsheetError(_("无法读取该 Excel 文件，请另存为 .xlsx 后重试。")) from None


def _decode_csv(data: bytes) -> str:
    if b"\0" in data[:4096]:
        raise SpreadsheetError(
            _("该文件不是表格文件。请上传 .xlsx、.xls 或 .csv 文件（可先下载导入模板）。")
        )
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SpreadsheetError(_("无法识别 CSV 文件的编码，请用 UTF-8 或 GBK 编码保存。"))


def read_sheet(data: bytes) -> Sheet:
    """Read the first sheet: header row, then data rows with trailing blank rows dropped."""
    if not data:
        raise SpreadsheetError(_("上传的文件是空的。"))
    if data.startswith(XLSX_MAGIC):
        kind, rows = "xlsx", _read_workbook(data, "xlsx")
    elif data.startswith(XLS_MAGIC):
        kind, rows = "xls", _read_workbook(data, "xls")
    elif data.lstrip()[:5].lower() in (b"%pdf-", b"<html", b"<!doc") or data[:4] in (
        b"\x89PNG",
        b"GIF8",
    ):
        raise SpreadsheetError(
            _("该文件不是表格文件。请上传 .xlsx、.xls 或 .csv 文件（可先下载导入模板）。")
        )
    else:
        kind = "csv"
        text = _decode_csv(data)
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
        except csv.Error:
            dialect = csv.excel
        rows = [list(r) for r in csv.reader(io.StringIO(text), dialect)]
    while rows and all(_cell_text(v) == "" for v in rows[-1]):
        rows.pop()
    if not rows:
        raise SpreadsheetError(_("文件中没有数据。请在导入模板的第一行表头下方填写职工信息。"))
    header = [_cell_text(v) for v in rows[0]]
    return Sheet(kind=kind, header=header, rows=rows[1:])
