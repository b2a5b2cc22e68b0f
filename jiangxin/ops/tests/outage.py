from contextlib import contextmanager

from django.db import connections


@contextmanager
def database_away():
    """The database is away: the default connection now points at a database that cannot be
    reached — on SQLite a file in a directory that does not exist, on PostgreSQL a closed port —
    so every query fails in the real driver with OperationalError, as during a restart. The real
    connection (with the test's data) comes back on leaving."""
    real = connections["default"]
    away = dict(real.settings_dict)
    if real.vendor == "sqlite":
        away["NAME"] = "/nonexistent-jiangxin-outage/db.sqlite3"
    else:
        away.update(HOST="127.0.0.1", PORT="1")
    connections["default"] = real.__class__(away, alias="default")
    try:
        yield
    finally:
        connections["default"].close()
        connections["default"] = real
