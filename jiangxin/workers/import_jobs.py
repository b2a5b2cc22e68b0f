"""An import job after its upload: confirm, cancel, retry — and telling when nobody works on it.

A job is worked on by the request (small files) or by the django-tasks worker; whoever does it
stamps ``ImportJob.heartbeat`` as it goes (``importing.heartbeat`` keeps stamping through the
long write transaction). A job still active with no stamp for ``IMPORT_STALE_SECONDS`` has lost
its worker (killed, out of memory, database restarted under it): ``fail_if_stale`` marks it
failed with a reason the user reads, and the user may retry it or cancel it. Nothing was
written, because the write is one transaction, rolled back with the dead connection. A job whose
task is still waiting in the queue is not stale: it starts when a worker runs.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import default_task_backend
from django_tasks.base import TaskResultStatus
from django_tasks.exceptions import TaskResultDoesNotExist

from jiangxin.accounts.models import User
from jiangxin.workers import importing, policies
from jiangxin.workers.models import ImportJob

QUEUE_PATIENCE = datetime.timedelta(minutes=30)


def stale_after() -> datetime.timedelta:
    return datetime.timedelta(seconds=getattr(settings, "IMPORT_STALE_SECONDS", 120))


def task_status(job: ImportJob) -> str | None:
    """The django-tasks status of the job's task (READY, RUNNING…), None when there is none."""
    if not job.task_id:
        return None
    try:
        return default_task_backend.get_result(job.task_id).status
    except (TaskResultDoesNotExist, NotImplementedError, ValueError):
        return None


def stale_reason(job: ImportJob, *, now: datetime.datetime | None = None) -> str | None:
    """Why the job can no longer finish, or None while it may."""
    if job.status not in ImportJob.ACTIVE:
        return None
    quiet = (now or timezone.now()) - job.last_sign_of_life
    if quiet < stale_after():
        return None
    status = task_status(job)
    if status == TaskResultStatus.READY:
        if quiet < QUEUE_PATIENCE:
            return None  # waiting for the worker, which takes jobs one at a time
        return _(
            "本次导入排队超过 {minutes} 分钟仍未开始，后台任务进程可能没有运行，"
            "没有导入任何数据。请联系系统管理员，或取消本次导入。"
        ).format(minutes=int(QUEUE_PATIENCE.total_seconds() // 60))
    if status == TaskResultStatus.FAILED:
        return _("后台任务出错，本次没有导入任何数据。请点“重新校验”再试，或取消本次导入。")
    return _(
        "处理本次导入的后台进程已停止（{minutes} 分钟没有进展），本次没有导入任何数据。"
        "请点“重新校验”再试，或取消本次导入。"
    ).format(minutes=max(1, int(quiet.total_seconds() // 60)))


def fail_if_stale(job: ImportJob, *, now: datetime.datetime | None = None) -> ImportJob:
    """Mark the job failed when its worker is gone; returns the job as it now stands."""
    reason = stale_reason(job, now=now)
    if reason is None:
        return job
    try:
        with transaction.atomic():
            locked = ImportJob.objects.select_for_update().get(pk=job.pk)
            # Unchanged since it was judged stale (a late heartbeat means it lives after all).
            if locked.status in ImportJob.ACTIVE and locked.heartbeat == job.heartbeat:
                locked.status = ImportJob.Status.FAILED
                locked.message = reason
                locked.phase = ""
                locked.finished = now or timezone.now()
                locked.save(update_fields=["status", "message", "phase", "finished"])
    except OperationalError:
        # SQLite: a writer still holds the database (so the job is alive after all); the
        # next look will tell.
        return job
    return locked


def fail_stale(jobs) -> list[ImportJob]:
    """``fail_if_stale`` over a list of jobs (only active ones are looked at)."""
    return [fail_if_stale(job) if job.is_active else job for job in jobs]


def _own(by: User, job: ImportJob, message: str) -> ImportJob:
    if not policies.can_manage_import(by, job):
        raise PermissionDenied(message)
    return ImportJob.objects.select_for_update().get(pk=job.pk)


@transaction.atomic
def confirm_import(*, by: User, ip: str | None = None, job: ImportJob) -> ImportJob:
    job = _own(by, job, _("只能确认自己上传的导入"))
    if job.status != ImportJob.Status.READY:
        raise ValidationError(_("该导入不是“校验通过，待确认”状态，不能导入"))
    job.status = ImportJob.Status.QUEUED
    job.phase = _("排队等待导入")
    job.heartbeat = timezone.now()
    job.save(update_fields=["status", "phase", "heartbeat"])
    importing.queue_apply(job, ip=ip)
    return job


@transaction.atomic
def cancel_import(*, by: User, ip: str | None = None, job: ImportJob) -> ImportJob:
    """Drop a job that is waiting for confirmation, has errors, or failed (its worker gone)."""
    job = fail_if_stale(job)
    job = _own(by, job, _("只能取消自己上传的导入"))
    if job.status not in policies.CANCELLABLE:
        raise ValidationError(_("导入已经开始或已经结束，不能取消"))
    job.status = ImportJob.Status.CANCELLED
    job.finished = timezone.now()
    job.save(update_fields=["status", "finished"])
    return job


@transaction.atomic
def retry_import(*, by: User, ip: str | None = None, job: ImportJob) -> ImportJob:
    """Check a failed job's file again from the start; the user confirms it again after."""
    job = _own(by, job, _("只能重试自己上传的导入"))
    if job.status != ImportJob.Status.FAILED:
        raise ValidationError(_("只有失败的导入可以重新校验"))
    job.status = ImportJob.Status.QUEUED
    job.phase = _("排队等待校验")
    job.message = ""
    job.errors = []
    job.preview = []
    job.error_count = job.new_count = job.update_count = job.processed_rows = 0
    job.finished = None
    job.task_id = ""
    job.heartbeat = timezone.now()
    job.save()
    importing.queue_validation(job)
    return job
