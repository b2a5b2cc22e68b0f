"""Dating the demo's history. The loader runs in seconds, but what it sets up happened over
weeks (the union tree entered, a roster imported, registrations filed, logs written month by
month); the audit log must show each event at the time it records, not when the loader ran.
For every demo loader: wrap the service calls of an event of the past in ``happened_at`` —
the audit log is append-only, so an entry is dated as it is written (``audit.clock``)."""

from __future__ import annotations

import datetime
from contextlib import contextmanager

from django.utils import timezone

from jiangxin.audit.clock import recorded_at


@contextmanager
def happened_at(moment: datetime.datetime):
    """Audit rows written inside the block carry ``moment`` (the log cannot be changed after)."""
    with recorded_at(moment):
        yield


def days_ago(days: int, *, hour: int = 9, minute: int = 30) -> datetime.datetime:
    """An office-hours moment ``days`` before today, in the local zone."""
    return on(timezone.localdate() - datetime.timedelta(days=days), hour=hour, minute=minute)


def on(day: datetime.date, *, hour: int = 9, minute: int = 30) -> datetime.datetime:
    """A moment of a given day, in the local zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def past(moment: datetime.datetime) -> datetime.datetime:
    """``moment``, or an hour ago if it lies later: an event of this month or today happened
    before the demo was loaded."""
    return min(moment, timezone.now() - datetime.timedelta(hours=1))
