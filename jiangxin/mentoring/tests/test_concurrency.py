"""Two admins pair the master's last free place at the same moment: exactly one succeeds."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from jiangxin.mentoring import services
from jiangxin.mentoring.models import Pair

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks are PostgreSQL's; SQLite serialises writers",
)
def test_the_masters_last_place_goes_to_exactly_one_of_two_concurrent_pairings(
    programme, people, cast
):
    master = people["master"]
    a1, a2, a3, _a4 = people["apprentices"]
    services.propose_pair(
        by=cast["town_admin"],
        programme=programme,
        master=master,
        apprentice=a1,
        starts_on=datetime.date(2025, 3, 1),
    )
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def pair(apprentice, admin):
        try:
            barrier.wait()
            services.propose_pair(
                by=admin,
                programme=programme,
                master=master,
                apprentice=apprentice,
                starts_on=datetime.date(2025, 3, 1),
            )
            outcomes.append("ok")
        except ValidationError as err:
            outcomes.append("; ".join(err.messages))
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=pair, args=(a2, cast["town_admin"])),
        threading.Thread(target=pair, args=(a3, cast["admin_a"])),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(o == "ok" for o in outcomes) == [False, True]
    assert any("达到上限" in o for o in outcomes)
    assert Pair.objects.filter(master=master).count() == programme.capacity == 2
