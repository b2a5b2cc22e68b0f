# ruff: noqa: F811  (the fixtures imported below are pytest arguments)
"""In Chromium: 晋工机械's union applies with a PDF (1366 px), the town endorses, an expert
scores on a phone (390 px), the town decides, publishes, names, and the certificate verifies.
Screenshots in /tmp/batches-*.png."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from jiangxin.innovation.models import StudioApplication
from jiangxin.innovation.tests.batches_fixtures import (  # noqa: F401  (fixtures)
    PDF,
    applying_studio,
    batch,
    experts,
    move_publicity_back,
    score_all,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
DESK = {"width": 1366, "height": 900}


def _signed_in(browser, base, user, viewport):
    """A browser context signed in as ``user`` (the test client's login: no second step)."""
    client = Client()
    client.force_login(user, backend="jiangxin.accounts.backends.UsernameOrMobileBackend")
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base}])
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # the irreversible steps ask first
    return page


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_apply_score_on_a_phone_decide_name_and_verify(
    cast, batch, applying_studio, experts, live_server, browser, tmp_path
):
    base = live_server.url
    material = tmp_path / "申报书.pdf"
    material.write_bytes(PDF)

    union = _signed_in(browser, base, cast["admin_a"], DESK)
    union.goto(f"{base}/innovation/batches/{batch.pk}/")
    union.get_by_role("link", name="申报工作室").click()
    union.get_by_label("工作室").select_option(label=applying_studio.name)
    union.get_by_label("年度攻关项目").fill("卫生材料高吸水层减薄攻关")
    union.get_by_label("申报材料").set_input_files(str(material))
    union.get_by_role("button", name="提交申报").click()
    expect(union.get_by_text("申报已提交")).to_be_visible()
    expect(union.get_by_test_id("files")).to_contain_text("申报书.pdf")
    union.screenshot(path="/tmp/batches-apply-1366.png", full_page=True)
    application = StudioApplication.objects.get()

    town = _signed_in(browser, base, cast["town_admin"], DESK)
    town.goto(f"{base}/innovation/applications/{application.pk}/")
    town.get_by_label("推荐意见").fill("该工作室团队稳定，成果突出，同意推荐。")
    town.get_by_role("button", name="推荐").click()
    expect(town.get_by_text("已推荐，下一步：专家评分。")).to_be_visible()

    phone = _signed_in(browser, base, experts[0], PHONE)
    phone.goto(base + "/")  # an expert lands on their batches
    phone.get_by_role("link", name=batch.title).click()
    phone.get_by_role("link", name="评分", exact=True).click()
    # 12+13+18+8+9+8+17 = 85
    for label, value in zip(
        ["场所", "设施", "团队", "制度", "经费", "台账", "成效"],
        ["12", "13", "18", "8", "9", "8", "17"],
        strict=True,
    ):
        phone.get_by_label(label, exact=False).fill(value)
    phone.screenshot(path="/tmp/batches-score-390.png", full_page=True)
    _no_sideways_scroll(phone)
    phone.get_by_role("button", name="提交评分").click()
    expect(phone.get_by_text("评分已保存，合计 85.0 分。")).to_be_visible()
    _no_sideways_scroll(phone)
    # the other two experts: 83 and 86.5 → average (85 + 83 + 86.5) / 3 = 84.83
    score_all(application, experts[1:], [[14, 12, 16, 9, 8, 9, 15], [13, 14, 17, 7, 9, 8, 18.5]])

    town.reload()
    expect(town.get_by_test_id("average")).to_have_text("84.83")
    town.get_by_label("通过", exact=True).check()
    town.get_by_role("button", name="作出决定").click()
    expect(town.get_by_text("已作出决定")).to_be_visible()
    town.goto(f"{base}/innovation/batches/{batch.pk}/")
    town.get_by_role("button", name="发布公示").click()
    expect(town.get_by_text("公示已发布")).to_be_visible()
    move_publicity_back(batch, 10)  # the calendar moves past the window
    town.goto(f"{base}/innovation/applications/{application.pk}/")
    town.get_by_role("button", name="命名").click()
    expect(town.get_by_text("已命名，牌匾编号 安海工作室〔2025〕1号")).to_be_visible()
    town.screenshot(path="/tmp/batches-named-1366.png", full_page=True)
    application.refresh_from_db()
    assert application.score == Decimal("84.83") and application.state == "named"

    code = application.certificate.display_code
    visitor = browser.new_context(viewport=PHONE, locale="zh-CN").new_page()
    visitor.goto(f"{base}/verify/{code}/")
    result = visitor.get_by_test_id("verify-result")
    expect(result).to_contain_text("证书真实有效")
    expect(result).to_contain_text("恒新劳模创新工作室")
    visitor.screenshot(path="/tmp/batches-verify-390.png", full_page=True)
    _no_sideways_scroll(visitor)

    app_phone = _signed_in(browser, base, cast["town_admin"], PHONE)
    app_phone.goto(f"{base}/innovation/applications/{application.pk}/")
    app_phone.screenshot(path="/tmp/batches-application-390.png", full_page=True)
    _no_sideways_scroll(app_phone)
