"""A worker's own data as files: .xlsx to read (one sheet per kind of record; opens in WPS or
Excel on a phone) and JSON to take elsewhere (PIPL art. 45: a copy in a common, structured
format). Both are written from the same ``Holdings``, so they hold the same rows."""

from __future__ import annotations

import io
import json

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from jiangxin.core.cells import safe_cell
from jiangxin.privacy.holdings import Holdings

# Characters a sheet title may not hold.
_NOT_IN_TITLE = str.maketrans(dict.fromkeys("[]:*?/\\", "－"))


def _about(data: Holdings) -> list[tuple[str, str]]:
    return [
        (_("职工"), data.worker.name),
        (_("生成时间"), timezone.localtime(data.generated).strftime("%Y-%m-%d %H:%M")),
        (
            _("说明"),
            _(
                "本文件是匠心平台保存的您本人的全部信息，含完整的公民身份号码和手机号码，请妥善保管。"
                "如有错误，请在“我的数据”页面申请更正。"
            ),
        ),
        (
            _("个人信息处理规则"),
            _("第{version}版").format(version=settings.PRIVACY_NOTICE_VERSION),
        ),
    ]


def to_xlsx(data: Holdings) -> bytes:
    wb = Workbook(write_only=True)
    bold = Font(bold=True)

    def header(ws, titles):
        cells = []
        for title in titles:
            cell = WriteOnlyCell(ws, value=title)
            cell.font = bold
            cells.append(cell)
        ws.append(cells)

    about = wb.create_sheet(_("说明"))
    about.column_dimensions["A"].width = 18
    about.column_dimensions["B"].width = 80
    for key, value in _about(data):
        about.append([key, safe_cell(value)])
    for section in data.sections:
        ws = wb.create_sheet(section.title.translate(_NOT_IN_TITLE)[:31])
        for i in range(len(section.columns)):
            ws.column_dimensions[get_column_letter(i + 1)].width = 18
        header(ws, section.columns)
        for row in section.rows:
            ws.append([safe_cell(v) for v in row])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def to_json(data: Holdings) -> bytes:
    document = {
        "about": dict(_about(data)),
        "sections": [
            {
                "key": s.key,
                "title": s.title,
                "rows": [dict(zip(s.columns, row, strict=True)) for row in s.rows],
            }
            for s in data.sections
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode()
