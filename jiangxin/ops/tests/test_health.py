"""/healthz says the process answers (no database); /readyz says whether this server can do
its work: the database answers, every migration is applied, a job worker is alive."""

import datetime

import pytest
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client
from django.utils import timezone

from jiangxin.ops.heartbeat import beat
from jiangxin.ops.models import WorkerHeartbeat


def test_healthz_answers_without_the_database():
    """No ``db`` fixture: any query would raise."""
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_while_the_database_is_away(outage):
    assert Client().get("/healthz").status_code == 200


def test_readyz_is_ready_with_the_database_migrated_and_a_worker_alive(db):
    beat(worker_id="w1", started_at=timezone.now())
    response = Client().get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "failed": [],
        "checks": {"database": "ok", "migrations": "ok", "worker": "ok"},
    }


def test_readyz_fails_naming_the_database_when_it_is_gone(outage):
    response = Client(raise_request_exception=False).get("/readyz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "fail",
        "failed": ["database", "migrations", "worker"],
        "checks": {"database": "unreachable", "migrations": "skipped", "worker": "skipped"},
    }


def test_readyz_fails_naming_the_worker_when_its_heartbeat_is_old(db, settings):
    settings.READYZ_WORKER_SECONDS = 60
    beat(worker_id="w1", started_at=timezone.now())
    WorkerHeartbeat.objects.update(beat_at=timezone.now() - datetime.timedelta(seconds=61))
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["failed"] == ["worker"]
    assert response.json()["checks"]["worker"] == "no heartbeat within 60 s"


def test_readyz_without_a_worker_check(db, settings):
    settings.READYZ_WORKER_SECONDS = 0
    assert Client().get("/readyz").status_code == 200


def test_readyz_fails_naming_unapplied_migrations(db):
    beat(worker_id="w1", started_at=timezone.now())
    MigrationRecorder.Migration.objects.filter(app="ops", name="0001_worker_heartbeat").delete()
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["failed"] == ["migrations"]
    assert response.json()["checks"]["migrations"] == "1 pending"


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes_answer_over_plain_http_in_production(db, settings, path):
    """A load balancer checks the app server directly, without TLS."""
    settings.SECURE_SSL_REDIRECT = True
    settings.READYZ_WORKER_SECONDS = 0
    assert Client().get(path).status_code == 200
    assert Client().get("/accounts/login/").status_code == 301  # the pages do redirect


def test_a_worker_stamps_its_row_and_a_dead_one_is_pruned(db):
    started = timezone.now()
    WorkerHeartbeat.objects.create(
        worker_id="gone",
        hostname="h",
        pid=1,
        started_at=started,
        beat_at=started - datetime.timedelta(days=2),
    )
    beat(worker_id="w1", started_at=started)
    beat(worker_id="w1", started_at=started)
    row = WorkerHeartbeat.objects.get()
    assert row.worker_id == "w1" and row.started_at == started and row.beat_at >= started
