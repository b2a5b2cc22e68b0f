"""Logins and failed logins reach the audit log through Django's auth signals: they are the one
hook that every login path (our form, the admin, the API token endpoint) goes through."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from jiangxin.audit.models import AuditEntry
from jiangxin.audit.services import record


def _home_path(user) -> str:
    """The node a user belongs to, so their union's admins see their logins."""
    if user is None or user.pk is None:
        return ""
    worker = getattr(user, "worker", None)
    if worker is not None:
        return worker.organisation.path
    grant = user.grants.select_related("organisation").order_by("organisation__depth").first()
    return grant.organisation.path if grant else ""


def _known_user(name: str):
    from jiangxin.accounts.backends import find_user

    return find_user(name)


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    record(
        action=AuditEntry.Action.LOGIN,
        actor=user,
        request=request,
        obj=user,
        org_path=_home_path(user),
    )


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        record(
            action=AuditEntry.Action.LOGOUT,
            actor=user,
            request=request,
            obj=user,
            org_path=_home_path(user),
        )


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    typed = str(credentials.get("username", ""))[:150]
    known = _known_user(typed)
    # An account is named by its username, never by the mobile typed to reach it; a name that
    # is no account's is logged as typed (masked by ``record`` if it holds a mobile or ID).
    name = known.get_username() if known is not None else typed
    record(
        org_path=_home_path(known),
        action=AuditEntry.Action.LOGIN_FAILED,
        request=request,
        actor_label=name,
        object_type="accounts.user",
        object_repr=name,
    )
