"""In a real browser: an admin runs the matcher, accepts the proposal and approves the pairs; a
master, on a phone, goes from the menu to 我的带徒, opens the pair with a month due and files the
log on the earliest missing month. The pages a master opens do not scroll sideways at 390 px."""

import pytest
from playwright.sync_api import expect

from jiangxin import factories as f
from jiangxin.mentoring import services
from jiangxin.mentoring.models import CheckIn, Pair
from jiangxin.mentoring.tests.conftest import months_ago
from jiangxin.workers.models import Worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = "/tmp/mentoring-shots"


def _login(page, base, username):
    page.goto(base + "/accounts/login/")
    page.get_by_label("用户名或手机号").fill(username)
    page.get_by_label("密码").fill(f.PASSWORD)
    page.get_by_role("button", name="登录").click()


def _no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], (page.url, width)


def test_match_accept_approve_and_log(programme, people, cast, live_server, browser):
    lathe = f.occupation("车工", "6-18-01-01", 2, 6)
    Worker.objects.filter(
        pk__in=[people["master"].pk, people["craftsman"].pk, *[a.pk for a in people["apprentices"]]]
    ).update(occupation=lathe)
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    page = context.new_page()
    base = live_server.url
    _login(page, base, "town_admin")
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="名师带高徒").click()
    page.get_by_role("link", name=programme.name).click()
    page.get_by_role("link", name="智能匹配").click()
    page.get_by_label("允许跨企业结对").check()
    page.get_by_role("button", name="生成匹配方案").click()
    expect(page.get_by_test_id("summary")).to_contain_text("方案：4 对（1 组），0 人未配对")
    proposal = page.get_by_test_id("proposal")
    expect(proposal.locator(".match-rows li")).to_have_count(4)
    page.screenshot(path=f"{SHOTS}/matcher-1366.png", full_page=True)
    page.get_by_label("结对开始日期").fill("2025-03-01")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="采纳选中的结对").click()
    expect(page.get_by_text("已生成 4 个结对")).to_be_visible()
    assert Pair.objects.filter(status="proposed").count() == 4
    page.on("dialog", lambda dialog: dialog.accept())
    for pair in Pair.objects.order_by("pk"):
        page.goto(f"{base}/mentoring/pairs/{pair.pk}/")
        page.get_by_role("button", name="审批通过").click()
        expect(page.get_by_text("师徒协议已审批，结对生效")).to_be_visible()
    assert Pair.objects.filter(status="active").count() == 4


def test_a_master_on_a_phone_files_the_earliest_missing_month(
    programme, people, cast, live_server, browser
):
    start = months_ago(2)
    pair = services.propose_pair(
        by=cast["town_admin"],
        programme=programme,
        master=people["master"],
        apprentice=people["apprentices"][0],
        starts_on=start,
        skills="数控车床编程",
    )
    services.approve_pair(by=cast["admin_a"], pair=pair)
    master_user = f.user("linshifu")
    Worker.objects.filter(pk=people["master"].pk).update(account=master_user)
    base = live_server.url
    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = phone.new_page()
    _login(page, base, "linshifu")
    page.get_by_role("button", name="菜单").click()
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="我的带徒").click()
    expect(page.get_by_role("heading", name="我的带徒")).to_be_visible()
    expect(page.get_by_text(f"{start:%Y-%m} 逾期")).to_be_visible()
    _no_sideways_scroll(page)
    page.screenshot(path=f"{SHOTS}/my-pairs-390.png", full_page=True)
    page.get_by_role("link", name="徒弟 徒弟1").click()
    expect(page.get_by_role("heading", name="林师傅 → 徒弟1")).to_be_visible()
    _no_sideways_scroll(page)
    page.screenshot(path=f"{SHOTS}/pair-390.png", full_page=True)
    page.get_by_role("link", name=f"填写带徒记录（{start:%Y-%m}）").click()
    expect(page.get_by_label("月份")).to_have_value(f"{start:%Y-%m}")  # the earliest missing
    _no_sideways_scroll(page)
    page.get_by_label("本月传授（学习）内容").fill("数控车床对刀与首件检验")
    page.get_by_label("学时").fill("abc")
    page.get_by_role("button", name="提交带徒记录").click()
    expect(page.get_by_text("学时应为数字，如 8 或 7.5")).to_be_visible()
    expect(page.get_by_label("本月传授（学习）内容")).to_have_value("数控车床对刀与首件检验")
    page.screenshot(path=f"{SHOTS}/log-error-390.png", full_page=True)
    page.get_by_label("学时").fill("12")
    page.get_by_role("button", name="提交带徒记录").click()
    expect(page.get_by_text("带徒记录已保存")).to_be_visible()
    expect(page.get_by_test_id("checkins")).to_contain_text("数控车床对刀与首件检验")
    expect(page.get_by_role("link", name=f"填写带徒记录（{months_ago(1):%Y-%m}）")).to_be_visible()
    assert CheckIn.objects.get().month == start and CheckIn.objects.get().role == "master"
    page.goto(f"{base}/workers/{people['master'].pk}/")
    page.screenshot(path=f"{SHOTS}/worker-lineage-390.png", full_page=True)
    _no_sideways_scroll(page)
    wide = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    desk = wide.new_page()
    _login(desk, base, "linshifu")
    for name, url in [
        ("my-pairs", "/mentoring/mine/"),
        ("pair", f"/mentoring/pairs/{pair.pk}/"),
        ("log", f"/mentoring/pairs/{pair.pk}/log/"),
    ]:
        desk.goto(base + url)
        desk.screenshot(path=f"{SHOTS}/{name}-1366.png", full_page=True)
        page.goto(base + url)
        _no_sideways_scroll(page)
        page.screenshot(path=f"{SHOTS}/{name}-390.png", full_page=True)


def test_a_master_on_a_phone_lands_on_their_pairs_and_corrects_a_log(
    programme, people, cast, live_server, browser
):
    """Login lands on 我的带徒; a log filed with 80 hours (meant 8) is corrected from the pair
    page; the record says a log is overdue; after a mid-term the entry says why it is frozen."""
    shots = "/tmp/mentor2-shots"
    start = months_ago(2)
    pair = services.propose_pair(
        by=cast["town_admin"],
        programme=programme,
        master=people["master"],
        apprentice=people["apprentices"][0],
        starts_on=start,
    )
    services.approve_pair(by=cast["admin_a"], pair=pair)
    master_user = f.user("linshifu")
    Worker.objects.filter(pk=people["master"].pk).update(account=master_user)
    services.record_checkin(by=master_user, pair=pair, month=start, content="识图", hours=80)
    base = live_server.url
    page = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN").new_page()
    _login(page, base, "linshifu")
    expect(page.get_by_role("heading", name="我的带徒")).to_be_visible()  # the landing
    page.goto(f"{base}/workers/{people['master'].pk}/")
    expect(page.get_by_test_id("overdue-logs")).to_contain_text("1 个月逾期未填")
    _no_sideways_scroll(page)
    page.screenshot(path=f"{shots}/worker-overdue-390.png", full_page=True)
    page.goto(f"{base}/mentoring/pairs/{pair.pk}/")
    expect(page.get_by_test_id("programme-name")).to_have_text(programme.name)  # not a link
    expect(page.get_by_test_id("stipend")).to_contain_text("实发按出师考核结果")
    _no_sideways_scroll(page)
    page.screenshot(path=f"{shots}/pair-390.png", full_page=True)
    page.get_by_role("link", name="修改").click()
    _no_sideways_scroll(page)
    page.get_by_label("学时").fill("800")
    page.get_by_role("button", name="保存修改").click()
    expect(page.get_by_text("一个月的带徒学时不会超过当月工作时间")).to_be_visible()
    _no_sideways_scroll(page)
    page.screenshot(path=f"{shots}/edit-error-390.png", full_page=True)
    page.get_by_label("学时").fill("8")
    page.get_by_role("button", name="保存修改").click()
    expect(page.get_by_text("带徒记录已修改")).to_be_visible()
    expect(page.get_by_test_id("checkins")).to_contain_text("8.0 学时")
    services.assess(by=cast["admin_a"], pair=pair, kind="mid", grade="pass")
    page.reload()
    expect(page.get_by_test_id("frozen")).to_contain_text("中期考核已涵盖该月")
    _no_sideways_scroll(page)
    page.screenshot(path=f"{shots}/pair-frozen-390.png", full_page=True)
    desk = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN").new_page()
    _login(desk, base, "linshifu")
    desk.goto(f"{base}/mentoring/pairs/{pair.pk}/")
    desk.screenshot(path=f"{shots}/pair-frozen-1366.png", full_page=True)
