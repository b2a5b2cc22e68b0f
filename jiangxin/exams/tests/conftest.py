"""An exam-ready competition: the competitions' running fixture, a bank of real .xlsx
questions in the organiser's (county) bank, a paper drawn from it."""

import io

import pytest
from openpyxl import Workbook

from jiangxin import factories as f
from jiangxin.competitions.models import Competition
from jiangxin.competitions.tests.conftest import running  # noqa: F401  (a fixture)
from jiangxin.exams import services
from jiangxin.exams.bank_rows import COLUMNS


def xlsx(rows: list[list], header: list[str] = COLUMNS) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def bank_rows(singles: int = 6, multiples: int = 3, true_false: int = 4) -> list[list]:
    rows = []
    for i in range(singles):
        topic = "劳动合同" if i % 2 else "劳动争议调解"
        rows.append(
            [
                "单选题",
                topic,
                f"单选题第{i + 1}题",
                "甲",
                "乙",
                "丙",
                "丁",
                "",
                "",
                "ABCD"[i % 4],
                "",
            ]
        )
    for i in range(multiples):
        rows.append(
            [
                "多选题",
                "集体协商",
                f"多选题第{i + 1}题",
                "甲",
                "乙",
                "丙",
                "丁",
                "戊",
                "",
                "ACE",
                "",
            ]
        )
    for i in range(true_false):
        rows.append(
            [
                "判断题",
                "劳动法规",
                f"判断题第{i + 1}题",
                "",
                "",
                "",
                "",
                "",
                "",
                "正确" if i % 2 else "错误",
                "",
            ]
        )
    return rows


RULES = [
    {"kind": "single", "topic": "", "count": "4", "points": "5"},
    {"kind": "multiple", "topic": "", "count": "2", "points": "10"},
    {"kind": "truefalse", "topic": "", "count": "4", "points": "10"},
]  # 20 + 20 + 40 = 80 points


@pytest.fixture
def exam(running, cast):  # noqa: F811
    competition = running["competition"]
    occupation = f.occupation()
    Competition.objects.filter(pk=competition.pk).update(occupation=occupation)
    competition.refresh_from_db()
    services.import_questions(
        by=cast["county_admin"],
        organisation=cast["county"],
        occupation=occupation,
        data=xlsx(bank_rows()),
    )
    theory = competition.components.get(kind="theory")
    paper = services.set_paper(
        by=cast["county_admin"], component=theory, rules=RULES, duration_minutes=30, shuffle=True
    )
    paper = services.draw_paper(by=cast["county_admin"], paper=paper, seed="fixed")
    return {**running, "paper": paper, "theory": theory, "occupation": occupation}
