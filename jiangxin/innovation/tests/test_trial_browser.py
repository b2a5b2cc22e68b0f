"""In a real browser, what a first trial found: at 390 px the project card's long column name
("预算 / 已支出（万元）") wraps beside its value without running into the next line; the lead
finds 我的工作室 in the menu and no link to the registry; the pages changed for the trial fit a
phone. Screenshots go to SHOTS."""

import os

import pytest
from playwright.sync_api import expect

from jiangxin import factories as f
from jiangxin.innovation.tests import fixtures_projects as fx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("JX_SHOTS", "/tmp/innovation-shots")
lead_user, project = fx.lead_user, fx.project


def _login(page, base, username):
    page.goto(base + "/accounts/login/")
    page.get_by_label("用户名或手机号").fill(username)
    page.get_by_label("密码").fill(f.PASSWORD)
    page.get_by_role("button", name="登录").click()


def _no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], (page.url, width)


def test_the_project_card_labels_do_not_overlap_on_a_phone(
    cast, studio, lead_user, project, live_server, browser
):
    os.makedirs(SHOTS, exist_ok=True)
    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = phone.new_page()
    base = live_server.url
    _login(page, base, lead_user.username)  # lands on their own record
    expect(page.get_by_role("heading", name=studio.lead.name)).to_be_visible()
    entry = page.locator("nav.sidebar a", has_text="我的工作室")  # the menu (folded on a phone)
    page.goto(base + entry.get_attribute("href"))
    expect(page.get_by_role("heading", name=studio.name)).to_be_visible()
    expect(page.get_by_role("link", name="返回工作室列表")).to_have_count(0)
    cells = page.get_by_test_id("studio-projects").locator("tbody tr").first.locator("td")
    money, state = cells.nth(3), cells.nth(4)
    expect(money).to_contain_text("30.00 / 12.50")
    # the label floats in the cell and the cell grows around it: the next cell starts below
    assert (
        money.bounding_box()["y"] + money.bounding_box()["height"] <= state.bounding_box()["y"] + 1
    )
    label_height = page.evaluate(
        "el => parseFloat(getComputedStyle(el, '::before').height)", money.element_handle()
    )
    assert money.bounding_box()["height"] + 1 >= label_height
    _no_sideways_scroll(page)
    page.screenshot(path=f"{SHOTS}/trial-studio-lead-390.png", full_page=True)
    page = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN").new_page()
    _login(page, base, "town_admin")
    for name, url in (
        ("trial-studio-list", "/innovation/studios/"),
        ("trial-studio-new", "/innovation/studios/new/"),
        ("trial-studio-detail", f"/innovation/studios/{studio.pk}/"),
        ("trial-batches", "/innovation/batches/"),
        ("trial-publicity", "/innovation/publicity/"),
        ("trial-results", "/results/"),
    ):
        page.goto(base + url)
        page.wait_for_timeout(300)
        _no_sideways_scroll(page)
        page.screenshot(path=f"{SHOTS}/{name}-390.png", full_page=True)
