"""The home page's figures cover exactly the user's subtree."""

import pytest
from django.urls import reverse

TOTALS = {
    "platform": 3,
    "county_viewer": 3,
    "county_admin": 3,
    "town_admin": 2,
    "sibling_admin": 1,
    "admin_a": 1,
    "admin_b": 1,
}


@pytest.mark.parametrize("who", list(TOTALS))
def test_home_figures_are_the_users_subtree(cast, login, who):
    response = login(cast[who]).get(reverse("home"))
    assert response.status_code == 200
    assert response.context["totals"]["total"] == TOTALS[who]
    industries = dict(
        zip(
            response.context["charts"]["industry"]["yAxis"]["data"],
            response.context["charts"]["industry"]["series"][0]["data"],
            strict=True,
        )
    )
    assert sum(industries.values()) == TOTALS[who]


@pytest.mark.parametrize(("who", "status"), [("worker_user", 302), ("outsider", 302)])
def test_workers_and_strangers_are_sent_elsewhere(cast, login, who, status):
    response = login(cast[who]).get(reverse("home"))
    assert response.status_code == status
    assert response["Location"] in {
        reverse("worker_detail", args=[cast["worker_a"].pk]),
        reverse("registration_status"),
    }


def test_anonymous_is_sent_to_login(cast, login):
    response = login(None).get(reverse("home"))
    assert response["Location"].startswith(reverse("login"))
