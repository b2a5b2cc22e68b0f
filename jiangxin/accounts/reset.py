"""The password reset path on an intranet without mail: an admin of the user's node makes a
one-time link (Django's PasswordResetTokenGenerator: it dies when the password changes and
after PASSWORD_RESET_TIMEOUT) and hands it over; the user sets a new password through it.
Both steps audited; the new password ends every session of the account."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _

from jiangxin.accounts import policies
from jiangxin.accounts.models import User
from jiangxin.accounts.twofactor import end_sessions
from jiangxin.audit.services import record


@transaction.atomic
def issue_reset_link(*, by: User, ip: str | None = None, user: User) -> str:
    """The path of a one-time reset link for ``user``."""
    if not policies.can_issue_password_reset(by, user):
        raise PermissionDenied(_("您不能为该账号生成重置密码链接"))
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    record(actor=by, ip=ip, action="reset_link", obj=user)
    return reverse("password_reset_confirm", args=[uid, token])


def user_for_link(uidb64: str, token: str) -> User | None:
    try:
        user = User.objects.get(pk=int(force_str(urlsafe_base64_decode(uidb64))))
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        return None
    return user if default_token_generator.check_token(user, token) else None


@transaction.atomic
def reset_password(*, user: User, token: str, password: str, ip: str | None = None) -> None:
    if not default_token_generator.check_token(user, token):
        raise ValidationError(_("链接已失效，请向管理员重新索取。"))
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    end_sessions(user)
    record(actor=user, ip=ip, action="password_reset", obj=user)
