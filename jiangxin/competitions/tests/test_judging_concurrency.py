"""Fault B7 (issue 8): the same save at the same moment (a double click, two tabs, a retried
API call) gives one current mark and a normal answer every time, never the unique index's 500.
Row locks are PostgreSQL's (SQLite serialises writers): run with DATABASE_URL set.
The SQLite-runnable idempotent path: test_judging_faults.py."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from jiangxin.competitions import services
from jiangxin.competitions.models import ExamScore, Score
from jiangxin.competitions.services.theory_marks import MarkRow, save_theory_marks

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks are PostgreSQL's; SQLite serialises writers",
    ),
]


def _together(n: int, action) -> list[str]:
    barrier = threading.Barrier(n)
    outcomes: list[str] = []

    def run(i):
        try:
            barrier.wait()
            outcomes.append(action(i))
        except Exception as err:
            outcomes.append(f"{type(err).__name__}: {err}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return outcomes


@pytest.mark.parametrize("attempt", range(5))
def test_two_saves_of_one_mark_at_once(running, attempt):
    judge, entry, aspect = running["judges"][0], running["entries"]["c"], running["judged"]

    def save(_i):
        services.record_score(by=judge, entry=entry, aspect=aspect, value=2)
        return "ok"

    assert _together(2, save) == ["ok", "ok"]
    assert Score.objects.filter(entry=entry, aspect=aspect, judge=judge, current=True).count() == 1


@pytest.mark.parametrize("attempt", range(3))
def test_two_tabs_posting_the_form_at_once(running, attempt):
    judge, entry = running["judges"][0], running["entries"]["c"]
    url = reverse("judging_entry", args=[running["competition"].pk, entry.code])
    form = {f"a{running['judged'].pk}": "3", f"a{running['measured'].pk}": "1", "then": "stay"}

    def post(_i):
        client = Client()
        client.force_login(judge, backend="jiangxin.accounts.backends.UsernameOrMobileBackend")
        return str(client.post(url, form).status_code)

    assert _together(2, post) == ["302", "302"]
    assert Score.objects.filter(entry=entry, judge=judge, current=True).count() == 2


def test_two_saves_of_the_theory_marks_at_once(running, cast):
    theory = running["competition"].components.get(kind="theory")
    rows = [
        MarkRow(row=i, code=e.code, score="75") for i, e in enumerate(running["entries"].values())
    ]

    def save(_i):
        return str(save_theory_marks(by=cast["county_admin"], component=theory, rows=rows))

    assert sorted(_together(2, save)) == ["0", "3"]  # the second finds nothing to change
    assert ExamScore.objects.filter(component=theory, current=True).count() == 3
    assert ExamScore.objects.filter(component=theory).count() == 3
