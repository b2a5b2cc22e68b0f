"""Separate PostgreSQL roles, so the audit log's protection does not rest on the application's
good behaviour alone (``append_only``'s triggers guard against its code; privileges guard against
someone holding its database password).

Three roles (created by the DBA; ``manage.py audit_db_roles`` prints the grants):

- the *owner* runs ``migrate`` and owns every table, the triggers included — only it could drop
  them; the application never connects as it;
- the *application* (``DATABASE_URL``) reads and writes every table, but may not update (but
  for blanking the actor of a deleted account), delete or truncate the audit log, nor write the
  prune permit (so it cannot open the log either);
- the *pruner* (``AUDIT_PRUNE_DATABASE_URL``, used by ``prune_audit`` alone) may read, delete
  from and add to the log (its own entry) and write the permit, and nothing else.

The statements are run by the owner after ``migrate`` (``ALTER DEFAULT PRIVILEGES`` covers the
tables later migrations make; running them again is harmless).
"""

from __future__ import annotations

import re

from jiangxin.audit.append_only import PERMIT_TABLE, TABLE

_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def _role(name: str) -> str:
    if not _NAME.match(name):
        raise ValueError(f"not a plain role name: {name!r}")
    return name


def grant_statements(*, app_role: str, pruner_role: str) -> list[str]:
    """The owner's GRANT and REVOKE statements for the two roles, in order."""
    app, pruner = _role(app_role), _role(pruner_role)
    return [
        f"GRANT USAGE ON SCHEMA public TO {app}, {pruner}",
        # The application: every table, less the changes the log must never see.
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {app}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {app}",
        "ALTER DEFAULT PRIVILEGES IN SCHEMA public "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {app}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {app}",
        f"REVOKE UPDATE, DELETE, TRUNCATE ON {TABLE} FROM {app}",
        # An account's deletion blanks its entries' actor (the trigger allows nothing else).
        f"GRANT UPDATE (actor_id) ON {TABLE} TO {app}",
        # The trigger reads the permit table as the caller: reading stays, writing goes.
        f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON {PERMIT_TABLE} FROM {app}",
        # The pruner: the log and its permit, nothing else.
        f"GRANT SELECT, INSERT, DELETE ON {TABLE} TO {pruner}",
        f"GRANT SELECT, INSERT, DELETE ON {PERMIT_TABLE} TO {pruner}",
    ]


def script(*, app_role: str, pruner_role: str, database: str = "jiangxin") -> str:
    """The statements as a script for psql, with the roles' creation as comments."""
    app, pruner = _role(app_role), _role(pruner_role)
    lines = [
        "-- The audit log's database roles. Run as the tables' owner (the role that runs",
        "-- migrate), after migrate; running it again is harmless.",
        f"-- CREATE ROLE {app} LOGIN PASSWORD '…';      -- DATABASE_URL",
        f"-- CREATE ROLE {pruner} LOGIN PASSWORD '…';   -- AUDIT_PRUNE_DATABASE_URL",
        f"-- GRANT CONNECT ON DATABASE {database} TO {app}, {pruner};",
    ]
    lines += [f"{sql};" for sql in grant_statements(app_role=app, pruner_role=pruner)]
    return "\n".join(lines) + "\n"
