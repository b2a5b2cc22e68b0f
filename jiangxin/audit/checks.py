"""The audit log's guard is in place: its triggers exist and no prune permit is left open
(``audit/append_only.py``). Errors whatever DEBUG says: a log that can be changed is not one."""

from django.core.checks import Error, Tags, register
from django.db import DEFAULT_DB_ALIAS, connections

from jiangxin.audit import append_only

REPAIR = (
    "python manage.py shell -c 'from django.db import connection; "
    "from jiangxin.audit import append_only; append_only.install(connection)'"
)


@register(Tags.security, Tags.database)
def audit_log_is_append_only(app_configs=None, databases=None, **kwargs):
    if DEFAULT_DB_ALIAS not in (databases or []):
        return []
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor not in append_only.TRIGGERS:
        return []
    if append_only.PERMIT_TABLE not in connection.introspection.table_names():
        return []  # before the migration that makes it
    errors = []
    missing = append_only.missing_triggers(connection)
    if missing:
        errors.append(
            Error(
                f"The audit log can be changed: triggers missing on "
                f"{append_only.TABLE}: {', '.join(missing)} (a migration that rebuilt the "
                f"table on SQLite drops them).",
                hint=f"Put them back: {REPAIR}",
                id="audit.E001",
            )
        )
    if append_only.permits_left_open(connection):
        errors.append(
            Error(
                f"A prune permit is left committed in {append_only.PERMIT_TABLE}: anyone may "
                f"delete from the audit log.",
                hint=f"As the tables' owner: DELETE FROM {append_only.PERMIT_TABLE};",
                id="audit.E002",
            )
        )
    return errors
