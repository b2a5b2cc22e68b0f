"""Who reaches 账号与授权: the security administrator alone. Everyone else — the system and audit
administrators, union admins and viewers, a worker, an outsider — meets pages that aren't there
(404), sees no menu entry and no button leading to them, and changes nothing by posting. Every
page and action asks for the password again after REAUTH_MINUTES."""

import re
import time

import pytest
from django.urls import reverse

from jiangxin.accounts import twofactor
from jiangxin.accounts.models import Grant, User
from jiangxin.audit.models import AuditEntry

OTHERS = [
    "system",
    "audit",
    "county_admin",
    "county_viewer",
    "town_admin",
    "admin_a",
    "worker_user",
    "outsider",
]


@pytest.fixture
def people(cast, duties):
    return {**{k: cast[k] for k in OTHERS if k in cast}, **duties}


@pytest.fixture
def target(cast):
    """The account acted on: the town admin, with one grant."""
    account = cast["town_admin"]
    return {"user": account, "grant": Grant.objects.get(user=account)}


def _pages(target):
    pk, grant = target["user"].pk, target["grant"].pk
    return [
        reverse("account_list"),
        reverse("account_list") + "?q=town",
        reverse("account_new"),
        reverse("account_detail", args=[pk]),
        reverse("grant_revoke", args=[pk, grant]),  # the page that asks first
    ]


def _actions(cast, target):
    pk, grant = target["user"].pk, target["grant"].pk
    return [
        (reverse("account_new"), {"username": "zhang_san", "display_name": "张三"}),
        (reverse("account_grant", args=[pk]), {"organisation": cast["town_b"].pk, "role": "admin"}),
        (reverse("grant_role_change", args=[pk, grant]), {"role": "viewer"}),
        (reverse("grant_revoke", args=[pk, grant]), {}),
        (reverse("account_deactivate", args=[pk]), {}),
        (reverse("account_reactivate", args=[pk]), {}),
        (reverse("account_unlock", args=[pk]), {}),
    ]


def _state():
    """Everything an action on this page could change."""
    return (
        sorted(Grant.objects.values_list("user_id", "organisation_id", "role")),
        sorted(User.objects.values_list("username", "is_active", "session_generation")),
        AuditEntry.objects.exclude(action__in=["login", "logout"]).count(),
    )


def test_the_security_administrator_opens_every_page(duties, target, login):
    client = login(duties["security"])
    for url in _pages(target):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("who", OTHERS)
def test_nobody_else_opens_a_page(people, target, login, who):
    client = login(people[who])
    for url in _pages(target):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("who", OTHERS)
def test_nobody_else_changes_anything_by_posting(cast, people, target, login, who):
    client = login(people[who])
    before = _state()
    for url, data in _actions(cast, target):
        assert client.post(url, data).status_code == 404, url
    assert _state() == before


@pytest.mark.parametrize("who", OTHERS)
def test_nobody_else_sees_the_menu_entry(people, login, who):
    page = login(people[who]).get(reverse("home"), follow=True)
    assert "accounts" not in [item["key"] for item in page.context["nav"]]
    assert reverse("account_list") not in page.content.decode()


def test_the_security_administrator_finds_it_in_the_menu_and_lands_there(duties, login):
    page = login(duties["security"]).get(reverse("home"), follow=True)
    assert page.request["PATH_INFO"] == reverse("account_list")
    entry = next(item for item in page.context["nav"] if item["key"] == "accounts")
    assert entry["label"] == "账号与授权" and entry["active"]


def test_a_town_admin_sees_no_button_into_the_pages_on_a_worker(cast, login):
    page = login(cast["town_admin"]).get(reverse("worker_detail", args=[cast["worker_a"].pk]))
    html = page.content.decode()
    # (A reset-link button there is the union admin's own, under accounts/users/<pk>/reset-link/.)
    assert reverse("account_list") + '"' not in html
    assert not re.search(
        r"/accounts/users/(new|\d+)/(\"|grants|deactivate|reactivate|unlock)", html
    )


def _stale(client, settings):
    session = client.session
    session[twofactor.AUTH_AT] = int(time.time()) - settings.REAUTH_MINUTES * 60 - 1
    session.save()


def test_a_page_asks_for_the_password_again_after_the_window(duties, target, login, settings):
    client = login(duties["security"])
    _stale(client, settings)
    url = reverse("account_detail", args=[target["user"].pk])
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("reauth"))
    back = client.post(response.url, {"password": "Test-pass-2025!"})
    assert back.url == url
    assert client.get(url).status_code == 200


def test_an_action_after_the_window_changes_nothing_until_the_password(
    cast, duties, target, login, settings
):
    client = login(duties["security"])
    detail = reverse("account_detail", args=[target["user"].pk])
    for url, data in _actions(cast, target):
        _stale(client, settings)
        before = _state()
        response = client.post(url, data, HTTP_REFERER="http://testserver" + detail)
        assert response.status_code == 302 and response.url.startswith(reverse("reauth")), url
        assert _state() == before, url
