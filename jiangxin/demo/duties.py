"""The demo's platform administrators (三员分立): the system administrator is the superuser
``platform`` (made with the roster); the security and audit administrators have accounts of
their own."""

from jiangxin.accounts.models import PlatformRole, User
from jiangxin.accounts.services import assign_platform_role, assign_platform_role_on_console


def build(*, password: str) -> dict[str, str]:
    """The two accounts and their duties. The first security administrator is set on the
    server's command line (as on a new installation); they assign the audit administrator."""

    def account(username, display):
        return User.objects.create_user(username=username, password=password, display_name=display)

    security = account("anquan", "安全管理员（演示）")
    assign_platform_role_on_console(user=security, role=PlatformRole.Role.SECURITY)
    assign_platform_role(
        by=security, user=account("shenji", "审计管理员（演示）"), role=PlatformRole.Role.AUDIT
    )
    return {
        "anquan": "安全管理员：授权、账号、登录锁定、平台角色",
        "shenji": "审计管理员：查阅全平台的审计日志，别无其他权限",
    }
