"""Who may do what in 名师带高徒: each rule named once, called by views (to refuse and to decide
whether to show a button), by the API and by the services (which raise PermissionDenied).

- A programme is set up and its rules changed by an admin of its union node (or above).
- A pair is proposed by an admin of the programme's union or of the apprentice's union, and
  approved — while it awaits approval — by an admin of the apprentice's union.
- The monthly log is filed by the master or the apprentice themselves, while the pair is active;
  its author corrects or removes it until it is frozen (``checkin_frozen_reason``): once a
  mid-term assessment covers its month, or the pair is over (final assessment, ended early).
- A programme's page is linked (from a pair's page) only for those who may open it.
- Assessing and ending early: an admin of the apprentice's union or the programme's.
- Matching runs inside a node the admin may change, within the programme's area; a run's
  proposal is accepted (once) by an admin of its scope.
- Preferences: the apprentice or their union's admin. Exclusions: an admin of either worker.
- The stipend statement: the programme's admins (it carries every pair's money).

Functions that take an object with a state (a pair, a run) answer "may do it now": a viewer, or a
union admin facing a pair already approved, gets False, so no button is offered that would fail.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext as _

from jiangxin.accounts.access import reach_of

if TYPE_CHECKING:
    from collections.abc import Iterable

    from jiangxin.mentoring.models import Assessment, CheckIn, MatchRun, Pair, Programme
    from jiangxin.organisations.models import Organisation
    from jiangxin.workers.models import Worker


def _edits(user: Any, *paths: str) -> bool:
    reach = reach_of(user)
    return any(reach.can_edit_path(p) for p in paths)


def can_create_programme(user: Any, organisation: Organisation | None = None) -> bool:
    """Set up a programme in ``organisation`` (or, without one, anywhere at all)."""
    reach = reach_of(user)
    if organisation is None:
        return reach.platform or bool(reach.edit_paths)
    return reach.can_edit_path(organisation.path)


def can_edit_programme(user: Any, programme: Programme) -> bool:
    """Change the programme's rules, export its stipend statement."""
    return _edits(user, programme.organisation.path)


def can_view_programme(user: Any, programme: Programme) -> bool:
    """Open the programme's page (its figures, all its pairs): whoever sees its union node —
    not the master or apprentice, who see only their own pair."""
    return reach_of(user).can_view_path(programme.organisation.path)


def can_propose_pair(user: Any, programme: Programme, apprentice: Worker | None = None) -> bool:
    """Propose a pair in the programme (for ``apprentice``, or for someone at all)."""
    if _edits(user, programme.organisation.path):
        return True
    if apprentice is not None:
        return _edits(user, apprentice.org_path)
    reach = reach_of(user)
    return any(p.startswith(programme.organisation.path) for p in reach.edit_paths)


def can_approve_pair(user: Any, pair: Pair) -> bool:
    """Approve the agreement now: the apprentice's union admin, while it awaits approval."""
    from jiangxin.mentoring.models import Pair

    return pair.status == Pair.Status.PROPOSED and _edits(user, pair.org_path)


def checkin_role(user: Any, pair: Pair) -> str | None:
    """ "master" or "apprentice" when the user is one of the pair, else None."""
    from jiangxin.mentoring.models import CheckIn

    pk = getattr(user, "pk", None)
    if pk is None:
        return None
    if pk == pair.master.account_id:
        return CheckIn.Role.MASTER
    if pk == pair.apprentice.account_id:
        return CheckIn.Role.APPRENTICE
    return None


def can_file_checkin(user: Any, pair: Pair) -> bool:
    """File a monthly log now: the master or the apprentice, while the pair is active."""
    from jiangxin.mentoring.models import Pair

    return pair.status == Pair.Status.ACTIVE and checkin_role(user, pair) is not None


def checkin_frozen_reason(
    checkin: CheckIn, pair: Pair, assessments: Iterable[Assessment]
) -> str | None:
    """Why a monthly log can no longer be corrected or removed, or None while it still can.

    The freezing step: a log is frozen once the pair is over (the final assessment recorded, or
    ended early) — the stipend is then settled on the logs as they stand — or once a mid-term
    assessment has been recorded after its month was over (the assessor judged on it).
    ``assessments`` are the pair's (passed in, so a page with many logs asks once)."""
    from jiangxin.mentoring import ledger
    from jiangxin.mentoring.models import Assessment, Pair

    if pair.status != Pair.Status.ACTIVE:
        day = timezone.localtime(pair.closed_at).date() if pair.closed_at else None
        return _("该结对{status}（{day}），带徒记录已封存，不能再修改或删除").format(
            status=pair.get_status_display(), day=day or "—"
        )
    for a in assessments:
        day = timezone.localtime(a.created).date()
        if a.kind == Assessment.Kind.MIDTERM and checkin.month < ledger.first_of(day):
            return _("{day} 的中期考核已涵盖该月，记录已封存，不能再修改或删除").format(day=day)
    return None


def can_change_checkin(
    user: Any, checkin: CheckIn, pair: Pair, assessments: Iterable[Assessment]
) -> bool:
    """Correct or remove a monthly log: its author only, until it is frozen."""
    pk = getattr(user, "pk", None)
    return (
        pk is not None
        and checkin.by_id == pk
        and checkin_frozen_reason(checkin, pair, assessments) is None
    )


def manages_pair(user: Any, pair: Pair) -> bool:
    """An admin of the apprentice's union or the programme's (whatever the pair's state)."""
    return _edits(user, pair.org_path, pair.programme.organisation.path)


def can_assess(user: Any, pair: Pair) -> bool:
    """Record a mid-term or final assessment now: the pair's admins, while it is active."""
    from jiangxin.mentoring.models import Pair

    return pair.status == Pair.Status.ACTIVE and manages_pair(user, pair)


def can_end_pair(user: Any, pair: Pair) -> bool:
    """End the agreement early: the pair's admins, while it awaits approval or runs."""
    from jiangxin.mentoring.models import Pair

    return pair.status in (Pair.Status.PROPOSED, Pair.Status.ACTIVE) and manages_pair(user, pair)


def can_run_matching(user: Any, programme: Programme, scope: Organisation | None = None) -> bool:
    """Run the matcher over ``scope`` (a node the user may change, inside the programme's area);
    without a scope: over some node at all."""
    area = programme.organisation.path
    reach = reach_of(user)
    if scope is not None:
        return scope.path.startswith(area) and reach.can_edit_path(scope.path)
    return reach.can_edit_path(area) or any(p.startswith(area) for p in reach.edit_paths)


def can_accept_matching(user: Any, run: MatchRun) -> bool:
    """Accept a run's proposal now: an admin of its scope, until it has been accepted."""
    return run.accepted_at is None and _edits(user, run.scope.path)


def can_set_preferences(user: Any, apprentice: Worker) -> bool:
    """State an apprentice's choice of masters: the apprentice, or their union's admin."""
    pk = getattr(user, "pk", None)
    return (pk is not None and apprentice.account_id == pk) or _edits(user, apprentice.org_path)


def can_add_exclusion(user: Any, first: Worker, second: Worker) -> bool:
    """Declare that two workers must never be paired: an admin of either one's union."""
    return _edits(user, first.org_path, second.org_path)
