from django.core.management.base import BaseCommand
from django.db import connection
from django.utils.translation import gettext as _

from jiangxin.audit.db_roles import script


class Command(BaseCommand):
    help = _(
        "打印 PostgreSQL 角色分离的授权语句：应用角色不能修改或删除审计日志，"
        "只有清理角色（prune_audit）可以删除过期日志。由表的所有者执行。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--app-role", default="jiangxin_app")
        parser.add_argument("--pruner-role", default="jiangxin_audit_pruner")

    def handle(self, *args, app_role, pruner_role, **options):
        self.stdout.write(
            script(
                app_role=app_role,
                pruner_role=pruner_role,
                database=(connection.vendor == "postgresql" and connection.settings_dict["NAME"])
                or "jiangxin",
            ),
            ending="",
        )
