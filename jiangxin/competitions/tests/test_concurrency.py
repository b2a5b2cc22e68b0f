"""Two admins fill a team's last place at the same moment: exactly one succeeds."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from jiangxin import factories as f
from jiangxin.competitions import services
from jiangxin.competitions.models import Entry

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks are PostgreSQL's; SQLite serialises writers",
)
def test_the_last_place_goes_to_exactly_one_of_two_concurrent_entries(running_open, cast):
    competition, team = running_open
    candidates = [
        f.worker(cast["union_a"], f"并发{i}", enterprise_obj=cast["ent_a"]) for i in range(2)
    ]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def enter(worker):
        try:
            barrier.wait()
            services.enter_worker(by=cast["town_admin"], delegation=team, worker=worker)
            outcomes.append("ok")
        except ValidationError as err:
            outcomes.append("; ".join(err.messages))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=enter, args=(w,)) for w in candidates]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(o == "ok" for o in outcomes) == [False, True]
    assert any("名额已满" in o for o in outcomes)
    assert Entry.objects.filter(delegation=team).count() == competition.quota_per_delegation


@pytest.fixture
def running_open(cast):
    import datetime

    from django.utils import timezone

    from jiangxin.competitions.models import Competition
    from jiangxin.competitions.tests.conftest import COMPONENTS

    now = timezone.now()
    competition = services.create_competition(
        by=cast["county_admin"],
        organiser=cast["county"],
        components=COMPONENTS,
        title="并发测试",
        level=Competition.Level.COUNTY,
        registration_opens=now - datetime.timedelta(hours=1),
        registration_closes=now + datetime.timedelta(hours=1),
        held_on=timezone.localdate(),
        quota_per_delegation=2,
    )
    services.transition(by=cast["county_admin"], competition=competition, step="open_registration")
    team = services.create_delegation(
        by=cast["town_admin"],
        competition=competition,
        organisation=cast["town_a"],
        name="安海镇代表队",
    )
    services.enter_worker(
        by=cast["town_admin"], delegation=team, worker=cast["worker_a"]
    )  # one place left
    return competition, team
