from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS
from django.utils.translation import gettext as _

from jiangxin.audit.services import prune

# The pruner's own database role (AUDIT_PRUNE_DATABASE_URL, settings.py), where one is set.
PRUNE_ALIAS = "audit_prune"


class Command(BaseCommand):
    help = _(
        "删除超过保留期（AUDIT_RETENTION_DAYS，至少180天）的审计日志，并把这次清理记入审计日志。"
        "这是删除审计日志的唯一途径；配置了 AUDIT_PRUNE_DATABASE_URL 时以其专用数据库角色执行。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--database",
            default=None,
            help=_("使用的数据库连接（默认：audit_prune，未配置时为 default）"),
        )

    def handle(self, *args, database=None, **options):
        using = database or (PRUNE_ALIAS if PRUNE_ALIAS in settings.DATABASES else DEFAULT_DB_ALIAS)
        count = prune(using=using)
        self.stdout.write(_("已删除 {count} 条过期审计日志").format(count=count))
