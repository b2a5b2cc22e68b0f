# ruff: noqa: F811  (the fixtures imported below are pytest arguments)
"""In a real browser: the town's admin revokes a naming — the page fits a phone and says what
follows, the button asks first, and afterwards the studio page says 已撤销 while the public
showcase no longer lists it. Screenshots go to SHOTS."""

import os

import pytest
from playwright.sync_api import expect

from jiangxin import factories as f
from jiangxin.innovation.tests.batches_fixtures import (  # noqa: F401  (fixtures)
    application,
    applying_studio,
    batch,
    experts,
    named,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("JX_SHOTS", "/tmp/innovation-shots")


def _login(page, base, username):
    page.goto(base + "/accounts/login/")
    page.get_by_label("用户名或手机号").fill(username)
    page.get_by_label("密码").fill(f.PASSWORD)
    page.get_by_role("button", name="登录").click()


def test_the_town_revokes_a_naming_after_being_told_what_follows(cast, named, live_server, browser):
    os.makedirs(SHOTS, exist_ok=True)
    studio = named["certificate"].studio
    base = live_server.url
    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN").new_page()
    _login(phone, base, "town_admin")
    phone.goto(f"{base}/innovation/studios/{studio.pk}/revoke-naming/")
    expect(phone.get_by_test_id("consequences")).to_contain_text("不再计入已命名工作室")
    expect(phone.get_by_test_id("consequences")).to_contain_text(named["certificate"].display_code)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
    phone.screenshot(path=f"{SHOTS}/revoke-naming-390.png", full_page=True)

    page = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN").new_page()
    _login(page, base, "town_admin")
    page.goto(f"{base}/innovation/studios/{studio.pk}/")
    page.get_by_role("link", name="撤销命名").click()
    expect(page.get_by_role("heading", name=f"撤销命名：{studio.name}")).to_be_visible()
    page.get_by_label("撤销原因").fill("申报材料弄虚作假")
    page.screenshot(path=f"{SHOTS}/revoke-naming-1366.png", full_page=True)
    # the first click is dismissed: nothing happens
    page.once("dialog", lambda d: d.dismiss())
    page.get_by_role("button", name="撤销命名").click()
    expect(page.get_by_role("heading", name=f"撤销命名：{studio.name}")).to_be_visible()
    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="撤销命名").click()
    expect(page.get_by_role("alert").filter(has_text="该工作室已撤销")).to_be_visible()
    expect(page.get_by_test_id("events")).to_contain_text("申报材料弄虚作假")
    page.screenshot(path=f"{SHOTS}/revoked-studio-1366.png", full_page=True)
    phone.goto(f"{base}/innovation/studios/{studio.pk}/")
    phone.screenshot(path=f"{SHOTS}/revoked-studio-390.png", full_page=True)

    public = browser.new_context(locale="zh-CN").new_page()
    public.goto(f"{base}/innovation/showcase/")
    expect(public.get_by_text(studio.name)).to_have_count(0)
