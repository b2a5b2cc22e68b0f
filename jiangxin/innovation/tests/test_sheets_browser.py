# ruff: noqa: F811  (the fixtures imported below are pytest arguments)
"""In a real browser: the town admin sets the studios' 考核指标表 at 1366 px (a total of 90 is
refused in Chinese, then saved at 100), and on a 390 px phone reads it and revokes a naming
certificate after the page asks; both pages fit the phone. Screenshots go to SHOTS."""

import os

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from jiangxin.innovation.tests.batches_fixtures import (  # noqa: F401  (fixtures)
    application,
    applying_studio,
    batch,
    experts,
    named,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("JX_SHOTS", "/tmp/innovation-shots")
BACKEND = "jiangxin.accounts.backends.UsernameOrMobileBackend"


def _page(browser, live_server, user, width):
    client = Client()
    client.force_login(user, backend=BACKEND)
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context.new_page()


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_the_town_sets_its_sheet_and_revokes_a_certificate(browser, live_server, cast, named):
    os.makedirs(SHOTS, exist_ok=True)
    page = _page(browser, live_server, cast["town_admin"], 1366)
    page.goto(live_server.url + reverse("sheet_new"))
    # the default items (100 points) are offered; lowering one to 5 leaves 90
    page.fill("#id_items-0-max_points", "5")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("errors")).to_contain_text("各项分值合计应为 100 分，现为 90 分")
    page.screenshot(path=f"{SHOTS}/sheet-form-1366.png", full_page=True)
    page.fill("#id_items-0-max_points", "15")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("items")).to_contain_text("带徒传技")
    sheet_url = page.url
    page.screenshot(path=f"{SHOTS}/sheet-detail-1366.png", full_page=True)

    phone = _page(browser, live_server, cast["town_admin"], 390)
    phone.goto(sheet_url)
    assert _fits(phone)
    phone.screenshot(path=f"{SHOTS}/sheet-detail-390.png", full_page=True)
    phone.goto(phone.url + "edit/")
    assert _fits(phone)
    phone.screenshot(path=f"{SHOTS}/sheet-form-390.png", full_page=True)

    phone.goto(live_server.url + reverse("application_detail", args=[named["application"].pk]))
    phone.get_by_text("作废证书").first.click()
    phone.fill("#id_reason", "牌匾编号印制错误，已重新颁发")
    asked = []
    phone.once("dialog", lambda d: (asked.append(d.message), d.accept()))
    phone.get_by_role("button", name="作废证书").click()
    expect(phone.get_by_test_id("revoked")).to_contain_text("牌匾编号印制错误")
    assert "已作废" in asked[0]
    assert _fits(phone)
    phone.screenshot(path=f"{SHOTS}/certificate-revoked-390.png", full_page=True)
    code = named["certificate"].display_code
    phone.goto(live_server.url + reverse("certificate_verify", args=[code]))
    expect(phone.locator("body")).to_contain_text("该证书已作废")
