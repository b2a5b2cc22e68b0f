from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from jiangxin.audit.services import prune


class Command(BaseCommand):
    help = _("删除超过保留期（AUDIT_RETENTION_DAYS，至少180天）的审计日志")

    def handle(self, *args, **options):
        self.stdout.write(_("已删除 {count} 条过期审计日志").format(count=prune()))
