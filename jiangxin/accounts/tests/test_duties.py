"""Separation of duties (三员分立): the system administrator (the superuser ``platform``) runs the
platform, the security administrator grants, the audit administrator reads the log — each that
and nothing else, one duty per account, every change of duty audited."""

import pytest
from django.core.checks import Error, Warning
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse

from jiangxin import factories as f
from jiangxin.accounts import services
from jiangxin.accounts.checks import one_platform_duty_per_account
from jiangxin.accounts.models import Grant, PlatformRole
from jiangxin.audit.models import AuditEntry
from jiangxin.core.landing import landing_url

ROLES = ["system", "security", "audit", "town_admin", "outsider"]
# What each account meets, as status codes (302: the admin sends it to its login page).
PAGES = {
    "audit_list": {"system": 404, "security": 404, "audit": 200, "town_admin": 200},
    "platform_role_list": {"security": 200},
    "account_list": {"security": 200},
    "worker_list": {"system": 200, "town_admin": 200},
    "/admin/": {"system": 200, "security": 200, "audit": 200},
    "/admin/accounts/grant/": {"security": 200},
    "/admin/accounts/user/": {"security": 200},
    "/admin/axes/accessattempt/": {"security": 200},
    "/admin/workers/worker/": {"system": 200},
    "/admin/accounts/registration/": {"system": 200},
    "/admin/organisations/organisation/": {"system": 200, "security": 200},  # to pick a node
    "/admin/audit/auditentry/": {"audit": 200},  # read-only, masked
}
ADMIN_REFUSED = 302  # the admin's login page, for an account without a platform duty
OTHER_DUTY = 403  # inside the admin, a part of another duty


def _expected(url: str, who: str) -> int:
    if not url.startswith("/admin/"):
        return PAGES[url].get(who, 404)
    return PAGES[url].get(
        who, OTHER_DUTY if who in ("system", "security", "audit") else ADMIN_REFUSED
    )


@pytest.fixture
def people(cast, duties):
    return {**duties, "town_admin": cast["town_admin"], "outsider": cast["outsider"]}


@pytest.mark.parametrize("who", ROLES)
def test_who_reaches_what(people, login, who):
    client = login(people[who])
    wrong = []
    for url in PAGES:
        address = url if url.startswith("/") else reverse(url)
        got = client.get(address).status_code
        if got != _expected(url, who):
            wrong.append(f"{address}: {got}, expected {_expected(url, who)}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("who", ["system", "audit", "town_admin", "outsider"])
def test_only_the_security_administrator_changes_grants(cast, people, who):
    with pytest.raises(PermissionDenied):
        services.grant_role(
            by=people[who], user=cast["outsider"], organisation=cast["union_a"], role="viewer"
        )
    grant = services.grant_role(
        by=people["security"], user=cast["outsider"], organisation=cast["union_a"], role="viewer"
    )
    with pytest.raises(PermissionDenied):
        services.revoke_grant(by=people[who], grant=grant)


def test_the_security_administrator_edits_no_superuser_or_staff_flag_in_the_admin(people, login):
    page = login(people["security"]).get(
        reverse("admin:accounts_user_change", args=[people["outsider"].pk])
    )
    form = page.context["adminform"].form
    assert not {"is_superuser", "is_staff", "groups", "user_permissions"} & set(form.fields)


def test_the_admin_shows_each_duty_its_part(people, login):
    def models(who):
        app_list = login(people[who]).get("/admin/").context["app_list"]
        return {m["object_name"] for app in app_list for m in app["models"]}

    assert {"Worker", "Enterprise", "Registration"} <= models("system")
    assert not {"User", "Grant", "AccessAttempt", "AuditEntry"} & models("system")
    assert {"User", "Grant", "AccessAttempt", "Organisation"} <= models("security")
    assert not {"Worker", "Enterprise", "Registration", "AuditEntry"} & models("security")
    assert models("audit") == {"AuditEntry"}


def test_each_duty_lands_on_its_work_and_is_offered_nothing_else(people, login):
    assert landing_url(people["security"]) == reverse("account_list")
    assert landing_url(people["audit"]) == reverse("audit_list")

    def nav(who):
        page = login(people[who]).get(reverse("home"), follow=True)
        return [item["key"] for item in page.context["nav"]]

    assert nav("security") == ["accounts", "platform_role", "my_account", "admin"]
    assert nav("audit") == ["audit", "my_account", "admin"]
    assert "admin" in nav("system") and "audit" not in nav("system")


# One duty per account ---------------------------------------------------------------------


def test_an_account_holding_a_duty_is_refused_a_second(people):
    with pytest.raises(ValidationError) as err:
        services.assign_platform_role(by=people["security"], user=people["audit"], role="system")
    assert "只能担任一种平台角色" in str(err.value)
    # …and the database says the same to anything that goes round the service.
    with pytest.raises(IntegrityError), transaction.atomic():
        PlatformRole.objects.create(user=people["audit"], role="system")


@pytest.mark.parametrize("role", ["security", "audit", "system"])
def test_a_superuser_is_the_system_administrator_and_takes_no_other_duty(people, role):
    with pytest.raises(ValidationError, match="超级用户即系统管理员"):
        services.assign_platform_role(by=people["security"], user=people["system"], role=role)
    with pytest.raises(ValidationError):
        services.assign_platform_role_on_console(user=people["system"], role=role)


@pytest.mark.parametrize("who", ["town_admin", "worker_user"])
def test_the_security_and_audit_administrators_accounts_are_dedicated(cast, duties, who):
    with pytest.raises(ValidationError, match="专用账号"):
        services.assign_platform_role(by=duties["security"], user=cast[who], role="audit")
    # The system duty may go to an account with grants (it reaches every node anyway).
    services.assign_platform_role(by=duties["security"], user=cast[who], role="system")


def test_the_audit_administrator_is_granted_no_union_role(cast, duties):
    with pytest.raises(ValidationError, match="专用账号"):
        services.grant_role(
            by=duties["security"], user=duties["audit"], organisation=cast["union_a"], role="viewer"
        )
    assert not Grant.objects.filter(user=duties["audit"]).exists()


def test_nobody_changes_their_own_duty(duties):
    other = f.user("other_security")
    with pytest.raises(ValidationError, match="不能给自己"):
        services.assign_platform_role(by=duties["security"], user=duties["security"], role="audit")
    own = PlatformRole.objects.get(user=duties["security"])
    with pytest.raises(ValidationError, match="不能撤销自己"):
        services.revoke_platform_role(by=duties["security"], platform_role=own)
    # Another security administrator may.
    services.assign_platform_role(by=duties["security"], user=other, role="security")
    services.revoke_platform_role(by=other, platform_role=own)
    assert not PlatformRole.objects.filter(user=duties["security"]).exists()


@pytest.mark.parametrize("who", ["system", "audit", "town_admin"])
def test_only_the_security_administrator_assigns_duties(cast, people, who):
    with pytest.raises(PermissionDenied):
        services.assign_platform_role(by=people[who], user=cast["outsider"], role="audit")


def test_assigning_and_revoking_a_duty_is_audited_under_no_node(cast, duties):
    row = services.assign_platform_role(
        by=duties["security"], ip="10.1.2.3", user=cast["outsider"], role="system"
    )
    pk = row.pk
    cast["outsider"].refresh_from_db()
    assert cast["outsider"].is_staff  # the system administrator reaches the Django admin
    services.revoke_platform_role(by=duties["security"], platform_role=row)
    cast["outsider"].refresh_from_db()
    assert not cast["outsider"].is_staff
    log = AuditEntry.objects.filter(
        object_type="accounts.platformrole", object_id=str(pk)
    ).order_by("pk")
    assert [(e.action, e.actor, e.ip, e.org_path) for e in log] == [
        ("create", duties["security"], "10.1.2.3", ""),
        ("delete", duties["security"], None, ""),
    ]
    assert log[0].changes == {"user": "outsider", "role": "system"}


# The start-up check -----------------------------------------------------------------------


def test_the_check_reports_an_account_holding_two_duties(duties, settings):
    assert one_platform_duty_per_account(databases=["default"]) == []
    # The way round the rules: a role row written beside the superuser flag, as a shell could.
    PlatformRole.objects.create(user=duties["system"], role="audit")
    settings.DEBUG = False
    [error] = one_platform_duty_per_account(databases=["default"])
    assert isinstance(error, Error) and error.id == "accounts.E001"
    assert "platform (system + audit)" in error.msg
    settings.DEBUG = True
    [warning] = one_platform_duty_per_account(databases=["default"])
    assert isinstance(warning, Warning) and warning.id == "accounts.W001"


def test_the_check_runs_only_where_the_database_is_checked(duties):
    PlatformRole.objects.create(user=duties["system"], role="security")
    assert one_platform_duty_per_account(databases=None) == []


# The pages --------------------------------------------------------------------------------


def test_the_security_administrator_assigns_a_duty_on_the_page(cast, duties, login):
    client = login(duties["security"])
    response = client.post(
        reverse("platform_role_assign"), {"username": "outsider", "role": "audit"}
    )
    assert response.status_code == 302
    row = PlatformRole.objects.get(user=cast["outsider"])
    assert row.role == "audit" and row.granted_by == duties["security"]
    assert AuditEntry.objects.filter(
        object_type="accounts.platformrole", object_id=str(row.pk), action="create"
    ).exists()
    page = client.get(reverse("platform_role_list")).content.decode()
    assert "outsider" in page and "审计管理员" in page


def test_the_page_says_why_a_second_duty_is_refused(duties, login):
    response = login(duties["security"]).post(
        reverse("platform_role_assign"), {"username": "auditor", "role": "system"}
    )
    assert response.status_code == 200
    assert "只能担任一种平台角色" in response.content.decode()
    assert PlatformRole.objects.get(user=duties["audit"]).role == "audit"


def test_the_page_names_an_unknown_account(duties, login):
    response = login(duties["security"]).post(
        reverse("platform_role_assign"), {"username": "nobody", "role": "audit"}
    )
    assert response.status_code == 200
    assert "没有这个用户名的在用账号" in response.content.decode()


def test_the_security_administrator_revokes_a_duty_on_the_page(duties, login):
    pk = PlatformRole.objects.get(user=duties["audit"]).pk
    response = login(duties["security"]).post(reverse("platform_role_revoke", args=[pk]))
    assert response.status_code == 302
    assert not PlatformRole.objects.filter(pk=pk).exists()
    assert AuditEntry.objects.filter(
        object_type="accounts.platformrole", object_id=str(pk), action="delete"
    ).exists()


def test_revoking_asks_first_and_says_what_follows(duties, login):
    row = PlatformRole.objects.get(user=duties["audit"])
    client = login(duties["security"])
    # The list offers a link to the confirm page, not a button that revokes at once.
    listing = client.get(reverse("platform_role_list")).content.decode()
    assert f'href="{reverse("platform_role_revoke", args=[row.pk])}"' in listing
    page = client.get(reverse("platform_role_revoke", args=[row.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "查阅全平台的审计日志" in body  # what the auditor loses
    assert "须重新登录" in body and "记入审计日志" in body
    # ``auditor`` is the only audit administrator: the page warns there will be none.
    assert "撤销后平台将没有审计管理员" in body
    assert PlatformRole.objects.filter(pk=row.pk).exists()  # asking changed nothing
    assert client.post(reverse("platform_role_revoke", args=[row.pk])).status_code == 302
    assert not PlatformRole.objects.filter(pk=row.pk).exists()


def test_the_confirm_page_offers_no_revoking_of_ones_own_duty(duties, login):
    own = PlatformRole.objects.get(user=duties["security"])
    body = login(duties["security"]).get(reverse("platform_role_revoke", args=[own.pk]))
    assert "不能撤销自己的平台角色" in body.content.decode()
    assert "确认撤销" not in body.content.decode()


@pytest.mark.parametrize("who", ["system", "audit", "town_admin"])
def test_nobody_else_assigns_or_revokes_on_the_pages(people, login, who):
    row = PlatformRole.objects.get(user=people["audit"])
    client = login(people[who])
    assert (
        client.post(
            reverse("platform_role_assign"), {"username": "outsider", "role": "audit"}
        ).status_code
        == 404
    )
    assert client.post(reverse("platform_role_revoke", args=[row.pk])).status_code == 404
    assert client.get(reverse("platform_role_revoke", args=[row.pk])).status_code == 404
    assert PlatformRole.objects.filter(pk=row.pk).exists()
    assert not PlatformRole.objects.filter(user=people["outsider"]).exists()


def test_the_first_security_administrator_is_set_on_the_command_line(cast, capsys):
    call_command("platform_role", "outsider", "security")
    row = PlatformRole.objects.get(user=cast["outsider"])
    assert row.role == "security"
    entry = AuditEntry.objects.get(object_type="accounts.platformrole", object_id=str(row.pk))
    assert entry.actor_label == "manage.py platform_role" and entry.actor is None
    call_command("platform_role", "outsider", "--revoke")
    assert not PlatformRole.objects.filter(user=cast["outsider"]).exists()
    assert AuditEntry.objects.filter(
        object_type="accounts.platformrole", object_id=str(row.pk), action="delete"
    ).exists()
