"""An admin runs the matcher, accepts the proposal and approves the pairs; a master files the
month's log — in a real browser."""

import pytest
from playwright.sync_api import expect

from jiangxin import factories as f
from jiangxin.mentoring.models import CheckIn, Pair
from jiangxin.workers.models import Worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, base, username):
    page.goto(base + "/accounts/login/")
    page.get_by_label("用户名或手机号").fill(username)
    page.get_by_label("密码").fill(f.PASSWORD)
    page.get_by_role("button", name="登录").click()


def test_match_accept_approve_and_log(programme, people, cast, live_server, browser):
    lathe = f.occupation("车工", "6-18-01-01", 2, 6)
    Worker.objects.filter(
        pk__in=[people["master"].pk, people["craftsman"].pk, *[a.pk for a in people["apprentices"]]]
    ).update(occupation=lathe)
    master_user = f.user("linshifu")
    Worker.objects.filter(pk=people["master"].pk).update(account=master_user)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    base = live_server.url
    _login(page, base, "town_admin")
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="名师带高徒").click()
    page.get_by_role("link", name=programme.name).click()
    page.get_by_role("link", name="智能匹配").click()
    page.get_by_label("允许跨企业结对").check()
    page.get_by_role("button", name="生成匹配方案").click()
    proposal = page.get_by_test_id("proposal")
    expect(proposal.locator("tbody tr")).to_have_count(4)
    page.screenshot(path="/tmp/matcher.png", full_page=True)
    page.get_by_label("结对开始日期").fill("2025-03-01")
    page.get_by_role("button", name="采纳选中的结对").click()
    expect(page.get_by_text("已生成 4 个结对")).to_be_visible()
    assert Pair.objects.filter(status="proposed").count() == 4
    for pair in Pair.objects.order_by("pk"):
        page.goto(f"{base}/mentoring/pairs/{pair.pk}/")
        page.get_by_role("button", name="审批通过").click()
        expect(page.get_by_text("师徒协议已审批，结对生效")).to_be_visible()
    assert Pair.objects.filter(status="active").count() == 4
    mine = Pair.objects.filter(master=people["master"]).order_by("pk").first()
    context.clear_cookies()
    _login(page, base, "linshifu")
    page.goto(f"{base}/mentoring/pairs/{mine.pk}/")
    page.get_by_label("月份").select_option("2025-03")
    page.get_by_label("本月传授（学习）内容").fill("数控车床对刀与首件检验")
    page.get_by_label("学时").fill("12")
    page.get_by_role("button", name="提交带徒记录").click()
    expect(page.get_by_text("带徒记录已保存")).to_be_visible()
    expect(page.get_by_role("cell", name="数控车床对刀与首件检验")).to_be_visible()
    assert CheckIn.objects.get().role == "master"
