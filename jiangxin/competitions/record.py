"""A contestant's (or team leader's) side of competitions: the entries they may appeal for,
their own competition record (results, appeals, rulings) for the worker page, and the
appeal panel of the competition page. Reads only; filing goes through ``services``."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from jiangxin.accounts.access import reach_of
from jiangxin.competitions import policies
from jiangxin.competitions.appeal_forms import AppealForm
from jiangxin.competitions.appeal_rule import appeal_state
from jiangxin.competitions.models import Appeal, Certificate, Competition, Entry

PUBLISHED = (Competition.Status.PUBLISHED, Competition.Status.FINAL)


def appealable_entries(user, competition: Competition) -> QuerySet[Entry]:
    """The entries this user may appeal for: their own, and their team's if they lead it."""
    worker_id = reach_of(user).worker_id
    if not worker_id:
        return Entry.objects.none()
    # the same entries policies.may_see_appeals_link looks for
    return (
        Entry.objects.filter(competition=competition)
        .exclude(code="")
        .filter(Q(worker_id=worker_id) | Q(delegation__leader_id=worker_id))
        .select_related("worker", "competition__organiser", "delegation__leader")
        .order_by("code")
    )


class CompetitionRecord(list):
    """The record's rows, and the worker's certificates ``viewer`` may see (``certificates``)."""

    certificates: list[Certificate]


def competition_record(worker, viewer) -> CompetitionRecord:
    """The worker's entries, newest first, with the result once published, the score of each
    part, where appeals stand (before / open / closed, the rule's own words), their appeals
    with the rulings, and whether ``viewer`` may appeal now; and their certificates."""
    from jiangxin.competitions.models import Component

    entries = (
        Entry.objects.filter(worker=worker)
        .exclude(status=Entry.Status.WITHDRAWN)
        .select_related("competition__organiser", "delegation__leader", "worker", "result")
        .prefetch_related(
            Prefetch("competition__components", queryset=Component.objects.order_by("order")),
            Prefetch("appeals", queryset=Appeal.objects.order_by("-created")),
        )
        .order_by("-competition__held_on", "-pk")
    )
    rows = CompetitionRecord()
    rows.certificates = list(
        Certificate.objects.visible_to(viewer)
        .filter(entry__worker=worker)
        .select_related("competition")
        .order_by("-issued_at", "-pk")
    )
    for entry in entries:
        competition = entry.competition
        result = getattr(entry, "result", None) if competition.status in PUBLISHED else None
        parts = []
        if result is not None:
            names = {c.kind: c.name for c in competition.components.all()}
            parts = [(names.get(k, k), v) for k, v in result.component_scores.items()]
        appeals = list(entry.appeals.all())
        # One appeal at a time: while the arbiters have one, the record says so instead.
        pending = any(a.status == Appeal.Status.FILED for a in appeals)
        can_appeal = not pending and policies.can_file_appeal_now(viewer, entry)
        state, rule = appeal_state(competition)
        rows.append(
            {
                "entry": entry,
                "result": result,
                "parts": parts,
                "appeals": appeals,
                "pending": pending,
                "can_appeal": can_appeal,
                "appeal_state": state,
                "rule": rule,
                "form": AppealForm(entries=[entry], back="record", auto_id=f"e{entry.pk}_%s")
                if can_appeal
                else None,
            }
        )
    return rows


def appeal_panel(user, competition: Competition) -> dict | None:
    """The competition page's appeal box for a contestant or team leader (once the codes are
    drawn): where appeals stand (when they open, the form within the window, or that they
    ended), and their appeals."""
    entries = list(appealable_entries(user, competition))
    if not entries:
        return None
    open_ = [e for e in entries if policies.can_file_appeal_now(user, e)]
    return {
        "rule": appeal_state(competition)[1],
        "form": AppealForm(entries=open_, back="competition") if open_ else None,
        "appeals": list(
            Appeal.objects.filter(entry__in=entries)
            .select_related("entry__worker")
            .order_by("-created")
        ),
    }
