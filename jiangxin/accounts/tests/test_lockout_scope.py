"""Who a lockout locks. The pages lock an account after five failures whatever the address; the
API token endpoint counts per account *and* address, apart from the pages, so a stranger who
knows a username can lock only their own address out of the endpoint. The address is the peer's
unless the peer is a trusted proxy: a forged X-Forwarded-For changes nothing."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from jiangxin import factories as f
from jiangxin.accounts.services import _set_mobile
from jiangxin.audit.models import AuditEntry

ATTACKER = "203.0.113.66"
OWNER = "198.51.100.10"
PROXY = "10.0.0.5"


@pytest.fixture
def anhai(tree):
    user = f.user("anhai", node=tree["town_a"])
    _set_mobile(user, "13912345678")
    user.save()
    return user


def _token(client, password, *, login="anhai", **extra):
    return client.post(
        "/api/v1/auth/token",
        {"username": login, "password": password},
        content_type="application/json",
        **extra,
    )


def _page_login(client, password=f.PASSWORD, *, login="anhai", **extra):
    return client.post(reverse("login"), {"username": login, "password": password}, **extra)


def test_bad_token_attempts_do_not_lock_the_owner_out_of_the_pages(client, anhai):
    for _ in range(10):
        _token(client, "wrong", REMOTE_ADDR=ATTACKER)
    assert _page_login(client, REMOTE_ADDR=OWNER).status_code == 302
    client.logout()
    # Not even from the attacker's own address (an office behind one NAT address).
    assert _page_login(client, REMOTE_ADDR=ATTACKER).status_code == 302


def test_bad_token_attempts_by_mobile_do_not_lock_the_pages_either(client, anhai):
    for _ in range(10):
        _token(client, "wrong", login="13912345678", REMOTE_ADDR=ATTACKER)
    assert _page_login(client, login="13912345678", REMOTE_ADDR=OWNER).status_code == 302


def test_the_attackers_address_is_locked_at_the_token_endpoint(client, anhai):
    for _ in range(4):
        assert _token(client, "wrong", REMOTE_ADDR=ATTACKER).status_code == 401
    assert _token(client, "wrong", REMOTE_ADDR=ATTACKER).status_code == 403  # the fifth locks
    refused = _token(client, f.PASSWORD, REMOTE_ADDR=ATTACKER)
    assert refused.status_code == 403 and "锁定" in refused.json()["detail"]
    # The owner, from elsewhere, still gets a token.
    assert _token(client, f.PASSWORD, REMOTE_ADDR=OWNER).status_code == 201


def test_a_forged_forwarded_for_does_not_dodge_the_token_lockout(client, anhai):
    for n in range(5):
        _token(client, "wrong", REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    refused = _token(client, f.PASSWORD, REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert refused.status_code == 403
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}


def test_a_forged_forwarded_for_is_not_the_address_in_page_lockout_records(client, anhai):
    _page_login(client, "wrong", REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR="192.0.2.1")
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == [ATTACKER]
    entry = AuditEntry.objects.get(action=AuditEntry.Action.LOGIN_FAILED)
    assert entry.ip == ATTACKER


def test_behind_a_trusted_proxy_each_client_is_counted_by_its_own_address(client, anhai, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    for _ in range(5):
        _token(client, "wrong", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ATTACKER)
    assert (
        _token(client, f.PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ATTACKER).status_code
        == 403
    )
    assert (
        _token(client, f.PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=OWNER).status_code == 201
    )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}


def test_the_pages_still_lock_the_account_from_any_address(client, anhai):
    for n in range(5):
        _page_login(client, "wrong", REMOTE_ADDR=f"192.0.2.{n}")
    assert _page_login(client, REMOTE_ADDR=OWNER).status_code == 429
