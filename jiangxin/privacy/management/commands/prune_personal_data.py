from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from jiangxin.privacy import retention


class Command(BaseCommand):
    help = _(
        "删除超过保留期（RETENTION_DAYS）的个人信息记录：被驳回的注册、已结束的导入及其文件、"
        "已处理的更正申请、过期的 API 令牌、过期会话；数量记入审计日志"
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help=_("只统计将删除多少，不删除"))

    def handle(self, *args, dry_run=False, **options):
        counts = retention.prune(dry_run=dry_run)
        for rule in retention.RULES:
            line = _("{label}（保留 {days} 天）：{verb} {count} 条").format(
                label=rule.label,
                days=retention.days(rule),
                verb=_("将删除") if dry_run else _("已删除"),
                count=counts[rule.key],
            )
            self.stdout.write(line)
