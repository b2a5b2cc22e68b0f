"""Roster export to .xlsx: masked unless asked for and allowed, every text cell made safe."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from jiangxin.core.cells import safe_cell
from jiangxin.core.crypto import decrypt
from jiangxin.workers.models import SkillLevel, Worker
from jiangxin.workers.roster_format import SHEET_ROSTER, YES_NO

__i18n_data__ = ("HEADERS",)  # the export's column headers are a file format

HEADERS = [
    "姓名",
    "性别",
    "出生日期",
    "公民身份号码",
    "手机号码",
    "所属工会",
    "工作单位",
    "用工形式",
    "平台名称",
    "职业编码",
    "职业（工种）",
    "岗位",
    "岗位类别",
    "技能等级",
    "一线职工",
    "入职日期",
    "车间（班组）",
    "荣誉",
]


def export_workbook(workers, *, clear_ids: set[int] = frozenset()) -> bytes:
    """The workers as one sheet; rows whose pk is in ``clear_ids`` carry the clear ID number
    and mobile, all others the masked forms."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(SHEET_ROSTER)
    ws.column_dimensions["A"].width = 10
    ws.column_dimensions["D"].width = 22
    ws.column_dimensions["E"].width = 14
    ws.column_dimensions["G"].width = 28
    bold = Font(bold=True)
    header = []
    for title in HEADERS:
        cell = WriteOnlyCell(ws, value=title)
        cell.font = bold
        header.append(cell)
    ws.append(header)
    labels = {k: str(v) for k, v in SkillLevel.choices}
    forms = {k: str(v) for k, v in Worker.EmploymentForm.choices}
    posts = {k: str(v) for k, v in Worker.PostCategory.choices}
    genders = {k: str(v) for k, v in Worker.Gender.choices}
    for w in workers:
        clear = w.pk in clear_ids
        honours = "；".join(h.display() for h in w.honours.all())
        ws.append(
            [
                safe_cell(w.name),
                genders[w.gender],
                w.birth_date,
                decrypt(w.id_number_enc) if clear else w.id_number_masked,
                (decrypt(w.mobile_enc) if w.mobile_enc else "") if clear else w.mobile_masked,
                safe_cell(w.organisation.name),
                safe_cell(w.enterprise.name) if w.enterprise else "",
                forms[w.employment_form],
                safe_cell(w.platform_name),
                w.occupation.code if w.occupation else "",
                w.occupation.name if w.occupation else "",
                safe_cell(w.job_post),
                posts.get(w.post_category, ""),
                labels[w.skill_level],
                YES_NO[0] if w.front_line else YES_NO[1],
                w.start_date,
                safe_cell(w.workshop),
                safe_cell(honours),
            ]
        )
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
