"""In a real browser: the system administrator finds 领办人资格规则 in the menu at 1366 px, is told
why a rule that contradicts itself is refused, saves one needing both honours and sees it in
words; the list, the form, the union's home page with its 创新工作室 figure and a worker's 我的数据
fit a 390 px phone. Screenshots go to SHOTS.

The system administrator must give a TOTP code at the login page, so the sessions here are
opened by the test client's ``force_login`` and handed to the browser as its cookie."""

import datetime
import os

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from jiangxin.innovation import services
from jiangxin.innovation.models import LeadRule

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


def _fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], (page.url, width)


def test_the_system_administrator_sets_a_rule_needing_both_honours(cast, live_server, browser):
    os.makedirs(SHOTS, exist_ok=True)
    page = _page(browser, live_server, cast["platform"], 1366)
    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="领办人资格规则").click()
    card = page.get_by_test_id("rule-model_worker")
    expect(card).to_contain_text("获市级及以上劳动模范或五一劳动奖章")
    page.screenshot(path=f"{SHOTS}/lead-rules-1366.png", full_page=True)
    card.get_by_role("link", name="修改").click()
    # the default ticks 劳动模范 (市级及以上) and 五一劳动奖章; a level for the unticked 技术能手
    page.get_by_label("技术能手的最低级别").select_option(label="省级及以上")
    page.get_by_label("须全部具备").check()
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("未勾选“技术能手”却设了最低级别")).to_be_visible()
    page.screenshot(path=f"{SHOTS}/lead-rule-form-refused-1366.png", full_page=True)
    assert not LeadRule.objects.exists()
    page.get_by_label("技术能手的最低级别").select_option(label="任何级别")
    page.get_by_label("五一劳动奖章的最低级别").select_option(label="市级及以上")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("领办人资格规则已保存")).to_be_visible()
    expect(page.get_by_test_id("rule-model_worker")).to_contain_text(
        "同时获市级及以上劳动模范和市级及以上五一劳动奖章"
    )
    assert LeadRule.objects.get().match == "all"

    phone = _page(browser, live_server, cast["platform"], 390)
    phone.goto(live_server.url + reverse("lead_rule_list"))
    expect(phone.get_by_test_id("rule-model_worker")).to_contain_text("已调整")
    _fits(phone)
    phone.screenshot(path=f"{SHOTS}/lead-rules-390.png", full_page=True)
    phone.get_by_test_id("rule-craftsman").get_by_role("link", name="修改").click()
    _fits(phone)
    phone.screenshot(path=f"{SHOTS}/lead-rule-form-390.png", full_page=True)


def test_the_home_figure_and_my_data_fit_a_phone(cast, studio, live_server, browser):
    os.makedirs(SHOTS, exist_ok=True)
    services.add_member(
        by=cast["town_admin"],
        studio=studio,
        worker=cast["worker_a"],
        joined=datetime.date(2025, 1, 6),
    )
    for width in (1366, 390):
        page = _page(browser, live_server, cast["town_admin"], width)
        page.goto(live_server.url + "/")
        expect(page.get_by_test_id("studios-named")).to_contain_text("1")
        _fits(page)
        page.screenshot(path=f"{SHOTS}/home-studios-{width}.png", full_page=True)
    page.get_by_test_id("studios-named").get_by_role("link").click()
    expect(page.get_by_label("状态")).to_have_value("named")
    worker = _page(browser, live_server, cast["worker_user"], 390)
    worker.goto(live_server.url + reverse("my_data"))
    expect(worker.get_by_text("创新工作室成员")).to_be_visible()
    _fits(worker)
    worker.screenshot(path=f"{SHOTS}/my-data-studios-390.png", full_page=True)
