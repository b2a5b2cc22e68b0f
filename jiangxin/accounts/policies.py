"""Who may decide on registrations and grant roles: each rule named once, for views (to refuse,
and to decide whether to show a button), the admin and the services. The mechanism stays in
``accounts.access``."""

from __future__ import annotations

from jiangxin.accounts.access import reach_of
from jiangxin.accounts.models import ApiToken, Registration
from jiangxin.organisations.models import Organisation


def can_review_registrations(user) -> bool:
    """Someone who may approve at least some registration: a union admin or platform admin."""
    reach = reach_of(user)
    return reach.platform or bool(reach.edit_paths)


def can_approve_registration(user, registration: Registration) -> bool:
    """The admins of the enterprise's union, or above it."""
    return reach_of(user).can_edit_path(registration.enterprise.union.path)


def can_grant_role(user, organisation: Organisation) -> bool:
    """Grant a role on ``organisation``: its admins, or above it."""
    return reach_of(user).can_edit_path(organisation.path)


def can_revoke_api_token(user, token: ApiToken) -> bool:
    """Its owner, or a platform admin (in the Django admin)."""
    return token.user_id == user.pk or reach_of(user).platform
