"""The studio's form never names a studio: state and naming move only through logged steps; a
naming made outside the platform or before it is recorded (登记既有命名) by those the policy
names, as an event on the studio. And the form's lead list marks who qualifies for the kind."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from jiangxin.innovation import services
from jiangxin.innovation.models import Studio, StudioEvent
from jiangxin.innovation.tests.batches_fixtures import pdf
from jiangxin.innovation.tests.conftest import studio_fields

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

pytestmark = pytest.mark.django_db


@pytest.fixture
def applying(cast, studio_people):
    return services.create_studio(
        by=cast["admin_a"],
        **studio_fields(
            cast,
            studio_people,
            naming_level="town",
            naming_body=None,
            state="applying",
            named_on=None,
            plaque_number="",
        ),
    )


def _form_data(cast, studio_people, **over):
    data = {
        "name": "洪志明劳模创新工作室",
        "kind": "model_worker",
        "naming_level": "town",
        "enterprise": cast["ent_a"].pk,
        "lead": studio_people["lead"].pk,
        "focus": "密封材料",
        "founded": "2024-03-01",
    }
    data.update(over)
    return data


def test_the_enterprise_admin_cannot_name_its_studio_on_the_form(
    login, cast, studio_people, applying
):
    client = login(cast["admin_a"])
    forged = {
        "state": "named",
        "named_on": "2025-01-01",
        "naming_body": cast["city"].pk,
        "plaque_number": "FAKE-1",
    }
    response = client.post(
        reverse("studio_edit", args=[applying.pk]), _form_data(cast, studio_people, **forged)
    )
    assert response.status_code == 302  # the record is saved, the naming fields ignored
    applying.refresh_from_db()
    assert (applying.state, applying.named_on, applying.naming_body, applying.plaque_number) == (
        "applying",
        None,
        None,
        "",
    )
    assert Studio.objects.named().count() == 0
    page = client.get(reverse("studio_edit", args=[applying.pk])).content.decode()
    assert 'name="state"' not in page and 'name="plaque_number"' not in page


def test_a_new_studio_from_the_form_is_applying(login, cast, studio_people):
    response = login(cast["admin_a"]).post(
        reverse("studio_new"), _form_data(cast, studio_people, state="named", named_on="2025-01-01")
    )
    assert response.status_code == 302
    assert Studio.objects.get().state == "applying"


def test_edit_studio_refuses_state_fields(cast, studio):
    with pytest.raises(ValueError):
        services.edit_studio(by=cast["admin_a"], studio=studio, state="delisted")
    with pytest.raises(ValidationError) as err:
        services.edit_studio(by=cast["admin_a"], studio=studio, naming_level="national")
    assert "命名级别由命名时确定" in err.value.message_dict["naming_level"][0]


def test_the_naming_level_has_no_default(login, cast):
    page = login(cast["town_admin"]).get(reverse("studio_new")).content.decode()
    # the empty choice is selected, not 全国级 (the first level)
    assert '<option value="" selected>请选择</option>' in page


def test_the_town_records_a_national_naming_with_its_evidence(login, cast, applying):
    client = login(cast["town_admin"])
    url = reverse("studio_record_naming", args=[applying.pk])
    assert (
        "登记既有命名" in client.get(reverse("studio_detail", args=[applying.pk])).content.decode()
    )
    missing = client.post(url, {"naming_level": "national", "named_on": "2024-12-01", "note": "x"})
    assert missing.status_code == 400 and "请填写命名单位名称" in missing.content.decode()
    response = client.post(
        url,
        {
            "naming_level": "national",
            "outside_body": "全国总工会",
            "named_on": "2024-12-01",
            "plaque_number": "QG-2024-88",
            "note": "总工发〔2024〕12号",
            "files": [pdf("全总命名文件.pdf"), pdf("牌匾.png", PNG)],
        },
    )
    assert response.status_code == 302
    applying.refresh_from_db()
    assert (applying.state, applying.naming_level, applying.naming_body) == (
        "named",
        "national",
        None,
    )
    assert applying.named_on == datetime.date(2024, 12, 1)
    event = StudioEvent.objects.get(studio=applying)
    assert event.kind == "recorded" and event.by == cast["town_admin"]
    assert "全国总工会" in event.reason and "总工发〔2024〕12号" in event.reason
    assert "QG-2024-88" in event.reason
    # recorded once: a named studio is not offered the action again
    assert client.get(url).status_code == 403


def test_the_enterprise_union_cannot_record_a_naming(login, cast, applying):
    client = login(cast["admin_a"])
    assert (
        "登记既有命名"
        not in client.get(reverse("studio_detail", args=[applying.pk])).content.decode()
    )
    assert client.get(reverse("studio_record_naming", args=[applying.pk])).status_code == 403
    with pytest.raises(PermissionDenied):
        services.record_existing_naming(
            by=cast["admin_a"],
            studio=applying,
            naming_level="national",
            naming_body=None,
            outside_body="全国总工会",
            named_on=datetime.date(2024, 12, 1),
            note="x",
            files=[pdf("命名文件.pdf")],
        )


def test_a_naming_by_a_body_on_the_platform_is_recorded_by_its_admins(cast, applying):
    # the town's admin may not record the city's naming: the city vouches for its own
    with pytest.raises(PermissionDenied):
        services.record_existing_naming(
            by=cast["town_admin"],
            studio=applying,
            naming_level="city",
            naming_body=cast["city"],
            named_on=datetime.date(2024, 12, 1),
            note="泉工〔2024〕3号",
            files=[pdf("命名文件.pdf")],
        )
    city_admin = __import__("jiangxin.factories", fromlist=["user"]).user(
        "city_admin", node=cast["city"]
    )
    with pytest.raises(ValidationError) as err:  # the level must be the body's
        services.record_existing_naming(
            by=city_admin,
            studio=applying,
            naming_level="town",
            naming_body=cast["city"],
            named_on=datetime.date(2024, 12, 1),
            note="泉工〔2024〕3号",
            files=[pdf("命名文件.pdf")],
        )
    assert "naming_level" in err.value.message_dict
    services.record_existing_naming(
        by=city_admin,
        studio=applying,
        naming_level="city",
        naming_body=cast["city"],
        named_on=datetime.date(2024, 12, 1),
        note="泉工〔2024〕3号",
        files=[pdf("命名文件.pdf")],
    )
    applying.refresh_from_db()
    assert applying.state == "named" and applying.naming_body == cast["city"]


def test_the_lead_list_marks_who_qualifies_for_the_kind(login, cast, studio_people):
    client = login(cast["town_admin"])
    url = reverse("studio_new") + f"?enterprise={cast['ent_a'].pk}&kind=model_worker"
    html = client.get(url).content.decode()
    # 洪志明 holds a provincial 劳动模范 (≥ city): qualifies, listed first with the honour
    assert "洪志明 · 材料研发副总经理 · 一级/高级技师 · 省级劳动模范（2023） · 符合" in html
    assert "许文杰 · 二级/技师 · 无荣誉 · 不符合" in html
    assert html.index("洪志明 ·") < html.index("许文杰 ·")
    # the kind refreshes the list through HTMX like the enterprise does
    assert 'hx-include="[name=enterprise],[name=kind]"' in html
