"""Who may do what with studios: each rule named once, called by the views (to refuse and to
decide whether to show a button), by the API and by the services (which raise PermissionDenied).

- The registry (list, figures, charts) is for union staff: what their subtree holds.
- A studio is seen by its host union's subtree-above and by its lead and current members
  (``StudioQuerySet.visible_to``); the public showcase shows named studios to anyone.
- A studio is registered in, and changed by, an admin of its host enterprise's union or above
  (a viewer, the lead and members change nothing).
- Members are added and removed by the same admins while the studio is not delisted or revoked.
- A naming made before the platform, or by a body outside it (全国总工会), is recorded on a 申报中
  studio (登记既有命名) by an admin of the naming body's node or above when the body is on the
  platform — the body vouches for its own naming — and, for a body outside the platform, by an
  admin of the nearest federation above the host (its town union, or the county when no town)
  or above: never by the enterprise union itself, which would be naming its own studio.
- A naming is revoked (撤销命名, e.g. for falsified materials) while the studio holds its name,
  by the same people as would record it: the naming body's admins and above, or for a body
  outside the platform the nearest federation's; never the enterprise union. Its standing
  naming certificates are revoked with it, so the revoker must be able to revoke each.
- The lead qualification rules (领办人资格规则) bind every studio on the platform, so they are set
  by the system administrator, or by a union admin whose grant covers every top node of the tree
  (the provincial federation's admin when the platform's tree starts at that province) — never by
  an admin whose change would bind studios outside their subtree.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jiangxin.accounts.access import path_and_ancestors, paths_q, reach_of
from jiangxin.accounts.policies import can_administer_system

if TYPE_CHECKING:
    from jiangxin.innovation.models import Studio
    from jiangxin.organisations.models import Enterprise, Organisation


def can_view_registry(user: Any) -> bool:
    """Open the registry (the list of a subtree's studios with its figures)."""
    return reach_of(user).is_union_user


def can_register_studio(user: Any, enterprise: Enterprise | None = None) -> bool:
    """Register a studio hosted by ``enterprise`` (or, without one, by some enterprise at all)."""
    reach = reach_of(user)
    if enterprise is None:
        return reach.platform or bool(reach.edit_paths)
    return reach.can_edit_path(enterprise.union.path)


def can_edit_studio(user: Any, studio: Studio) -> bool:
    """Change the studio's record (kind, lead, focus…; never its state or naming: the steps)."""
    return reach_of(user).can_edit_path(studio.org_path)


def can_manage_members(user: Any, studio: Studio) -> bool:
    """Add or remove members now: the studio's admins, while it is not delisted or revoked."""
    return studio.state not in studio.ENDED and can_edit_studio(user, studio)


def host_federation(studio: Studio) -> Organisation | None:
    """The nearest union federation (town and above) above the studio's host union."""
    from jiangxin.organisations.models import Organisation

    above = path_and_ancestors(studio.org_path)
    return (
        Organisation.objects.filter(path__in=above, kind__in=Organisation.FEDERATION_KINDS)
        .exclude(path=studio.org_path)
        .order_by("-path")
        .first()
    )


def existing_naming_bodies(user: Any, studio: Studio):
    """The platform's federations above the studio by which the user may record its naming."""
    from jiangxin.organisations.models import Organisation

    reach = reach_of(user)
    bodies = Organisation.objects.filter(
        path__in=path_and_ancestors(studio.org_path), kind__in=Organisation.FEDERATION_KINDS
    ).exclude(path=studio.org_path)
    if not reach.platform:
        bodies = bodies.filter(paths_q("path", reach.edit_paths))
    return bodies.order_by("path")


def can_record_existing_naming(user: Any, studio: Studio, body: Organisation | None = None) -> bool:
    """Record a naming made elsewhere or earlier (登记既有命名) on a 申报中 studio: by ``body``
    (on the platform) its admins and above; ``None`` (a body outside the platform, or whether
    to offer the action at all) the admins of the studio's nearest federation and above."""
    if studio.state != studio.State.APPLYING:
        return False
    return _speaks_for_body(user, studio, body)


def _speaks_for_body(user: Any, studio: Studio, body: Organisation | None) -> bool:
    """An admin of the naming ``body`` (a federation above the studio) or above; for a body
    outside the platform (``None``), of the studio's nearest federation or above."""
    reach = reach_of(user)
    if body is not None:
        return (
            body.is_federation
            and studio.org_path.startswith(body.path)
            and body.path != studio.org_path
            and reach.can_edit_path(body.path)
        )
    if not reach.platform and not reach.edit_paths:
        return False
    host = host_federation(studio)
    return reach.platform if host is None else reach.can_edit_path(host.path)


def can_revoke_naming(user: Any, studio: Studio) -> bool:
    """Revoke a studio's naming (撤销命名) now: while it holds its name (named or rectifying),
    by whoever may speak for its naming body (as for 登记既有命名), provided they may also
    revoke each of its standing naming certificates — the two go together."""
    from jiangxin.innovation import policies_batches

    if not studio.is_current or not _speaks_for_body(user, studio, studio.naming_body):
        return False
    standing = studio.certificates.filter(revoked_at__isnull=True).select_related(
        "application__batch"
    )
    return all(policies_batches.can_revoke_certificate(user, c) for c in standing)


def can_set_lead_rules(user: Any) -> bool:
    """See and change the lead qualification rules of every kind of studio (and reset them)."""
    if can_administer_system(user):
        return True
    # A grant on a top node has the path "/<id>/"; only such an admin pays the query.
    tops = {p for p in reach_of(user).edit_paths if p.count("/") == 2}
    if not tops:
        return False
    from jiangxin.organisations.models import Organisation

    roots = set(Organisation.objects.filter(parent=None).values_list("path", flat=True))
    return bool(roots) and roots <= tops
