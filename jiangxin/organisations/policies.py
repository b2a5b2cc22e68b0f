"""Who may change the union tree and its enterprises: each rule named once, for views (to
refuse, and to decide whether to show a button), the API and the services."""

from __future__ import annotations

from jiangxin.accounts.access import reach_of
from jiangxin.organisations.models import Enterprise, Organisation


def can_add_node(user, parent: Organisation | None) -> bool:
    """A node under ``parent``: its admins (a root: platform admins only)."""
    reach = reach_of(user)
    return reach.platform if parent is None else reach.can_edit_path(parent.path)


def can_edit_node(user, node: Organisation) -> bool:
    return reach_of(user).can_edit_path(node.path)


def can_add_enterprise(user, union: Organisation | None = None) -> bool:
    """Register an enterprise under ``union`` (None: under any union the user manages)."""
    reach = reach_of(user)
    if union is None:
        return reach.platform or bool(reach.edit_paths)
    return reach.can_edit_path(union.path)


def can_edit_enterprise(user, enterprise: Enterprise) -> bool:
    return reach_of(user).can_edit_path(enterprise.union.path)
