"""What a judge has to do, read in a fixed number of queries: their scoring tasks (competition,
component, stations, entries left), the entries of a competition they score, and the spread
of the judges' judgement scores explained in words."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from jiangxin.competitions.models import (
    Aspect,
    Competition,
    Component,
    Entry,
    JudgeAssignment,
    Score,
)
from jiangxin.competitions.services.judging import excluded_entry_ids
from jiangxin.competitions.services.spread import spread_text


@dataclass
class Task:
    competition: Competition
    component: Component
    assignment: JudgeAssignment
    aspects: int = 0
    entries: int = 0
    done: int = 0
    excluded: int = 0
    next_code: str = ""

    @property
    def left(self) -> int:
        return self.entries - self.done

    @property
    def closed(self) -> str:
        """Why nothing is left to score here ("" while it can be scored)."""
        return closed_label(self.competition, self.component)

    @property
    def stations(self) -> str:
        return stations_text(self.assignment.stations)


def stations_text(stations: list[int]) -> str:
    """[1, 2, 3, 7] → "1–3、7"; none → 全部工位."""
    if not stations:
        return _("全部工位")
    parts, run = [], [stations[0], stations[0]]
    for n in sorted(stations)[1:]:
        if n == run[1] + 1:
            run[1] = n
        else:
            parts.append(run)
            run = [n, n]
    parts.append(run)
    return "、".join(str(a) if a == b else f"{a}–{b}" for a, b in parts)


def closed_label(competition: Competition, component: Component) -> str:
    """已锁定 / 已结束 / 未开始 for a component that cannot be scored now; "" when it can."""
    S = Competition.Status
    if component.locked_at is not None:
        return _("已锁定")
    if competition.status in (S.DRAFT, S.OPEN, S.CLOSED, S.DRAWN):
        return _("未开始")
    if competition.status != S.RUNNING:
        return _("已结束")
    return ""


def _covered(assignments: list[JudgeAssignment], component: Component, entry: Entry) -> bool:
    return any(
        (a.component_id is None or a.component_id == component.pk) and a.covers(entry)
        for a in assignments
    )


@dataclass
class Board:
    """One judge's view of one or more competitions: the entries they score per component,
    what they have scored, whom they must avoid."""

    components: dict[int, list[Component]] = field(default_factory=dict)  # competition id →
    aspects: dict[int, list[Aspect]] = field(default_factory=dict)  # component id →
    entries: dict[int, list[Entry]] = field(default_factory=dict)  # competition id →
    mine: Counter = field(default_factory=Counter)  # (entry id, component id) → my marks
    excluded: set[int] = field(default_factory=set)

    def complete(self, entry: Entry, component: Component) -> bool:
        return self.mine[(entry.pk, component.pk)] >= len(self.aspects.get(component.pk, []))


def board(user, assignments: list[JudgeAssignment]) -> Board:
    """The judged (not exam) components, their aspects, the approved coded entries and the
    judge's current marks for the competitions of ``assignments``: five queries."""
    out = Board()
    competition_ids = {a.competition_id for a in assignments}
    if not competition_ids:
        return out
    components = list(
        Component.objects.filter(competition_id__in=competition_ids)
        .exclude(rule=Component.Rule.EXAM)
        .select_related("locked_by")
        .order_by("order")
    )
    for c in components:
        out.components.setdefault(c.competition_id, []).append(c)
    for aspect in (
        Aspect.objects.filter(criterion__component__in=components)
        .select_related("criterion")
        .order_by("criterion__order", "order", "pk")
    ):
        out.aspects.setdefault(aspect.criterion.component_id, []).append(aspect)
    entries = list(
        Entry.objects.filter(competition_id__in=competition_ids, status=Entry.Status.APPROVED)
        .exclude(code="")
        .select_related("worker", "delegation__organisation")
        .order_by("order", "code")
    )
    for e in entries:
        out.entries.setdefault(e.competition_id, []).append(e)
    for entry_id, component_id in Score.objects.filter(
        judge=user, current=True, entry__competition_id__in=competition_ids
    ).values_list("entry_id", "aspect__criterion__component_id"):
        out.mine[(entry_id, component_id)] += 1
    out.excluded = excluded_entry_ids(user, entries)
    return out


def tasks(user) -> list[Task]:
    """One line per appointment (a competition's component and stations): how many entries
    are scored and how many are left, and the first one left."""
    assignments = list(
        JudgeAssignment.objects.filter(user=user, role=JudgeAssignment.Role.JUDGE)
        .select_related("competition", "component__locked_by")
        .order_by("-competition__held_on", "competition_id", "pk")
    )
    b = board(user, assignments)
    out = []
    for a in assignments:
        components = (
            b.components.get(a.competition_id, [])
            if a.component_id is None
            else [a.component]
            if a.component.rule != Component.Rule.EXAM
            else []
        )
        for component in components:
            task = Task(a.competition, component, a, aspects=len(b.aspects.get(component.pk, [])))
            if task.closed:  # locked, finished or not started: nothing to count or prompt
                out.append(task)
                continue
            for entry in b.entries.get(a.competition_id, []):
                if not a.covers(entry):
                    continue
                if entry.pk in b.excluded:
                    task.excluded += 1
                    continue
                task.entries += 1
                if b.complete(entry, component):
                    task.done += 1
                elif not task.next_code:
                    task.next_code = entry.code
            out.append(task)
    return out


def entry_rows(user, competition: Competition, assignments: list[JudgeAssignment], b: Board):
    """The entries the judge scores in this competition, with how many marks they gave."""
    rows = []
    components = [
        c for c in b.components.get(competition.pk, []) if any(_ok(a, c) for a in assignments)
    ]
    for entry in b.entries.get(competition.pk, []):
        covered = [c for c in components if _covered(assignments, c, entry)]
        if not covered:
            continue
        mine = [c for c in covered if not closed_label(competition, c)]  # still scorable
        rows.append(
            {
                "entry": entry,
                "excluded": entry.pk in b.excluded,
                "closed": "" if mine else closed_label(competition, covered[0]),
                "done": sum(
                    min(b.mine[(entry.pk, c.pk)], len(b.aspects.get(c.pk, []))) for c in mine
                ),
                "total": sum(len(b.aspects.get(c.pk, [])) for c in mine),
            }
        )
    return rows


def _ok(assignment: JudgeAssignment, component: Component) -> bool:
    return assignment.component_id in (None, component.pk)


def my_components(competition: Competition, assignments, b: Board) -> list[Component]:
    return [c for c in b.components.get(competition.pk, []) if any(_ok(a, c) for a in assignments)]


def next_to_score(entry: Entry, rows: list[dict]) -> Entry | None:
    """The next entry after ``entry`` (in order, wrapping round) the judge has not finished."""
    todo = [r for r in rows if not r["excluded"] and r["done"] < r["total"]]
    later = [
        r for r in todo if (r["entry"].order or 0, r["entry"].code) > (entry.order or 0, entry.code)
    ]
    pick = (later or [r for r in todo if r["entry"].pk != entry.pk])[:1]
    return pick[0]["entry"] if pick else None


def spread_message(values: list[int], allowed: int, who: list[str] | None = None) -> str:
    """The judges' scores on one judgement aspect, and why they must be discussed: how many
    judges scored, the allowed spread and the outlying scores (whose, given ``who``)."""
    return spread_text(values, allowed, who or ())


def chief_boards(user) -> list[dict]:
    """The chief judge's home: for each competition they chair, each judged component's
    progress by judge (scored / to score), the spreads flagged and whether it can be locked."""
    from jiangxin.competitions.services.locking import mark_status

    chairs = (
        JudgeAssignment.objects.filter(user=user, role=JudgeAssignment.Role.CHIEF)
        .select_related("competition")
        .order_by("-competition__held_on", "competition_id")
    )
    out = []
    for competition in dict.fromkeys(a.competition for a in chairs):
        parts = []
        for c in (
            competition.components.exclude(rule=Component.Rule.EXAM)
            .select_related("locked_by")
            .order_by("order")
        ):
            closed = closed_label(competition, c)
            parts.append({"component": c, "closed": closed, **({} if closed else mark_status(c))})
        out.append({"competition": competition, "components": parts})
    return out
