"""The judges' tryout pages at 390 and 1366 px: an empty form refused, the spread warning on
its contestant, the other judge's flagged list, the chief's progress and lock page. None
scrolls sideways on a phone."""

import pytest
from playwright.sync_api import expect

from jiangxin import factories as f
from jiangxin.accounts.tests.browser_2fa import second_factor
from jiangxin.competitions import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NO_SIDEWAYS = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"


def _login(page, base, username):
    page.goto(base + "/accounts/login/")
    page.get_by_label("用户名或手机号").fill(username)
    page.get_by_label("密码").fill(f.PASSWORD)
    page.get_by_role("button", name="登录").click()
    second_factor(
        page, username=username
    )  # a county admin owes a second factor (enrols on the way)


def test_the_judges_tryout_pages_fit_a_phone(running, cast, live_server, browser):
    j1, j2, j3 = running["judges"]
    chief = f.user("chief")
    services.appoint_judge(
        by=cast["county_admin"], competition=running["competition"], user=chief, role="chief"
    )
    entry = running["entries"]["c"]
    services.record_score(by=j2, entry=entry, aspect=running["judged"], value=3)
    services.record_score(by=j3, entry=entry, aspect=running["judged"], value=3)
    base, pk = live_server.url, running["competition"].pk
    for width in (390, 1366):
        context = browser.new_context(viewport={"width": width, "height": 844}, locale="zh-CN")
        page = context.new_page()
        _login(page, base, "judge1")
        page.goto(f"{base}/judging/{pk}/{entry.code}/")
        if width == 390:  # (at 1366 the marks saved at 390 are in the form already)
            page.get_by_role("button", name="保存并下一位").click()
            expect(page.get_by_text("请为“沟通表达”选择评分（0–3 档）")).to_be_visible()
            expect(page.get_by_role("heading", level=1)).to_have_text(entry.code)
            assert page.evaluate(NO_SIDEWAYS), "empty form"
            page.screenshot(path=f"/tmp/jt-empty-{width}.png", full_page=True)
            page.get_by_label("1 基本达到").check()
            page.get_by_label("扣分").fill("0")
            page.get_by_role("button", name="保存并下一位").click()
        expect(page.get_by_text("请裁判1号与其他裁判合议后重新评分").first).to_be_visible()
        expect(page.get_by_role("heading", level=1)).to_have_text(entry.code)
        assert page.evaluate(NO_SIDEWAYS), "spread"
        page.screenshot(path=f"/tmp/jt-spread-{width}.png", full_page=True)
        context.clear_cookies()
        _login(page, base, "judge2")
        page.goto(f"{base}/judging/{pk}/")
        expect(page.get_by_role("link", name="分差超限，去合议")).to_be_visible()
        assert page.evaluate(NO_SIDEWAYS), "flagged list"
        page.screenshot(path=f"/tmp/jt-flagged-{width}.png", full_page=True)
        context.clear_cookies()
        _login(page, base, "chief")
        page.goto(f"{base}/judging/")
        expect(page.get_by_text("裁判1号 · judge1")).to_be_visible()
        assert page.evaluate(NO_SIDEWAYS), "chief home"
        page.screenshot(path=f"/tmp/jt-chief-{width}.png", full_page=True)
        page.goto(f"{base}/judging/{pk}/lock/")
        expect(page.get_by_text("位已评完").first).to_be_visible()
        assert page.evaluate(NO_SIDEWAYS), "lock page"
        page.screenshot(path=f"/tmp/jt-lock-{width}.png", full_page=True)
        context.close()


def test_locked_tasks_and_the_start_confirmation(ended, running, cast, live_server, browser):
    import datetime

    from django.utils import timezone

    from jiangxin.competitions.models import Competition

    base = live_server.url
    for width in (390, 1366):
        context = browser.new_context(viewport={"width": width, "height": 844}, locale="zh-CN")
        page = context.new_page()
        _login(page, base, "judge1")
        page.goto(f"{base}/judging/")
        expect(page.get_by_text("已锁定").first).to_be_visible()
        expect(page.get_by_text("位选手待评")).to_have_count(0)
        assert page.evaluate(NO_SIDEWAYS), "locked tasks"
        page.screenshot(path=f"/tmp/jt-locked-{width}.png", full_page=True)
        context.close()
    competition = running["competition"]
    day = timezone.localdate() + datetime.timedelta(days=15)
    Competition.objects.filter(pk=competition.pk).update(
        status=Competition.Status.DRAWN, held_on=day
    )
    context = browser.new_context(viewport={"width": 1366, "height": 844}, locale="zh-CN")
    page = context.new_page()
    _login(page, base, "county_admin")
    page.goto(f"{base}/competitions/{competition.pk}/")
    page.get_by_role("link", name="开始比赛").first.click()
    expect(page.get_by_text(f"比赛日期为 {day:%Y-%m-%d}，今天开始比赛？")).to_be_visible()
    page.screenshot(path="/tmp/jt-start-1366.png", full_page=True)
    context.close()
