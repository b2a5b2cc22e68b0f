"""``manage.py run_worker``: django-tasks' ``db_worker`` (same options) that outlives the
database going away, and keeps a heartbeat for ``/readyz``.

``db_worker`` exits on any database error but "database is locked": a PostgreSQL restart or
failover, a dropped connection (``pg_terminate_backend``, a proxy's idle timeout) ends it. Here
such an error (``OperationalError``/``InterfaceError``) closes the broken connection, waits
(1 s, doubling to 30 s; back to 1 s after a quiet minute) and polls again; the queue is in the
database, so nothing enqueued meanwhile is lost. A job running when the connection broke may be
left "running" in django-tasks' table; an import's own heartbeat then lets the pages fail it
(``workers.import_jobs``). Anything else still ends the process, for the supervisor
(systemd ``Restart=always``, bin/demo's loop) to start again.
"""

import logging
import os
import time

from django.conf import settings
from django.core.management.base import CommandError
from django.db import InterfaceError, OperationalError
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker

from jiangxin.core import ceiling
from jiangxin.ops import logs
from jiangxin.ops.heartbeat import HeartbeatThread, drop_connection

logger = logging.getLogger("jiangxin.ops.worker")

DATABASE_ERRORS = (OperationalError, InterfaceError)
FIRST_DELAY, MAX_DELAY, QUIET_RESET = 1.0, 30.0, 60.0


class ResilientWorker(db_worker.Worker):
    def run(self) -> None:
        delay, last_failure = FIRST_DELAY, None
        while True:
            try:
                return super().run()
            except DATABASE_ERRORS as error:
                if not self.running:  # asked to stop: do not wait for the database
                    raise
                now = time.monotonic()
                if last_failure is not None and now - last_failure > QUIET_RESET:
                    delay = FIRST_DELAY
                logger.warning(
                    "database unavailable (%s: %s); the job worker retries in %.0f s",
                    type(error).__name__,
                    str(error).strip(),
                    delay,
                )
                drop_connection()
                self.startup_delay = False
                time.sleep(delay)
                delay, last_failure = min(delay * 2, MAX_DELAY), now

    def run_task(self, db_task_result) -> None:
        # A job's log lines carry its task id where a request's carry the request id.
        tokens = logs.bind(None, str(db_task_result.id))
        try:
            super().run_task(db_task_result)
        finally:
            logs.unbind(tokens)


class Command(db_worker.Command):
    help = (
        "Run the job worker: db_worker's options; survives the database going away and "
        "stamps a heartbeat for /readyz."
    )

    def handle(
        self,
        *,
        verbosity: int,
        queue_name: str,
        interval: float,
        batch: bool,
        backend_name: str,
        startup_delay: bool,
        reload: bool,
        max_tasks: int | None,
        worker_id: str,
        exclude_queues: str,
        **options,
    ) -> None:
        self.configure_logging(verbosity)
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = ResilientWorker(
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=excluded,
        )

        def run() -> None:
            heartbeat = HeartbeatThread(worker_id)
            heartbeat.start()
            try:
                # A runaway parse fails its job with a MemoryError, not the machine.
                with ceiling.process_ceiling(settings.IMPORT_WORKER_MEMORY_MB << 20):
                    worker.run()
            finally:
                heartbeat.stop()

        if reload and not batch:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()  # only the reloaded child runs the worker
            run_with_reloader(run)
        else:
            worker.configure_signals()
            run()
