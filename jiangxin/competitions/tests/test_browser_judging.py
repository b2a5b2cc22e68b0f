"""On a phone (390 × 844): a judge lands on their tasks, scores, uses 保存并下一位 and sees the
spread message; the organiser types and pastes theory marks. No page scrolls sideways."""

import pytest
from playwright.sync_api import expect

from jiangxin import factories as f
from jiangxin.accounts.tests.browser_2fa import second_factor
from jiangxin.competitions import services
from jiangxin.competitions.models import ExamScore, Score

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


def _fits(page, name: str) -> None:
    assert page.evaluate(NO_SIDEWAYS), f"{name} scrolls sideways"


def test_a_judge_scores_on_a_phone_with_save_and_next(running, cast, live_server, browser):
    j1, j2, _j3 = running["judges"]
    entries = sorted(running["entries"].values(), key=lambda e: e.order)
    first, second = entries[0], entries[1]
    # another judge gave 3 to the second entry: judge1's 1 will be too far apart
    services.record_score(by=j2, entry=second, aspect=running["judged"], value=3)
    for width, height in [(390, 844), (1366, 900)]:
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        _login(page, live_server.url, "judge1")
        expect(page.get_by_role("heading", name="我的评分任务")).to_be_visible()
        _fits(page, "tasks")
        page.screenshot(path=f"/tmp/judge-tasks-{width}.png", full_page=True)
        if width == 1366:
            context.close()
            continue
        page.get_by_role("link", name=f"评分：{first.code}").click()
        _fits(page, "entry form")
        page.get_by_label("2 达到").check()
        page.get_by_label("扣分").fill("0.5")
        page.screenshot(path="/tmp/judge-entry-390.png", full_page=True)
        page.get_by_role("button", name="保存并下一位").click()
        expect(page.get_by_role("heading", name=second.code)).to_be_visible()
        expect(page.get_by_text(f"{first.code} 的评分已保存")).to_be_visible()
        page.get_by_label("1 基本达到").check()
        page.get_by_label("扣分").fill("0")
        page.get_by_role("button", name="保存并下一位").click()
        expect(page.get_by_text("已有 2 位裁判评分（1、3）").first).to_be_visible()
        _fits(page, "next entry with a spread message")
        page.screenshot(path="/tmp/judge-spread-390.png", full_page=True)
        context.close()
    assert Score.objects.filter(judge=j1, current=True).count() == 4


def test_the_organiser_types_and_pastes_theory_marks(running, cast, live_server, browser):
    entries = sorted(running["entries"].values(), key=lambda e: e.order)
    for width, height in [(1366, 900), (390, 844)]:
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        _login(page, live_server.url, "county_admin")
        page.goto(live_server.url + f"/competitions/{running['competition'].pk}/")
        page.get_by_role("link", name="录入成绩").click()
        expect(page.get_by_role("heading", name="理论知识考试 · 成绩录入")).to_be_visible()
        _fits(page, "marks page")
        fields = page.locator("input.mark")
        if width == 1366:
            # typing: Enter moves down instead of saving, Enter on the last field saves
            fields.nth(0).fill("81")
            fields.nth(0).press("Enter")
            expect(fields.nth(1)).to_be_focused()
            page.keyboard.type("82.5")
            page.keyboard.press("Tab")
            page.keyboard.type("83")
            page.screenshot(path="/tmp/marks-typed-1366.png", full_page=True)
            page.keyboard.press("Enter")
            expect(page.get_by_text("已保存，3 位选手的成绩有变化")).to_be_visible()
            by_entry = dict(ExamScore.objects.filter(current=True).values_list("entry_id", "score"))
            assert [by_entry[e.pk] for e in entries] == [81, 82.5, 83]
        else:
            # a column copied from Excel, pasted into the first field, fills the rest
            fields.nth(0).evaluate(
                """(el) => { const data = new DataTransfer();
                data.setData('text/plain', '90\\r\\n91\\r\\n92\\r\\n');
                el.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data,
                  bubbles: true, cancelable: true})); }"""
            )
            expect(fields.nth(2)).to_have_value("92")
            page.screenshot(path="/tmp/marks-pasted-390.png", full_page=True)
            page.get_by_role("button", name="保存成绩").click()
            expect(page.get_by_text("已保存，3 位选手的成绩有变化")).to_be_visible()
            _fits(page, "marks page after saving")
        context.close()
    by_entry = dict(ExamScore.objects.filter(current=True).values_list("entry_id", "score"))
    assert [by_entry[e.pk] for e in entries] == [90, 91, 92]
    assert ExamScore.objects.filter(current=False).count() == 3  # the typed ones, kept
