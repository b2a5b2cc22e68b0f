"""The security administrator's account workflows (账号与授权): create an account, deactivate
or reactivate it, clear its login lockout — each checked against a named policy and audited
under no node (``org_path`` "", read by the audit administrator). Grants go through
``services.grant_role`` / ``revoke_grant``; a password through ``reset.issue_reset_link``.

A new account gets no typed password: it is made with an unusable one, and the security
administrator hands over a one-time reset link (``accounts.reset``) with which its holder sets
their own. Deactivating ends every session of the account at once; the backend refuses an
inactive account's login, so it stays out until reactivated."""

from __future__ import annotations

from collections.abc import Iterable

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from jiangxin.accounts import policies, services
from jiangxin.accounts.backends import API_SCOPE
from jiangxin.accounts.models import User
from jiangxin.accounts.twofactor import end_sessions
from jiangxin.audit.models import AuditEntry
from jiangxin.audit.services import record, save_audited
from jiangxin.organisations.models import Organisation


@transaction.atomic
def create_account(
    *,
    by: User,
    ip: str | None = None,
    username: str,
    display_name: str,
    organisation: Organisation | None = None,
    role: str = "",
) -> User:
    """A new active account with no usable password, and, when ``organisation`` is given, its
    first grant (``role`` on that node, through ``services.grant_role``). The username is
    checked as on every account (never a mobile or ID number, unique); a failed grant undoes
    the account. Audited (create; the grant its own entry)."""
    if not policies.can_manage_accounts(by):
        raise PermissionDenied(_("只有安全管理员可以新建账号"))
    if organisation is not None and not role:
        raise ValidationError({"role": _("请选择要授予的角色：工会管理员或查看者")})
    user = User(username=username.strip(), display_name=display_name.strip())
    user.set_unusable_password()
    save_audited(
        user,
        by=by,
        ip=ip,
        org_path="",
        exclude=["password"],
        changes={"username": user.username, "display_name": user.display_name},
        duplicate=ValidationError({"username": _("该用户名已被使用，请换一个。")}),
    )
    if organisation is not None:
        services.grant_role(by=by, ip=ip, user=user, organisation=organisation, role=role)
    return user


def _set_active(*, by: User, ip: str | None, user: User, active: bool) -> User:
    if not policies.can_manage_accounts(by):
        raise PermissionDenied(_("只有安全管理员可以停用或启用账号"))
    if not policies.can_set_account_active(by, user):
        raise ValidationError(_("不能停用或启用自己的账号，请由另一位安全管理员办理。"))
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_active == active:
        return user
    user.is_active = active
    user.save(update_fields=["is_active"])
    record(
        action=AuditEntry.Action.UPDATE,
        actor=by,
        ip=ip,
        obj=user,
        changes={"is_active": [not active, active]},
    )
    return user


@transaction.atomic
def deactivate_account(*, by: User, ip: str | None = None, user: User) -> User:
    """Close an account: it can no longer log in, and every open session ends now. Never
    one's own. The grants stay (reactivating restores the same access)."""
    user = _set_active(by=by, ip=ip, user=user, active=False)
    end_sessions(user)
    return user


@transaction.atomic
def reactivate_account(*, by: User, ip: str | None = None, user: User) -> User:
    """Open a closed account again (its password and grants as they were)."""
    return _set_active(by=by, ip=ip, user=user, active=True)


def locked_usernames(usernames: Iterable[str]) -> set[str]:
    """Which of these accounts the login pages refuse now: django-axes counts failures per
    account name (``backends.axes_lockout_parameters``), and an account is locked while its
    failures within the cool-off period reach ``AXES_FAILURE_LIMIT``. One query."""
    names = list(usernames)
    if not names:
        return set()
    since = timezone.now() - get_cool_off()
    rows = (
        AccessAttempt.objects.filter(username__in=names, attempt_time__gte=since)
        .values("username")
        .annotate(failures=Sum("failures_since_start"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
    )
    return {row["username"] for row in rows}


@transaction.atomic
def unlock_account(*, by: User, ip: str | None = None, user: User) -> int:
    """Clear a locked account's failed attempts — on the login pages and at the API token
    endpoint (``api:<name>``, per address) alike — so its holder may log in again at once.
    Refused for an account that is not locked. Audited with the number of records cleared."""
    if not policies.can_unlock_account(by):
        raise PermissionDenied(_("只有安全管理员可以解除登录锁定"))
    name = user.get_username()
    if name not in locked_usernames([name]):
        raise ValidationError(_("该账号当前没有被锁定，无需解除。"))
    cleared = axes_reset(username=name) + axes_reset(username=API_SCOPE + name)
    record(
        action=AuditEntry.Action.UPDATE,
        actor=by,
        ip=ip,
        obj=user,
        changes={"lockout": "cleared", "attempts": cleared},
    )
    return cleared
