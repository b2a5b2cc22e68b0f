"""``flush`` empties every table, the audit log included.

The audit log refuses deletes without the prune permit (``audit/append_only.py``), so Django's
own ``flush`` would stop at it. Wiping the whole database is an operator's act on the server (the
test runner does it between live-server tests), not a path of the application; this command
holds the permit for that one transaction. Under separate PostgreSQL roles
(``audit/db_roles.py``) the application's role still cannot truncate the log."""

from django.core.management.commands import flush
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils.translation import gettext as _

from jiangxin.audit.append_only import PERMIT_TABLE, prune_permit


class Command(flush.Command):
    def handle(self, **options):
        database = options.get("database") or DEFAULT_DB_ALIAS
        if options.get("interactive", True):  # asked before the transaction opens
            answer = input(
                _(
                    "将清空数据库 {name} 的全部数据，审计日志也在内，且无法恢复。输入 yes 继续："
                ).format(name=database)
            )
            if answer != "yes":
                self.stdout.write(_("已取消。"))
                return
        options = {**options, "interactive": False}
        if PERMIT_TABLE not in connections[database].introspection.table_names():
            return super().handle(**options)  # a database migrated back before the guard
        with prune_permit(database):
            return super().handle(**options)
