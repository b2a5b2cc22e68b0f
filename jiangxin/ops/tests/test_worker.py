"""The job worker outlives a database outage (PostgreSQL): its connections are terminated
(``pg_terminate_backend``) while the database refuses new ones for a moment, as in a restart;
django-tasks' own ``db_worker`` dies of it, ``run_worker`` waits, reconnects, and runs a job
enqueued afterwards. Its heartbeat makes /readyz ready, and a clean stop removes it."""

import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django_tasks.base import TaskResultStatus

from jiangxin.ops.models import WorkerHeartbeat
from jiangxin.ops.tests.tasks import double

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="terminates the worker's PostgreSQL backend; SQLite has no server to lose",
    ),
]
WORKER_ID = "ops-test-worker"


@contextmanager
def worker(command: str, log: Path):
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "LOCAL_ENV_FILE": str(log.with_suffix(".env")),
        "WORKER_HEARTBEAT_SECONDS": "1",
    }
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "manage.py", command, "--no-reload", "--no-startup-delay"]
            + ["--interval", "0.2", "--worker-id", WORKER_ID],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            yield process
        finally:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


def run_job(value: int, timeout: float = 30) -> int:
    result = double.enqueue(value)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result.refresh()
        if result.status == TaskResultStatus.SUCCESSFUL:
            return result.return_value
        assert result.status in {TaskResultStatus.READY, TaskResultStatus.RUNNING}
        time.sleep(0.1)
    raise AssertionError(f"job {result.id} still {result.status} after {timeout} s")


def restart_database(refuse_for: float) -> None:
    """Every other connection to the test database is terminated, and for ``refuse_for``
    seconds none may be opened ("database is not currently accepting connections"). Said from
    the ``postgres`` database: a database cannot refuse connections from inside itself."""
    import psycopg

    db = connection.settings_dict
    admin = psycopg.connect(
        host=db["HOST"],
        port=db["PORT"],
        user=db["USER"],
        password=db["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )
    with admin:
        admin.execute(f'ALTER DATABASE "{db["NAME"]}" ALLOW_CONNECTIONS false')
        try:
            killed = admin.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                " WHERE datname = %s AND pid <> %s",
                [db["NAME"], own_backend()],
            ).fetchone()
            assert killed is not None and killed[0] >= 1  # the worker's connection was there
            time.sleep(refuse_for)
        finally:
            admin.execute(f'ALTER DATABASE "{db["NAME"]}" ALLOW_CONNECTIONS true')


def own_backend() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def test_django_tasks_own_worker_dies_of_it(tmp_path):
    """Why run_worker exists: the fault, reproduced with db_worker."""
    log = tmp_path / "db_worker.log"
    with worker("db_worker", log) as process:
        assert run_job(1) == 2
        restart_database(refuse_for=2)
        process.wait(10)
        assert process.returncode != 0
    assert "not currently accepting connections" in log.read_text()


def test_run_worker_survives_and_runs_a_job_enqueued_afterwards(tmp_path):
    log = tmp_path / "run_worker.log"
    with worker("run_worker", log) as process:
        assert run_job(1) == 2
        restart_database(refuse_for=2)
        back = time.monotonic()
        assert process.poll() is None, log.read_text()
        assert run_job(21) == 42, log.read_text()
        assert time.monotonic() - back < 30
        assert process.poll() is None
        assert "database unavailable" in log.read_text()  # it did meet the outage
        assert Client().get("/readyz").json()["checks"]["worker"] == "ok"
        process.send_signal(signal.SIGTERM)
        assert process.wait(10) == 0
    assert not WorkerHeartbeat.objects.filter(worker_id=WORKER_ID).exists()
