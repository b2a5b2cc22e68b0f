"""What a person changes on their own account (我的账号): the password, and the second factor
where it is optional. Each change is audited with the account as both actor and object.

- A new password passes ``AUTH_PASSWORD_VALIDATORS`` and ends every session of the account
  (``twofactor.end_sessions``); the page that made the change keeps its own session.
- The second factor may be removed only where ``twofactor.requires_2fa`` does not hold
  (``may_remove_two_factor``); its recovery codes go with it."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jiangxin.accounts import twofactor
from jiangxin.accounts.models import RecoveryCode, TotpDevice, User
from jiangxin.audit.services import record

# AuditEntry.action holds 14 characters.
PASSWORD_CHANGED = "password_chg"
TWO_FACTOR_REMOVED = "2fa_removed"


@transaction.atomic
def change_password(*, user: User, password: str, ip: str | None = None) -> None:
    """Set ``user``'s new password (the current one is checked by the caller, through the
    login's lockout) and end every session of the account; ``user.session_generation`` is
    the new generation afterwards, for the session that stays."""
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    twofactor.end_sessions(user)
    user.refresh_from_db(fields=["session_generation"])
    record(actor=user, ip=ip, action=PASSWORD_CHANGED, obj=user)


def may_remove_two_factor(user: User) -> bool:
    """Whoever must use the second factor (``requires_2fa``) may not turn it off."""
    return not twofactor.requires_2fa(user)


@transaction.atomic
def remove_two_factor(*, user: User, ip: str | None = None) -> None:
    """Delete the person's device and recovery codes; refused where the second factor is
    required, and when there is none to remove."""
    if not may_remove_two_factor(user):
        raise PermissionDenied(_("您的账号须使用双因素认证，不能关闭。"))
    if twofactor.confirmed_device(user) is None:
        raise ValidationError(_("您尚未启用双因素认证。"))
    TotpDevice.objects.filter(user=user).delete()
    RecoveryCode.objects.filter(user=user).delete()
    record(actor=user, ip=ip, action=TWO_FACTOR_REMOVED, obj=user)
