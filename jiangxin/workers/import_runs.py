"""How a step of an import job runs in the job worker: with a heartbeat on the job row while
it works, its failures written on the job.

The worker runs under a memory ceiling (``core/ceiling.process_ceiling``, set by ``run_worker``):
a file that makes the parser run out of room fails its job with a message, not the worker. The
heartbeat is how a job whose worker died is told apart from one still working
(``import_jobs.fail_if_stale``).
"""

from __future__ import annotations

import threading
from contextlib import contextmanager, suppress

from django.db import DatabaseError, connections
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from jiangxin.workers.models import ImportJob

FAILED = gettext_noop("导入时发生系统错误，没有导入任何数据。请稍后重试或联系系统管理员。")
TOO_BIG = gettext_noop(
    "文件过大或结构异常，读取时超出了内存上限，没有导入任何数据。请删除多余的空行、空列和格式，或拆分成几个文件后再上传。"
)


def run_step(fn, job_id: int, *args) -> None:
    """Run a job step with the heartbeat going. In the job worker this runs under the worker's
    memory ceiling (``run_worker``): a file that makes the parser run out of room fails its job
    with a message (Python's ``MemoryError``), and the memory is back once the step unwinds."""
    try:
        with heartbeat(job_id):
            fn(job_id, *args)
    except MemoryError:
        ImportJob.objects.filter(pk=job_id).update(
            status=ImportJob.Status.INVALID,
            message=_(TOO_BIG),
            phase="",
            finished=timezone.now(),
            heartbeat=timezone.now(),
        )
    except Exception:
        ImportJob.objects.filter(pk=job_id).update(
            status=ImportJob.Status.FAILED,
            message=_(FAILED),
            finished=timezone.now(),
            heartbeat=timezone.now(),
        )
        raise


HEARTBEAT_SECONDS = 10


@contextmanager
def heartbeat(job_id: int, *, every: float = HEARTBEAT_SECONDS):
    """While the block runs, a thread stamps the job's heartbeat every few seconds on its own
    connection, so it shows even while the import's long transaction is open. The stamps stop
    when the worker process dies — which is how ``import_jobs.fail_if_stale`` tells."""
    stop = threading.Event()

    def beat():
        try:
            while not stop.wait(every):
                # Locked (SQLite) or restarting (PostgreSQL): the next beat may pass.
                with suppress(DatabaseError):
                    ImportJob.objects.filter(pk=job_id, status__in=ImportJob.ACTIVE).update(
                        heartbeat=timezone.now()
                    )
        finally:
            connections.close_all()

    thread = threading.Thread(target=beat, name=f"import-{job_id}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
