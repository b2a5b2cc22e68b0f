"""On a 390 px phone a worker (who turned the second factor on by choice) opens 我的账号 from the
menu, changes the password — a mismatch first, shown on its field — and signs in again with the
new one. The pages fit the phone and a 1366 px desktop; screenshots in /tmp."""

import pytest

from jiangxin import factories as f
from jiangxin.accounts import twofactor
from jiangxin.accounts.models import TotpDevice
from jiangxin.accounts.tests.browser_2fa import second_factor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SECRET = "3132333435363738393031323334353637383930"
NEW = "Xin-mima-2026!"


def fits(page, name: str, width: int) -> None:
    page.wait_for_load_state()
    page.screenshot(path=f"/tmp/account-{name}-{width}.png", full_page=True)
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{name} at {width}px scrolls sideways ({scroll}px)"


def log_in(page, url: str, password: str) -> None:
    page.goto(url + "/accounts/login/")
    page.get_by_label("用户名或手机号").fill("worker")
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()


def test_a_worker_changes_the_password_on_a_phone_and_signs_in_with_it(cast, live_server, browser):
    url = live_server.url
    twofactor.start_enrolment(user=cast["worker_user"], secret_hex=SECRET)
    TotpDevice.objects.filter(user=cast["worker_user"]).update(confirmed=True)
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = context.new_page()
    log_in(page, url, f.PASSWORD)
    second_factor(page, SECRET)

    page.get_by_role("button", name="菜单").click()
    page.get_by_role("link", name="我的账号").click()
    fits(page, "my-account", 390)
    assert page.get_by_text("已启用").is_visible() and page.get_by_text("可选").is_visible()
    page.get_by_role("link", name="修改密码").click()
    page.get_by_label("当前密码").fill(f.PASSWORD)
    page.get_by_label("新密码 *", exact=True).fill(NEW)
    page.get_by_label("再次输入新密码").fill(NEW + "x")
    page.get_by_role("button", name="保存新密码").click()
    fits(page, "password-mismatch", 390)
    assert page.get_by_text("两次输入的新密码不一致。").is_visible()
    # The browser keeps no password field's value after a refusal: all three again.
    page.get_by_label("当前密码").fill(f.PASSWORD)
    page.get_by_label("新密码 *", exact=True).fill(NEW)
    page.get_by_label("再次输入新密码").fill(NEW)
    page.get_by_role("button", name="保存新密码").click()
    page.wait_for_load_state()
    assert page.url.endswith("/accounts/me/")
    assert page.get_by_text("密码已修改").is_visible()  # and still signed in
    fits(page, "changed", 390)

    page.set_viewport_size({"width": 1366, "height": 900})
    fits(page, "my-account", 1366)
    page.get_by_role("link", name="修改密码").click()
    fits(page, "password-change", 1366)
    page.set_viewport_size({"width": 390, "height": 844})
    fits(page, "password-change", 390)

    page.get_by_role("button", name="退出").click()
    page.wait_for_load_state()
    log_in(page, url, f.PASSWORD)  # the old password no longer works
    assert page.get_by_text("不匹配").is_visible()
    log_in(page, url, NEW)
    second_factor(page, username="worker")
    assert "/accounts/login/" not in page.url and "/accounts/2fa/" not in page.url
    page.get_by_role("button", name="菜单").click()
    assert page.get_by_role("link", name="我的账号").is_visible()
    context.close()
