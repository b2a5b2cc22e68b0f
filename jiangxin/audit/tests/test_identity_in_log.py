"""The audit log's address is the client's as the trusted proxies report it, never a header a
client wrote; mobiles and ID numbers never appear in the log, the audit page or the admin in
clear — neither in entries written now nor in rows written before they were masked."""

import pytest
from django.urls import reverse

from jiangxin import factories as f
from jiangxin.accounts.services import _set_mobile
from jiangxin.audit.models import AuditEntry
from jiangxin.audit.services import record

MOBILE = "13912345678"
ID_NUMBER = "350582199001011234"


@pytest.fixture
def anhai(tree):
    user = f.user("anhai", node=tree["town_a"])
    _set_mobile(user, MOBILE)
    user.save()
    return user


def _login(client, login, password=f.PASSWORD, **extra):
    return client.post(reverse("login"), {"username": login, "password": password}, **extra)


def test_a_forged_forwarded_for_from_an_untrusted_peer_is_not_the_logged_address(client, anhai):
    _login(client, "anhai", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert AuditEntry.objects.get(action=AuditEntry.Action.LOGIN).ip == "203.0.113.9"


def test_a_trusted_proxy_reports_the_clients_address(client, anhai, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    _login(
        client,
        "anhai",
        REMOTE_ADDR="10.0.0.5",
        HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7",
    )
    # 1.2.3.4 was written by the client itself; the proxy saw 198.51.100.7.
    assert AuditEntry.objects.get(action=AuditEntry.Action.LOGIN).ip == "198.51.100.7"


def test_a_failed_login_by_mobile_names_the_account_not_the_mobile(client, anhai):
    _login(client, MOBILE, "wrong")
    entry = AuditEntry.objects.get(action=AuditEntry.Action.LOGIN_FAILED)
    assert entry.actor_label == "anhai" and entry.object_repr == "anhai"


def test_a_failed_login_with_an_unknown_mobile_is_logged_masked(client, db):
    _login(client, "13700009999", "wrong")
    entry = AuditEntry.objects.get(action=AuditEntry.Action.LOGIN_FAILED)
    assert entry.actor_label == "137****9999" and entry.object_repr == "137****9999"


def test_entries_are_stored_masked(db):
    entry = record(
        action=AuditEntry.Action.UPDATE,
        actor_label=MOBILE,
        object_repr=f"职工 {ID_NUMBER}",
        changes={"note": [f"电话 {MOBILE}", "无"]},
    )
    entry.refresh_from_db()
    assert entry.actor_label == "139****5678"
    assert entry.object_repr == "职工 350582********1234"
    assert entry.changes == {"note": ["电话 139****5678", "无"]}


@pytest.fixture
def old_row(cast):
    """An entry written in clear before entries were masked."""
    return AuditEntry.objects.create(
        action=AuditEntry.Action.LOGIN_FAILED,
        actor_label=MOBILE,
        object_repr=f"{MOBILE} / {ID_NUMBER}",
        changes={"user": MOBILE},
        org_path=cast["town_a"].path,
    )


def test_the_audit_page_shows_old_rows_masked(old_row, cast, login):
    page = login(cast["town_admin"]).get(reverse("audit_list")).content.decode()
    assert "139****5678" in page and "350582********1234" in page
    assert MOBILE not in page and ID_NUMBER not in page


def test_the_admin_shows_audit_rows_masked(old_row, cast, duties, login):
    admin = login(duties["audit"])  # the audit log is the audit administrator's (三员分立)
    listing = admin.get("/admin/audit/auditentry/").content.decode()
    assert "139****5678" in listing and MOBILE not in listing
    detail = admin.get(f"/admin/audit/auditentry/{old_row.pk}/change/")
    assert detail.status_code == 200
    page = detail.content.decode()
    assert "139****5678" in page and MOBILE not in page and ID_NUMBER not in page


def test_the_admins_user_list_shows_mobiles_masked_and_finds_them(anhai, cast, duties, login):
    admin = login(duties["security"])  # accounts are the security administrator's
    listing = admin.get("/admin/accounts/user/").content.decode()
    assert "139****5678" in listing and MOBILE not in listing
    found = admin.get("/admin/accounts/user/", {"q": MOBILE})
    assert list(found.context["cl"].result_list) == [anhai]
    assert "139****5678" in found.content.decode()  # the row; the search box echoes the term
    detail = admin.get(f"/admin/accounts/user/{anhai.pk}/change/").content.decode()
    assert "139****5678" in detail and MOBILE not in detail


def test_the_admin_refuses_a_mobile_as_username(anhai, cast, duties, login):
    admin = login(duties["security"])
    response = admin.post(
        "/admin/accounts/user/add/",
        {
            "username": "13700001111",
            "password1": "Anhai-union-2025",
            "password2": "Anhai-union-2025",
        },
    )
    assert response.status_code == 200 and "不能是手机号码或身份证号码" in response.content.decode()
