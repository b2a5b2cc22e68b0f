"""Change stamps and the figures cached on them."""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.db.models import F
from django.utils.functional import cached_property

from jiangxin.core.models import Stamp

# Bumped by every change to workers, honours, organisations and enterprises: the figures and
# lists cached on it (roster counts, filter choices) depend on all of them.
ROSTER = "roster"


def bump(name: str) -> None:
    """Mark ``name`` changed once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: _increment(name))


def _increment(name: str) -> None:
    if not Stamp.objects.filter(name=name).update(value=F("value") + 1):
        Stamp.objects.get_or_create(name=name)
        Stamp.objects.filter(name=name).update(value=F("value") + 1)


def current(name: str) -> int:
    return Stamp.objects.filter(name=name).values_list("value", flat=True).first() or 0


class StampedCountPaginator(Paginator):
    """A paginator whose total is cached until the stamped topic changes: a COUNT(*) over a
    town's whole roster is the dearest part of a roster page, and rosters change seldom."""

    def __init__(
        self, object_list, per_page, *, stamp: str, stamp_value: int | None = None, **kwargs
    ):
        super().__init__(object_list, per_page, **kwargs)
        self.stamp = stamp
        self.stamp_value = stamp_value

    @cached_property
    def count(self) -> int:
        if connection.in_atomic_block:
            # Uncommitted writes of this transaction are not stamped yet: count for real.
            return self.object_list.count()
        sql, params = self.object_list.query.sql_with_params()
        digest = hashlib.sha256(f"{connection.alias}|{sql}|{params!r}".encode()).hexdigest()
        value_now = self.stamp_value if self.stamp_value is not None else current(self.stamp)
        key = f"count:{self.stamp}:{value_now}:{digest}"
        value = cache.get(key)
        if value is None:
            value = self.object_list.count()
            cache.set(key, value, timeout=3600)
        return value


def cached(name: str, stamp_value: int, key: str, compute, timeout: int = 3600):
    """``compute()``'s result, reused while the stamp keeps ``stamp_value`` (never inside a
    transaction, whose own writes are not stamped yet)."""
    if connection.in_atomic_block:
        return compute()
    full = f"{name}:{stamp_value}:{key}"
    value = cache.get(full)
    if value is None:
        value = compute()
        cache.set(full, value, timeout=timeout)
    return value
