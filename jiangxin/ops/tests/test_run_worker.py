"""run_worker on any database: it runs the queue like db_worker, and its heartbeat thread stamps
the worker's row while it runs and removes it when it stops. (Surviving an outage needs a
database server to lose: test_worker.py, on PostgreSQL.)"""

import time

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django_tasks.base import TaskResultStatus

from jiangxin.ops.heartbeat import HeartbeatThread
from jiangxin.ops.models import WorkerHeartbeat
from jiangxin.ops.tests.tasks import double

pytestmark = pytest.mark.django_db(transaction=True)


def test_run_worker_runs_the_queue_and_leaves_no_heartbeat_behind():
    results = [double.enqueue(n) for n in (1, 2, 3)]
    call_command(
        "run_worker", "--batch", "--no-startup-delay", "--worker-id", "batch-1", verbosity=0
    )
    for result, n in zip(results, (1, 2, 3), strict=True):
        result.refresh()
        assert result.status == TaskResultStatus.SUCCESSFUL and result.return_value == 2 * n
    assert not WorkerHeartbeat.objects.exists()


def test_the_heartbeat_thread_stamps_until_stopped():
    thread = HeartbeatThread("beating", every=0.1)
    thread.start()
    try:
        first = _wait_for(lambda: _beat_at("beating"))
        _wait_for(lambda: (_beat_at("beating") or first) > first)
    finally:
        thread.stop()
    assert not thread.is_alive()
    assert not WorkerHeartbeat.objects.exists()


def _beat_at(worker_id):
    row = WorkerHeartbeat.objects.filter(worker_id=worker_id).first()
    return row.beat_at if row else None


def _wait_for(read, timeout=10.0):
    """Poll ``read`` until it is truthy. SQLite's shared in-memory test database answers
    "table is locked" to a read that meets the thread's write: that read is tried again."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if value := read():
                return value
        except OperationalError as error:
            if "locked" not in str(error):
                raise
        time.sleep(0.02)
    raise AssertionError("timed out")
