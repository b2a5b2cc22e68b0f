"""Where an admin finds the reset link: the button on the node's accounts (organisation page),
on a worker's record with an account, and on the security administrator's platform roles page —
shown to exactly those the policy allows, so no button ends in a refusal."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jiangxin import factories as f
from jiangxin.accounts.models import User

ACTION = re.compile(r'action="(/accounts/users/(\d+)/reset-link/)"')
# What the button says before it acts: issuing changes nothing until the link is used.
CONSEQUENCE = "原密码在对方用链接设置新密码之前仍然有效"


def reset_buttons(client, url) -> dict[str, str]:
    """The accounts offered a reset link on the page at ``url``: username → the form's action."""
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    found = {}
    for action, pk in ACTION.findall(body):
        found[User.objects.get(pk=pk).username] = action
    if found:
        assert CONSEQUENCE in body
    return found


def every_button_works(client, buttons: dict[str, str]) -> None:
    for action in buttons.values():
        response = client.post(action)
        assert response.status_code == 200, action
        assert "/accounts/reset/" in response.context["link"]


def org(cast, key):
    return reverse("organisation_detail", args=[cast[key].pk])


def test_the_county_admin_finds_a_town_admin_on_the_town_and_issues_the_link(login, cast):
    client = login(cast["county_admin"])
    buttons = reset_buttons(client, org(cast, "town_a"))
    assert buttons == {"town_admin": reverse("password_reset_link", args=[cast["town_admin"].pk])}
    every_button_works(client, buttons)


def test_an_admin_sees_no_button_for_their_own_account(login, cast):
    client = login(cast["town_admin"])
    assert reset_buttons(client, org(cast, "town_a")) == {}
    # ... but does for the enterprise unions' admins below.
    buttons = reset_buttons(client, org(cast, "union_a"))
    assert buttons == {"admin_a": reverse("password_reset_link", args=[cast["admin_a"].pk])}
    every_button_works(client, buttons)


def test_a_viewer_sees_neither_the_accounts_nor_a_button(login, cast):
    client = login(cast["county_viewer"])
    page = client.get(org(cast, "town_a"))
    assert page.context["grants"] is None
    assert "town_admin" not in page.content.decode()
    assert reset_buttons(client, org(cast, "town_a")) == {}


def test_the_worker_record_offers_the_link_for_its_account_to_its_editors_only(login, cast):
    url = reverse("worker_detail", args=[cast["worker_a"].pk])
    admin = login(cast["admin_a"])
    buttons = reset_buttons(admin, url)
    assert buttons == {"worker": reverse("password_reset_link", args=[cast["worker_user"].pk])}
    every_button_works(admin, buttons)
    assert reset_buttons(login(cast["county_viewer"]), url) == {}
    # The worker on their own record: no button (their own password is not reset this way).
    assert reset_buttons(login(cast["worker_user"]), url) == {}
    # A record without an account: nothing to reset.
    admin = login(cast["county_admin"])
    assert reset_buttons(admin, reverse("worker_detail", args=[cast["worker_b"].pk])) == {}


def test_the_security_administrator_resets_the_other_platform_administrators(login, cast, duties):
    client = login(duties["security"])
    buttons = reset_buttons(client, reverse("platform_role_list"))
    # The superusers (system administrators) and the audit administrator; never their own.
    superusers = set(User.objects.filter(is_superuser=True).values_list("username", flat=True))
    assert "platform" in superusers
    assert set(buttons) == superusers | {"auditor"}
    every_button_works(client, buttons)


def test_the_node_accounts_cost_the_same_queries_however_many(login, cast):
    client = login(cast["county_admin"])

    def queries() -> int:
        client.get(org(cast, "town_a"))  # warm the session and caches
        with CaptureQueriesContext(connection) as captured:
            client.get(org(cast, "town_a"))
        return len(captured)

    one = queries()
    for n in range(3):
        f.user(f"town_staff_{n}", node=cast["town_a"], role="viewer")
    assert queries() == one
