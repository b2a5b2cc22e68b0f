"""Who may do what in a competition: every decision is one named function here, returning a bool.

Views call them to refuse (403/404) and to decide whether to show a button; the API calls them;
services call them and raise ``PermissionDenied`` with their Chinese message when one is False.
The mechanism (a user's reach over the union tree) stays in ``jiangxin.accounts.access``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q

from jiangxin.accounts.access import reach_of
from jiangxin.competitions.models import (
    Competition,
    Component,
    Delegation,
    Entry,
    JudgeAssignment,
)

if TYPE_CHECKING:
    from jiangxin.accounts.models import User
    from jiangxin.organisations.models import Organisation

    Person = User | Any  # an anonymous user is refused everywhere


def can_create_competitions(user: Person) -> bool:
    """Offered the new-competition page: a union admin somewhere, or a platform admin."""
    reach = reach_of(user)
    return reach.platform or bool(reach.edit_paths)


def can_organise_for(user: Person, organisation: Organisation) -> bool:
    """May hold a competition in this union's name: its admins (and those above)."""
    return reach_of(user).can_edit_path(organisation.path)


def can_manage_competition(user: Person, competition: Competition) -> bool:
    """May run the competition (scheme, judges, steps, results, certificates): the organiser's
    admins."""
    return reach_of(user).can_edit_path(competition.organiser.path)


def sees_organiser_side(user: Person, competition: Competition) -> bool:
    """Sees every entry and the results before they are published: the organiser's subtree
    (admins and viewers)."""
    return reach_of(user).can_view_path(competition.organiser.path)


def can_form_delegation(user: Person, competition: Competition, organisation: Organisation) -> bool:
    """May set up a team for this union: its admins, or the organiser's."""
    reach = reach_of(user)
    return reach.can_edit_path(organisation.path) or reach.can_edit_path(competition.organiser.path)


def can_view_delegation(user: Person, delegation: Delegation) -> bool:
    """May open a team's page: the team's union and the organiser's subtree."""
    reach = reach_of(user)
    return reach.can_view_path(delegation.organisation.path) or reach.can_view_path(
        delegation.competition.organiser.path
    )


def can_enter_members(user: Person, delegation: Delegation) -> bool:
    """May enter workers into the team: the admins of the union it represents."""
    return reach_of(user).can_edit_path(delegation.organisation.path)


def can_manage_delegation(user: Person, delegation: Delegation) -> bool:
    """May change the team itself (its leader): its union's admins, or the organiser's."""
    return can_form_delegation(user, delegation.competition, delegation.organisation)


def can_approve_entry(user: Person, entry: Entry) -> bool:
    """May approve a worker's own entry: the admins of the worker's union."""
    return reach_of(user).can_edit_path(entry.worker.org_path)


def can_judge(user: Person, competition: Competition | int) -> bool:
    """Appointed to judge this competition (in any role)."""
    if user is None or not user.is_authenticated:
        return False
    pk = competition if isinstance(competition, int) else competition.pk
    return JudgeAssignment.objects.filter(competition_id=pk, user=user).exists()


def is_chief_judge(user: Person, competition: Competition) -> bool:
    """The competition's chief judge (裁判长)."""
    if user is None or not user.is_authenticated:
        return False
    return JudgeAssignment.objects.filter(
        competition=competition, user=user, role=JudgeAssignment.Role.CHIEF
    ).exists()


def can_lock(user: Person, competition: Competition) -> bool:
    """May lock a component's scores: the chief judge only."""
    return is_chief_judge(user, competition)


def can_record_exam_score(user: Person, competition: Competition) -> bool:
    """May enter a paper exam's score: the organiser's admins or any of the competition's
    judges."""
    return can_manage_competition(user, competition) or can_judge(user, competition)


def is_arbiter(user: Person, competition: Competition) -> bool:
    """The arbitration group (仲裁组), who rule on appeals and re-marks: the organiser's admins
    and the chief judge."""
    return can_manage_competition(user, competition) or is_chief_judge(user, competition)


def can_file_appeal(user: Person, entry: Entry) -> bool:
    """May appeal for this entry: the contestant, or their team's leader."""
    if user is None or not user.pk:
        return False
    leader = entry.delegation.leader if entry.delegation_id and entry.delegation else None
    accounts = {entry.worker.account_id, leader.account_id if leader else None} - {None}
    return user.pk in accounts


def may_see_appeals_link(user: Person, competition: Competition) -> bool:
    """Shown the way to the appeals page once the competition has ended: the arbitration
    group, and a contestant or team leader of this competition (the page admits exactly
    these)."""
    if competition.ended_at is None:
        return False
    if is_arbiter(user, competition):
        return True
    worker_id = reach_of(user).worker_id
    return bool(worker_id) and (
        Entry.objects.filter(competition=competition)
        .exclude(code="")
        .filter(Q(worker_id=worker_id) | Q(delegation__leader_id=worker_id))
        .exists()
    )


def can_file_appeal_now(user: Person, entry: Entry) -> bool:
    """Offered the appeal form for this entry: may appeal for it, and the window is open."""
    from jiangxin.competitions.appeal_rule import appeal_window_open

    return can_file_appeal(user, entry) and appeal_window_open(entry.competition)


def can_see_contestant_name(user: Person, entry: Entry) -> bool:
    """Sees a contestant's full name and 工作单位 on results pages: the organiser's subtree, the
    contestant's own unions (the nodes above their enterprise, within the viewer's reach) and
    the contestant. Everyone else sees them as the competition's name display says.
    Needs ``entry.competition.organiser`` and ``entry.worker`` loaded; asks the database
    nothing more."""
    reach = reach_of(user)
    if reach.can_view_path(entry.worker.org_path):
        return True
    if reach.worker_id and reach.worker_id == entry.worker_id:
        return True
    return sees_organiser_side(user, entry.competition)


def is_paper_exam(component: Component) -> bool:
    """A theory component sat on paper (手工录入): an exam with no online paper."""
    return component.rule == Component.Rule.EXAM and not hasattr(component, "paper")


def can_enter_paper_marks(user: Person, component: Component) -> bool:
    """May open a paper exam's marks page and save its marks: the organiser's admins."""
    return (
        component.rule == Component.Rule.EXAM
        and can_manage_competition(user, component.competition)
        and is_paper_exam(component)
    )
