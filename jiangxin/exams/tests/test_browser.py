"""A contestant on a phone: the clock survives a reload, answers stay, the paper hands
itself in when the time runs out."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from jiangxin import factories as f
from jiangxin.exams.models import Sitting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _seconds(text: str) -> int:
    parts = [int(p) for p in text.split(":")]
    return sum(p * 60**i for i, p in enumerate(reversed(parts)))


def test_the_countdown_survives_a_reload_and_hands_the_paper_in(exam, cast, live_server, browser):
    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = phone.new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("用户名或手机号").fill("worker")
    page.get_by_label("密码").fill(f.PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.goto(live_server.url + "/exam/")
    page.get_by_role("link", name="进入").click()
    page.get_by_role("button", name="开始考试").click()
    clock = page.locator("[data-countdown]")
    first = page.locator("fieldset.question").first
    first.locator("input").nth(1).check()
    expect(page.locator("#save-status")).to_contain_text("已保存")
    before = _seconds(clock.inner_text())
    page.wait_for_timeout(1500)
    page.reload()
    after = _seconds(page.locator("[data-countdown]").inner_text())
    assert 25 * 60 < after < before  # the clock went on; it did not start again
    expect(page.locator("fieldset.question").first.locator("input").nth(1)).to_be_checked()
    # the invigilator's clock: three seconds left
    Sitting.objects.update(deadline=timezone.now() + datetime.timedelta(seconds=3))
    page.reload()
    expect(page.get_by_test_id("exam-done")).to_be_visible(timeout=10_000)
    expect(page.get_by_test_id("exam-done")).to_contain_text("系统自动交卷")
    sitting = Sitting.objects.get()
    assert sitting.submitted_at is not None and sitting.auto_submitted
    assert sum(1 for v in sitting.answers.values() if v) == 1


def test_handing_in_says_how_many_questions_are_unanswered(exam, cast, live_server, browser):
    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = phone.new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("用户名或手机号").fill("worker")
    page.get_by_label("密码").fill(f.PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.goto(live_server.url + "/exam/")
    page.get_by_role("link", name="进入").click()
    page.get_by_role("button", name="开始考试").click()
    questions = page.locator("fieldset.question")
    total = questions.count()
    questions.first.locator("input").first.check()
    expect(page.locator("#save-status")).to_contain_text("已保存")
    said = []

    def answer(dialog):
        said.append(dialog.message)
        dialog.dismiss()  # not yet: the paper stays open

    page.on("dialog", answer)
    page.get_by_role("button", name="交卷").click()
    assert said == [
        f"还有 {total - 1} 题未作答，未答的题不得分。确定交卷吗？交卷后不能再修改答案。"
    ]
    assert Sitting.objects.get().submitted_at is None
