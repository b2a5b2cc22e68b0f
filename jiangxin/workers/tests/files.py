"""Real roster files for the import tests."""

from __future__ import annotations

import datetime
import io

from openpyxl import Workbook

from jiangxin.workers.idnumber import make_id_number
from jiangxin.workers.roster_format import COLUMNS

HEADER = [title for _key, title, _required in COLUMNS]


def person_id(n: int, *, female: bool = False) -> str:
    return make_id_number(
        "350582",
        datetime.date(1985, 1, 1) + datetime.timedelta(days=n),
        (n % 400) * 2 + (0 if female else 1),
    )


def row(n: int, *, enterprise: str = "福建省晋工机械有限公司", name: str = "", **overrides) -> list:
    values = {
        "name": name or ["陈志伟", "林丽娟", "黄海峰", "张晓东", "吴美玲", "王建国"][n % 6],
        "id_number": person_id(n, female=n % 2 == 1),
        "mobile": f"1380000{n:04d}",
        "enterprise": enterprise,
        "union": "",
        "employment_form": "正式用工",
        "platform_name": "",
        "occupation": "劳动关系协调员（4-07-03-02）",
        "job_post": "工会干事",
        "post_category": "关键岗位",
        "skill_level": "三级/高级工",
        "front_line": "否",
        "start_date": "2015-03-01",
        "workshop": "",
    }
    values.update(overrides)
    return [values[key] for key, _t, _r in COLUMNS]


def xlsx(rows: list[list], *, header: list[str] | None = None, text_ids: bool = True) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(header or HEADER)
    for r in rows:
        ws.append(r)
    if text_ids:
        for cell in ws["B"][1:]:
            cell.number_format = "@"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def csv_bytes(
    rows: list[list], *, encoding: str = "gb18030", header: list[str] | None = None
) -> bytes:
    lines = [",".join(header or HEADER)] + [
        ",".join("" if v is None else str(v) for v in r) for r in rows
    ]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)
