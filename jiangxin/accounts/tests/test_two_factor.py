"""Two-factor authentication, re-authentication and sessions ended with the account's rights."""

import time

import pytest
from django.urls import reverse
from django_otp.oath import totp

from jiangxin import factories as f
from jiangxin.accounts import services, twofactor
from jiangxin.accounts.models import Grant, TotpDevice
from jiangxin.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

SECRET = "3132333435363738393031323334353637383930"


def _password_login(client, user):
    return client.post(reverse("login"), {"username": user.username, "password": f.PASSWORD})


def _code(secret_hex=SECRET, offset=0):
    return f"{totp(bytes.fromhex(secret_hex), t0=-offset):06d}"


def _enrolled(user):
    twofactor.start_enrolment(user=user, secret_hex=SECRET)
    TotpDevice.objects.filter(user=user).update(confirmed=True)


def test_county_admin_without_device_is_sent_to_enrolment_and_held_there(client, cast):
    response = _password_login(client, cast["county_admin"])
    assert response.url == reverse("two_factor_enrol")
    assert client.get(reverse("worker_list")).url == reverse("two_factor_enrol")
    page = client.get(reverse("two_factor_enrol"))
    body = page.content.decode()
    # An <img> draws an SVG only with its namespace declared.
    assert page.status_code == 200 and "data:image/svg+xml;charset=utf-8,%3Csvg%20xmlns%3D" in body


def test_enrolment_with_a_real_code_gives_ten_recovery_codes_and_opens_the_pages(client, cast):
    user = cast["county_admin"]
    _password_login(client, user)
    client.get(reverse("two_factor_enrol"))
    secret = twofactor.secret_of(user.totp_device).hex()
    page = client.post(reverse("two_factor_enrol"), {"code": _code(secret)})
    assert page.status_code == 200
    assert len(page.context["codes"]) == 10
    assert client.get(reverse("worker_list")).status_code == 200


def test_secret_is_stored_encrypted():
    user = f.user("enc")
    device = twofactor.start_enrolment(user=user, secret_hex=SECRET)
    assert SECRET not in device.secret_enc
    assert twofactor.secret_of(device).hex() == SECRET


def test_town_admin_is_not_asked(client, cast):
    response = _password_login(client, cast["town_admin"])
    assert response.url != reverse("two_factor_enrol")
    assert client.get(reverse("worker_list")).status_code == 200


def test_superuser_is_required(client):
    admin = f.user("root")
    admin.is_superuser = admin.is_staff = True
    admin.save()
    assert twofactor.requires_2fa(admin)
    assert _password_login(client, admin).url == reverse("two_factor_enrol")


def test_enrolled_user_must_give_the_current_code(client, cast):
    user = cast["county_admin"]
    _enrolled(user)
    assert _password_login(client, user).url == reverse("two_factor_verify")
    assert client.get(reverse("worker_list")).url == reverse("two_factor_verify")
    wrong = client.post(reverse("two_factor_verify"), {"code": "000000"})
    assert wrong.status_code == 200
    assert client.post(reverse("two_factor_verify"), {"code": _code()}).status_code == 302
    assert client.get(reverse("worker_list")).status_code == 200
    assert AuditEntry.objects.filter(action="2fa_failed").exists()


def test_a_code_cannot_be_used_twice(cast):
    user = cast["county_admin"]
    _enrolled(user)
    code = _code()
    assert twofactor.verify(user=user, code=code, ip=None)
    assert not twofactor.verify(user=user, code=code, ip=None)


def test_recovery_code_works_once(client, cast):
    user = cast["county_admin"]
    _enrolled(user)
    codes = twofactor.new_recovery_codes(user=user, ip=None)
    _password_login(client, user)
    assert client.post(reverse("two_factor_verify"), {"code": codes[0]}).status_code == 302
    client.logout()
    _password_login(client, user)
    assert client.post(reverse("two_factor_verify"), {"code": codes[0]}).status_code == 200
    assert client.get(reverse("worker_list")).status_code == 302


def test_unmasked_export_asks_again_after_the_window_and_passes_after(login, cast, settings):
    client = login(cast["county_admin"])
    url = reverse("worker_export") + "?unmasked=1"
    session = client.session
    session[twofactor.AUTH_AT] = int(time.time()) - settings.REAUTH_MINUTES * 60 - 1
    session.save()
    response = client.get(url)
    assert response.url.startswith(reverse("reauth"))
    assert client.get(reverse("worker_export")).status_code == 200  # masked: no question
    back = client.post(response.url, {"password": f.PASSWORD})
    assert back.url == url
    assert client.get(url)["Content-Type"].startswith("application/vnd.openxmlformats")


def test_reauth_wants_the_code_when_enrolled(login, cast, settings):
    user = cast["county_admin"]
    _enrolled(user)
    client = login(user)
    session = client.session
    session[twofactor.AUTH_AT] = 0
    session.save()
    reauth = reverse("reauth") + "?next=/"
    assert client.post(reauth, {"password": f.PASSWORD}).status_code == 200
    assert client.post(reauth, {"password": f.PASSWORD, "code": _code()}).status_code == 302


def test_session_ended_on_grant_removal(login, cast, duties):
    client = login(cast["town_admin"])
    assert client.get(reverse("worker_list")).status_code == 200
    grant = Grant.objects.get(user=cast["town_admin"])
    services.revoke_grant(by=duties["security"], grant=grant)
    response = client.get(reverse("worker_list"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_session_ended_on_deactivation(login, cast):
    user = cast["town_admin"]
    client = login(user)
    user.is_active = False
    user.save()
    assert client.get(reverse("worker_list")).url.startswith(reverse("login"))


def test_password_change_ends_other_sessions(client, cast):
    from django.test import Client

    user = cast["town_admin"]
    other = Client()
    other.force_login(user, backend="jiangxin.accounts.backends.UsernameOrMobileBackend")
    user.set_password("新的密码-Long-Enough-2026")
    user.save()
    assert other.get(reverse("worker_list")).url.startswith(reverse("login"))


def test_the_django_admin_login_owes_the_second_step_too(client):
    admin = f.user("root")
    admin.is_superuser = admin.is_staff = True
    admin.save()
    client.post(reverse("admin:login"), {"username": "root", "password": f.PASSWORD})
    assert client.get("/admin/").url == reverse("two_factor_enrol")
