"""What the second-factor pages show: no menu while the code is owed, a message that says what
to do about a used code, the enrolment page asking for the app's code alone, and recovery codes
that can be printed or downloaded."""

from urllib.parse import unquote

import pytest
from django.urls import reverse
from django_otp.oath import totp

from jiangxin import factories as f
from jiangxin.accounts import twofactor
from jiangxin.accounts.models import TotpDevice

pytestmark = pytest.mark.django_db

SECRET = "3132333435363738393031323334353637383930"


def _code():
    return f"{totp(bytes.fromhex(SECRET)):06d}"


def _enrolled(user):
    twofactor.start_enrolment(user=user, secret_hex=SECRET)
    TotpDevice.objects.filter(user=user).update(confirmed=True)


def _password_login(client, user):
    return client.post(reverse("login"), {"username": user.username, "password": f.PASSWORD})


def test_the_verify_page_shows_no_menu_until_the_code_is_given(client, cast):
    user = cast["county_admin"]
    _enrolled(user)
    _password_login(client, user)
    page = client.get(reverse("two_factor_verify"))
    body = page.content.decode()
    assert page.context["nav"] == []
    assert 'class="sidebar"' not in body and "data-menu-toggle" not in body
    assert reverse("worker_list") not in body
    assert f'action="{reverse("logout")}"' in body  # the way out stays
    client.post(reverse("two_factor_verify"), {"code": _code()})
    home = client.get(reverse("worker_list"))
    assert 'class="sidebar"' in home.content.decode()


def test_a_used_code_says_to_wait_for_the_next(client, cast):
    user = cast["county_admin"]
    _enrolled(user)
    code = _code()
    assert twofactor.verify(user=user, code=code, ip=None)  # used once, on another sign-in
    _password_login(client, user)
    page = client.post(reverse("two_factor_verify"), {"code": code})
    assert page.status_code == 200
    assert "验证码不正确、已使用或已过期，请等待验证器显示下一个验证码后重试" in (
        page.content.decode()
    )


def test_the_enrolment_page_asks_for_the_apps_code_only(client, cast):
    _password_login(client, cast["county_admin"])
    page = client.get(reverse("two_factor_enrol"))
    body = page.content.decode()
    # No recovery codes exist yet: the field is not offered for one.
    assert page.context["form"]["code"].label == "动态验证码"
    assert "恢复码" not in body


def test_recovery_codes_can_be_printed_and_downloaded(client, cast):
    user = cast["town_admin"]
    _enrolled(user)
    client.force_login(user, backend="jiangxin.accounts.backends.UsernameOrMobileBackend")
    page = client.post(reverse("two_factor_recovery"))
    body = page.content.decode()
    codes = page.context["codes"]
    assert "data-print" in body and ">打印<" in body
    href = page.context["download"]
    assert href.startswith("data:text/plain;charset=utf-8,")
    assert f'href="{href}"' in body and 'download="jiangxin-recovery-codes-' in body
    text = unquote(href.split(",", 1)[1])
    # The file holds the ten codes shown, one a line, and whose they are.
    assert [line for line in text.splitlines() if line in codes] == codes
    assert "账号：town_admin" in text
