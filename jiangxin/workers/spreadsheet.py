"""Reading an uploaded roster: .xlsx, legacy .xls, or .csv in UTF-8 or GBK/GB18030.

Pure module (no Django). The format is decided by the file's content, not its name, so a
renamed file is read as what it is, and anything else is refused with a message. Every file
passes the spreadsheet guard (``jiangxin.core.sheetguard``) before the parser sees it, and
:func:`read_sheet_safely` parses it where a runaway cannot take the server down
(``jiangxin.core.ceiling``).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from python_calamine import CalamineError, CalamineWorkbook, PasswordError

from jiangxin.core import ceiling, sheetguard
from jiangxin.core.i18n import gettext as _
from jiangxin.core.sheetguard import Limits

DEFAULT_LIMITS = Limits()


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


def _too_much_memory() -> SpreadsheetError:
    return SpreadsheetError(
        _(
            "文件过大或结构异常，读取时超出了内存上限。请删除多余的空行、空列和格式，或拆分成几个文件后再上传。"
        )
    )


def _read_workbook(data: bytes) -> list[list]:
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        if not workbook.sheet_names:
            raise SpreadsheetError(_("文件中没有工作表。"))
        return workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except PasswordError:
        raise SpreadsheetError(_("文件设置了打开密码。请在 Excel 中取消密码后再上传。")) from None
    except SpreadsheetError:
        raise
    except (CalamineError, ValueError, KeyError):
        raise SpreadsheetError(
            _("文件已损坏或不是有效的 Excel 文件，请用 Excel 重新保存后上传。")
        ) from None
    except MemoryError:
        raise _too_much_memory() from None
    except BaseException as err:
        # calamine's panics arrive as pyo3's PanicException, a BaseException
        if type(err).__name__ == "PanicException":
            raise SpreadsheetError(
                _("文件已损坏或不是有效的 Excel 文件，请用 Excel 重新保存后上传。")
            ) from None
        raise


def _read_csv(data: bytes, limits: Limits) -> list[list]:
    text = sheetguard.decode_text(data)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    rows = []
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        for row in reader:
            rows.append(row)
            if len(rows) > limits.max_rows + 1 or len(row) > limits.max_columns:
                raise sheetguard.too_big(len(rows), len(row), limits) or sheetguard.unusual()
    except csv.Error:
        raise SpreadsheetError(
            _(
                "CSV 文件第 {line} 行格式有误（如引号不成对或单元格过长），请用 Excel 打开后重新另存为 CSV。"
            ).format(line=reader.line_num)
        ) from None
    return rows


def parse(data: bytes, kind: str, formulas: bool, limits: Limits = DEFAULT_LIMITS) -> Sheet:
    """The first sheet of a file the guard let through: header row, then data rows with
    trailing blank rows dropped."""
    if formulas:
        raise SpreadsheetError(
            _("文件中含有公式。请在 Excel 中复制全部数据，用“选择性粘贴 → 数值”替换公式后再上传。")
        )
    try:
        rows = _read_csv(data, limits) if kind == "csv" else _read_workbook(data)
    except sheetguard.Refused as err:
        raise SpreadsheetError(str(err)) from None
    while rows and all(_cell_text(v) == "" for v in rows[-1]):
        rows.pop()
    if not rows:
        raise SpreadsheetError(_("文件中没有数据。请在导入模板的第一行表头下方填写职工信息。"))
    header = [_cell_text(v) for v in rows[0]]
    return Sheet(kind=kind, header=header, rows=rows[1:])


def check(data: bytes, limits: Limits = DEFAULT_LIMITS) -> sheetguard.Report:
    """The guard's verdict, as a :class:`SpreadsheetError` when it refuses."""
    try:
        return sheetguard.check(data, limits)
    except sheetguard.Refused as err:
        raise SpreadsheetError(str(err)) from None


def read_sheet(data: bytes, limits: Limits = DEFAULT_LIMITS) -> Sheet:
    """Check, then parse in this process (for a process that already has a ceiling)."""
    report = check(data, limits)
    return parse(data, report.kind, report.formulas, limits)


def read_sheet_safely(
    data: bytes,
    *,
    limits: Limits,
    memory_bytes: int,
    cpu_seconds: int,
    checked_kind: str = "",
) -> Sheet:
    """Check here (constant memory), then parse under a ceiling: in this process when it has
    one already (the job worker's child), else in a fresh interpreter capped at
    ``memory_bytes`` and ``cpu_seconds``. ``checked_kind``: these very bytes passed the guard
    before (the caller compared their SHA-256), as this kind and without formulas."""
    report = (
        sheetguard.Report(kind=checked_kind, formulas=False)
        if checked_kind
        else check(data, limits)
    )
    if ceiling.active():
        return parse(data, report.kind, report.formulas, limits)
    try:
        return ceiling.run_isolated(
            "jiangxin.workers.spreadsheet:parse",
            data,
            report.kind,
            report.formulas,
            limits,
            memory_bytes=memory_bytes,
            cpu_seconds=cpu_seconds,
        )
    except ceiling.ChildFailed as failed:
        if failed.reason == "crashed":
            raise SpreadsheetError(
                _("文件已损坏或不是有效的 Excel 文件，请用 Excel 重新保存后上传。")
            ) from None
        raise _too_much_memory() from None
