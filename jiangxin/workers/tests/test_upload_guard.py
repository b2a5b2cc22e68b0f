"""Upload bombs through the real pages and the API: the sparse sheet and the zip bombs of the
report refused with a Chinese message, quickly, without this process (the app server) growing,
and the site still answering; a CSV that is not text refused with a message, not a 500; files
checked by extension and content; kept outside the web root and never served."""

# ruff: noqa: F811  (the import page's fixtures come from test_import)

import resource
import time

import pytest
from django.core.management import call_command
from django.urls import reverse

from jiangxin.core import uploads
from jiangxin.core.tests.sheetfiles import sparse_sheet, zip_bomb
from jiangxin.workers.models import ImportJob, Worker
from jiangxin.workers.tests.files import row, xlsx
from jiangxin.workers.tests.test_import import io_file, roster, upload  # noqa: F401

MB = 1024 * 1024


def peak_kb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def refusal_text(result) -> str:
    """The message the uploader sees: on the form, or on the job's page."""
    if isinstance(result, ImportJob):
        assert result.status == ImportJob.Status.INVALID, result.status
        return result.message
    assert result.status_code == 200
    return result.content.decode()


def site_still_answers(login, user) -> None:
    client = login(user)
    assert client.get(reverse("import_list")).status_code == 200
    assert client.get(reverse("worker_list")).status_code == 200


def test_the_sparse_sheet_is_refused_on_the_import_page_at_once(roster, upload, login):
    before, start = peak_kb(), time.perf_counter()
    job = upload(roster["town_admin"], sparse_sheet(), "名册.xlsx")
    seconds = time.perf_counter() - start
    assert "表格范围过大" in refusal_text(job) and "1048576 行" in job.message
    page = login(roster["town_admin"]).get(reverse("import_detail", args=[job.pk]))
    assert job.message in page.content.decode()
    assert seconds < 1.0
    assert peak_kb() - before < 100 * 1024
    assert Worker.objects.count() == 3  # the cast's own
    site_still_answers(login, roster["town_admin"])


@pytest.mark.parametrize("directory", ["honest", "lying"])
def test_the_256_kb_bomb_is_refused_in_the_request(roster, upload, login, directory):
    data = zip_bomb(256 * 1024, declared_size=64 * 1024 if directory == "lying" else None)
    before, start = peak_kb(), time.perf_counter()
    result = upload(roster["town_admin"], data, "名册.xlsx")
    assert "疑似压缩炸弹" in refusal_text(result)
    # honest: refused from the file's directory, before anything is stored
    assert isinstance(result, ImportJob) is (directory == "lying")
    assert time.perf_counter() - start < 1.0
    assert peak_kb() - before < 100 * 1024
    site_still_answers(login, roster["town_admin"])


@pytest.mark.django_db(transaction=True)  # the worker closes its connection when done
def test_the_1_mb_bomb_is_refused_by_the_job_worker(roster, upload, login):
    data = zip_bomb(1024 * 1024, declared_size=256 * 1024)  # the directory lies: it is queued
    job = upload(roster["town_admin"], data, "名册.xlsx")
    assert job.status == ImportJob.Status.QUEUED
    before, start = peak_kb(), time.perf_counter()
    call_command("run_worker", "--batch", "--no-startup-delay", "--worker-id", "w1", verbosity=0)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.INVALID and "疑似压缩炸弹" in job.message
    assert time.perf_counter() - start < 5.0
    assert peak_kb() - before < 100 * 1024
    site_still_answers(login, roster["town_admin"])


@pytest.mark.django_db(transaction=True)
def test_the_job_worker_imports_a_real_roster_under_its_ceiling(roster, upload, settings):
    """run_worker parses in line under its memory ceiling (no child process): the roster goes
    through the guard and imports as before."""
    settings.IMPORT_INLINE_MAX_BYTES = 0
    job = upload(roster["town_admin"], xlsx([row(900 + i) for i in range(40)]))
    call_command("run_worker", "--batch", "--no-startup-delay", "--worker-id", "w2", verbosity=0)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.READY and job.total_rows == 40


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xe5\xa7\x93\xe5\x90\x8d,b\n" * 2000 + b"\x00\x01\x02", "不是表格文件"),
        (b"\x01\x02\x03\x04\x05\x06" * 500, "不是表格文件"),
        ("姓名,公民身份号码\n".encode() + b'"' + b"x" * 200_000 + b'",1\n', "CSV 文件第"),
    ],
    ids=["NUL after the first 4 KB", "binary", "a 200 KB cell"],
)
def test_a_csv_that_is_not_text_gets_a_chinese_message_not_a_500(
    roster, upload, login, content, message
):
    result = upload(roster["town_admin"], content, "名册.csv")
    assert message in refusal_text(result)
    site_still_answers(login, roster["town_admin"])


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"name,id\n", "roster.html", "只能上传 .xlsx、.xls 或 .csv 文件"),
        (b"MZ\x90\x00\x03\x00\x00\x00", "roster.xlsx", "不是表格文件"),
        (b"%PDF-1.7\n", "roster.xls", "不是表格文件"),
    ],
    ids=["a web page's extension", "a program", "a PDF"],
)
def test_uploads_are_checked_by_extension_and_content(roster, upload, content, name, message):
    response = upload(roster["town_admin"], content, name)
    assert message in refusal_text(response)
    assert not ImportJob.objects.exists()


def test_the_api_refuses_a_bomb_with_a_chinese_message(
    roster, client, django_capture_on_commit_callbacks
):
    from jiangxin.accounts.services import create_api_token

    _row, token = create_api_token(by=roster["town_admin"], name="sync")
    response = client.post(
        "/api/v1/imports",
        {"file": io_file(zip_bomb(256 * 1024), "名册.xlsx")},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 400 and "疑似压缩炸弹" in response.json()["detail"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/imports",
            {"file": io_file(sparse_sheet(), "名册.xlsx")},
            headers={"Authorization": f"Bearer {token}"},
        )
    assert response.status_code == 201
    job = ImportJob.objects.get(pk=response.json()["id"])
    assert job.status == ImportJob.Status.INVALID and "表格范围过大" in job.message


def test_a_stored_upload_is_named_by_its_content_and_never_served(roster, upload, login):
    job = upload(roster["town_admin"], xlsx([row(950)]), "名册.xls")  # an .xlsx named .xls
    assert job.file.name.endswith(".xlsx") and "名册" not in job.file.name
    client = login(roster["town_admin"])
    assert client.get("/media/" + job.file.name).status_code == 404
    assert client.get("/static/../media/" + job.file.name).status_code == 404


def test_what_the_site_hands_back_is_an_attachment_that_is_not_sniffed(roster, upload, login):
    job = upload(roster["town_admin"], xlsx([row(960, mobile="1")]))
    response = login(roster["town_admin"]).get(reverse("import_errors", args=[job.pk]))
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_deploy_check_refuses_uploads_inside_the_static_root(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.MEDIA_ROOT = tmp_path / "static" / "media"
    assert [e.id for e in uploads.uploads_outside_the_web_root(None)] == ["jiangxin.E030"]
    settings.MEDIA_ROOT = tmp_path / "media"
    assert uploads.uploads_outside_the_web_root(None) == []  # and no URL serves files


def test_the_confirm_step_checks_bytes_that_differ_from_those_the_guard_let_through(roster, upload):
    """Validation records the SHA-256 of the bytes the guard passed; the confirm step parses
    those bytes without a second check, but a file changed in between (storage tampered with)
    is checked afresh and refused."""
    from jiangxin.workers.importing import run_apply

    job = upload(roster["town_admin"], xlsx([row(970)]))
    assert job.status == ImportJob.Status.READY and len(job.checked_sha256) == 64
    with open(job.file.path, "wb") as fh:
        fh.write(sparse_sheet())
    run_apply(job.pk)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.INVALID and "表格范围过大" in job.message
    assert Worker.objects.count() == 3  # the cast's own: nothing written


def test_the_confirm_step_imports_the_checked_bytes(roster, upload):
    from jiangxin.workers.importing import run_apply

    job = upload(roster["town_admin"], xlsx([row(971)]))
    run_apply(job.pk)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.new_count == 1
