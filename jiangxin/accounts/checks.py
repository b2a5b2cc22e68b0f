"""Separation of duties at start-up: no account holds two platform duties.

The database allows one platform role per account and the role services refuse a superuser
(the system administrator) any other; the one way around both is the command line or the shell
(``createsuperuser`` over a role holder, ``is_superuser`` set by hand). With DEBUG off every
command that checks the database (``migrate``, ``check --database default``) refuses to go on
while such an account exists; in development it is a warning."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.db import DEFAULT_DB_ALIAS, connections


@register(Tags.security, Tags.database)
def one_platform_duty_per_account(app_configs=None, databases=None, **kwargs):
    from jiangxin.accounts.models import PlatformRole, User

    if DEFAULT_DB_ALIAS not in (databases or []):
        return []
    connection = connections[DEFAULT_DB_ALIAS]
    if PlatformRole._meta.db_table not in connection.introspection.table_names():
        return []  # before the migration that makes it
    doubled = list(
        User.objects.filter(is_superuser=True, platform_role__isnull=False)
        .exclude(platform_role__role=PlatformRole.Role.SYSTEM)
        .order_by("username")
        .values_list("username", "platform_role__role")
    )
    if not doubled:
        return []
    level, code = (Warning, "accounts.W001") if settings.DEBUG else (Error, "accounts.E001")
    names = ", ".join(f"{username} (system + {role})" for username, role in doubled)
    return [
        level(
            f"Accounts holding two platform duties (a superuser is the system administrator): "
            f"{names}.",
            hint="Take the other role back on the platform roles page (/accounts/platform-roles/) or "
            "with `manage.py platform_role <username> --revoke`, or clear is_superuser.",
            id=code,
        )
    ]
