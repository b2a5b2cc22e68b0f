"""The contestant's exam pages fit a 390 px phone and a 1366 px screen with no sideways scroll
(screenshots in /tmp/exams-*.png)."""

import pytest

from jiangxin import factories as f
from jiangxin.exams.models import Question

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


@pytest.mark.parametrize("width", [390, 1366])
def test_the_exam_pages_fit_the_screen(exam, cast, live_server, browser, width):
    # a long unbroken stem and option, as pasted from a regulation, must wrap
    for q in Question.objects.filter(kind="single"):
        q.stem = f"{q.pk} 根据《中华人民共和国劳动争议调解仲裁法》" + "规定" * 40
        q.options = ["A" * 80, "乙", "丙", "丁"]
        q.save()
    context = browser.new_context(viewport={"width": width, "height": 844}, locale="zh-CN")
    page = context.new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("用户名或手机号").fill("worker")
    page.get_by_label("密码").fill(f.PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.goto(live_server.url + "/exam/")
    page.screenshot(path=f"/tmp/exams-list-{width}.png", full_page=True)
    assert page.evaluate(OVERFLOW) <= 0
    page.get_by_role("link", name="进入").click()
    page.screenshot(path=f"/tmp/exams-intro-{width}.png", full_page=True)
    assert page.evaluate(OVERFLOW) <= 0
    page.get_by_role("button", name="开始考试").click()
    page.locator("fieldset.question").first.wait_for()
    page.screenshot(path=f"/tmp/exams-take-{width}.png", full_page=True)
    assert page.evaluate(OVERFLOW) <= 0
    context.close()
