"""Dating the demo's history. The loader runs in seconds, but what it sets up happened over
weeks (the union tree entered, a roster imported, registrations filed, logs written month by
month); the audit log must show each event at the time it records, not when the loader ran.
For every demo loader: wrap the service calls of an event of the past in ``happened_at``."""

from __future__ import annotations

import datetime
from contextlib import contextmanager

from django.utils import timezone

from jiangxin.audit.models import AuditEntry


def audit_mark() -> int:
    """The newest audit row now; pass it to ``date_audit_since`` after the event."""
    return AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def date_audit_since(mark: int, moment: datetime.datetime) -> None:
    """Audit rows written since ``mark`` carry ``moment`` as their time."""
    AuditEntry.objects.filter(pk__gt=mark).update(at=moment)


@contextmanager
def happened_at(moment: datetime.datetime):
    """Audit rows written inside the block carry ``moment``."""
    mark = audit_mark()
    yield
    date_audit_since(mark, moment)


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
