"""Login by username or mobile, lockout after repeated failures, idle timeout, passwords."""

import time

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from jiangxin import factories as f
from jiangxin.accounts.services import _set_mobile
from jiangxin.audit.models import AuditEntry


@pytest.fixture
def anhai_admin(tree, settings):
    user = f.user("anhai", node=tree["town_a"])
    _set_mobile(user, "13912345678")
    user.save()
    return user


def _login(client, username, password=f.PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_login_with_username_or_mobile(client, anhai_admin):
    assert _login(client, "anhai").status_code == 302
    client.logout()
    assert _login(client, "13912345678").status_code == 302
    assert AuditEntry.objects.filter(action=AuditEntry.Action.LOGIN, actor=anhai_admin).count() == 2


def test_wrong_password_says_so_in_chinese_and_is_logged(client, anhai_admin):
    response = _login(client, "anhai", "wrong")
    assert response.status_code == 200
    assert "用户名（或手机号）与密码不匹配" in response.content.decode()
    entry = AuditEntry.objects.get(action=AuditEntry.Action.LOGIN_FAILED)
    assert (
        entry.actor_label == "anhai"
        and entry.org_path == anhai_admin.grants.get().organisation.path
    )


def test_five_failures_lock_the_account_even_with_the_right_password(client, anhai_admin, settings):
    for _ in range(5):
        _login(client, "anhai", "wrong")
    response = _login(client, "anhai")
    assert response.status_code == 429
    assert "暂时锁定" in response.content.decode()
    # The mobile is the same account: no fresh five tries through it.
    assert _login(client, "13912345678").status_code == 429


def test_lockout_also_covers_the_admin_login(client, anhai_admin):
    for _ in range(5):
        client.post("/admin/login/", {"username": "anhai", "password": "wrong"})
    assert _login(client, "anhai").status_code == 429


def test_lockout_also_covers_the_api_token_endpoint(client, anhai_admin):
    for _ in range(4):
        r = client.post(
            "/api/v1/auth/token",
            {"username": "anhai", "password": "wrong"},
            content_type="application/json",
        )
        assert r.status_code == 401
    r = client.post(
        "/api/v1/auth/token",
        {"username": "anhai", "password": "wrong"},
        content_type="application/json",
    )
    assert r.status_code == 403  # the fifth failure locks
    r = client.post(
        "/api/v1/auth/token",
        {"username": "anhai", "password": f.PASSWORD},
        content_type="application/json",
    )
    assert r.status_code == 403 and "锁定" in r.json()["detail"]


def test_api_token_endpoint_issues_a_working_token(client, cast):
    r = client.post(
        "/api/v1/auth/token",
        {"username": "admin_a", "password": f.PASSWORD},
        content_type="application/json",
    )
    assert r.status_code == 201
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {r.json()['token']}"})
    assert me.json()["username"] == "admin_a"


def test_idle_session_ends_after_the_timeout(client, anhai_admin, settings):
    settings.SESSION_IDLE_MINUTES = 30
    _login(client, "anhai")
    assert client.get(reverse("worker_list")).status_code == 200
    session = client.session
    session["_last_active"] = int(time.time()) - 31 * 60
    session.save()
    response = client.get(reverse("worker_list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_password_rules():
    for weak in ["short1A!", "alllowercaseletters", "1234567890123", "password123"]:
        with pytest.raises(ValidationError):
            validate_password(weak)
    validate_password("Anhai-union-2025")


def test_there_is_no_default_admin_account(db):
    from jiangxin.accounts.models import User

    assert not User.objects.exists()
