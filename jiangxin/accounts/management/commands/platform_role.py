from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from jiangxin.accounts import services
from jiangxin.accounts.models import PlatformRole, User


class Command(BaseCommand):
    help = _(
        "在服务器上分配或撤销平台角色（三员分立：system 系统管理员、security 安全管理员、"
        "audit 审计管理员），用于新安装时设置第一位安全管理员；此后请由安全管理员在“平台角色”页面办理。"
        "每次变更都记入审计日志。"
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("role", nargs="?", choices=PlatformRole.Role.values)
        parser.add_argument("--revoke", action="store_true", help=_("撤销该账号的平台角色"))

    def handle(self, *args, username, role, revoke, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("没有用户名为 {name} 的账号").format(name=username))
        if revoke:
            held = PlatformRole.objects.filter(user=user).first()
            if held is None:
                raise CommandError(_("{name} 没有平台角色").format(name=username))
            services.revoke_platform_role_on_console(platform_role=held)
            self.stdout.write(
                _("已撤销 {name} 的{role}").format(name=username, role=held.get_role_display())
            )
            return
        if role is None:
            raise CommandError(_("请给出角色：system、security 或 audit"))
        try:
            row = services.assign_platform_role_on_console(user=user, role=role)
        except ValidationError as err:
            raise CommandError(" ".join(err.messages)) from None
        self.stdout.write(_("{name} 现为{role}").format(name=username, role=row.get_role_display()))
