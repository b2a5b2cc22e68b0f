"""我的账号: the password changed by its owner (other sessions end, this one stays, the lockout
counts a wrong current password), the second factor turned off where it is optional, new
recovery codes after re-authentication. Every refusal leaves the account as it was."""

import time

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from jiangxin import factories as f
from jiangxin.accounts import self_service, twofactor
from jiangxin.accounts.models import RecoveryCode, TotpDevice
from jiangxin.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

BACKEND = "jiangxin.accounts.backends.UsernameOrMobileBackend"
SECRET = "3132333435363738393031323334353637383930"
NEW = "Xin-mima-2026!"  # ten characters or more, three classes, not like the username


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user, backend=BACKEND)
    return client


def _enrolled(user) -> list[str]:
    twofactor.start_enrolment(user=user, secret_hex=SECRET)
    TotpDevice.objects.filter(user=user).update(confirmed=True)
    return twofactor.new_recovery_codes(user=user, ip=None)


def _stale(client) -> None:
    session = client.session
    session[twofactor.AUTH_AT] = 0  # signed in long before REAUTH_MINUTES
    session.save()


def _change(client, current=f.PASSWORD, password=NEW, again=None):
    return client.post(
        reverse("password_change"),
        {"current": current, "password": password, "again": password if again is None else again},
    )


def _audited(action: str, user) -> int:
    return AuditEntry.objects.filter(action=action, actor=user, object_id=str(user.pk)).count()


# --- the page and the menu --------------------------------------------------------------------


@pytest.mark.parametrize("who", ["worker_user", "town_admin", "outsider", "county_admin"])
def test_every_signed_in_user_finds_my_account_in_the_menu(cast, who):
    page = _signed_in(cast[who]).get(reverse("my_account"))
    assert page.status_code == 200
    assert reverse("my_account") in [item["url"] for item in page.context["nav"]]


def test_a_worker_is_shown_their_data_and_tokens(cast):
    body = _signed_in(cast["worker_user"]).get(reverse("my_account")).content.decode()
    assert reverse("my_data") in body and reverse("token_list") in body


def test_an_admin_is_shown_tokens_but_no_personal_data_page(cast):
    body = _signed_in(cast["town_admin"]).get(reverse("my_account")).content.decode()
    assert reverse("token_list") in body and reverse("my_data") not in body


def test_optional_second_factor_not_enrolled_offers_enrolment(cast):
    page = _signed_in(cast["town_admin"]).get(reverse("my_account"))
    body = page.content.decode()
    assert page.context["required"] is False and page.context["device"] is None
    assert reverse("two_factor_enrol") in body
    assert reverse("two_factor_remove") not in body


def test_optional_second_factor_enrolled_offers_new_codes_and_removal(cast):
    _enrolled(cast["town_admin"])
    page = _signed_in(cast["town_admin"]).get(reverse("my_account"))
    body = page.content.decode()
    assert page.context["codes_left"] == 10  # ten fresh codes, none used
    assert reverse("two_factor_recovery") in body and reverse("two_factor_remove") in body


def test_required_second_factor_offers_no_removal(cast):
    _enrolled(cast["county_admin"])  # a county admin must use it (twofactor.requires_2fa)
    page = _signed_in(cast["county_admin"]).get(reverse("my_account"))
    body = page.content.decode()
    assert page.context["required"] is True
    assert reverse("two_factor_recovery") in body and reverse("two_factor_remove") not in body


# --- the password ------------------------------------------------------------------------------


def test_password_change_ends_other_sessions_and_keeps_this_one(cast):
    user = cast["worker_user"]
    here, elsewhere = _signed_in(user), _signed_in(user)
    response = _change(here)
    assert response.url == reverse("my_account")
    assert here.get(reverse("my_account")).status_code == 200  # still signed in
    gone = elsewhere.get(reverse("my_account"))
    assert gone.status_code == 302 and gone.url.startswith(reverse("login"))
    user.refresh_from_db()
    assert user.check_password(NEW) and not user.check_password(f.PASSWORD)
    assert _audited(self_service.PASSWORD_CHANGED, user) == 1


def test_the_new_password_signs_in_and_the_old_one_does_not(cast):
    user = cast["worker_user"]
    _change(_signed_in(user))
    login = reverse("login")
    assert Client().post(login, {"username": "worker", "password": f.PASSWORD}).status_code == 200
    assert Client().post(login, {"username": "worker", "password": NEW}).status_code == 302


def _unchanged(user, other: Client) -> None:
    user.refresh_from_db()
    assert user.check_password(f.PASSWORD)
    assert other.get(reverse("my_account")).status_code == 200  # no session was ended
    assert _audited(self_service.PASSWORD_CHANGED, user) == 0


def test_wrong_current_password_is_refused_on_its_field_and_counted(cast):
    user = cast["worker_user"]
    here, other = _signed_in(user), _signed_in(user)
    page = _change(here, current="Not-the-password-1")
    assert page.status_code == 200
    assert page.context["form"].errors["current"] == ["当前密码不正确。"]
    _unchanged(user, other)
    # Counted against the account as a failed login is (django-axes, per account).
    assert AccessAttempt.objects.get(username="worker").failures_since_start == 1


def test_five_wrong_current_passwords_lock_the_account_like_the_login(cast, settings):
    user = cast["worker_user"]
    here, other = _signed_in(user), _signed_in(user)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _change(here, current="Not-the-password-1").status_code == 200
    assert _change(here, current="Not-the-password-1").status_code == 429  # the lockout page
    # Locked: even the right password changes nothing now, here or at the login page.
    assert _change(here).status_code == 429
    _unchanged(user, other)
    login = {"username": "worker", "password": f.PASSWORD}
    assert Client().post(reverse("login"), login).status_code == 429


def test_mismatched_new_passwords_are_refused(cast):
    user = cast["worker_user"]
    here, other = _signed_in(user), _signed_in(user)
    page = _change(here, again=NEW + "x")
    assert page.context["form"].errors["again"] == ["两次输入的新密码不一致。"]
    _unchanged(user, other)


@pytest.mark.parametrize(
    "weak, message",
    [
        ("Ab1!", "至少"),  # four characters: under the minimum of ten
        ("abcdefghijk", "三类"),  # one class (lower case) of the three needed
        ("12345678901", "数字"),  # digits only (and one class)
    ],
)
def test_a_weak_new_password_is_refused_in_chinese_on_its_field(cast, weak, message):
    user = cast["worker_user"]
    here, other = _signed_in(user), _signed_in(user)
    page = _change(here, password=weak)
    errors = page.context["form"].errors["password"]
    assert any(message in e for e in errors), errors
    assert not any(e.isascii() for e in errors), errors  # none left in English
    _unchanged(user, other)


def test_the_current_password_again_is_refused(cast):
    user = cast["worker_user"]
    here, other = _signed_in(user), _signed_in(user)
    page = _change(here, password=f.PASSWORD)
    assert page.context["form"].errors["password"] == ["新密码不能与当前密码相同。"]
    _unchanged(user, other)


# --- the second factor --------------------------------------------------------------------------


def test_an_optional_second_factor_is_removed_with_its_codes(cast):
    user = cast["town_admin"]  # a town union's admin: optional
    _enrolled(user)
    response = _signed_in(user).post(reverse("two_factor_remove"))
    assert response.url == reverse("my_account")
    assert not TotpDevice.objects.filter(user=user).exists()
    assert not RecoveryCode.objects.filter(user=user).exists()
    assert _audited(self_service.TWO_FACTOR_REMOVED, user) == 1
    # The next login through the page owes no code.
    login = {"username": "town_admin", "password": f.PASSWORD}
    assert Client().post(reverse("login"), login).url != reverse("two_factor_verify")


def test_a_required_second_factor_is_not_removed(cast):
    user = cast["county_admin"]
    _enrolled(user)
    client = _signed_in(user)
    response = client.post(reverse("two_factor_remove"))
    assert response.url == reverse("my_account")
    assert TotpDevice.objects.filter(user=user, confirmed=True).exists()
    assert RecoveryCode.objects.filter(user=user).count() == 10
    assert _audited(self_service.TWO_FACTOR_REMOVED, user) == 0
    shown = [str(m) for m in client.get(reverse("my_account")).context["messages"]]
    assert shown == ["您的账号须使用双因素认证，不能关闭。"]


def test_removal_asks_for_the_password_and_code_first(cast):
    user = cast["town_admin"]
    _enrolled(user)
    client = _signed_in(user)
    _stale(client)
    response = client.post(reverse("two_factor_remove"), HTTP_REFERER="/accounts/me/")
    assert response.url.startswith(reverse("reauth"))
    assert TotpDevice.objects.filter(user=user, confirmed=True).exists()
    assert _audited(self_service.TWO_FACTOR_REMOVED, user) == 0


def test_new_recovery_codes_after_reauth_replace_the_old(cast):
    user = cast["town_admin"]
    old = _enrolled(user)
    client = _signed_in(user)
    _stale(client)
    asked = client.post(reverse("two_factor_recovery"), HTTP_REFERER="/accounts/me/")
    assert asked.url.startswith(reverse("reauth"))
    assert twofactor.verify(user=user, code=old[0], ip=None)  # still the old codes
    session = client.session
    session[twofactor.AUTH_AT] = int(time.time())  # as the re-auth page leaves it
    session.save()
    page = client.post(reverse("two_factor_recovery"))
    new = page.context["codes"]
    assert len(new) == 10 and page.context["next"] == reverse("my_account")
    assert not twofactor.verify(user=user, code=old[1], ip=None)  # the old codes are dead
    assert twofactor.verify(user=user, code=new[0], ip=None)
