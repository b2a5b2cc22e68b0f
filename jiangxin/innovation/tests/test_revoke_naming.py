# ruff: noqa: F811  (the fixtures imported below are pytest arguments)
"""撤销命名: the naming body's admins (or above; for a body outside the platform, the studio's
nearest federation's) take a studio's name away with a reason. In one step the studio is 已撤销
(out of the named count and the showcase, barred from applying for STUDIO_REVOKE_BAR_MONTHS),
its naming certificates are revoked (the public check says 已作废), an event says why, and each
change is audited. The enterprise union cannot; town B does not even see the page."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from jiangxin import factories as f
from jiangxin.audit.models import AuditEntry
from jiangxin.innovation import services, services_naming
from jiangxin.innovation.models import Studio, StudioEvent
from jiangxin.innovation.tests.batches_fixtures import (  # noqa: F401  (fixtures)
    application,
    applying_studio,
    batch,
    experts,
    named,
    pdf,
)

pytestmark = pytest.mark.django_db
REASON = "申报材料弄虚作假：场所面积与实际不符"


def _three_years_on(day: datetime.date) -> datetime.date:
    """The default bar, 36 months: the same day three years later (28 Feb for a 29 Feb)."""
    try:
        return day.replace(year=day.year + 3)
    except ValueError:
        return day.replace(year=day.year + 3, day=28)


def test_the_town_revokes_its_naming_and_everything_follows(named, login, cast, client):
    studio = named["certificate"].studio
    certificate = named["certificate"]
    town = login(cast["town_admin"])
    detail = town.get(reverse("studio_detail", args=[studio.pk])).content.decode()
    url = reverse("studio_revoke_naming", args=[studio.pk])
    assert url in detail
    today = timezone.localdate()
    page = town.get(url).content.decode()
    # the page says what follows and asks before the POST
    assert "不再计入已命名工作室" in page and "劳模工匠风采" in page
    assert certificate.display_code in page and "已作废" in page
    assert _three_years_on(today).strftime("%Y-%m-%d") + " 前不得再申报" in page
    assert "data-confirm=" in page
    # the showcase lists it before
    assert studio.name in client.get(reverse("studio_showcase")).content.decode()

    empty = town.post(url, {"reason": "  "})
    assert empty.status_code == 400 and "请写明撤销命名的原因" in empty.content.decode()
    studio.refresh_from_db()
    assert studio.state == "named"

    assert town.post(url, {"reason": REASON}).status_code == 302
    studio.refresh_from_db()
    assert (studio.state, studio.delisted_on) == ("revoked", today)
    assert studio.barred_until == _three_years_on(today)
    assert not Studio.objects.filter(pk=studio.pk).named().exists()
    certificate.refresh_from_db()
    assert certificate.revoked_at is not None
    assert certificate.revoke_reason == f"工作室命名已撤销：{REASON}"
    event = StudioEvent.objects.get(studio=studio)
    assert event.kind == "revoked" and event.by == cast["town_admin"] and event.day == today
    assert REASON in event.reason and "安海镇总工会撤销命名" in event.reason
    assert certificate.display_code in event.reason
    # anyone: the showcase no longer lists it, the public check says 已作废 with the reason
    anonymous = login(None)
    assert studio.name not in anonymous.get(reverse("studio_showcase")).content.decode()
    check = anonymous.get(
        reverse("certificate_verify", args=[certificate.display_code])
    ).content.decode()
    assert "该证书已作废" in check and REASON in check and "证书真实有效" not in check
    # the studio page says it, and offers the step no more
    town = login(cast["town_admin"])
    detail = town.get(reverse("studio_detail", args=[studio.pk])).content.decode()
    assert "该工作室已撤销" in detail and url not in detail
    assert town.get(url).status_code == 403
    # audited: the certificate, the studio's state, the event — all by the town's admin
    entries = AuditEntry.objects.filter(
        actor=cast["town_admin"], object_type__startswith="innovation"
    ).order_by("-pk")[:3]
    assert {e.object_type.split(".")[-1].lower() for e in entries} >= {
        "namingcertificate",
        "studio",
        "studioevent",
    }
    state = next(e for e in entries if e.object_type.lower().endswith("studio"))
    assert state.changes["state"] == ["named", "revoked"]


def test_a_naming_is_revoked_once(named, cast):
    studio = services_naming.revoke_naming(
        by=cast["town_admin"], studio=named["certificate"].studio, reason=REASON
    )
    with pytest.raises(ValidationError, match="只有已命名或整改中的工作室"):
        services_naming.revoke_naming(by=cast["town_admin"], studio=studio, reason=REASON)
    assert StudioEvent.objects.filter(studio=studio).count() == 1


def test_the_bar_is_the_setting(named, cast, settings):
    settings.STUDIO_REVOKE_BAR_MONTHS = 0
    studio = services_naming.revoke_naming(
        by=cast["town_admin"], studio=named["certificate"].studio, reason=REASON
    )
    assert studio.state == "revoked" and studio.barred_until is None
    assert "不得再申报" not in StudioEvent.objects.get(studio=studio).reason


def test_the_enterprise_union_cannot_revoke_its_own_studio(named, login, cast):
    studio = named["certificate"].studio
    client = login(cast["admin_a"])
    url = reverse("studio_revoke_naming", args=[studio.pk])
    assert url not in client.get(reverse("studio_detail", args=[studio.pk])).content.decode()
    assert client.get(url).status_code == 403
    assert client.post(url, {"reason": REASON}).status_code == 403
    with pytest.raises(PermissionDenied):
        services_naming.revoke_naming(by=cast["admin_a"], studio=studio, reason=REASON)
    studio.refresh_from_db()
    named["certificate"].refresh_from_db()
    assert studio.state == "named" and named["certificate"].revoked_at is None


def test_town_b_meets_404_and_the_viewer_above_403(named, login, cast):
    studio = named["certificate"].studio
    url = reverse("studio_revoke_naming", args=[studio.pk])
    town_b = login(cast["sibling_admin"])
    assert town_b.get(url).status_code == 404
    assert town_b.post(url, {"reason": REASON}).status_code == 404
    viewer = login(cast["county_viewer"])
    assert viewer.get(url).status_code == 403
    assert viewer.post(url, {"reason": REASON}).status_code == 403
    anonymous = login(None).get(url)
    assert anonymous.status_code == 302 and "/login" in anonymous["Location"]
    studio.refresh_from_db()
    assert studio.state == "named"


def test_the_body_above_may_revoke_the_town_may_not_revoke_the_citys(cast, studio, login):
    """``studio`` (tests/conftest.py) was named by the city (no certificate on the platform)."""
    with pytest.raises(PermissionDenied):
        services_naming.revoke_naming(by=cast["town_admin"], studio=studio, reason=REASON)
    assert (
        login(cast["town_admin"]).get(reverse("studio_revoke_naming", args=[studio.pk])).status_code
        == 403
    )
    city_admin = f.user("city_admin", node=cast["city"])
    page = login(city_admin).get(reverse("studio_revoke_naming", args=[studio.pk]))
    assert "无证书需作废" in page.content.decode()
    services_naming.revoke_naming(by=city_admin, studio=studio, reason=REASON)
    studio.refresh_from_db()
    assert studio.state == "revoked"
    assert "命名证书" not in StudioEvent.objects.get(studio=studio).reason


def test_a_naming_outside_the_platform_is_revoked_by_the_town(cast, studio_people):
    """全国总工会's naming, recorded on the platform: the rule of 登记既有命名 — the studio's
    town (its nearest federation) or above, never the enterprise union."""
    applying = services.create_studio(
        by=cast["admin_a"],
        name="全国命名工作室",
        kind="model_worker",
        naming_level="town",
        enterprise=cast["ent_a"],
        lead=studio_people["lead"],
        focus="密封材料",
        founded=datetime.date(2020, 1, 1),
    )
    studio = services.record_existing_naming(
        by=cast["town_admin"],
        studio=applying,
        naming_level="national",
        naming_body=None,
        outside_body="全国总工会",
        named_on=datetime.date(2022, 4, 28),
        note="总工发〔2022〕9号",
        files=[pdf("总工发〔2022〕9号.pdf")],
    )
    with pytest.raises(PermissionDenied):
        services_naming.revoke_naming(by=cast["admin_a"], studio=studio, reason=REASON)
    with pytest.raises(PermissionDenied):
        services_naming.revoke_naming(by=cast["sibling_admin"], studio=studio, reason=REASON)
    services_naming.revoke_naming(by=cast["town_admin"], studio=studio, reason=REASON)
    studio.refresh_from_db()
    assert studio.state == "revoked"


def test_a_studio_under_rectification_may_be_revoked_an_applying_one_not(
    cast, studio, applying_studio
):
    city_admin = f.user("city_admin", node=cast["city"])
    services.update_studio(by=cast["platform"], studio=studio, state="rectifying")
    services_naming.revoke_naming(by=city_admin, studio=studio, reason=REASON)
    studio.refresh_from_db()
    assert studio.state == "revoked"
    with pytest.raises(ValidationError, match="只有已命名或整改中的工作室"):
        services_naming.revoke_naming(by=cast["platform"], studio=applying_studio, reason=REASON)
