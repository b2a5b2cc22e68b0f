"""The roster import template: an .xlsx with the headers, text-formatted ID and mobile columns
and drop-down lists of what this user may refer to."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from jiangxin.workers.importing import LEVEL_CHOICES, build_lookups
from jiangxin.workers.roster_format import (
    COLUMNS,
    EMPLOYMENT_FORM_OPTIONS,
    POST_CATEGORY_OPTIONS,
    SHEET_NOTES,
    SHEET_OPTIONS,
    SHEET_ROSTER,
    YES_NO,
)

TEMPLATE_ROWS = 3000


def template_workbook(user) -> bytes:
    """The import template: headers, ID and mobile columns as text, drop-down lists for the
    enterprises, unions, occupations and levels this user may use."""
    lookups = build_lookups(user)
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_ROSTER
    lists = wb.create_sheet(SHEET_OPTIONS)
    notes = wb.create_sheet(SHEET_NOTES)
    header_fill = PatternFill("solid", fgColor="FBEAE8")
    for col, (_key, title, required) in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=1, column=col, value=title + ("*" if required else ""))
        cell.font = Font(bold=True, color="8C1D17" if required else "1F2328")
        cell.fill = header_fill
        cell.alignment = Alignment(horizontal="center")
    widths = [10, 22, 14, 30, 24, 16, 12, 30, 14, 14, 16, 10, 12, 14]
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[ws.cell(row=1, column=col).column_letter].width = width
    ws.freeze_panes = "A2"
    # Excel keeps 15 significant digits of a number: ID and mobile columns must be text.
    for letter in ("B", "C"):
        ws.column_dimensions[letter].number_format = "@"
        for row in range(2, TEMPLATE_ROWS + 2):
            ws[f"{letter}{row}"].number_format = "@"
    for row in range(2, TEMPLATE_ROWS + 2):
        ws[f"M{row}"].number_format = "yyyy-mm-dd"

    option_columns = {
        "enterprise": sorted(lookups.enterprises),
        "union": sorted(lookups.unions),
        "employment_form": EMPLOYMENT_FORM_OPTIONS,
        "occupation": sorted(k for k in lookups.occupations if "（" in k),
        "post_category": POST_CATEGORY_OPTIONS,
        "skill_level": [label for _v, label in LEVEL_CHOICES()],
        "front_line": YES_NO,
    }
    keys = [k for k, _t, _r in COLUMNS]
    titles = {k: t for k, t, _r in COLUMNS}
    for list_col, (key, values) in enumerate(option_columns.items(), start=1):
        letter = lists.cell(row=1, column=list_col).column_letter
        lists.cell(row=1, column=list_col, value=titles[key])
        for i, value in enumerate(values, start=2):
            lists.cell(row=i, column=list_col, value=value)
        if not values:
            continue
        target = ws.cell(row=1, column=keys.index(key) + 1).column_letter
        dv = DataValidation(
            type="list",
            formula1=f"={SHEET_OPTIONS}!${letter}$2:${letter}${len(values) + 1}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=_("请从列表中选择"),
            error=_("请从下拉列表中选择一项。"),
        )
        dv.add(f"{target}2:{target}{TEMPLATE_ROWS + 1}")
        ws.add_data_validation(dv)
    lists.sheet_state = "hidden"
    for line in [
        _("1. 带 * 的列必填。每行一名职工；公民身份号码已在名册中的，按本表更新该职工信息。"),
        _(
            "2. 公民身份号码、手机号码两列已设为“文本”格式。请不要改成数字格式：Excel 只保留15位有效数字，18位号码会失真。"
        ),
        _(
            "3. 工作单位、所属工会、职业、技能等级等请从下拉列表中选择。没有工作单位的平台劳动者，填写所属工会和平台名称。"
        ),
        _(
            "4. 不要使用公式。导入前系统会逐行校验，任何一行有错误都不会导入，并给出错误报告（行号、列名、原因）。"
        ),
        _("5. 也可以上传 .xls 或 .csv（UTF-8 或 GBK 编码）文件，表头须与本模板相同。"),
    ]:
        notes.append([line])
    notes.column_dimensions["A"].width = 120
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
