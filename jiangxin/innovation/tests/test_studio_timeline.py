"""The studio page's outputs timeline: grouped by the year of their date, the latest year first
and the newest output first within it, each with its kind, title, number or status, and date."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from jiangxin.innovation import services_record

pytestmark = pytest.mark.django_db

D = datetime.date


def test_the_outputs_read_by_year_newest_first(login, cast, studio):
    by = cast["town_admin"]
    for kind, day, title, more in (
        ("paper", D(2024, 9, 1), "密封材料老化试验", {"number": "CN35-1234"}),
        ("patent", D(2026, 2, 1), "快换接头", {"patent_kind": "utility", "number": "ZL2026201"}),
        ("benefit", D(2026, 8, 1), "降本增效", {"benefit_wan": Decimal("15.6")}),
        (
            "patent",
            D(2024, 6, 1),
            "耐老化密封圈",
            {"patent_kind": "invention", "number": "CN2024101", "status": "filed"},
        ),
        ("training", D(2026, 5, 1), "新员工培训", {"people_trained": 40}),
    ):
        more.setdefault("status", "granted" if kind == "patent" else "")
        services_record.add_output(by=by, studio=studio, kind=kind, date=day, title=title, **more)
    html = login(cast["admin_a"]).get(reverse("studio_detail", args=[studio.pk])).content.decode()
    timeline = html.split('data-testid="outputs"')[1].split("<h3>")[0]
    years = re.findall(r'data-year="(\d+)"><h4>([^<]+)</h4>', timeline)
    assert years == [("2026", "2026 年 · 3 项"), ("2024", "2024 年 · 2 项")]
    titles = re.findall(r'<div class="timeline-title">([^<]+)</div>', timeline)
    assert titles == ["降本增效", "新员工培训", "快换接头", "密封材料老化试验", "耐老化密封圈"]
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", timeline))
    assert "2026-02-01 专利 已授权 快换接头 实用新型 · 专利号 ZL2026201" in text
    assert "2024-06-01 专利 已受理 耐老化密封圈 发明专利 · 专利号 CN2024101" in text
    assert "2026-08-01 经济效益 降本增效 15.60 万元" in text
    assert "2026-05-01 培训职工 新员工培训 40 人次" in text
    assert "2024-09-01 论文 密封材料老化试验 编号 CN35-1234" in text


def test_a_studio_without_outputs_says_so(login, cast, studio):
    html = login(cast["admin_a"]).get(reverse("studio_detail", args=[studio.pk])).content.decode()
    assert "还没有登记成果。" in html.split('data-testid="outputs"')[1]
