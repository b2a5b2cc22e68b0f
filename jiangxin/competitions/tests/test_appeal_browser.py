"""On a phone, a contestant reads their results on their own page and appeals within the
window; the organiser rules at a desk; the contestant sees the ruling. No page scrolls
sideways at 390 px."""

import pytest
from playwright.sync_api import expect

from jiangxin import factories as f
from jiangxin.accounts.tests.browser_2fa import second_factor
from jiangxin.competitions import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REASON = "实操第二项评价分与现场表现不符，请求复看录像。"


def _login(page, base, username):
    page.goto(base + "/accounts/login/")
    page.get_by_label("用户名或手机号").fill(username)
    page.get_by_label("密码").fill(f.PASSWORD)
    page.get_by_role("button", name="登录").click()
    second_factor(
        page, username=username
    )  # a county admin owes a second factor (enrols on the way)


def _fits(page):
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px"


def test_a_contestant_appeals_from_their_phone_and_reads_the_ruling(
    ended, cast, live_server, browser
):
    competition = ended["competition"]
    services.publish_results(by=cast["county_admin"], competition=competition)
    base = live_server.url

    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = phone.new_page()
    _login(page, base, "worker")
    page.get_by_role("button", name="菜单").click()
    page.get_by_role("link", name="我的档案").click()
    record = page.get_by_test_id("my-competitions")
    expect(record).to_contain_text(competition.title)
    expect(record).to_contain_text("94.00")
    expect(record).to_contain_text("成绩公示期内（至")
    _fits(page)
    record.get_by_text("对成绩提出申诉").click()
    record.get_by_label("申诉的事实与理由").fill(REASON)
    record.get_by_role("button", name="提交申诉").click()
    expect(page.get_by_text("申诉已提交")).to_be_visible()
    expect(page.get_by_test_id("appeal")).to_contain_text("待仲裁")
    _fits(page)
    page.screenshot(path="/tmp/appeal-phone-filed.png", full_page=True)

    desk = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    office = desk.new_page()
    _login(office, base, "county_admin")
    office.goto(base + f"/competitions/{competition.pk}/")
    office.get_by_role("link", name="申诉与仲裁").click()
    office.get_by_label("仲裁意见").fill("经复看录像，评分符合评分标准，申诉不成立。")
    office.get_by_role("button", name="驳回申诉").click()
    expect(office.get_by_text("仲裁意见已记录")).to_be_visible()
    office.screenshot(path="/tmp/appeal-desk-ruled.png", full_page=True)
    desk.close()

    page.reload()
    appeal = page.get_by_test_id("appeal")
    expect(appeal).to_contain_text("申诉不成立")
    expect(appeal).to_contain_text("评分符合评分标准")
    _fits(page)
    page.screenshot(path="/tmp/appeal-phone-ruling.png", full_page=True)
    for path in [
        f"/competitions/{competition.pk}/",
        f"/competitions/{competition.pk}/appeals/",
        f"/results/{competition.pk}/",
        "/results/?year=abc",
        "/verify/?code=ABCD",
    ]:
        page.goto(base + path)
        _fits(page)
    page.goto(base + f"/competitions/{competition.pk}/")
    page.screenshot(path="/tmp/competition-phone.png", full_page=True)
    page.goto(base + f"/results/{competition.pk}/")
    page.screenshot(path="/tmp/public-results-phone.png", full_page=True)
    phone.close()
