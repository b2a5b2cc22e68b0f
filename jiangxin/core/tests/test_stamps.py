"""Cached roster counts are reused until the roster changes, and never after."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jiangxin import factories as f
from jiangxin.core import stamps
from jiangxin.core.stamps import StampedCountPaginator
from jiangxin.workers.models import Worker
from jiangxin.workers.services import delete_worker

pytestmark = pytest.mark.django_db(transaction=True)


def _count(qs) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        n = StampedCountPaginator(qs.order_by("pk"), 50, stamp=stamps.ROSTER).count
    counts = sum(1 for q in queries.captured_queries if "COUNT(" in q["sql"])
    return n, counts


def test_count_is_cached_until_the_roster_changes(cast):
    cache.clear()
    qs = Worker.objects.visible_to(cast["town_admin"])
    assert _count(qs) == (2, 1)  # counted
    assert _count(qs) == (2, 0)  # from the cache
    f.worker(cast["union_a"], "新来的", enterprise_obj=cast["ent_a"])
    assert _count(qs) == (3, 1)  # the change bumped the stamp: counted again
    delete_worker(by=cast["platform"], worker=Worker.objects.get(name="新来的"))
    assert _count(qs) == (2, 1)


def test_each_scope_has_its_own_count(cast):
    cache.clear()
    assert _count(Worker.objects.visible_to(cast["admin_a"]))[0] == 1
    assert _count(Worker.objects.visible_to(cast["county_admin"]))[0] == 3
