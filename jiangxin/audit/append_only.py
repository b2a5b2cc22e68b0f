"""The audit log is append-only in the database itself, on PostgreSQL and SQLite alike.

Triggers on ``audit_auditentry`` refuse:

- every UPDATE, but one: the entry's account deleted (``actor`` is ``SET_NULL``; the entry keeps
  ``actor_label``) — every other column must stay as it was;
- every DELETE (and on PostgreSQL every TRUNCATE) unless a *prune permit* row exists in
  ``audit_prune_permit``. ``prune_permit()`` inserts one, and removes it, inside the pruning
  transaction, so no other connection ever sees it (uncommitted); a permit left committed would
  open the log, and the ``audit.E002`` check reports it.

This guards against the application's own code and any statement that reaches the database
through it, whatever the database role (a superuser's too). Against someone holding the
application's database credentials, separate PostgreSQL roles add privileges
(``audit/db_roles.py``): the application's role may not write the permit table nor update,
delete or truncate the log; only the pruner's role may. ``flush`` (``audit/management``) is the
one other path: an operator wiping the whole database, as the test runner does.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connections, transaction

# The triggers' messages live in the database, in no one's language: data, not interface text.
__i18n_data__ = ("UPDATE_REFUSED", "DELETE_REFUSED")

TABLE = "audit_auditentry"
PERMIT_TABLE = "audit_prune_permit"
TRIGGERS = {
    "postgresql": ("audit_entry_no_update", "audit_entry_no_delete", "audit_entry_no_truncate"),
    "sqlite": ("audit_entry_no_update", "audit_entry_no_delete"),
}
UPDATE_REFUSED = "审计日志只能追加，不能修改 (audit log is append-only)"
DELETE_REFUSED = "审计日志只能由 prune_audit 清理过期记录 (audit log: only prune_audit deletes)"

# Every column but actor_id: an UPDATE may change nothing else (SQLite compares them one by one;
# PostgreSQL compares the whole row). ``test_append_only`` updates each column of the model and
# fails if one is missing here.
KEPT_COLUMNS = (
    "id",
    "at",
    "actor_label",
    "ip",
    "action",
    "org_path",
    "object_type",
    "object_id",
    "object_repr",
    "changes",
)

_POSTGRESQL = [
    f"CREATE TABLE IF NOT EXISTS {PERMIT_TABLE} "
    "(opened_at timestamp with time zone NOT NULL DEFAULT now())",
    f"""CREATE OR REPLACE FUNCTION audit_entry_refuse_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.actor_id IS NULL AND (to_jsonb(NEW) - 'actor_id') = (to_jsonb(OLD) - 'actor_id') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '{UPDATE_REFUSED}' USING ERRCODE = 'insufficient_privilege';
END
$$""",
    f"""CREATE OR REPLACE FUNCTION audit_entry_refuse_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM {PERMIT_TABLE}) THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION '{DELETE_REFUSED}' USING ERRCODE = 'insufficient_privilege';
END
$$""",
    f"CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON {TABLE} "
    "FOR EACH ROW EXECUTE FUNCTION audit_entry_refuse_update()",
    f"CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON {TABLE} "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_refuse_delete()",
    f"CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON {TABLE} "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_refuse_delete()",
]
_SQLITE = [
    f"CREATE TABLE IF NOT EXISTS {PERMIT_TABLE} "
    "(opened_at text NOT NULL DEFAULT CURRENT_TIMESTAMP)",
    f"""CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON {TABLE}
WHEN NOT (NEW.actor_id IS NULL AND {" AND ".join(f"NEW.{c} IS OLD.{c}" for c in KEPT_COLUMNS)})
BEGIN
    SELECT RAISE(ABORT, '{UPDATE_REFUSED}');
END""",
    f"""CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON {TABLE}
WHEN NOT EXISTS (SELECT 1 FROM {PERMIT_TABLE})
BEGIN
    SELECT RAISE(ABORT, '{DELETE_REFUSED}');
END""",
]
_DROP = {
    "postgresql": [
        f"DROP TRIGGER IF EXISTS audit_entry_no_update ON {TABLE}",
        f"DROP TRIGGER IF EXISTS audit_entry_no_delete ON {TABLE}",
        f"DROP TRIGGER IF EXISTS audit_entry_no_truncate ON {TABLE}",
        "DROP FUNCTION IF EXISTS audit_entry_refuse_update()",
        "DROP FUNCTION IF EXISTS audit_entry_refuse_delete()",
        f"DROP TABLE IF EXISTS {PERMIT_TABLE}",
    ],
    "sqlite": [
        "DROP TRIGGER IF EXISTS audit_entry_no_update",
        "DROP TRIGGER IF EXISTS audit_entry_no_delete",
        f"DROP TABLE IF EXISTS {PERMIT_TABLE}",
    ],
}


def _statements(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return _POSTGRESQL
    if vendor == "sqlite":
        return _SQLITE
    raise NotImplementedError(f"append-only audit log: no triggers for {vendor}")


def install(connection) -> None:
    """Create the permit table and the triggers (the migration calls this). Running it again
    puts back a trigger that went missing (``audit.E001``) and changes nothing else."""
    statements = _statements(connection.vendor)
    drops = [sql for sql in _DROP[connection.vendor] if sql.startswith("DROP TRIGGER")]
    with connection.cursor() as cursor:
        for sql in [statements[0], *drops, *statements[1:]]:
            cursor.execute(sql)


def uninstall(connection) -> None:
    with connection.cursor() as cursor:
        for sql in _DROP.get(connection.vendor, []):
            cursor.execute(sql)


def missing_triggers(connection) -> list[str]:
    """The guarding triggers absent from the database (all of them before the migration)."""
    expected = TRIGGERS.get(connection.vendor, ())
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal",
                [TABLE],
            )
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                [TABLE],
            )
        present = {row[0] for row in cursor.fetchall()}
    return [name for name in expected if name not in present]


def permits_left_open(connection) -> int:
    """Committed permits: each one lets anyone delete from the log."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {PERMIT_TABLE}")
        return cursor.fetchone()[0]


@contextmanager
def prune_permit(using: str = "default") -> Iterator[None]:
    """Deletes from the log are allowed inside the block, on this connection only: a transaction
    that holds the permit and removes it before committing (rolled back on any error)."""
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        cursor.execute(f"INSERT INTO {PERMIT_TABLE} DEFAULT VALUES")
        yield
        cursor.execute(f"DELETE FROM {PERMIT_TABLE}")
