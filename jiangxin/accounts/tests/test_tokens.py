"""A user's API tokens: made and revoked on their own page, through the services with the
actor and address, each audited; another user's token is not there (404)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from jiangxin.accounts.models import ApiToken
from jiangxin.accounts.services import create_api_token, revoke_api_token
from jiangxin.audit.models import AuditEntry

# session, user, the menu's reach (grants, roster record, duties) and the page's own rows: the
# same however many tokens the user holds
QUERIES = 7


def test_a_token_made_on_the_page_is_shown_once_and_audited(cast, login):
    client = login(cast["town_admin"])
    response = client.post(reverse("token_list"), {"name": "数据同步"}, REMOTE_ADDR="10.1.2.3")
    row = ApiToken.objects.get(user=cast["town_admin"])
    assert response.status_code == 200 and row.prefix in response.content.decode()
    entry = AuditEntry.objects.get(object_type="accounts.apitoken", action="create")
    assert entry.actor == cast["town_admin"] and entry.ip == "10.1.2.3"
    assert "jx_" not in str(entry.changes)  # the token itself is never stored


def test_revoking_deletes_the_row_and_audits_it(cast, login):
    row, _token = create_api_token(by=cast["town_admin"], name="同步")
    client = login(cast["town_admin"])
    response = client.post(reverse("token_delete", args=[row.pk]), REMOTE_ADDR="10.1.2.4")
    assert response.status_code == 302 and not ApiToken.objects.exists()
    entry = AuditEntry.objects.get(object_type="accounts.apitoken", action="delete")
    assert entry.actor == cast["town_admin"] and entry.ip == "10.1.2.4"


def test_another_users_token_is_not_there(cast, login):
    row, _token = create_api_token(by=cast["town_admin"], name="同步")
    response = login(cast["sibling_admin"]).post(reverse("token_delete", args=[row.pk]))
    assert response.status_code == 404 and ApiToken.objects.filter(pk=row.pk).exists()
    with pytest.raises(PermissionDenied):
        revoke_api_token(by=cast["sibling_admin"], token=row)


def test_the_token_page_makes_a_fixed_number_of_queries(cast, login, django_assert_max_num_queries):
    for name in ("甲", "乙", "丙"):
        create_api_token(by=cast["town_admin"], name=name)
    client = login(cast["town_admin"])
    with django_assert_max_num_queries(QUERIES):
        response = client.get(reverse("token_list"))
    assert response.status_code == 200 and response.content.decode().count("jx_") >= 3


def test_the_registration_status_page_makes_a_fixed_number_of_queries(
    client, cast, django_assert_max_num_queries
):
    from jiangxin.accounts.tests.test_registration import _register

    _register(client, cast["ent_a"])
    with django_assert_max_num_queries(QUERIES):
        response = client.get(reverse("registration_status"))
    assert response.status_code == 200 and "待审核" in response.content.decode()


def _me(client, token):
    return client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})


def test_a_new_token_expires_after_the_configured_days(cast, client, settings):
    settings.API_TOKEN_DAYS = 7
    before = timezone.now()
    row, token = create_api_token(by=cast["town_admin"], name="同步")
    assert (
        before + datetime.timedelta(days=7)
        <= row.expires
        <= timezone.now() + datetime.timedelta(days=7)
    )
    assert _me(client, token).json()["username"] == "town_admin"


def test_an_expired_token_is_refused_with_a_chinese_reason(cast, client):
    row, token = create_api_token(by=cast["town_admin"], name="同步")
    ApiToken.objects.filter(pk=row.pk).update(
        expires=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = _me(client, token)
    assert response.status_code == 401 and "令牌已过期" in response.json()["detail"]
    # An unknown token is refused too (no expiry talk: nothing is known about it).
    assert _me(client, "jx_" + "x" * 43).status_code == 401


def test_a_revoked_token_is_refused_at_once(cast, client):
    row, token = create_api_token(by=cast["town_admin"], name="同步")
    assert _me(client, token).status_code == 200
    revoke_api_token(by=cast["town_admin"], token=row)
    assert _me(client, token).status_code == 401


def test_the_token_page_shows_each_tokens_expiry(cast, login):
    row, _token = create_api_token(by=cast["town_admin"], name="同步")
    old, _token = create_api_token(by=cast["town_admin"], name="旧令牌")
    ApiToken.objects.filter(pk=old.pk).update(expires=timezone.now() - datetime.timedelta(days=1))
    page = login(cast["town_admin"]).get(reverse("token_list")).content.decode()
    shown = timezone.localtime(row.expires).strftime("%Y-%m-%d %H:%M")
    assert "有效期至" in page and shown in page and "已过期" in page


def test_the_security_administrator_revokes_a_token_in_the_admin_audited(cast, duties, login):
    row, _token = create_api_token(by=cast["town_admin"], name="同步")
    admin = login(duties["security"])  # tokens are credentials: the security duty (三员分立)
    response = admin.post(f"/admin/accounts/apitoken/{row.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and not ApiToken.objects.exists()
    entry = AuditEntry.objects.get(object_type="accounts.apitoken", action="delete")
    assert entry.actor == duties["security"]


def test_the_admin_cannot_hand_a_token_to_another_account(cast, duties, login):
    row, _token = create_api_token(by=cast["town_admin"], name="同步")
    admin = login(duties["security"])
    admin.post(
        f"/admin/accounts/apitoken/{row.pk}/change/",
        {"name": "同步", "user": cast["platform"].pk},
    )
    row.refresh_from_db()
    assert row.user == cast["town_admin"]
    assert admin.get("/admin/accounts/apitoken/add/").status_code == 403
