"""Results: component scores (in the database, and in Python for a re-mark's preview), weighted
totals, ranks, awards and the team table; computing (scores locked), publishing for the notice
period (公示) and finalising once it is over, by the organiser's admins, audited."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiangxin.audit.models import AuditEntry
from jiangxin.competitions import aggregates, lifecycle
from jiangxin.competitions.marking import (
    AwardRule,
    TeamRow,
    TieBreaker,
    awards,
    default_points,
    judgement_mark,
    mean_cents,
    rank,
    share_of_100,
    team_table,
    trimmed_mean,
    weighted_total,
)
from jiangxin.competitions.marking import Entry as RankEntry
from jiangxin.competitions.models import (
    Aspect,
    Competition,
    Component,
    ExamScore,
    Result,
    Score,
)
from jiangxin.competitions.services._common import (
    PUBLICITY_DAYS,
    S,
    _entries,
    _log,
    _require_organiser,
    _set_status,
)

if TYPE_CHECKING:
    from jiangxin.accounts.models import User


def component_scores(
    competition: Competition,
    *,
    marks_override: dict[tuple[int, int, int], Decimal] | None = None,
    exam_override: dict[tuple[int, int], Decimal] | None = None,
) -> dict[int, dict[str, Decimal]]:
    """entry id → {component kind: score out of 100}, from the current marks; the overrides
    ((entry, aspect, judge) → mark, (entry, component) → exam score) replace marks in memory,
    for previewing a re-mark.

    The database sums the judged components (``aggregates``); the entries a re-mark touches
    are computed again in Python from their marks with the overrides applied."""
    components = list(competition.components.all())
    entry_ids = list(_entries(competition).values_list("pk", flat=True))
    out: dict[int, dict[str, Decimal]] = {pk: {} for pk in entry_ids}
    tops = _component_tops(competition)
    by_rule: dict[str, list[int]] = {}
    for component in components:
        by_rule.setdefault(component.rule, []).append(component.pk)
    kinds = {c.pk: c.kind for c in components}
    for component in components:
        if component.rule == Component.Rule.SCHEME and tops.get(component.pk):
            for entry_id in entry_ids:
                out[entry_id][component.kind] = Decimal("0.00")
    for (entry_id, component_id), marks_c in aggregates.scheme_marks(
        competition.pk, by_rule.get(Component.Rule.SCHEME, [])
    ).items():
        if entry_id in out and tops.get(component_id):
            out[entry_id][kinds[component_id]] = share_of_100(
                Decimal(marks_c) / 100, tops[component_id]
            )
    for (entry_id, component_id), totals in aggregates.judge_totals(
        competition.pk, by_rule.get(Component.Rule.TRIMMED, [])
    ).items():
        if entry_id in out and tops.get(component_id) and len(totals) >= 3:
            out[entry_id][kinds[component_id]] = share_of_100(
                trimmed_mean(totals), tops[component_id]
            )
    for component_id in by_rule.get(Component.Rule.EXAM, []):
        for entry_id, score in ExamScore.objects.filter(
            component_id=component_id, current=True
        ).values_list("entry_id", "score"):
            if entry_id in out:
                out[entry_id][kinds[component_id]] = score
    for (entry_id, component_id), score in (exam_override or {}).items():
        if entry_id in out and kinds.get(component_id):
            out[entry_id][kinds[component_id]] = score
    touched = {entry_id for entry_id, _a, _j in (marks_override or {}) if entry_id in out}
    if touched:
        for entry_id, parts in judged_scores_in_python(
            competition, entry_ids=sorted(touched), marks_override=marks_override
        ).items():
            out[entry_id].update(parts)
    return out


def _component_tops(competition: Competition) -> dict[int, Decimal]:
    """component id → the sum of its aspects' maximum marks."""
    tops: dict[int, Decimal] = {}
    for component_id, max_mark in Aspect.objects.filter(
        criterion__component__competition=competition
    ).values_list("criterion__component_id", "max_mark"):
        tops[component_id] = tops.get(component_id, Decimal(0)) + max_mark
    return tops


def judged_scores_in_python(
    competition: Competition,
    *,
    entry_ids: Sequence[int],
    marks_override: dict[tuple[int, int, int], Decimal] | None = None,
) -> dict[int, dict[str, Decimal]]:
    """The judged components' scores of ``entry_ids`` from their marks, in Python with
    ``marking`` — the reference the database sums are tested against, and the path a re-mark
    preview takes."""
    out: dict[int, dict[str, Decimal]] = {pk: {} for pk in entry_ids}
    aspects = list(
        Aspect.objects.filter(criterion__component__competition=competition).select_related(
            "criterion"
        )
    )
    marks: dict[tuple[int, int], list[tuple[int, Decimal]]] = {}
    for entry_id, aspect_id, judge_id, value in Score.objects.filter(
        entry_id__in=list(entry_ids), current=True
    ).values_list("entry_id", "aspect_id", "judge_id", "value"):
        marks.setdefault((entry_id, aspect_id), []).append((judge_id, value))
    for (entry_id, aspect_id, judge_id), value in (marks_override or {}).items():
        if entry_id not in out:
            continue
        kept = [(j, v) for j, v in marks.get((entry_id, aspect_id), []) if j != judge_id]
        marks[(entry_id, aspect_id)] = [*kept, (judge_id, value)]
    for component in competition.components.exclude(rule=Component.Rule.EXAM):
        mine = [a for a in aspects if a.criterion.component_id == component.pk]
        top = sum((a.max_mark for a in mine), Decimal(0))
        if not top:
            continue
        for entry_id in entry_ids:
            if component.rule == Component.Rule.TRIMMED:
                per_judge: dict[int, Decimal] = {}
                for a in mine:
                    for judge_id, value in marks.get((entry_id, a.pk), []):
                        # a judgement's 0–3 counts as its marks, as in aggregates.judge_totals
                        mark = (
                            judgement_mark(a.max_mark, [int(value)])
                            if a.kind == Aspect.Kind.JUDGEMENT
                            else value
                        )
                        per_judge[judge_id] = per_judge.get(judge_id, Decimal(0)) + mark
                if len(per_judge) >= 3:
                    out[entry_id][component.kind] = share_of_100(
                        trimmed_mean(list(per_judge.values())), top
                    )
                continue
            total = Decimal(0)
            for a in mine:
                values = [v for _j, v in marks.get((entry_id, a.pk), [])]
                if not values:
                    continue
                if a.kind == Aspect.Kind.JUDGEMENT:
                    total += judgement_mark(a.max_mark, [int(v) for v in values])
                else:
                    total += mean_cents(values)
            out[entry_id][component.kind] = share_of_100(total, top)
    return out


def ranked_results(competition: Competition, scores: dict[int, dict[str, Decimal]]):
    """(ranked entries, awards) from component scores: weighted totals, the configured
    tie-breaks (components in order), standard competition ranks, the award rules."""
    weights = dict(competition.components.values_list("kind", "weight"))
    entries = []
    for entry_id, parts in scores.items():
        filled = {kind: parts.get(kind, Decimal(0)) for kind in weights}
        entries.append(RankEntry(entry_id, weighted_total(filled, weights), filled))
    order = competition.tie_breakers or [
        k for k in ("practical", "theory", "defence") if k in weights
    ]
    ranked = rank(entries, [TieBreaker(k) for k in order])
    rules = [
        AwardRule(
            r["name"],
            count=r.get("count"),
            share=Decimal(str(r["share"])) if r.get("share") is not None else None,
        )
        for r in competition.award_rules
    ]
    return ranked, awards(ranked, rules)


@transaction.atomic
def compute_results(*, by: User, ip: str | None = None, competition: Competition) -> list[Result]:
    """Totals, ranks (ties broken by the configured components in order) and awards, stored
    as Result rows, replacing earlier ones. Needs the scores locked."""
    competition = Competition.objects.select_for_update().get(pk=competition.pk)
    _require_organiser(by, competition)
    if competition.status not in (S.LOCKED, S.PUBLISHED):
        raise ValidationError(_("成绩锁定后才能计算结果"))
    return _store_results(competition, by=by, ip=ip)


def _store_results(competition: Competition, *, by: User, ip: str | None = None) -> list[Result]:
    scores = component_scores(competition)
    ranked, given = ranked_results(competition, scores)
    Result.objects.filter(competition=competition).delete()
    rows = [
        Result(
            competition=competition,
            entry_id=r.id,
            total=r.total,
            rank=r.rank,
            award=given.get(r.id, ""),
            component_scores={k: str(v) for k, v in scores[r.id].items()},
        )
        for r in ranked
    ]
    Result.objects.bulk_create(rows, batch_size=2000)
    _log(
        competition,
        by=by,
        ip=ip,
        action=AuditEntry.Action.UPDATE,
        obj=competition,
        changes={"results": len(rows)},
    )
    return rows


@transaction.atomic
def publish_results(
    *, by: User, ip: str | None = None, competition: Competition, days: int | None = None
) -> Competition:
    """Results go public for a notice period (公示) of the competition's ``publicity_days``
    (or ``days``); appeals are heard meanwhile."""
    competition = Competition.objects.select_for_update().get(pk=competition.pk)
    _require_organiser(by, competition)
    if competition.status != S.LOCKED or not competition.results.exists():
        raise ValidationError(_("成绩锁定并计算结果后才能公示"))
    days = days or competition.publicity_days or PUBLICITY_DAYS
    competition.publicity_until = timezone.now() + datetime.timedelta(days=days)
    _set_status(
        competition,
        S.PUBLISHED,
        by=by,
        ip=ip,
        publicity_until=competition.publicity_until.isoformat(),
    )
    return competition


@transaction.atomic
def finalise_results(*, by: User, ip: str | None = None, competition: Competition) -> Competition:
    competition = Competition.objects.select_for_update().get(pk=competition.pk)
    _require_organiser(by, competition)
    if competition.status != S.PUBLISHED:
        raise ValidationError(_("结果公示后才能确认"))
    if wait := lifecycle.finalise_wait(competition):
        raise ValidationError(wait)
    competition.finalised_at = timezone.now()  # a certificate may carry this date
    _set_status(
        competition, S.FINAL, by=by, ip=ip, finalised_at=competition.finalised_at.isoformat()
    )
    return competition


def team_points(competition: Competition) -> dict[str, Decimal]:
    """What each award counts for the team: the competition's table, or by default the last
    award 1 point and each one above it 1 more."""
    names = [r["name"] for r in competition.award_rules]
    table = competition.award_points or default_points(names)
    return {name: Decimal(table[name]) for name in names if name in table}


def team_results(competition: Competition) -> list[TeamRow]:
    """The delegation table from the stored results: members in the top N, awards of each
    kind and points (the competition's table, or by default the last award 1 point and each
    one above it 1 more). Individual entrants are not counted."""
    names = [r["name"] for r in competition.award_rules]
    points = team_points(competition)
    members = [
        (name, rank_, award)
        for name, rank_, award in Result.objects.filter(
            competition=competition, entry__delegation__isnull=False
        ).values_list("entry__delegation__name", "rank", "award")
    ]
    return team_table(members, top_n=competition.team_top_n, points=points, award_names=names)
