from django.core.management.base import BaseCommand

from jiangxin.audit.services import prune


class Command(BaseCommand):
    help = "删除超过保留期（AUDIT_RETENTION_DAYS，至少180天）的审计日志"

    def handle(self, *args, **options):
        self.stdout.write(f"已删除 {prune()} 条过期审计日志")
