"""An admin of the user's node issues a one-time reset link; the user sets a new password."""

from django.urls import reverse

from jiangxin import factories as f
from jiangxin.accounts import reset
from jiangxin.audit.models import AuditEntry


def test_the_link_sets_a_password_once_and_both_steps_are_audited(client, login, cast):
    admin = login(cast["county_admin"])
    page = admin.post(reverse("password_reset_link", args=[cast["town_admin"].pk]))
    assert page.status_code == 200
    link = page.context["link"]
    path = link[link.index("/accounts/") :]
    anonymous = client.__class__()
    assert anonymous.get(path).status_code == 200
    new = "Anhai-New-Password-2026"
    response = anonymous.post(path, {"password": new, "again": new})
    assert response.url == reverse("login")
    assert (
        anonymous.post(reverse("login"), {"username": "town_admin", "password": new}).status_code
        == 302
    )
    assert AuditEntry.objects.filter(action="reset_link").exists()
    assert AuditEntry.objects.filter(action="password_reset").exists()
    # Used: dead.
    again = client.__class__().post(
        path, {"password": "Another-One-2026x", "again": "Another-One-2026x"}
    )
    assert again.status_code == 404


def test_only_an_admin_covering_the_user_may_issue(login, cast):
    sibling = login(cast["sibling_admin"])
    assert (
        sibling.post(reverse("password_reset_link", args=[cast["town_admin"].pk])).status_code
        == 404
    )


def test_the_link_dies_after_the_timeout(cast, settings):
    path = reset.issue_reset_link(by=cast["county_admin"], user=cast["town_admin"])
    uid, token = path.rstrip("/").split("/")[-2:]
    assert reset.user_for_link(uid, token) is not None
    settings.PASSWORD_RESET_TIMEOUT = -1
    assert reset.user_for_link(uid, token) is None


def test_a_platform_admin_only_by_the_security_administrator(cast, duties):
    from jiangxin.accounts import policies

    assert not policies.can_issue_password_reset(cast["county_admin"], duties["audit"])
    assert policies.can_issue_password_reset(duties["security"], duties["audit"])
    assert not policies.can_issue_password_reset(f.user("nobody"), cast["town_admin"])
