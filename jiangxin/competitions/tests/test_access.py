"""Who sees a competition, and what the public sees of its results."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from jiangxin.competitions import services
from jiangxin.competitions.models import Competition
from jiangxin.competitions.tests.conftest import COMPONENTS
from jiangxin.core.tests.test_pages import external_refs


@pytest.fixture
def competition(cast):
    now = timezone.now()
    return services.create_competition(
        by=cast["town_admin"],
        organiser=cast["town_a"],
        components=COMPONENTS,
        title="安海镇岗位练兵",
        level=Competition.Level.TOWN,
        kind=Competition.Kind.DRILL,
        registration_opens=now - datetime.timedelta(days=1),
        registration_closes=now + datetime.timedelta(days=1),
        held_on=timezone.localdate(),
    )


# A town's competition: its subtree sees it; above, the county (which holds the town) sees it;
# the sibling town does not; strangers and workers who did not enter do not.
SEES = {
    "platform": 200,
    "county_viewer": 200,
    "county_admin": 200,
    "town_admin": 200,
    "admin_a": 200,
    "admin_b": 200,
    "sibling_admin": 404,
    "outsider": 404,
    "worker_user": 404,
}


@pytest.mark.parametrize("who", list(SEES))
def test_competition_page(cast, competition, login, who):
    response = login(cast[who]).get(reverse("competition_detail", args=[competition.pk]))
    assert response.status_code == SEES[who]


@pytest.mark.parametrize("who", [w for w, s in SEES.items() if s == 200 and w != "worker_user"])
def test_competition_list_holds_what_the_user_may_open(cast, competition, login, who):
    listed = list(login(cast[who]).get(reverse("competition_list")).context["competitions"])
    assert listed == [competition]


def test_a_county_competition_is_visible_to_the_unions_that_may_enter_it(running, cast, login):
    for who in ["town_admin", "sibling_admin", "admin_a"]:
        assert (
            login(cast[who])
            .get(reverse("competition_detail", args=[running["competition"].pk]))
            .status_code
            == 200
        )


def test_judges_and_entrants_see_it_too(running, login, cast):
    url = reverse("competition_detail", args=[running["competition"].pk])
    assert login(running["judges"][0]).get(url).status_code == 200
    assert login(cast["worker_user"]).get(url).status_code == 200  # worker_a entered


def test_results_are_public_only_once_published_and_names_are_masked(marked, cast, login, client):
    competition = marked["competition"]
    for component in competition.components.all():
        services.lock_component(by=marked["chief"], component=component)
    services.compute_results(by=cast["county_admin"], competition=competition)
    url = reverse("public_results", args=[competition.pk])
    assert login(None).get(url).status_code == 404
    services.publish_results(by=cast["county_admin"], competition=competition)
    body = login(None).get(url).content.decode()
    assert "柯**" in body and "柯宝馨" not in body and "94.00" in body
    assert external_refs(body) == []
    with pytest.raises(ValidationError, match="公示期至"):
        services.finalise_results(by=cast["county_admin"], competition=competition)
    Competition.objects.filter(pk=competition.pk).update(
        publicity_until=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert (
        services.finalise_results(by=cast["county_admin"], competition=competition).status
        == Competition.Status.FINAL
    )
    assert competition.title in login(None).get(reverse("public_results_list")).content.decode()


def test_inside_pages_reference_no_other_host(cast, competition, login):
    client = login(cast["town_admin"])
    for url in [reverse("competition_list"), reverse("competition_detail", args=[competition.pk])]:
        assert external_refs(client.get(url).content.decode()) == []


def test_results_stay_with_the_organiser_until_published(marked, cast, login):
    competition = marked["competition"]
    for component in competition.components.all():
        services.lock_component(by=marked["chief"], component=component)
    services.compute_results(by=cast["county_admin"], competition=competition)
    url = reverse("competition_detail", args=[competition.pk])
    assert list(login(cast["county_viewer"]).get(url).context["results"])  # the organiser's side
    assert not list(login(cast["town_admin"]).get(url).context["results"])  # an entrant union
    services.publish_results(by=cast["county_admin"], competition=competition)
    assert list(login(cast["town_admin"]).get(url).context["results"])


def test_a_worker_sees_their_own_result_once_published(marked, cast, login):
    competition = marked["competition"]
    for component in competition.components.all():
        services.lock_component(by=marked["chief"], component=component)
    services.compute_results(by=cast["county_admin"], competition=competition)
    url = reverse("worker_detail", args=[cast["worker_a"].pk])
    page = login(cast["worker_user"]).get(url)
    assert (
        page.context["competitions"][0]["result"] is None
        and "成绩尚未公示" in page.content.decode()
    )
    services.publish_results(by=cast["county_admin"], competition=competition)
    page = login(cast["worker_user"]).get(url)
    assert page.context["competitions"][0]["result"].total.to_eng_string() == "94.00"
    assert "94.00" in page.content.decode()
    # and their scores in each part
    assert "理论知识考试 80.00" in page.content.decode()
    assert "技能操作考核 100.00" in page.content.decode()
