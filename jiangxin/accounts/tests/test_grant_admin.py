"""Grants changed in the Django admin go through the services: checked and audited. Granting is
the security administrator's duty alone (三员分立)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from jiangxin import factories as f
from jiangxin.accounts import services
from jiangxin.accounts.models import Grant
from jiangxin.audit.models import AuditEntry


def _audit(action):
    return AuditEntry.objects.filter(action=action, object_type="accounts.grant")


def test_admin_adds_changes_and_revokes_a_grant_with_audit(cast, duties, login):
    client = login(duties["security"])
    someone = f.user("new_viewer")
    response = client.post(
        reverse("admin:accounts_grant_add"),
        {"user": someone.pk, "organisation": cast["town_b"].pk, "role": "viewer"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    grant = Grant.objects.get(user=someone)
    assert grant.role == "viewer"
    entry = _audit(AuditEntry.Action.CREATE).get()
    assert entry.actor == duties["security"] and entry.org_path == cast["town_b"].path
    assert entry.ip == "127.0.0.1"

    response = client.post(
        reverse("admin:accounts_grant_change", args=[grant.pk]), {"role": "admin"}
    )
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.role == "admin"
    assert _audit(AuditEntry.Action.UPDATE).get().changes["role"] == ["viewer", "admin"]

    response = client.post(reverse("admin:accounts_grant_delete", args=[grant.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Grant.objects.filter(pk=grant.pk).exists()
    assert _audit(AuditEntry.Action.DELETE).count() == 1


def test_the_user_page_lists_the_users_grants(cast, duties, login):
    # Edited inline through the services (accounts/tests/test_admin.py covers the saving).
    client = login(duties["security"])
    response = client.get(reverse("admin:accounts_user_change", args=[cast["town_admin"].pk]))
    assert response.status_code == 200
    assert "安海镇总工会" in response.content.decode()


def test_grant_role_is_refused_to_everyone_but_the_security_administrator(cast):
    # A union's own admins and the system administrator included.
    for by in (cast["town_admin"], cast["platform"]):
        with pytest.raises(PermissionDenied):
            services.grant_role(
                by=by, user=cast["outsider"], organisation=cast["union_a"], role="viewer"
            )
    with pytest.raises(PermissionDenied):
        services.grant_role(
            by=cast["town_admin"],
            user=cast["outsider"],
            organisation=cast["town_b"],
            role="viewer",
        )
    with pytest.raises(PermissionDenied):
        services.revoke_grant(by=cast["town_admin"], grant=cast["sibling_admin"].grants.get())


def test_grant_role_refuses_an_unknown_role(cast, duties):
    with pytest.raises(ValidationError):
        services.grant_role(
            by=duties["security"], user=cast["outsider"], organisation=cast["union_a"], role="boss"
        )


def test_granting_the_same_role_twice_changes_nothing(cast, duties):
    for _ in range(2):
        services.grant_role(
            by=duties["security"],
            user=cast["outsider"],
            organisation=cast["union_a"],
            role="viewer",
        )
    assert Grant.objects.filter(user=cast["outsider"]).count() == 1
    assert _audit(AuditEntry.Action.CREATE).count() == 1
