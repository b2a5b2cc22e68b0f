"""账号与授权: the security administrator creates an account (no typed password: a one-time
link), grants, changes and revokes roles, deactivates, reactivates and unlocks — each through
the services, each audited, and each refusal leaves everything as it was."""

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from jiangxin import factories as f
from jiangxin.accounts.models import Grant, User
from jiangxin.audit.models import AuditEntry


@pytest.fixture
def security(duties, login):
    return login(duties["security"])


def _audit(**lookup):
    return AuditEntry.objects.filter(**lookup)


def _logged_in(user) -> Client:
    other = Client()
    other.force_login(user, backend="jiangxin.accounts.backends.UsernameOrMobileBackend")
    assert other.get(reverse("home")).status_code in (200, 302)
    return other


def _signed_out(client: Client) -> bool:
    response = client.get(reverse("worker_list"))
    return response.status_code == 302 and response.url.startswith(reverse("login"))


# The list -------------------------------------------------------------------------------------


def test_the_list_shows_grants_duty_state_second_factor_and_lockout(cast, duties, security):
    from jiangxin.accounts import twofactor
    from jiangxin.accounts.models import TotpDevice

    twofactor.start_enrolment(user=cast["county_admin"])
    TotpDevice.objects.filter(user=cast["county_admin"]).update(confirmed=True)
    User.objects.filter(pk=cast["admin_b"].pk).update(is_active=False)
    for _ in range(5):
        Client().post(reverse("login"), {"username": "sibling_admin", "password": "wrong"})

    page = security.get(reverse("account_list"))
    rows = {a.username: a for a in page.context["accounts"]}
    assert [g.organisation for g in rows["town_admin"].grants.all()] == [cast["town_a"]]
    assert rows["county_viewer"].grants.get().role == "viewer"
    assert rows["auditor"].platform_role.role == "audit"
    assert rows["county_admin"].two_factor and not rows["town_admin"].two_factor
    assert not rows["admin_b"].is_active and rows["admin_a"].is_active
    assert rows["sibling_admin"].locked and not rows["town_admin"].locked
    html = page.content.decode()
    for text in ("安海镇总工会", "查看者", "审计管理员", "已停用", "已锁定", "已启用"):
        assert text in html


def test_the_list_is_searched_by_username_and_by_name(cast, security):
    User.objects.filter(pk=cast["admin_a"].pk).update(display_name="陈志伟")
    by_name = security.get(reverse("account_list"), {"q": "志伟"}).context["accounts"]
    assert [a.username for a in by_name] == ["admin_a"]
    by_username = security.get(reverse("account_list"), {"q": "county"}).context["accounts"]
    assert [a.username for a in by_username] == ["county_admin", "county_viewer"]
    none = security.get(reverse("account_list"), {"q": "nobody-here"})
    assert "没有找到匹配的账号" in none.content.decode()


def test_the_list_costs_the_same_queries_for_more_accounts(
    cast, security, django_assert_max_num_queries
):
    security.get(reverse("account_list"))  # warm: session, reach
    with django_assert_max_num_queries(12) as first:
        security.get(reverse("account_list"))
    for n in range(20):
        f.user(f"extra{n}", node=cast["town_b"], role="viewer")
    with django_assert_max_num_queries(len(first.captured_queries)):
        security.get(reverse("account_list"))


# Creating an account ---------------------------------------------------------------------------


def test_a_new_account_gets_its_first_grant_and_a_one_time_link(cast, duties, security):
    response = security.post(
        reverse("account_new"),
        {
            "username": "lin_hui",
            "display_name": "林辉",
            "organisation": cast["town_b"].pk,
            "role": "admin",
        },
    )
    assert response.status_code == 200
    account = User.objects.get(username="lin_hui")
    assert account.display_name == "林辉" and account.is_active
    assert not account.has_usable_password()  # nobody typed a password for it
    assert Grant.objects.get(user=account).organisation == cast["town_b"]
    assert _audit(action="create", object_type="accounts.user", object_id=str(account.pk)).exists()
    assert (
        _audit(action="create", object_type="accounts.grant").get().org_path == cast["town_b"].path
    )
    assert _audit(action="reset_link", object_id=str(account.pk)).get().actor == duties["security"]

    link = response.context["link"]
    assert link in response.content.decode()
    path = link[link.index("/accounts/") :]
    holder = Client()
    chosen = "Lin-Hui-Password-2026"
    assert holder.post(path, {"password": chosen, "again": chosen}).url == reverse("login")
    login = holder.post(reverse("login"), {"username": "lin_hui", "password": chosen})
    assert login.status_code == 302


def test_a_new_account_without_a_grant(security):
    assert (
        security.post(
            reverse("account_new"), {"username": "wang_wu", "display_name": "王五"}
        ).status_code
        == 200
    )
    assert not Grant.objects.filter(user__username="wang_wu").exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"username": "13812345678", "display_name": "甲"}, "不能是手机号码或身份证号码"),
        ({"username": "town_admin", "display_name": "甲"}, "该用户名已被使用"),
        ({"username": "", "display_name": "甲"}, "这个字段是必填项"),
        ({"username": "jia", "display_name": "甲", "organisation": "TOWN"}, "请同时选择角色"),
        ({"username": "jia", "display_name": "甲", "role": "admin"}, "请同时选择工会组织"),
        (
            {"username": "jia", "display_name": "甲", "organisation": "999999", "role": "admin"},
            "没有这个工会组织",
        ),
    ],
)
def test_a_refused_account_is_not_created(cast, security, data, message):
    before = (User.objects.count(), Grant.objects.count(), AuditEntry.objects.count())
    if data.get("organisation") == "TOWN":  # a node that exists (its key differs per database)
        data = {**data, "organisation": str(cast["town_a"].pk)}
    response = security.post(reverse("account_new"), data)
    assert response.status_code == 200 and message in response.content.decode()
    assert (User.objects.count(), Grant.objects.count(), AuditEntry.objects.count()) == before


# Grants ----------------------------------------------------------------------------------------


def test_granting_changing_and_revoking_a_role_on_the_account_page(cast, security):
    account = cast["outsider"]
    response = security.post(
        reverse("account_grant", args=[account.pk]),
        {"organisation": cast["town_a"].pk, "role": "admin"},
    )
    assert response.url == reverse("account_detail", args=[account.pk])
    grant = Grant.objects.get(user=account)
    assert (grant.organisation, grant.role) == (cast["town_a"], "admin")

    security.post(reverse("grant_role_change", args=[account.pk, grant.pk]), {"role": "viewer"})
    grant.refresh_from_db()
    assert grant.role == "viewer"
    change = _audit(action="update", object_type="accounts.grant").get()
    assert change.changes["role"] == ["admin", "viewer"]

    confirm = security.get(reverse("grant_revoke", args=[account.pk, grant.pk]))
    assert "马上失去对安海镇总工会及其全部下级组织数据的访问权限" in confirm.content.decode()
    assert Grant.objects.filter(pk=grant.pk).exists()  # asking changes nothing
    their_session = _logged_in(account)
    security.post(reverse("grant_revoke", args=[account.pk, grant.pk]))
    assert not Grant.objects.filter(user=account).exists()
    assert _audit(action="delete", object_type="accounts.grant").exists()
    assert _signed_out(their_session)


def test_the_account_page_lists_the_grants_with_their_buttons(cast, security):
    page = security.get(reverse("account_detail", args=[cast["town_admin"].pk])).content.decode()
    grant = Grant.objects.get(user=cast["town_admin"])
    assert "安海镇总工会" in page and "改为查看者" in page
    assert reverse("grant_revoke", args=[cast["town_admin"].pk, grant.pk]) in page
    assert reverse("password_reset_link", args=[cast["town_admin"].pk]) in page
    assert reverse("account_deactivate", args=[cast["town_admin"].pk]) in page
    # The node picker: the whole tree in order, a town (depth 3: province, city, county above
    # it) indented by three full-width spaces.
    assert f'<option value="{cast["town_a"].pk}">' + "\u3000" * 3 + "安海镇总工会</option>" in page


def test_no_grant_for_a_dedicated_platform_account(cast, duties, security):
    auditor = duties["audit"]
    page = security.get(reverse("account_detail", args=[auditor.pk])).content.decode()
    assert reverse("account_grant", args=[auditor.pk]) not in page  # no form to fail
    response = security.post(
        reverse("account_grant", args=[auditor.pk]),
        {"organisation": cast["town_a"].pk, "role": "viewer"},
    )
    assert response.status_code == 200 and "三员分立" in response.content.decode()
    assert not Grant.objects.filter(user=auditor).exists()


def test_a_bad_grant_form_changes_nothing(cast, security):
    account = cast["outsider"]
    for data in ({"organisation": cast["town_a"].pk, "role": "owner"}, {"role": "admin"}):
        response = security.post(reverse("account_grant", args=[account.pk]), data)
        assert response.status_code == 200
    grant = Grant.objects.get(user=cast["town_admin"])
    security.post(
        reverse("grant_role_change", args=[cast["town_admin"].pk, grant.pk]), {"role": "x"}
    )
    assert Grant.objects.get(pk=grant.pk).role == "admin"
    assert not Grant.objects.filter(user=account).exists()
    assert not _audit(object_type="accounts.grant").exists()


def test_a_grant_is_reached_only_through_its_own_account(cast, security):
    grant = Grant.objects.get(user=cast["town_admin"])
    wrong = reverse("grant_revoke", args=[cast["admin_a"].pk, grant.pk])
    assert security.get(wrong).status_code == 404
    assert security.post(wrong).status_code == 404
    assert Grant.objects.filter(pk=grant.pk).exists()


# Deactivate, reactivate, unlock ----------------------------------------------------------------


def test_deactivating_ends_the_sessions_and_reactivating_lets_back_in(cast, security):
    account = cast["town_admin"]
    their_session = _logged_in(account)
    security.post(reverse("account_deactivate", args=[account.pk]))
    account.refresh_from_db()
    assert not account.is_active
    assert _signed_out(their_session)
    refused = Client().post(reverse("login"), {"username": "town_admin", "password": f.PASSWORD})
    assert refused.status_code == 200  # the login form again, with its message
    entry = _audit(action="update", object_type="accounts.user", object_id=str(account.pk)).get()
    assert entry.changes == {"is_active": [True, False]}

    security.post(reverse("account_reactivate", args=[account.pk]))
    account.refresh_from_db()
    assert account.is_active
    again = Client().post(reverse("login"), {"username": "town_admin", "password": f.PASSWORD})
    assert again.status_code == 302


def test_the_security_administrator_cannot_deactivate_themselves(duties, security):
    me = duties["security"]
    page = security.get(reverse("account_detail", args=[me.pk])).content.decode()
    assert reverse("account_deactivate", args=[me.pk]) not in page  # no button
    assert reverse("password_reset_link", args=[me.pk]) not in page
    response = security.post(reverse("account_deactivate", args=[me.pk]), follow=True)
    assert "不能停用或启用自己的账号" in response.content.decode()
    me.refresh_from_db()
    assert me.is_active
    assert not _audit(object_type="accounts.user", action="update").exists()


def test_unlocking_a_locked_account(cast, duties, security):
    for _ in range(5):
        Client().post(reverse("login"), {"username": "town_admin", "password": "wrong"})
    refused = Client().post(reverse("login"), {"username": "town_admin", "password": f.PASSWORD})
    assert refused.status_code == 429  # locked: the right password too
    page = security.get(reverse("account_detail", args=[cast["town_admin"].pk]))
    assert page.context["locked"]
    assert reverse("account_unlock", args=[cast["town_admin"].pk]) in page.content.decode()

    security.post(reverse("account_unlock", args=[cast["town_admin"].pk]))
    assert not AccessAttempt.objects.filter(username="town_admin").exists()
    entry = _audit(object_type="accounts.user", object_id=str(cast["town_admin"].pk)).get()
    assert entry.actor == duties["security"] and entry.changes["lockout"] == "cleared"
    back = Client().post(reverse("login"), {"username": "town_admin", "password": f.PASSWORD})
    assert back.status_code == 302


def test_unlocking_an_account_that_is_not_locked_changes_nothing(cast, security):
    Client().post(reverse("login"), {"username": "town_admin", "password": "wrong"})  # one miss
    page = security.get(reverse("account_detail", args=[cast["town_admin"].pk]))
    assert reverse("account_unlock", args=[cast["town_admin"].pk]) not in page.content.decode()
    response = security.post(reverse("account_unlock", args=[cast["town_admin"].pk]), follow=True)
    assert "没有被锁定" in response.content.decode()
    assert AccessAttempt.objects.filter(username="town_admin").count() == 1
    assert not _audit(object_type="accounts.user", action="update").exists()


def test_the_grant_admin_speaks_chinese(duties, login, cast):
    page = login(duties["security"]).get(reverse("admin:accounts_grant_changelist"))
    html = page.content.decode()
    for heading in ("用户", "工会组织", "角色", "授权时间"):
        assert heading in html
    for english in ("User", "Organisation", "Created"):
        assert f">{english}<" not in html


def test_a_bad_page_number_keeps_the_search(cast, security):
    page = security.get(reverse("account_list"), {"q": "county", "page": "abc"})
    assert [a.username for a in page.context["accounts"]] == ["county_admin", "county_viewer"]
    assert "页码应为正整数" in page.content.decode()
