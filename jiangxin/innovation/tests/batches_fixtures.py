"""Naming batches on the shared cast: town A (安海) opens a batch with three experts; 晋工机械's
union (admin_a) has a studio in 申报中 with a team of three (the lead and two members) on 60 m².
``named`` runs one application to the end (endorsed, scored, approved, 公示 with an objection
answered, named). Import the fixtures where they are used (as the URL matrix does)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from jiangxin import factories as f
from jiangxin.innovation import services, services_batches, services_naming
from jiangxin.innovation.tests.conftest import studio_fields

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def pdf(name: str = "申报书.pdf", data: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


@pytest.fixture
def experts(db):
    return [f.user(f"expert{n}") for n in (1, 2, 3)]


@pytest.fixture
def batch(cast, experts):
    return services_batches.open_batch(
        by=cast["town_admin"],
        organisation=cast["town_a"],
        title="2025年安海镇创新工作室命名",
        year=2025,
        kinds=["model_worker", "craftsman"],
        deadline=timezone.localdate() + datetime.timedelta(days=30),
        plaque_prefix="安海工作室",
        experts=experts,
    )


@pytest.fixture
def applying_studio(cast, studio_people):
    studio = services.create_studio(
        by=cast["admin_a"],
        **studio_fields(
            cast,
            studio_people,
            name="恒新劳模创新工作室",
            state="applying",
            named_on=None,
            plaque_number="",
            naming_body=None,
            naming_level="town",
            floor_area=Decimal(60),
        ),
    )
    for who in ("technician", "member"):
        services.add_member(
            by=cast["admin_a"],
            studio=studio,
            worker=studio_people[who],
            role="core",
            joined=datetime.date(2024, 3, 1),
        )
    return studio


@pytest.fixture
def application(cast, batch, applying_studio):
    return services_batches.apply_for_studio(
        by=cast["admin_a"],
        batch=batch,
        studio=applying_studio,
        files=[pdf()],
        yearly_project="卫生材料高吸水层减薄攻关",
    )


def score_all(application, experts, sheets) -> None:
    items = list(application.batch.items.all())
    for expert, points in zip(experts, sheets, strict=True):
        services_batches.record_scores(
            by=expert,
            application=application,
            points={i.pk: Decimal(str(p)) for i, p in zip(items, points, strict=True)},
        )


def move_publicity_back(batch, days: int) -> None:
    """The 公示 window passes (the test stands in for the calendar)."""
    batch.refresh_from_db()
    batch.publicity_from -= datetime.timedelta(days=days)
    batch.save(update_fields=["publicity_from"])


@pytest.fixture
def named(cast, batch, application, experts):
    services_batches.endorse_application(
        by=cast["town_admin"], application=application, opinion="同意推荐"
    )
    score_all(application, experts, [[12, 13, 18, 8, 9, 8, 17]] * 3)
    services_batches.decide_application(
        by=cast["town_admin"], application=application, approve=True
    )
    services_naming.start_publicity(by=cast["town_admin"], batch=batch)
    objection = services_naming.raise_objection(
        by=cast["worker_user"], application=application, text="场所面积不实"
    )
    services_naming.answer_objection(
        by=cast["town_admin"], objection=objection, answer="经核实面积为 60 平方米，异议不成立"
    )
    move_publicity_back(batch, 10)
    certificate = services_naming.name_studio(by=cast["town_admin"], application=application)
    return {
        "batch": batch,
        "application": application,
        "objection": objection,
        "certificate": certificate,
        "file": application.files.get(),
    }
