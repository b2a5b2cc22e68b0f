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


def test_the_mentoring_figure_counts_the_users_subtree(cast, login):
    import datetime

    from django.utils import timezone

    from jiangxin import factories as f
    from jiangxin.mentoring import services
    from jiangxin.workers.models import SkillLevel

    master = f.worker(
        cast["union_a"],
        "林师傅",
        enterprise_obj=cast["ent_a"],
        skill_level=SkillLevel.L2,
        start_date=datetime.date(2005, 1, 1),
    )
    apprentice = f.worker(
        cast["union_a"], "徒弟", enterprise_obj=cast["ent_a"], post_category="key"
    )
    programme = services.create_programme(
        by=cast["town_admin"], organisation=cast["town_a"], year=2026, name="安海镇名师带高徒"
    )
    pair = services.propose_pair(
        by=cast["town_admin"],
        programme=programme,
        master=master,
        apprentice=apprentice,
        starts_on=timezone.localdate(),
    )
    services.approve_pair(by=cast["admin_a"], pair=pair)
    for who, active in [("town_admin", 1), ("admin_a", 1), ("sibling_admin", 0), ("admin_b", 0)]:
        figures = login(cast[who]).get(reverse("home")).context["mentoring"]
        assert (figures["active"], figures["this_year"]) == (active, active), who
