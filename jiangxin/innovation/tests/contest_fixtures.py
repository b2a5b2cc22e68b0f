"""The 五小 contest on the shared cast: 晋江市总工会 (the county) opens this year's edition with
the default chain — enterprise (endorses) → town (reviews, recommends 50%) → county — deadlines
30, 60 and 90 days from today. ``draft`` is worker A's (柯宝馨, 晋工机械) application with one PDF
and a cover; ``submitted`` is that draft submitted. Import the fixtures where they are used."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from jiangxin.innovation import services_contest, services_contest_applications

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def pdf(name: str = "说明书.pdf", data: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def png(name: str = "封面.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def fields(**over):
    year = timezone.localdate().year
    out = {
        "title": "数控折弯机快速换模夹具",
        "category": "renovation",
        "project_type": "technical",
        "benefit_kind": "process",
        "started_on": datetime.date(year - 1, 9, 1),
        "completed_on": datetime.date(year, 3, 20),
        "background": "换模一次需 40 分钟，影响小批量订单交付。",
        "content": "设计定位销与快换压板，换模改为两人 8 分钟完成。",
        "innovation_points": "定位销自对中；压板免工具锁紧。",
        "results": "已在折弯车间三台设备使用。",
        "benefit_amount": Decimal("12.35"),
        "benefit_basis": "节约工时 32 分钟/次 × 600 次/年 × 65 元/小时 ≈ 2.08 万元；减少废品 10.27 万元",
    }
    out.update(over)
    return out


@pytest.fixture
def edition(cast):
    return services_contest.open_edition(
        by=cast["county_admin"],
        organisation=cast["county"],
        year=timezone.localdate().year,
        title=f"{timezone.localdate().year}年晋江市职工“五小”创新大赛",
    )


@pytest.fixture
def draft(cast, edition):
    return services_contest_applications.create_draft(
        by=cast["worker_user"],
        edition=edition,
        enterprise=cast["ent_a"],
        files=[pdf()],
        cover=png(),
        **fields(),
    )


@pytest.fixture
def submitted(cast, draft):
    return services_contest_applications.submit_application(
        by=cast["worker_user"], application=draft
    )
