"""In a real browser: the studio lead signs in on a 390 px phone, files the quarter's report and
records a patent with it, with no sideways scroll; at 1366 px town A's union admin sees in the
registry the warning on a studio with no output for 12 months, and opens it. Screenshots go to
SHOTS."""

import datetime
import os
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from jiangxin import factories as f
from jiangxin.innovation import services_record
from jiangxin.innovation.models import QuarterlyReport, Studio
from jiangxin.innovation.tests.record_fixtures import *  # noqa: F403  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("JX_SHOTS", "/tmp/innovation-shots")


def _login(page, base, username):
    page.goto(base + "/accounts/login/")
    page.get_by_label("用户名或手机号").fill(username)
    page.get_by_label("密码").fill(f.PASSWORD)
    page.get_by_role("button", name="登录").click()


def _no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], (page.url, width)


def test_the_lead_files_a_quarterly_report_with_an_output_on_a_phone(
    studio, lead_user, live_server, browser
):
    os.makedirs(SHOTS, exist_ok=True)
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="zh-CN", is_mobile=True, has_touch=True
    )
    page = context.new_page()
    base = live_server.url
    _login(page, base, lead_user.username)
    # from their own record to their studio
    page.get_by_role("link", name=studio.name).first.click()
    expect(page.get_by_role("heading", name=studio.name)).to_be_visible()
    _no_sideways_scroll(page)
    page.get_by_role("link", name="填报季度报告").click()
    today = timezone.localdate()
    expect(page.get_by_label("年度")).to_have_value(str(today.year))
    page.get_by_label("本季度工作情况").fill("完成密封材料老化试验两轮，形成改进方案一份。")
    page.get_by_label("开展活动（次）").fill("4")
    page.get_by_label("参与职工（人次）").fill("32")
    page.get_by_label("解决技术难题（项）").fill("1")
    _no_sideways_scroll(page)
    page.screenshot(path=f"{SHOTS}/record-report-form-390.png", full_page=True)
    page.get_by_role("button", name="提交报告").click()
    expect(page.get_by_text("季度报告已提交")).to_be_visible()
    report = QuarterlyReport.objects.get(studio=studio)
    assert report.filed_by == lead_user and report.participants == 32
    page.get_by_role("link", name="登记成果").click()
    page.get_by_label("成果类别").select_option(label="专利")
    page.get_by_label("名称").fill("一种耐老化液压密封圈")
    page.get_by_label("日期").fill(today.isoformat())
    page.get_by_label("专利类型").select_option(label="实用新型")
    page.get_by_label("编号").fill("ZL202620123456.7")
    page.get_by_label("专利状态").select_option(label="已受理")
    _no_sideways_scroll(page)
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("成果已登记")).to_be_visible()
    outputs = page.get_by_test_id("outputs")
    expect(outputs).to_contain_text("一种耐老化液压密封圈")
    expect(page.get_by_test_id("record-figures").locator('[data-figure="patents"]')).to_have_text(
        "1"
    )
    expect(page.get_by_test_id("reports")).to_contain_text("待验收")
    _no_sideways_scroll(page)
    page.screenshot(path=f"{SHOTS}/record-studio-390.png", full_page=True)
    assert studio.outputs.get().added_by == lead_user
    context.close()


def test_the_union_sees_the_warning_on_another_studio_in_the_registry(
    cast, studio, other_studio, live_server, browser
):
    today = timezone.localdate()
    # the lead's studio recorded a method last month; the other was named 400 days ago and
    # has recorded nothing since
    services_record.add_output(
        by=cast["town_admin"],
        studio=studio,
        kind="method",
        title="洪志明密封件装配法",
        date=today - datetime.timedelta(days=30),
    )
    Studio.objects.filter(pk=other_studio.pk).update(named_on=today - datetime.timedelta(days=400))
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    page = context.new_page()
    _login(page, live_server.url, "town_admin")
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="创新工作室").click()
    expect(page.get_by_test_id("warned-count")).to_contain_text("1 家工作室已12个月没有登记成果")
    warned_row = page.get_by_role("row").filter(has=page.get_by_test_id("warning"))
    expect(warned_row).to_have_count(1)
    expect(warned_row).to_contain_text(other_studio.name)
    page.screenshot(path=f"{SHOTS}/record-registry-1366.png", full_page=True)
    page.get_by_label("预警").select_option(label="12个月无成果")  # data-autosubmit
    expect(page).to_have_url(re.compile(r"warning=yes"))
    expect(page.get_by_role("link", name=studio.name)).to_have_count(0)
    page.get_by_role("link", name=other_studio.name).click()
    expect(page.get_by_test_id("studio-warning")).to_contain_text("12个月")
    page.screenshot(path=f"{SHOTS}/record-warned-studio-1366.png", full_page=True)
    context.close()
