"""我的数据 holds the innovation studios the worker leads and their studio memberships (current
and past) — and no other worker's studio or membership."""

import datetime

import pytest
from django.urls import reverse

from jiangxin.innovation import services
from jiangxin.innovation.tests.conftest import studio, studio_people  # noqa: F401
from jiangxin.privacy import holdings

pytestmark = pytest.mark.django_db


def _worker_studio(cast, *, name, enterprise, lead):
    """A 职工创新工作室 (no lead rule), still applying."""
    return services.create_studio(
        by=cast["town_admin"],
        name=name,
        kind="worker",
        naming_level="town",
        enterprise=enterprise,
        lead=lead,
        focus="装配工装改进",
        founded=datetime.date(2025, 5, 1),
        state="applying",
    )


@pytest.fixture
def studios(cast, studio):  # noqa: F811
    """worker_a (柯宝馨): a member of 洪志明's studio since 2025-01-06, lead of her own studio, and
    a former member of worker_b's studio (2025-06-01 — 2025-09-30). worker_b leads that studio."""
    services.add_member(
        by=cast["town_admin"],
        studio=studio,
        worker=cast["worker_a"],
        joined=datetime.date(2025, 1, 6),
    )
    own = _worker_studio(
        cast, name="柯宝馨职工创新工作室", enterprise=cast["ent_a"], lead=cast["worker_a"]
    )
    other = _worker_studio(
        cast, name="曾小贤职工创新工作室", enterprise=cast["ent_b"], lead=cast["worker_b"]
    )
    past = services.add_member(
        by=cast["town_admin"],
        studio=other,
        worker=cast["worker_a"],
        role="adviser",
        joined=datetime.date(2025, 6, 1),
    )
    services.remove_member(by=cast["town_admin"], member=past, left=datetime.date(2025, 9, 30))
    return {"shared": studio, "own": own, "other": other}


def _collect(cast):
    return holdings.collect(worker=cast["worker_a"], user=cast["worker_user"], clear=False)


def test_the_studios_she_leads_are_held(cast, studios):
    led = _collect(cast).section("studios_led")
    assert led.columns[:2] == ["工作室", "类别"]
    assert led.rows == [
        ["柯宝馨职工创新工作室", "职工创新工作室", "福建省晋工机械有限公司", "镇级", "申报中",
         "2025-05-01", "—", "—"]
    ]  # fmt: skip


def test_her_memberships_current_first_then_past_with_role_and_dates(cast, studios):
    rows = _collect(cast).section("studio_memberships").rows
    assert [(r[0], r[3], r[4], r[5]) for r in rows] == [
        ("洪志明劳模创新工作室", "成员", "2025-01-06", "—"),
        ("曾小贤职工创新工作室", "技术顾问", "2025-06-01", "2025-09-30"),
    ]


def test_no_other_workers_studio_or_membership_is_held(cast, studios, studio_people):  # noqa: F811
    data = _collect(cast)
    cells = {c for s in data.sections for row in s.rows for c in row}
    # 林海峰 is the shared studio's other member; worker_b leads a studio she was in (its name
    # is hers to know) but worker_b's own roles are not hers.
    assert studio_people["member"].name not in cells
    assert "核心成员" not in cells  # 林海峰's role in the shared studio
    led = data.section("studios_led").rows
    assert [row[0] for row in led] == ["柯宝馨职工创新工作室"]
    # worker_b's data: their holdings have their own studio and not hers
    theirs = holdings.collect(worker=cast["worker_b"], user=cast["worker_user"], clear=False)
    assert [r[0] for r in theirs.section("studios_led").rows] == ["曾小贤职工创新工作室"]
    assert theirs.section("studio_memberships").rows == []


def test_the_page_and_the_workbook_show_the_sections(cast, studios, login):
    client = login(cast["worker_user"])
    body = client.get(reverse("my_data")).content.decode()
    assert (
        "领办的创新工作室" in body and "创新工作室成员" in body and "柯宝馨职工创新工作室" in body
    )
    document = client.get(reverse("my_data_json")).json()
    keys = {s["key"]: s for s in document["sections"]}
    assert [row["本人角色"] for row in keys["studio_memberships"]["rows"]] == ["成员", "技术顾问"]
