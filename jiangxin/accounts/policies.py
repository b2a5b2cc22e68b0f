"""Who may decide on registrations, grant roles and hold the platform's duties: each rule named
once, for views (to refuse, and to decide whether to show a button), the admin and the services.
The mechanism stays in ``accounts.access``.

Separation of duties (三员分立, GB/T 22239-2019 8.1.5): three platform roles, one per account —
the system administrator runs the platform (the Django admin's data and configuration, every
union node), the security administrator grants roles and manages accounts and lockouts, the audit
administrator reads the audit log and does nothing else. A superuser is the system administrator.
"""

from __future__ import annotations

from jiangxin.accounts.access import reach_of
from jiangxin.accounts.models import ApiToken, PlatformRole, Registration
from jiangxin.organisations.models import Organisation

Role = PlatformRole.Role


def platform_role(user) -> str:
    """The account's platform duty ("system", "security", "audit"), or "" for none."""
    return reach_of(user).platform_role


def can_administer_system(user) -> bool:
    """The system administrator: the Django admin's data and configuration, every union node."""
    return platform_role(user) == Role.SYSTEM


def can_manage_grants(user) -> bool:
    """The security administrator: union roles, platform roles, accounts, lockouts, tokens."""
    return platform_role(user) == Role.SECURITY


def can_read_audit(user) -> bool:
    """The audit administrator: the whole audit log (union staff read their subtree's part)."""
    return platform_role(user) == Role.AUDIT


def can_assign_platform_roles(user) -> bool:
    """Platform roles are authorisation, so the security administrator's."""
    return can_manage_grants(user)


def admin_duty_allows(user, duty: str) -> bool:
    """Whether the account holds ``duty``, which a part of the Django admin belongs to."""
    return bool(duty) and platform_role(user) == duty


def can_reach_admin(user) -> bool:
    """The Django admin is for the three administrators, each seeing the part of their duty (the
    audit administrator: the audit log, read-only)."""
    return platform_role(user) in (Role.SYSTEM, Role.SECURITY, Role.AUDIT)


def can_review_registrations(user) -> bool:
    """Someone who may approve at least some registration: a union admin or platform admin."""
    reach = reach_of(user)
    return reach.platform or bool(reach.edit_paths)


def can_approve_registration(user, registration: Registration) -> bool:
    """The admins of the enterprise's union, or above it."""
    return reach_of(user).can_edit_path(registration.enterprise.union.path)


def can_grant_role(user, organisation: Organisation) -> bool:
    """Grant or revoke a role on ``organisation``: the security administrator, on any node —
    authorisation is their duty alone (not the system administrator's, nor a union's)."""
    return can_manage_grants(user)


def can_manage_accounts(user) -> bool:
    """The 账号与授权 pages — every account, its grants, its state — and creating an account:
    the security administrator's."""
    return can_manage_grants(user)


def can_set_account_active(by, user) -> bool:
    """Deactivate or reactivate ``user``: the security administrator, never their own account
    (a lone security administrator would lock the duty out)."""
    return can_manage_accounts(by) and by.pk != user.pk


def can_unlock_account(by) -> bool:
    """Clear an account's login lockout (django-axes): the security administrator."""
    return can_manage_accounts(by)


def can_revoke_api_token(user, token: ApiToken) -> bool:
    """Its owner, or the security administrator (in the Django admin)."""
    return token.user_id == user.pk or can_manage_grants(user)


def can_see_node_accounts(user, organisation: Organisation) -> bool:
    """The accounts holding a role on ``organisation`` (to hand one a reset link): its admins
    and those above it — the people who could issue the link."""
    return reach_of(user).can_edit_path(organisation.path)


def can_issue_password_reset(by, user) -> bool:
    """A one-time password reset link for ``user``: an admin whose edit reach covers one of the
    user's grants or their roster record; any account's from the security administrator (who
    manages accounts, and hands a new one its first password this way), a platform
    administrator's from no one else. Never one's own (that is the password change)."""
    if by.pk == user.pk or not by.is_authenticated:
        return False
    if can_manage_grants(by):
        return True
    if user.is_superuser or hasattr(user, "platform_role"):
        return False
    reach = reach_of(by)
    if any(reach.can_edit_path(g.organisation.path) for g in user.grants.all()):
        return True
    from jiangxin.workers import policies as worker_policies
    from jiangxin.workers.models import Worker

    worker = Worker.objects.filter(account=user).first()
    return worker is not None and worker_policies.can_edit_worker(by, worker)
