"""Every page of the second factor, re-authentication, recovery codes and the password reset
fits a 390 px phone (no sideways scroll) and a 1366 px desktop — walked as a county admin who
must enrol, then hands a town admin a reset link the town admin opens. Screenshots in /tmp."""

import base64

import pytest

from jiangxin import factories as f
from jiangxin.accounts.tests.browser_2fa import code_for, second_factor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (1366, 390)


def fits(page, name: str, width: int) -> None:
    page.wait_for_load_state()
    page.screenshot(path=f"/tmp/auth-{name}-{width}.png", full_page=True)
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{name} at {width}px scrolls sideways ({scroll}px)"


def log_in(page, url: str, username: str) -> None:
    page.goto(url + "/accounts/login/")
    page.get_by_label("用户名或手机号").fill(username)
    page.get_by_label("密码").fill(f.PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_two_factor_reauth_and_reset_pages_fit_the_screen(cast, live_server, browser, width):
    url = live_server.url
    admin = f"county_admin_{width}"
    f.user(admin, node=cast["county"])  # a county admin must enrol at the first login
    context = browser.new_context(viewport={"width": width, "height": 844}, locale="zh-CN")
    page = context.new_page()

    log_in(page, url, admin)
    assert "/accounts/2fa/enrol/" in page.url
    fits(page, "enrol", width)
    shown = page.locator("code").first.inner_text().strip()
    secret = base64.b32decode(shown + "=" * (-len(shown) % 8))
    page.get_by_label("动态验证码").fill(code_for(secret.hex()))
    page.get_by_role("button", name="启用").click()
    page.wait_for_load_state()
    assert page.locator(".recovery-codes li").count() == 10
    fits(page, "recovery-codes", width)
    page.get_by_role("link", name="我已保存，继续").click()

    page.goto(url + "/accounts/reauth/?next=/")
    fits(page, "reauth", width)

    # The town's accounts, with the reset button; the link page.
    page.goto(url + f"/organisations/{cast['town_a'].pk}/")
    fits(page, "node-accounts", width)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="生成重置密码链接").click()
    page.wait_for_url("**/reset-link/")
    link = page.locator(".reset-link code").inner_text().strip()
    fits(page, "reset-link", width)

    # The town admin opens it elsewhere; a link that is not one says so.
    other = browser.new_context(viewport={"width": width, "height": 844}, locale="zh-CN")
    visitor = other.new_page()
    visitor.goto(link)
    assert visitor.locator("input[type=password]").count() == 2  # the form, not "dead"
    fits(visitor, "reset-confirm", width)
    visitor.goto(url + "/accounts/reset/MQ/not-a-token/")
    fits(visitor, "reset-dead", width)
    other.close()

    # Enrolled now: the next login asks for the code.
    context.clear_cookies()  # a new session: logged out
    log_in(page, url, admin)
    assert "/accounts/2fa/verify/" in page.url
    fits(page, "verify", width)
    second_factor(page, username=admin)
    assert "/accounts/" not in page.url
    context.close()
