"""The main pages work in Chromium under the Content-Security-Policy, and the browser refuses
nothing on them: the dashboard draws its charts (and their tooltips), the roster narrows as one
types (an HTMX swap), the judge's scoring page saves, the API's Swagger UI lists the operations
and runs one, the phone menu folds out. Every page is watched for what the browser refused
(``securitypolicyviolation`` events, "Refused to…" console messages) and for script errors.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from jiangxin import factories as f
from jiangxin.competitions.models import Score
from jiangxin.competitions.tests.conftest import running  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Runs before any page script: records each refusal the page meets.
RECORD = """
window.__refused = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__refused.push(`${e.violatedDirective} ${e.blockedURI || "inline"} ${e.sourceFile}:${e.lineNumber}`);
});
"""
WATCHED = ("content security policy", "refused to", "permissions policy", "permissions-policy")


class Watch:
    """A browser context whose pages report what the browser refused and every script error."""

    def __init__(self, browser, **context_args):
        self.context = browser.new_context(locale="zh-CN", **context_args)
        self.context.add_init_script(RECORD)
        self.messages: list[str] = []
        self.page = self.context.new_page()
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.messages.append(f"script error: {error}"))

    def _console(self, message):
        if any(word in message.text.lower() for word in WATCHED):
            self.messages.append(f"console {message.type}: {message.text}")

    def refused(self) -> list[str]:
        """Everything refused so far (this page's events, every page's console)."""
        return self.page.evaluate("window.__refused") + self.messages

    def assert_clean(self, where: str) -> None:
        problems = self.refused()
        assert not problems, f"{where}:\n" + "\n".join(problems)

    def close(self):
        self.context.close()


def _login(page, base: str, username: str) -> None:
    page.goto(base + reverse("login"))
    page.get_by_label("用户名或手机号").fill(username)
    page.get_by_label("密码").fill(f.PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url, f"{username} could not log in"


def test_the_watch_sees_what_the_policy_refuses(cast, live_server, browser):
    """The check itself: an inline style and an inline script put in a page are refused, and
    the watch reports both."""
    watch = Watch(browser)
    page = watch.page
    page.goto(live_server.url + reverse("login"))
    watch.assert_clean("login page")
    page.evaluate(
        """() => {
        document.querySelector('main').insertAdjacentHTML('beforeend', '<p style="color: red">x</p>');
        const s = document.createElement('script');
        s.textContent = 'window.__ran = true';
        document.body.append(s);
      }"""
    )
    page.wait_for_timeout(200)
    assert page.evaluate("window.__ran") is None  # the inline script did not run
    refused = " ".join(watch.refused())
    assert "style-src" in refused and "script-src" in refused
    watch.close()


def test_dashboard_roster_and_api_docs_under_the_policy(running, cast, live_server, browser):  # noqa: F811
    base = live_server.url
    watch = Watch(browser, viewport={"width": 1366, "height": 900})
    page = watch.page
    _login(page, base, "county_admin")

    # The dashboard: four ECharts charts drawn from their json_script data; a tooltip on hover.
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()
    charts = page.locator(".chart[data-chart]")
    expect(charts).to_have_count(4)
    for i in range(4):
        expect(charts.nth(i).locator("svg path").first).to_be_attached()
    texts = charts.nth(0).locator("svg text")
    before = texts.count()
    box = charts.nth(0).bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(texts).not_to_have_count(before)  # the tooltip, drawn in the chart
    watch.assert_clean("dashboard")

    # The roster narrows as one types: an HTMX swap, not a page load.
    page.goto(base + reverse("worker_list"))
    page.evaluate("window.__same_page = true")
    page.get_by_label("姓名 / 拼音 / 首字母").fill("kbx")
    expect(page.locator("#results")).to_contain_text("共 1 名职工")
    expect(page.locator("#results tbody")).not_to_contain_text("曾小贤")
    assert page.evaluate("window.__same_page") is True
    watch.assert_clean("roster")

    # The theory marks page (its keyboard script moved to a file): Enter moves down.
    competition = running["competition"]
    theory = competition.components.get(kind="theory")
    page.goto(base + reverse("theory_marks", args=[competition.pk, theory.pk]))
    marks = page.locator("#marks-form input.mark")
    marks.first.fill("88")
    marks.first.press("Enter")
    expect(marks.nth(1)).to_be_focused()
    watch.assert_clean("theory marks")

    # The API's Swagger UI, in the layout: the operations listed, one tried out.
    page.goto(base + "/api/v1/docs")
    operation = page.locator(".opblock").filter(has_text="/api/v1/me").first
    expect(operation).to_be_visible()
    operation.locator(".opblock-summary").click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    answer = page.locator(".live-responses-table .response")
    expect(answer.locator(".response-col_status")).to_contain_text("200")
    expect(answer).to_contain_text("county_admin")
    watch.assert_clean("API docs")
    watch.close()


def test_a_judge_on_a_phone_scores_and_folds_the_menu(running, cast, live_server, browser):  # noqa: F811
    base = live_server.url
    watch = Watch(browser, viewport={"width": 390, "height": 844})
    page = watch.page
    _login(page, base, "judge1")
    expect(page.get_by_role("heading", name="我的评分任务")).to_be_visible()

    # The ☰ button (its handler in app.js) folds the side menu out.
    toggle = page.get_by_role("button", name="菜单")
    expect(page.locator("nav.sidebar")).to_be_hidden()
    toggle.click()
    expect(page.locator("nav.sidebar")).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")

    competition = running["competition"]
    entry = sorted(running["entries"].values(), key=lambda e: e.order)[0]
    page.goto(base + reverse("judging_entry", args=[competition.pk, entry.code]))
    expect(page.get_by_role("heading", name=entry.code)).to_be_visible()
    # The judging stylesheet (a file now) is in force: the buttons stay in reach.
    assert (
        page.evaluate("getComputedStyle(document.querySelector('.judge-form .buttons')).position")
        == "sticky"
    )
    page.get_by_label("2 达到").check()
    page.get_by_label("扣分").fill("0.5")
    page.get_by_role("button", name="保存并下一位").click()
    expect(page.get_by_text(f"{entry.code} 的评分已保存")).to_be_visible()
    watch.assert_clean("judging")
    watch.close()
    assert Score.objects.filter(judge=running["judges"][0], current=True).count() == 2
