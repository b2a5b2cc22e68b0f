"""In a real browser: town A's union admin records a subsidy spending line and downloads the
statement at 1366 px; the studio's lead, on a 390 px phone, finds the overdue milestone on the
page they land on and marks it done. Screenshots go to SHOTS."""

import os
from io import BytesIO

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from jiangxin import factories as f
from jiangxin.innovation.models import Milestone, SubsidyLine
from jiangxin.innovation.tests import fixtures_projects as fx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("JX_SHOTS", "/tmp/innovation-shots")
lead_user, project, subsidy = fx.lead_user, fx.project, fx.subsidy


def _login(page, base, username):
    page.goto(base + "/accounts/login/")
    page.get_by_label("用户名或手机号").fill(username)
    page.get_by_label("密码").fill(f.PASSWORD)
    page.get_by_role("button", name="登录").click()


def _no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], (page.url, width)


def test_the_union_admin_records_spending_and_downloads_the_statement(
    cast, studio, project, subsidy, live_server, browser
):
    os.makedirs(SHOTS, exist_ok=True)
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    page = context.new_page()
    base = live_server.url
    _login(page, base, "town_admin")
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="创新工作室").click()
    expect(page.get_by_test_id("overdue-count")).to_have_text("攻关项目逾期节点 1 个")
    page.get_by_role("link", name=studio.name).click()
    expect(page.get_by_test_id("studio-projects")).to_contain_text("有逾期节点")
    page.screenshot(path=f"{SHOTS}/projects-studio-1366.png", full_page=True)
    page.get_by_role("link", name="补助拨付与支出明细（登记）").click()
    form = page.get_by_test_id("spending-form")
    form.get_by_label("补助年度").fill("2024")
    form.get_by_label("支出日期").fill("2024-11-20")
    form.get_by_label("支出事项").fill("无纺布试样检测费")
    form.get_by_label("金额（元）").fill("2400.50")
    form.get_by_label("凭证说明").fill("记-2024-11-021")
    form.get_by_role("button", name="登记支出").click()
    expect(page.get_by_text("已保存。")).to_be_visible()
    # 2024: granted 50,000.00; spent 18,600.00 + 2,400.50 = 21,000.50; left 28,999.50
    expect(page.get_by_test_id("balance-2024")).to_have_text("28999.50")
    assert SubsidyLine.objects.filter(item="无纺布试样检测费").exists()
    page.screenshot(path=f"{SHOTS}/projects-subsidies-1366.png", full_page=True)
    page.goto(base + "/innovation/studios/")
    page.get_by_role("link", name="补助收支表").click()
    page.get_by_label("年度").fill("2024")
    page.get_by_role("button", name="查看").click()
    expect(page.get_by_test_id("total-balance")).to_have_text("28999.50")
    page.screenshot(path=f"{SHOTS}/projects-statement-1366.png", full_page=True)
    with page.expect_download() as info:
        page.get_by_test_id("export").click()
    download = info.value
    assert download.suggested_filename == "创新工作室补助收支-安海镇总工会-2024.xlsx"
    with open(download.path(), "rb") as fh:  # saved without an extension: read as bytes
        ws = load_workbook(BytesIO(fh.read())).active
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    assert rows[2][3:] == [50000, 21000.5, 28999.5]
    assert rows[-1][0] == "合计" and rows[-1][5] == 28999.5


def test_the_lead_marks_the_overdue_milestone_done_on_a_phone(
    cast, project, lead_user, live_server, browser
):
    os.makedirs(SHOTS, exist_ok=True)
    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = phone.new_page()
    base = live_server.url
    _login(page, base, "lingban")  # lands on their own record
    card = page.get_by_test_id("my-overdue-milestones")
    expect(card).to_contain_text("台架寿命试验")
    expect(card).to_contain_text("已逾期 10 天")
    _no_sideways_scroll(page)
    page.screenshot(path=f"{SHOTS}/projects-landing-390.png", full_page=True)
    card.get_by_role("link", name=project.title).click()
    _no_sideways_scroll(page)
    page.screenshot(path=f"{SHOTS}/projects-detail-390.png", full_page=True)
    row = page.get_by_test_id("milestones").locator("tr", has_text="台架寿命试验")
    row.get_by_role("link", name="更新").click()
    page.get_by_label("状态").select_option(label="完成")
    page.get_by_label("说明").fill("台架试验 3000 小时通过")
    _no_sideways_scroll(page)
    page.screenshot(path=f"{SHOTS}/projects-milestone-390.png", full_page=True)
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("节点“台架寿命试验”已更新。")).to_be_visible()
    done = Milestone.objects.get(title="台架寿命试验")
    assert done.state == "done" and done.note == "台架试验 3000 小时通过"
    assert not Milestone.objects.overdue().exists()
    page.goto(base + "/innovation/projects/mine/")
    expect(page.get_by_test_id("my-overdue-milestones")).to_have_count(0)
    _no_sideways_scroll(page)
    page.screenshot(path=f"{SHOTS}/projects-mine-390.png", full_page=True)
