"""账号与授权 in a real browser: the security administrator ``anquan`` logs in with the second
factor at 1366 px, creates an account (handed a one-time link, no typed password), grants it
工会管理员 on a town, then revokes it after the page says what that means. The same pages fit a
390 px phone. ``JX_SHOTS=/tmp/shots`` saves a screenshot of each page at both widths."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from jiangxin import factories as f
from jiangxin.accounts.models import Grant, User
from jiangxin.accounts.services import assign_platform_role_on_console
from jiangxin.accounts.tests.browser_2fa import second_factor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
SHOTS = os.environ.get("JX_SHOTS", "")


def _shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        width = page.viewport_size["width"]
        page.screenshot(path=f"{SHOTS}/{width}-{name}.png", full_page=True)


def _fits(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def test_anquan_creates_an_account_grants_a_town_and_revokes_it(cast, live_server, browser):
    anquan = User.objects.create_user(
        username="anquan", password=f.PASSWORD, display_name="安全管理员"
    )
    assign_platform_role_on_console(user=anquan, role="security")
    town = cast["town_b"]  # 东石镇总工会
    base = live_server.url
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = context.new_page()

    page.goto(base + "/accounts/login/")
    page.get_by_label("用户名或手机号").fill("anquan")
    page.get_by_label("密码").fill(f.PASSWORD)
    page.get_by_role("button", name="登录").click()
    second_factor(page)  # a platform administrator must enrol: from the page's secret
    expect(page.get_by_role("heading", name="账号与授权")).to_be_visible()  # where anquan lands
    _shot(page, "account-list")

    # Create the account from the menu's page.
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="账号与授权").click()
    page.get_by_role("link", name="新建账号").click()
    page.get_by_label("用户名", exact=False).first.fill("13812345678")  # a mobile: refused
    page.get_by_label("姓名").fill("洪志明")
    _shot(page, "account-new")
    page.get_by_role("button", name="建立账号").click()
    expect(page.get_by_text("用户名不能是手机号码或身份证号码")).to_be_visible()
    page.locator("#id_username").fill("hong_zm")
    page.get_by_role("button", name="建立账号").click()
    expect(page.get_by_role("heading", name="账号已建立")).to_be_visible()
    link = page.locator(".reset-link code").inner_text()
    assert "/accounts/reset/" in link
    account = User.objects.get(username="hong_zm")
    assert not account.has_usable_password()
    _shot(page, "account-created")

    # Grant 工会管理员 on the town.
    page.get_by_role("link", name="查看账号与授权").click()
    expect(page.get_by_text("没有工会授权。")).to_be_visible()
    page.get_by_label("工会组织").select_option(str(town.pk))
    page.get_by_label("角色").select_option("admin")
    page.get_by_role("button", name="授予").click()
    expect(page.get_by_text("洪志明 现为东石镇总工会的工会管理员。")).to_be_visible()
    grant = Grant.objects.get(user=account)
    assert (grant.organisation, grant.role) == (town, "admin")
    _shot(page, "account-detail")

    # Revoke it: the page says what that means first.
    page.locator("table").get_by_role("link", name="撤销").click()
    expect(page.get_by_text("马上失去对东石镇总工会及其全部下级组织数据的访问权限")).to_be_visible()
    expect(page.get_by_text("被退出所有已登录的会话")).to_be_visible()
    assert Grant.objects.filter(user=account).exists()
    _shot(page, "grant-revoke")
    page.get_by_role("button", name="确认撤销").click()
    expect(page.get_by_text("已撤销 洪志明 在东石镇总工会的工会管理员授权")).to_be_visible()
    expect(page.get_by_text("没有工会授权。")).to_be_visible()
    assert not Grant.objects.filter(user=account).exists()

    # The list finds the account by name, with no grant left.
    page.goto(base + "/accounts/users/")
    page.get_by_label("用户名 / 姓名").fill("洪志明")
    page.get_by_role("button", name="查询").click()
    row = page.locator("tbody tr", has_text="hong_zm")
    expect(row).to_have_count(1)
    expect(row).not_to_contain_text("工会管理员")

    # The same pages on a phone: nothing wider than the screen.
    page.set_viewport_size(PHONE)
    Grant.objects.create(user=account, organisation=town, role="viewer")
    grant = Grant.objects.get(user=account)
    pages = {
        "account-list": "/accounts/users/",
        "account-new": "/accounts/users/new/",
        "account-detail": f"/accounts/users/{account.pk}/",
        "grant-revoke": f"/accounts/users/{account.pk}/grants/{grant.pk}/revoke/",
    }
    for name, path in pages.items():
        page.goto(base + path)
        assert not re.search(r"/accounts/(reauth|login)/", page.url), path
        _shot(page, name)
        assert _fits(page), f"{path} is wider than 390 px"
    context.close()
