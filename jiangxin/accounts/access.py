"""Who may see and change what: decided here, once, by the union tree.

A union node's ``path`` is its ancestors' ids and its own ("/1/4/17/"), so a node's subtree is
every node whose path starts with it. A grant on a node covers that whole subtree:

- system administrator (``is_superuser``, or the ``system`` platform role): every union node;
- security and audit administrators (platform roles, ``accounts.policies``): no union node at
  all — their duties are grants and accounts, and the audit log;
- union admin (``Grant.Role.ADMIN``): sees and changes everything in the subtree;
- viewer (``Grant.Role.VIEWER``): sees everything in the subtree, changes nothing;
- a worker bound to a roster record sees their own record.

Every organisation-owned model's QuerySet inherits ``ScopedQuerySet``, naming in ``scope_path``
the lookup from the model to its owning node's path. Views fetch single objects only through
``get_for_user``: 404 when the user may not see the object (the same as when it does not exist),
403 when they may see it but not change it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Self, cast

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import CharField, Q, Value
from django.http import Http404

if TYPE_CHECKING:
    from jiangxin.accounts.models import User

# What an app adds to a user's reach beside their grants: a function of the user returning a
# ``values_list`` queryset of (kind, value) text rows, e.g. ("worker", "42") for the roster
# record bound to the account or ("judge", "7") for a competition they judge. Each app registers
# its own in ``AppConfig.ready()``, so this module imports no domain app; all of them are
# unioned with the grants into the one query ``reach_of`` makes per request.
ReachSource = Callable[["User"], models.QuerySet]
PLATFORM_ROLE = "platform_role"  # the kind of the row a PlatformRole adds
_reach_sources: list[ReachSource] = []


def register_reach_source(source: ReachSource) -> ReachSource:
    """Add an app's contribution to every user's reach (once; usable as a decorator)."""
    if source not in _reach_sources:
        _reach_sources.append(source)
    return source


@dataclass(frozen=True)
class Reach:
    platform: bool = False
    view_paths: tuple[str, ...] = ()
    edit_paths: tuple[str, ...] = ()
    worker_id: int | None = None
    # The platform duty (三员分立): "system", "security", "audit" or "".
    platform_role: str = ""
    judge: bool = False  # appointed to judge some competition
    # Every other kind a reach source contributed ("master", …), with its values.
    duties: frozenset[tuple[str, str]] = frozenset()

    def can_view_path(self, path: str) -> bool:
        return self.platform or any(path.startswith(p) for p in self.view_paths)

    def can_edit_path(self, path: str) -> bool:
        return self.platform or any(path.startswith(p) for p in self.edit_paths)

    def has(self, kind: str) -> bool:
        """Whether a reach source contributed a row of this kind ("judge", "worker", …)."""
        return any(k == kind for k, _v in self.duties)

    @property
    def is_union_user(self) -> bool:
        return self.platform or bool(self.view_paths)


NOBODY = Reach()


def _minimal(paths: set[str]) -> tuple[str, ...]:
    """Drop paths already covered by an ancestor in the set."""
    ordered = sorted(paths, key=len)
    kept: list[str] = []
    for path in ordered:
        if not any(path.startswith(k) for k in kept):
            kept.append(path)
    return tuple(kept)


def reach_of(user: User | Any) -> Reach:
    """The user's reach, computed once per request (one query) and kept on the user object."""
    if user is None or not user.is_authenticated or not user.is_active:
        return NOBODY
    cached = getattr(user, "_jx_reach", None)
    if cached is not None:
        return cached
    from jiangxin.accounts.models import Grant, PlatformRole

    if user.is_superuser:  # the system administrator (a superuser holds no other duty)
        reach = Reach(platform=True, platform_role=PlatformRole.Role.SYSTEM)
    else:
        view: set[str] = set()
        edit: set[str] = set()
        duties: set[tuple[str, str]] = set()
        platform_role = ""
        grants = (
            Grant.objects.filter(user=user).order_by().values_list("role", "organisation__path")
        )
        roles = (
            PlatformRole.objects.filter(user=user)
            .order_by()
            .values_list(Value(PLATFORM_ROLE, output_field=CharField()), "role")
        )
        rows = grants.union(roles, *(source(user) for source in _reach_sources), all=True)
        for kind, value in rows:
            if kind == PLATFORM_ROLE:
                platform_role = value
            elif kind in Grant.Role.values:
                view.add(value)
                if kind == Grant.Role.ADMIN:
                    edit.add(value)
            else:
                duties.add((kind, value))
        worker_ids = [int(v) for k, v in duties if k == "worker"]
        reach = Reach(
            platform=platform_role == PlatformRole.Role.SYSTEM,
            platform_role=platform_role,
            view_paths=_minimal(view),
            edit_paths=_minimal(edit),
            worker_id=worker_ids[0] if worker_ids else None,
            judge=any(k == "judge" for k, _v in duties),
            duties=frozenset(duties),
        )
    user._jx_reach = reach
    return reach


def path_and_ancestors(path: str) -> list[str]:
    """ "/1/4/17/" → ["/", "/1/", "/1/4/", "/1/4/17/"]: the paths of a node and its ancestors."""
    parts = [p for p in path.strip("/").split("/") if p]
    return ["/" + "".join(f"{p}/" for p in parts[:i]) for i in range(len(parts) + 1)]


def paths_q(lookup: str, paths: tuple[str, ...]) -> Q:
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{lookup}__startswith": path})
    return q


class ScopedQuerySet(models.QuerySet):
    """Rows a user may see or change, by the union node that owns each row."""

    scope_path: str = "organisation__path"

    def own_q(self, reach: Reach, user) -> Q:
        """Rows the user sees beside their union grants: their own record, the competitions
        they judge… (none by default). Subqueries, not joins, so no row is repeated."""
        return Q(pk__in=[])

    def visible_to(self, user) -> Self:
        reach = reach_of(user)
        if reach.platform:
            return self.all()
        return self.filter(paths_q(self.scope_path, reach.view_paths) | self.own_q(reach, user))

    def editable_by(self, user) -> Self:
        reach = reach_of(user)
        if reach.platform:
            return self.all()
        return self.filter(paths_q(self.scope_path, reach.edit_paths))


def get_for_user(
    queryset: ScopedQuerySet | models.Manager, user, *, edit: bool = False, **lookup: Any
) -> Any:
    """One object the user may see (404 otherwise); with ``edit``, one they may change
    (403 when they may see it but not change it)."""
    scoped = cast(ScopedQuerySet, queryset.all())
    try:
        obj = scoped.visible_to(user).get(**lookup)
    except scoped.model.DoesNotExist:
        raise Http404 from None
    if edit and not scoped.editable_by(user).filter(pk=obj.pk).exists():
        raise PermissionDenied
    return obj


def require_union_user(user) -> Reach:
    """Pages for union staff only: workers and strangers get 404, like a page that isn't there."""
    reach = reach_of(user)
    if not reach.is_union_user:
        raise Http404
    return reach
