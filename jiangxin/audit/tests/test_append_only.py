"""The audit log is append-only in the database, on SQLite and PostgreSQL alike: no UPDATE,
DELETE or TRUNCATE through the application's connection, whatever the statement (raw SQL or
the ORM); ``prune_audit`` alone removes entries past the retention period, and records that it
did. (``test_db_roles`` adds PostgreSQL's separate roles.)"""

import datetime

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.db.models import F
from django.utils import timezone

from jiangxin import factories as f
from jiangxin.audit import append_only
from jiangxin.audit.checks import audit_log_is_append_only
from jiangxin.audit.clock import recorded_at
from jiangxin.audit.models import AuditEntry
from jiangxin.audit.services import record

POSTGRESQL = connection.vendor == "postgresql"


@pytest.fixture
def entry(cast):
    return record(
        action=AuditEntry.Action.UNMASK,
        actor=cast["town_admin"],
        ip="10.0.0.1",
        obj=cast["worker_a"],
        org_path=cast["worker_a"].org_path,
        changes={"fields": ["id_number"]},
    )


def _refused(sql: str, params=None) -> bool:
    """Refused by the guard (its message), not by anything else."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    except DatabaseError as err:
        return "append-only" in str(err) or "only prune_audit deletes" in str(err)
    return False


def _settle_constraints() -> None:
    """PostgreSQL will not truncate a table with deferred checks pending (the rows this test's
    transaction wrote): run them now, as a commit would."""
    if POSTGRESQL:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def _unchanged(entry) -> bool:
    now = AuditEntry.objects.get(pk=entry.pk)
    return [getattr(now, f.attname) for f in AuditEntry._meta.concrete_fields] == [
        getattr(entry, f.attname) for f in AuditEntry._meta.concrete_fields
    ]


def test_the_guarding_triggers_are_in_place(db):
    assert append_only.missing_triggers(connection) == []
    assert audit_log_is_append_only(databases=["default"]) == []


def test_a_raw_update_is_refused(entry):
    assert _refused(
        "UPDATE audit_auditentry SET actor_label = %s WHERE id = %s", ["someone else", entry.pk]
    )
    assert _unchanged(entry)


def test_a_raw_delete_is_refused(entry):
    assert _refused("DELETE FROM audit_auditentry WHERE id = %s", [entry.pk])
    assert _refused("DELETE FROM audit_auditentry")
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.skipif(not POSTGRESQL, reason="SQLite has no TRUNCATE")
def test_a_truncate_is_refused(entry):
    _settle_constraints()
    assert _refused("TRUNCATE audit_auditentry")
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


CHANGES = {
    "id": F("id") + 1_000_000,
    "at": datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC),
    "actor_label": "someone else",
    "ip": "10.9.9.9",
    "action": "delete",
    "org_path": "/999/",
    "object_type": "workers.honour",
    "object_id": "1",
    "object_repr": "nothing",
    "changes": {},
}


def test_every_column_is_guarded(entry):
    # Every column but the actor; a column added to the model and not to the trigger fails here.
    columns = {f.attname for f in AuditEntry._meta.concrete_fields} - {"actor_id"}
    assert columns == set(CHANGES) == set(append_only.KEPT_COLUMNS)
    for column, value in CHANGES.items():
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            AuditEntry.objects.filter(pk=entry.pk).update(**{column: value})
    assert _unchanged(entry)


def test_the_orm_deletes_nothing(entry):
    with pytest.raises(DatabaseError, match="only prune_audit deletes"), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(DatabaseError, match="only prune_audit deletes"), transaction.atomic():
        AuditEntry.objects.get(pk=entry.pk).delete()
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_the_one_change_allowed_is_a_deleted_accounts_name_kept(entry, cast):
    # Blanking the actor while touching anything else is refused…
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(actor=None, actor_label="")
    # …the account's deletion itself (on_delete=SET_NULL) is not: the entry keeps its name.
    cast["town_admin"].delete()
    entry.refresh_from_db()
    assert entry.actor is None and entry.actor_label == "town_admin"


def _aged(days: int, label: str) -> AuditEntry:
    with recorded_at(timezone.now() - datetime.timedelta(days=days)):
        return record(action=AuditEntry.Action.LOGIN, actor_label=label)


def test_prune_audit_removes_only_entries_past_the_retention_and_records_itself(
    cast, settings, capsys
):
    settings.AUDIT_RETENTION_DAYS = 200
    old = [_aged(400, "a"), _aged(201, "b")]
    kept = [_aged(199, "c"), _aged(0, "d")]
    call_command("prune_audit")
    assert "已删除 2 条过期审计日志" in capsys.readouterr().out
    assert not AuditEntry.objects.filter(pk__in=[e.pk for e in old]).exists()
    assert AuditEntry.objects.filter(pk__in=[e.pk for e in kept]).count() == 2
    pruned = AuditEntry.objects.get(action=AuditEntry.Action.PRUNE)
    assert pruned.actor_label == "prune_audit" and pruned.org_path == ""
    assert pruned.changes["deleted"] == 2 and pruned.changes["retention_days"] == 200
    assert pruned.changes["oldest"] == old[0].at.isoformat()
    assert pruned.changes["newest"] == old[1].at.isoformat()
    # The permit went with the transaction: the log is closed again.
    assert append_only.permits_left_open(connection) == 0
    assert _refused("DELETE FROM audit_auditentry WHERE id = %s", [kept[0].pk])


def test_the_check_reports_a_missing_trigger_and_an_open_permit(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "DROP TRIGGER audit_entry_no_delete" + (" ON audit_auditentry" if POSTGRESQL else "")
        )
        cursor.execute("INSERT INTO audit_prune_permit DEFAULT VALUES")
    errors = {e.id: e for e in audit_log_is_append_only(databases=["default"])}
    assert set(errors) == {"audit.E001", "audit.E002"}
    assert "audit_entry_no_delete" in errors["audit.E001"].msg
    # The hint's repair puts it back; the permit is the owner's to remove.
    append_only.install(connection)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_prune_permit")
    assert audit_log_is_append_only(databases=["default"]) == []


def test_flush_empties_the_log_too(entry):
    # The operator's wipe of the whole database (the test runner's between live-server tests).
    _settle_constraints()
    call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
    assert not AuditEntry.objects.exists()
    assert append_only.permits_left_open(connection) == 0


def test_an_entry_carries_the_time_it_was_written(db):
    before = timezone.now()
    entry = record(action=AuditEntry.Action.LOGIN, actor=f.user("someone"))
    assert before <= entry.at <= timezone.now()
