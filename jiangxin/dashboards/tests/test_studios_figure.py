"""The home page's 创新工作室 figure: the named studios of the user's subtree, counted from the
rows (as the registry's 已命名 figure it links to), in a fixed number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jiangxin import factories as f
from jiangxin.innovation import services
from jiangxin.innovation.tests.conftest import studio, studio_people  # noqa: F401

pytestmark = pytest.mark.django_db


def _studio(cast, enterprise, name, state="named", **dates):
    """A 职工创新工作室 (no lead rule) led by a new worker of ``enterprise``."""
    lead = f.worker(enterprise.union, f"{name}领办人", enterprise_obj=enterprise)
    return services.create_studio(
        by=cast["platform"],
        name=name,
        kind="worker",
        naming_level="town",
        enterprise=enterprise,
        lead=lead,
        focus="工艺改进",
        founded=datetime.date(2020, 1, 1),
        state=state,
        **dates,
    )


@pytest.fixture
def studios(cast, studio):  # noqa: F811
    """Town A: 洪志明's named studio (ent. A) and a named one at ent. B, one applying, one
    delisted; town B: one named (ent. C)."""
    named = {"named_on": datetime.date(2024, 1, 1)}
    _studio(cast, cast["ent_b"], "力利职工创新工作室", **named)
    _studio(cast, cast["ent_b"], "力利申报中工作室", state="applying")
    _studio(
        cast,
        cast["ent_a"],
        "晋工已摘牌工作室",
        state="delisted",
        named_on=datetime.date(2021, 1, 1),
        delisted_on=datetime.date(2023, 1, 1),
    )
    _studio(cast, cast["ent_c"], "远航职工创新工作室", **named)


# Named only (applying and delisted left out): town A holds 2 (ent. A 1, ent. B 1), town B 1.
FIGURES = {
    "platform": 3,
    "county_viewer": 3,
    "county_admin": 3,
    "town_admin": 2,
    "sibling_admin": 1,
    "admin_a": 1,
    "admin_b": 1,
}


@pytest.mark.parametrize("who", list(FIGURES))
def test_the_named_studios_of_the_users_subtree(cast, studios, login, who):
    response = login(cast[who]).get(reverse("home"))
    assert response.context["studios_named"] == FIGURES[who]


def test_the_figure_links_to_the_registry_filtered_to_named(cast, studios, login):
    client = login(cast["town_admin"])
    body = client.get(reverse("home")).content.decode()
    link = reverse("studio_list") + "?state=named"
    assert f'href="{link}"' in body
    registry = client.get(link)
    assert registry.context["page"].paginator.count == 2  # the same figure as the home page


def test_the_home_page_makes_as_many_queries_with_more_studios(cast, studio, login):  # noqa: F811
    client = login(cast["county_admin"])
    client.get(reverse("home"))  # warm up the session and caches
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse("home")).context["studios_named"] == 1
    for n in range(3):
        _studio(cast, cast["ent_b"], f"力利工作室{n}", named_on=datetime.date(2024, 1, 1))
    with CaptureQueriesContext(connection) as four:
        assert client.get(reverse("home")).context["studios_named"] == 4
    assert len(four) == len(one)
