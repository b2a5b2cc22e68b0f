"""PostgreSQL with separate roles (``audit/db_roles.py``), as this machine can run it: the
application's role may add to the audit log but not change, delete or truncate it — nor open
it with a forged prune permit — and ``prune_audit`` deletes through the pruner's own role.

Run with DATABASE_URL=postgres://…; skipped on SQLite, which has no roles."""

import datetime

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.utils import timezone

from jiangxin.audit.clock import recorded_at
from jiangxin.audit.db_roles import grant_statements, script
from jiangxin.audit.models import AuditEntry
from jiangxin.audit.services import record

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's roles (DATABASE_URL=postgres://…)"
)
APP, PRUNER = "jx_duties_app", "jx_duties_pruner"  # roles are the cluster's: names of our own


def _drop_roles(cursor) -> None:
    for role in (APP, PRUNER):
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
        if cursor.fetchone():
            cursor.execute(f"DROP OWNED BY {role}")  # its grants in this database
            cursor.execute(f"DROP ROLE {role}")


@pytest.fixture
def roles(transactional_db):
    """The two roles, granted as the script says, on the test database (committed: the roles'
    own connections must see the tables' rows and grants)."""
    with connection.cursor() as cursor:
        _drop_roles(cursor)
        for role in (APP, PRUNER):
            cursor.execute(f"CREATE ROLE {role} LOGIN")
        for sql in grant_statements(app_role=APP, pruner_role=PRUNER):
            cursor.execute(sql)
    yield
    for alias in ("audit_prune",):
        if alias in connections.settings:
            connections[alias].close()
            del connections[alias]
            del connections.settings[alias]
    with connection.cursor() as cursor:
        _drop_roles(cursor)


def _connect(role: str) -> psycopg.Connection:
    s = connection.settings_dict
    return psycopg.connect(
        host=s["HOST"] or "127.0.0.1", port=s["PORT"] or 5432, dbname=s["NAME"], user=role
    )


def _refused(role: str, sql: str) -> bool:
    with _connect(role) as conn, conn.cursor() as cursor:
        try:
            cursor.execute(sql)
        except psycopg.errors.InsufficientPrivilege:
            return True
        return False


def test_the_application_role_adds_to_the_log_and_changes_nothing(roles):
    entry = record(action=AuditEntry.Action.LOGIN, actor_label="someone")
    with _connect(APP) as conn, conn.cursor() as cursor:
        cursor.execute("SELECT actor_label FROM audit_auditentry WHERE id = %s", [entry.pk])
        assert cursor.fetchone() == ("someone",)
        cursor.execute(
            "INSERT INTO audit_auditentry (at, actor_label, action, org_path, object_type, "
            "object_id, object_repr, changes) VALUES (now(), 'app', 'login', '', '', '', '', '{}')"
        )
    for sql in [
        f"UPDATE audit_auditentry SET actor_label = 'x' WHERE id = {entry.pk}",
        f"DELETE FROM audit_auditentry WHERE id = {entry.pk}",
        "TRUNCATE audit_auditentry",
        "INSERT INTO audit_prune_permit DEFAULT VALUES",  # the forged permit
    ]:
        assert _refused(APP, sql), sql
    assert AuditEntry.objects.filter(pk=entry.pk, actor_label="someone").exists()
    assert AuditEntry.objects.filter(actor_label="app").exists()


def test_the_application_role_may_still_delete_an_account_that_acted(roles):
    from jiangxin import factories as f

    someone = f.user("leaving")
    entry = record(action=AuditEntry.Action.LOGIN, actor=someone)
    with _connect(APP) as conn, conn.cursor() as cursor:
        # What Django runs for on_delete=SET_NULL, then the account's own row.
        cursor.execute("UPDATE audit_auditentry SET actor_id = NULL WHERE id = %s", [entry.pk])
        cursor.execute("DELETE FROM accounts_user WHERE id = %s", [someone.pk])
    entry.refresh_from_db()
    assert entry.actor_id is None and entry.actor_label == "leaving"
    assert _refused(
        APP, f"UPDATE audit_auditentry SET actor_id = NULL, ip = NULL WHERE id = {entry.pk}"
    )


def test_the_pruner_role_deletes_only_with_the_permit(roles):
    entry = record(action=AuditEntry.Action.LOGIN, actor_label="someone")
    with (
        _connect(PRUNER) as conn,
        conn.cursor() as cursor,
        pytest.raises(psycopg.errors.InsufficientPrivilege, match="only prune_audit"),
    ):
        cursor.execute(f"DELETE FROM audit_auditentry WHERE id = {entry.pk}")
    # …and touches no other table.
    assert _refused(PRUNER, "SELECT count(*) FROM workers_worker")
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_prune_audit_runs_through_the_pruners_own_role(roles, settings):
    settings.AUDIT_RETENTION_DAYS = 180
    with recorded_at(timezone.now() - datetime.timedelta(days=200)):
        old = record(action=AuditEntry.Action.LOGIN, actor_label="old")
    kept = record(action=AuditEntry.Action.LOGIN, actor_label="kept")
    connections.settings["audit_prune"] = {
        **connection.settings_dict,
        "USER": PRUNER,
        "PASSWORD": "",
    }
    # Opened here: the test case lets its database alone be reached lazily.
    connections["audit_prune"].connect()
    call_command("prune_audit", database="audit_prune")
    assert not AuditEntry.objects.filter(pk=old.pk).exists()
    assert AuditEntry.objects.filter(pk=kept.pk).exists()
    pruned = AuditEntry.objects.get(action=AuditEntry.Action.PRUNE)
    assert pruned.changes["deleted"] == 1
    with connections["audit_prune"].cursor() as cursor:
        cursor.execute("SELECT current_user")
        assert cursor.fetchone() == (PRUNER,)


def test_the_printed_script_holds_the_statements():
    text = script(app_role="jiangxin_app", pruner_role="jiangxin_audit_pruner")
    for sql in grant_statements(app_role="jiangxin_app", pruner_role="jiangxin_audit_pruner"):
        assert f"{sql};" in text
    with pytest.raises(ValueError):
        grant_statements(app_role="x; DROP TABLE y", pruner_role="p")
