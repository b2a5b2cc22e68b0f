"""The subsidy statement as a workbook: one sheet, a title row, the column heads, one row per
studio (granted, spent, balance in 元 as numbers with two decimals) and a total row. Every text
cell goes through ``core.cells.safe_cell`` (a studio named "=…" is text, never a formula)."""

from __future__ import annotations

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from jiangxin.core.cells import safe_cell
from jiangxin.innovation.services_subsidies import Statement

MONEY = "#,##0.00"


def statement_workbook(statement: Statement) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("补助收支")
    ws.append(
        [
            safe_cell(
                _("{node} {year} 年度创新工作室补助收支表").format(
                    node=statement.node.name, year=statement.year
                )
            )
        ]
    )
    ws["A1"].font = Font(bold=True, size=13)
    heads = [
        _("工作室"),
        _("类别"),
        _("依托企业"),
        _("拨付（元）"),
        _("支出（元）"),
        _("结余（元）"),
    ]
    ws.append(heads)
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for row in statement.rows:
        ws.append(
            [
                safe_cell(row.studio.name),
                safe_cell(str(row.studio.get_kind_display())),
                safe_cell(row.studio.enterprise.name),
                row.granted,
                row.spent,
                row.balance,
            ]
        )
    ws.append([_("合计"), "", "", statement.granted, statement.spent, statement.balance])
    ws[ws.max_row][0].font = Font(bold=True)
    for r in ws.iter_rows(min_row=3, min_col=4, max_col=6):
        for cell in r:
            cell.number_format = MONEY
    for col, width in zip("ABCDEF", (34, 16, 30, 14, 14, 14), strict=True):
        ws.column_dimensions[col].width = width
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
