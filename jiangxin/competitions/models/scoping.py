"""Who sees which part of a competition: one scoped queryset per child model.

Every part is changed only by the organiser's subtree (``scope_path`` → the organiser's path,
``editable_by``). What each may *see* beside that is its ``own_q``:

- the marking scheme (components, criteria, aspects): whoever sees the competition;
- a team: the union it represents and its leader;
- an entry: the worker, the unions above the worker, and the competition's judges (by code);
- judges' appointments: the judge, and the competition's chief judges;
- judges' scores: the judge who gave them, and the chief judges (the spread page);
- exam scores: the contestant;
- results: the contestant, and everyone once the competition publishes them;
- appeals and their re-marks: who filed them, the contestant, the chief judges (the arbiters
  beside the organiser).

Views fetch a competition first and its parts through these querysets, so a part of a
competition the user cannot see is a 404 however its address is guessed.
"""

from __future__ import annotations

from django.db.models import Q

from jiangxin.accounts.access import Reach, ScopedQuerySet, paths_q


def _visible_competitions(user):
    from .competition import Competition

    return Competition.objects.visible_to(user).values("pk")


def _chief_of(user):
    from .scheme import JudgeAssignment

    return JudgeAssignment.objects.filter(user=user, role=JudgeAssignment.Role.CHIEF).values(
        "competition_id"
    )


def _judge_of(user):
    from .scheme import JudgeAssignment

    return JudgeAssignment.objects.filter(user=user).values("competition_id")


def _published():
    from .competition import Competition

    return Competition.objects.published().values("pk")


class ComponentQuerySet(ScopedQuerySet):
    scope_path = "competition__organiser__path"

    def own_q(self, reach: Reach, user) -> Q:
        return Q(competition__in=_visible_competitions(user))


class CriterionQuerySet(ScopedQuerySet):
    scope_path = "component__competition__organiser__path"

    def own_q(self, reach: Reach, user) -> Q:
        return Q(component__competition__in=_visible_competitions(user))


class AspectQuerySet(ScopedQuerySet):
    scope_path = "criterion__component__competition__organiser__path"

    def own_q(self, reach: Reach, user) -> Q:
        return Q(criterion__component__competition__in=_visible_competitions(user))


class DelegationQuerySet(ScopedQuerySet):
    scope_path = "competition__organiser__path"

    def own_q(self, reach: Reach, user) -> Q:
        q = paths_q("organisation__path", reach.view_paths)
        if reach.worker_id:
            q |= Q(leader_id=reach.worker_id)
        return q


class EntryQuerySet(ScopedQuerySet):
    scope_path = "competition__organiser__path"

    def own_q(self, reach: Reach, user) -> Q:
        q = paths_q("worker__org_path", reach.view_paths)
        if reach.worker_id:
            q |= Q(worker_id=reach.worker_id) | Q(delegation__leader_id=reach.worker_id)
        if user.is_authenticated:
            q |= Q(competition__in=_judge_of(user))
        return q


class JudgeAssignmentQuerySet(ScopedQuerySet):
    scope_path = "competition__organiser__path"

    def own_q(self, reach: Reach, user) -> Q:
        if not user.is_authenticated:
            return Q(pk__in=[])
        return Q(user=user) | Q(competition__in=_chief_of(user))


class ScoreQuerySet(ScopedQuerySet):
    scope_path = "entry__competition__organiser__path"

    def own_q(self, reach: Reach, user) -> Q:
        if not user.is_authenticated:
            return Q(pk__in=[])
        return Q(judge=user) | Q(entry__competition__in=_chief_of(user))


class ExamScoreQuerySet(ScopedQuerySet):
    scope_path = "entry__competition__organiser__path"

    def own_q(self, reach: Reach, user) -> Q:
        return Q(entry__worker_id=reach.worker_id) if reach.worker_id else Q(pk__in=[])


class ResultQuerySet(ScopedQuerySet):
    scope_path = "competition__organiser__path"

    def own_q(self, reach: Reach, user) -> Q:
        q = Q(competition__in=_published())
        if reach.worker_id:
            q |= Q(entry__worker_id=reach.worker_id)
        return q


class AppealQuerySet(ScopedQuerySet):
    scope_path = "competition__organiser__path"

    def own_q(self, reach: Reach, user) -> Q:
        if not user.is_authenticated:
            return Q(pk__in=[])
        q = Q(filed_by=user) | Q(competition__in=_chief_of(user))
        if reach.worker_id:
            q |= Q(entry__worker_id=reach.worker_id)
        return q


class RemarkQuerySet(ScopedQuerySet):
    scope_path = "appeal__competition__organiser__path"

    def own_q(self, reach: Reach, user) -> Q:
        if not user.is_authenticated:
            return Q(pk__in=[])
        return Q(appeal__competition__in=_chief_of(user))
