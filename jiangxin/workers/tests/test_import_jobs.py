"""A job whose worker died: detected, failed with a reason, retried or cancelled from its page.

Real rows throughout: the job, and the django-tasks result its worker had claimed."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from jiangxin import factories as f
from jiangxin.workers import import_jobs, importing
from jiangxin.workers.models import ImportJob
from jiangxin.workers.tests.files import row, xlsx
from jiangxin.workers.tests.test_import import io_file


@pytest.fixture
def queued(cast, login, settings, django_capture_on_commit_callbacks):
    """An upload of 20 rows handed to the job queue (as every file over the inline limit is)."""
    f.occupation()
    settings.IMPORT_INLINE_MAX_BYTES = 0
    client = login(cast["town_admin"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("import_new"), {"file": io_file(xlsx([row(i) for i in range(20)]), "名册.xlsx")}
        )
    return ImportJob.objects.latest("pk")


def _worker_died(job: ImportJob, *, minutes: int) -> ImportJob:
    """The worker claimed the task, wrote 0 of 50000 rows, and was killed ``minutes`` ago."""
    DBTaskResult.objects.get(id=job.task_id).claim("worker-that-died")
    long_ago = timezone.now() - datetime.timedelta(minutes=minutes)
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.IMPORTING,
        phase="校验并写入（全部成功才生效）",
        total_rows=50000,
        processed_rows=0,
        heartbeat=long_ago,
    )
    job.refresh_from_db()
    return job


def test_the_task_id_is_kept_on_the_job(queued):
    assert queued.status == ImportJob.Status.QUEUED
    assert DBTaskResult.objects.filter(id=queued.task_id).exists()


def test_a_job_whose_worker_died_is_failed_with_a_reason_on_its_page(queued, cast, login):
    job = _worker_died(queued, minutes=10)
    page = login(cast["town_admin"]).get(reverse("import_detail", args=[job.pk])).content.decode()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert "后台进程已停止" in job.message and "没有导入任何数据" in job.message
    assert job.message in page and "已处理 0 / 50000 行" not in page
    assert reverse("import_retry", args=[job.pk]) in page
    assert reverse("import_cancel", args=[job.pk]) in page


def test_the_list_and_the_api_see_it_failed_too(queued, cast, login):
    job = _worker_died(queued, minutes=10)
    login(cast["town_admin"]).get(reverse("import_list"))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED


def test_a_worker_that_is_alive_is_left_alone(queued, cast, login):
    job = _worker_died(queued, minutes=10)
    ImportJob.objects.filter(pk=job.pk).update(heartbeat=timezone.now())  # it stamped just now
    login(cast["town_admin"]).get(reverse("import_detail", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.IMPORTING


def test_a_job_still_waiting_in_the_queue_is_not_stale(queued, cast, login):
    ImportJob.objects.filter(pk=queued.pk).update(
        heartbeat=timezone.now() - datetime.timedelta(minutes=10)
    )
    login(cast["town_admin"]).get(reverse("import_detail", args=[queued.pk]))
    queued.refresh_from_db()
    assert queued.status == ImportJob.Status.QUEUED  # a worker will take it when one runs
    # …but not forever: after half an hour the user is told no worker seems to run.
    later = timezone.now() + datetime.timedelta(minutes=40)
    job = import_jobs.fail_if_stale(queued, now=later)
    assert job.status == ImportJob.Status.FAILED and "后台任务进程可能没有运行" in job.message


def test_a_failed_job_can_be_cancelled(queued, cast, login):
    job = _worker_died(queued, minutes=10)
    client = login(cast["town_admin"])
    response = client.post(reverse("import_cancel", args=[job.pk]))  # straight from the list
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CANCELLED


@pytest.mark.django_db(transaction=True)  # the worker closes its connection when done
def test_a_failed_job_can_be_retried_and_then_imports(
    queued, cast, login, django_capture_on_commit_callbacks
):
    job = _worker_died(queued, minutes=10)
    client = login(cast["town_admin"])
    client.get(reverse("import_detail", args=[job.pk]))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("import_retry", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportJob.Status.QUEUED and job.message == ""
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.READY and job.total_rows == 20


def test_only_the_uploader_sees_retry_and_cancel(queued, cast, login):
    job = _worker_died(queued, minutes=10)
    import_jobs.fail_if_stale(job)
    response = login(cast["platform"]).get(reverse("import_detail", args=[job.pk]))
    assert reverse("import_retry", args=[job.pk]) not in response.content.decode()
    assert login(cast["platform"]).post(reverse("import_retry", args=[job.pk])).status_code == 403


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_stamps_while_the_work_runs(queued):
    import time

    before = ImportJob.objects.get(pk=queued.pk).heartbeat
    with importing.heartbeat(queued.pk, every=0.05):
        time.sleep(0.3)
    assert ImportJob.objects.get(pk=queued.pk).heartbeat > before
