"""What ``/readyz`` checks, in order: the database answers, every migration on disk is applied,
and a job worker stamped its heartbeat within ``READYZ_WORKER_SECONDS`` (0: not checked).

Each check answers "ok" or a short reason in English for the operator (the body is read by load
balancers and people at a console, never shown to users); no reason carries a host name, a
password or a driver's message. When the database does not answer, the other two say "skipped".
"""

import functools

from django.conf import settings
from django.db import Error, connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from jiangxin.ops.heartbeat import drop_connection, worker_alive

OK = "ok"


def run_checks() -> dict[str, str]:
    database = check_database()
    if database != OK:
        return {"database": database, "migrations": "skipped", "worker": "skipped"}
    return {"database": OK, "migrations": check_migrations(), "worker": check_worker()}


def check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Error:
        drop_connection()  # the next probe connects afresh
        return "unreachable"
    return OK


@functools.cache
def _migrations_on_disk() -> tuple[frozenset[tuple[str, str]], dict]:
    """Read once per process: the code, and so its migrations, change only with a restart.
    Loaded without a connection, a squashed migration stands for the ones it replaces."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return frozenset(loader.graph.nodes), dict(loader.replacements)


def pending_migrations() -> list[tuple[str, str]]:
    nodes, replacements = _migrations_on_disk()
    applied = set(MigrationRecorder(connection).applied_migrations())
    for key, migration in replacements.items():
        if all(replaced in applied for replaced in migration.replaces):
            applied.add(key)
    return sorted(nodes - applied)


def check_migrations() -> str:
    try:
        pending = pending_migrations()
    except Error:
        return "unknown"
    return f"{len(pending)} pending" if pending else OK


def check_worker() -> str:
    within = settings.READYZ_WORKER_SECONDS
    if not within:
        return OK
    try:
        alive = worker_alive(within_seconds=within)
    except Error:  # e.g. the heartbeat table is not migrated yet
        return "unknown"
    return OK if alive else f"no heartbeat within {within} s"
