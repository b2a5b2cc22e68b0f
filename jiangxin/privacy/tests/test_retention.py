"""Retention: each kind of record is deleted once it has been closed for more than its period
— at exactly the period it is kept — and open records never; each run is audited as counts."""

import datetime
from io import StringIO

import pytest
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from jiangxin import factories as f
from jiangxin.accounts.models import ApiToken, Grant, Registration, User
from jiangxin.audit.clock import recorded_at
from jiangxin.audit.models import AuditEntry
from jiangxin.core import crypto
from jiangxin.privacy import retention
from jiangxin.privacy.models import Consent, CorrectionRequest
from jiangxin.workers.models import ImportJob

NOW = timezone.make_aware(datetime.datetime(2025, 6, 30, 12, 0))
SECOND = datetime.timedelta(seconds=1)


@pytest.fixture
def periods(settings):
    settings.RETENTION_DAYS = {
        "rejected_registrations": 90,
        "import_jobs": 30,
        "closed_corrections": 365,
        "expired_api_tokens": 30,
        "expired_sessions": 0,
    }
    return {k: datetime.timedelta(days=v) for k, v in settings.RETENTION_DAYS.items()}


def _registration(cast, name: str, *, status: str, decided_at=None, active=None) -> Registration:
    user = User.objects.create_user(name, password=None, is_active=active is not False)
    f.consent(user)
    registration = Registration.objects.create(
        user=user,
        name=name,
        id_number_enc=crypto.encrypt(f.id_number()),
        id_number_hash=name,
        id_number_masked="3505**********0011",
        enterprise=cast["ent_a"],
        status=status,
    )
    Registration.objects.filter(pk=registration.pk).update(decided_at=decided_at)
    return registration


def test_rejected_registrations_go_with_their_accounts_after_the_period(cast, periods):
    edge = NOW - periods["rejected_registrations"]
    _registration(cast, "at-the-edge", status="rejected", decided_at=edge, active=False)
    gone = _registration(cast, "past-it", status="rejected", decided_at=edge - SECOND, active=False)
    # what the registrant did stays in the log, without the account
    trail = AuditEntry.objects.create(action="create", actor=gone.user, actor_label="past-it")
    pending = _registration(cast, "pending", status="pending", decided_at=None)
    Registration.objects.filter(pk=pending.pk).update(created=edge - datetime.timedelta(days=400))
    # rejected long ago, but the account has been given a role since: only the registration goes
    staff = _registration(
        cast, "now-staff", status="rejected", decided_at=edge - SECOND, active=False
    )
    Grant.objects.create(user=staff.user, organisation=cast["union_a"], role="viewer")

    counts = retention.prune(now=NOW)

    assert counts["rejected_registrations"] == 2
    assert set(Registration.objects.values_list("name", flat=True)) == {"at-the-edge", "pending"}
    assert not User.objects.filter(username="past-it").exists()
    assert not Consent.objects.filter(user_id=gone.user_id).exists()
    trail.refresh_from_db()
    assert trail.actor is None and trail.actor_label == "past-it"
    assert User.objects.filter(username="now-staff").exists()
    assert User.objects.filter(username="at-the-edge").exists()


def _job(status: str, *, finished=None, created=None, heartbeat=None) -> ImportJob:
    job = ImportJob.objects.create(
        created_by=f.root_user(), original_name="名册.xlsx", status=status, finished=finished
    )
    job.file.save(f"{status}-{job.pk}.csv", ContentFile(b"name,id\n"), save=True)
    ImportJob.objects.filter(pk=job.pk).update(
        created=created or finished or NOW, heartbeat=heartbeat
    )
    return job


def test_finished_imports_and_their_files_go_after_the_period(
    db, periods, django_capture_on_commit_callbacks
):
    edge = NOW - periods["import_jobs"]
    done_kept = _job("done", finished=edge)
    done_gone = _job("done", finished=edge - SECOND)
    invalid_gone = _job("invalid", finished=edge - datetime.timedelta(days=3))
    # waiting for a confirmation nobody gave: abandoned since it was last worked on
    ready_gone = _job("ready", created=edge - datetime.timedelta(days=9), heartbeat=edge - SECOND)
    ready_recent = _job("ready", created=edge - datetime.timedelta(days=9), heartbeat=edge + SECOND)
    running = _job("importing", created=edge - datetime.timedelta(days=60))

    with django_capture_on_commit_callbacks(execute=True):
        counts = retention.prune(now=NOW)

    assert counts["import_jobs"] == 3
    left = set(ImportJob.objects.values_list("pk", flat=True))
    assert left == {done_kept.pk, ready_recent.pk, running.pk}
    for job in (done_gone, invalid_gone, ready_gone):
        assert not default_storage.exists(job.file.name), job.status
    for job in (done_kept, ready_recent, running):
        assert default_storage.exists(job.file.name)


def _correction(cast, status: str, decided_at) -> CorrectionRequest:
    correction = CorrectionRequest.objects.create(
        worker=cast["worker_a"],
        requested_by=cast["worker_user"],
        item="name",
        details_enc=crypto.encrypt("柯宝馨"),
        status=status,
    )
    CorrectionRequest.objects.filter(pk=correction.pk).update(decided_at=decided_at)
    return correction


def test_closed_corrections_go_after_the_period_and_open_ones_never(cast, periods):
    edge = NOW - periods["closed_corrections"]
    kept = _correction(cast, "resolved", edge)
    gone = [
        _correction(cast, "resolved", edge - SECOND),
        _correction(cast, "rejected", edge - SECOND),
    ]
    still_open = _correction(cast, "open", None)
    CorrectionRequest.objects.filter(pk=still_open.pk).update(
        created=edge - datetime.timedelta(days=999)
    )

    assert retention.prune(now=NOW)["closed_corrections"] == 2
    assert set(CorrectionRequest.objects.values_list("pk", flat=True)) == {kept.pk, still_open.pk}
    assert gone


def test_api_tokens_go_once_expired_for_the_period(cast, periods):
    edge = NOW - periods["expired_api_tokens"]
    for name, expires in [
        ("expired-at-edge", edge),
        ("expired-before", edge - SECOND),
        ("expired-yesterday", NOW - datetime.timedelta(days=1)),
        ("valid", NOW + datetime.timedelta(days=60)),
    ]:
        ApiToken.objects.create(
            user=cast["town_admin"], name=name, token_hash=name, prefix=name[:8], expires=expires
        )

    assert retention.prune(now=NOW)["expired_api_tokens"] == 1
    left = set(ApiToken.objects.values_list("name", flat=True))
    assert left == {"expired-at-edge", "expired-yesterday", "valid"}


def test_sessions_go_once_expired(db, periods):
    Session.objects.create(session_key="a" * 32, session_data="", expire_date=NOW)
    Session.objects.create(session_key="b" * 32, session_data="", expire_date=NOW - SECOND)
    assert retention.prune(now=NOW)["expired_sessions"] == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == ["a" * 32]


def test_a_run_is_audited_as_counts_and_the_audit_log_is_left_alone(cast, periods):
    _correction(cast, "resolved", NOW - periods["closed_corrections"] - SECOND)
    with recorded_at(NOW - datetime.timedelta(days=5000)):
        old = AuditEntry.objects.create(action="login", actor_label="x")

    retention.prune(now=NOW)

    entry = AuditEntry.objects.get(object_type="privacy.retention")
    assert entry.action == "delete" and entry.actor is None
    assert entry.changes["deleted"]["closed_corrections"] == 1
    assert entry.changes["days"]["closed_corrections"] == 365
    assert "柯宝馨" not in str(entry.changes)  # counts, not contents
    assert AuditEntry.objects.filter(pk=old.pk).exists()


def test_the_command_reports_each_rule_and_a_dry_run_deletes_nothing(cast, periods):
    _correction(cast, "resolved", timezone.now() - periods["closed_corrections"] - SECOND)
    out = StringIO()
    call_command("prune_personal_data", "--dry-run", stdout=out)
    assert "已处理的更正申请（保留 365 天）：将删除 1 条" in out.getvalue()
    assert CorrectionRequest.objects.count() == 1
    assert not AuditEntry.objects.filter(object_type="privacy.retention").exists()
    out = StringIO()
    call_command("prune_personal_data", stdout=out)
    assert "已处理的更正申请（保留 365 天）：已删除 1 条" in out.getvalue()
    assert len(out.getvalue().splitlines()) == len(retention.RULES)
    assert CorrectionRequest.objects.count() == 0
