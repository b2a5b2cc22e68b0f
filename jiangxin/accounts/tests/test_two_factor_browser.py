"""The county admin logs in through the real login page with the password and a TOTP code."""

import pytest

from jiangxin import factories as f
from jiangxin.accounts import twofactor
from jiangxin.accounts.models import TotpDevice
from jiangxin.accounts.tests.browser_2fa import code_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SECRET = "3132333435363738393031323334353637383930"


def test_county_admin_logs_in_with_password_and_totp(cast, live_server, browser):
    user = cast["county_admin"]
    twofactor.start_enrolment(user=user, secret_hex=SECRET)
    TotpDevice.objects.filter(user=user).update(confirmed=True)
    page = browser.new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("用户名或手机号").fill("county_admin")
    page.get_by_label("密码").fill(f.PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()
    assert "/accounts/2fa/verify/" in page.url
    page.goto(live_server.url + "/workers/")  # nothing else until the code
    assert "/accounts/2fa/verify/" in page.url
    page.get_by_label("动态验证码或恢复码").fill("000000")
    page.get_by_role("button", name="验证").click()
    page.wait_for_load_state()
    assert "/accounts/2fa/verify/" in page.url
    page.get_by_label("动态验证码或恢复码").fill(code_for(SECRET))
    page.get_by_role("button", name="验证").click()
    page.wait_for_load_state()
    assert "/accounts/" not in page.url
    page.goto(live_server.url + "/workers/")
    assert page.url.endswith("/workers/")
    page.close()
