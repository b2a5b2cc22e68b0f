"""The time an audit entry records: now — or, inside ``recorded_at(moment)``, that moment.

The log can never be changed once written (``audit/append_only.py``), so an entry must carry its
time when it is written. The demo loader tells events of the past (a roster imported months ago)
and dates them this way; nothing else in the application uses ``recorded_at``."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.utils import timezone

_moment: ContextVar[datetime.datetime | None] = ContextVar("audit_moment", default=None)


def now() -> datetime.datetime:
    """The default of ``AuditEntry.at``."""
    return _moment.get() or timezone.now()


@contextmanager
def recorded_at(moment: datetime.datetime) -> Iterator[None]:
    """Entries written inside the block carry ``moment``."""
    token = _moment.set(moment)
    try:
        yield
    finally:
        _moment.reset(token)
