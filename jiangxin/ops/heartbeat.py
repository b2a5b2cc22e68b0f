"""The job worker's heartbeat: a thread of ``run_worker`` stamps the worker's
``WorkerHeartbeat`` row every ``WORKER_HEARTBEAT_SECONDS``, on its own database connection, so
the stamp keeps coming while the worker runs a long job (an import's write transaction).

A failed stamp (the database away) is logged and tried again at the next beat; the thread never
stops the worker. A clean stop removes the row; a dead worker's row stops changing, and is
deleted a day later by the next beat of any worker.
"""

import contextlib
import logging
import os
import socket
import threading
from datetime import datetime, timedelta

from django.conf import settings
from django.db import Error, close_old_connections, connection
from django.utils import timezone

from jiangxin.ops.models import WorkerHeartbeat

logger = logging.getLogger(__name__)
PRUNE_AFTER = timedelta(days=1)


def beat(*, worker_id: str, started_at: datetime) -> None:
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "hostname": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started_at": started_at,
            "beat_at": now,
        },
    )
    WorkerHeartbeat.objects.filter(beat_at__lt=now - PRUNE_AFTER).delete()


def worker_alive(*, within_seconds: int) -> bool:
    """Some worker stamped its row in the last ``within_seconds``."""
    since = timezone.now() - timedelta(seconds=within_seconds)
    return WorkerHeartbeat.objects.filter(beat_at__gte=since).exists()


class HeartbeatThread(threading.Thread):
    def __init__(self, worker_id: str, every: float | None = None):
        super().__init__(name="worker-heartbeat", daemon=True)
        self.worker_id = worker_id
        self.every = every if every is not None else settings.WORKER_HEARTBEAT_SECONDS
        self.started_at = timezone.now()
        self._stopping = threading.Event()

    def run(self) -> None:
        try:
            while True:
                self._beat_once()
                if self._stopping.wait(self.every):
                    break
            WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()
        except Error:
            logger.warning("worker heartbeat row not removed", exc_info=True)
        finally:
            drop_connection()  # this thread's own

    def stop(self, timeout: float = 5) -> None:
        self._stopping.set()
        self.join(timeout)

    def _beat_once(self) -> None:
        try:
            close_old_connections()  # a connection the database dropped is replaced here
            beat(worker_id=self.worker_id, started_at=self.started_at)
        except Error as error:
            logger.warning(
                "worker heartbeat failed (%s: %s); retrying in %s s",
                type(error).__name__,
                str(error).strip(),
                self.every,
            )
            drop_connection()


def drop_connection() -> None:
    """Close this thread's connection, even a broken one (its close may fail in turn): the
    next query opens a new one."""
    with contextlib.suppress(Error):
        connection.close()
