"""Marking arithmetic and ranking for skill competitions. Pure module (no Django).

Marks are ``Decimal`` rounded half-up to two places at the aspect, the component and the total,
as results are published; ties are decided on those published figures, so they are exact. Every
quotient (a mean, a share of the maximum) is rounded from the exact fraction, never from a
28-digit decimal approximation, so the database's integer arithmetic
(``competitions.aggregates``) gives the very same figures.

- A *measurement* aspect is marked full, zero, or its maximum less the deductions (never < 0).
- A *judgement* aspect is scored 0–3 by each of three judges against written descriptors:
  mark = mean ÷ 3 × maximum. Scores further apart than the allowed spread are flagged.
- The Chinese rule for a component: N judges' scores, drop one highest and one lowest,
  average the rest.
- Total = Σ component score × weight ÷ 100; the weights add up to 100.
- Ranking is standard competition ranking (1, 2, 2, 4) on the total, then an ordered list of
  tie-breakers (practical score, theory score, finishing time…).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from jiangxin.core.i18n import gettext as _

CENT = Decimal("0.01")
JUDGEMENT_TOP = 3


class MarkingError(ValueError):
    """Input the rules do not allow; ``str(err)`` says what to fix, in Chinese."""


def cents(value: Decimal | Fraction | int) -> Decimal:
    """``value`` rounded half-up (away from zero) to two places; a ``Fraction`` is rounded
    exactly."""
    if isinstance(value, Fraction):
        hundredths = abs(value) * 100
        whole = (hundredths.numerator * 2 + hundredths.denominator) // (2 * hundredths.denominator)
        return (Decimal(whole if value >= 0 else -whole) / 100).quantize(CENT)
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def mean_cents(values: Sequence[Decimal | int]) -> Decimal:
    """The mean of ``values`` rounded half-up to two places, exactly."""
    return cents(Fraction(sum((Fraction(v) for v in values), Fraction(0)), len(values)))


def share_of_100(marks: Decimal, top: Decimal) -> Decimal:
    """``marks`` out of ``top`` expressed out of 100, rounded half-up to two places, exactly."""
    return cents(Fraction(marks) / Fraction(top) * 100)


def measurement_mark(
    max_mark: Decimal, *, outcome: str, deductions: Sequence[Decimal] = ()
) -> Decimal:
    """``outcome`` is "full", "zero" or "deduct" (the maximum less the deductions, at least 0)."""
    max_mark = Decimal(max_mark)
    if outcome == "full":
        return cents(max_mark)
    if outcome == "zero":
        return cents(Decimal(0))
    if outcome != "deduct":
        raise MarkingError(_("测量评分只能是满分、零分或扣分"))
    total = Decimal(0)
    for d in deductions:
        d = Decimal(d)
        if d < 0:
            raise MarkingError(_("扣分不能为负数"))
        total += d
    return cents(max(Decimal(0), max_mark - total))


def check_judgement_score(score: object) -> int:
    if isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= JUDGEMENT_TOP:
        raise MarkingError(_("评价分只能是 0、1、2、3 中的整数，收到 {score}").format(score=score))
    return score


def judgement_mark(max_mark: Decimal, scores: Sequence[int]) -> Decimal:
    """Mean of the judges' 0–3 scores ÷ 3 × the aspect's maximum."""
    if not scores:
        raise MarkingError(_("评价分至少需要一名裁判的评分"))
    for s in scores:
        check_judgement_score(s)
    return cents(Fraction(sum(scores), len(scores) * JUDGEMENT_TOP) * Fraction(Decimal(max_mark)))


def spread_exceeded(scores: Sequence[int], allowed: int = 1) -> bool:
    """Whether the judges' scores are further apart than ``allowed``: to be discussed and
    re-scored before the chief judge may lock."""
    return bool(scores) and max(scores) - min(scores) > allowed


def trimmed_mean(scores: Sequence[Decimal]) -> Decimal:
    """Drop one highest and one lowest score and average the rest (needs three or more)."""
    if len(scores) < 3:
        raise MarkingError(
            _("去掉最高分和最低分至少需要 3 名裁判的评分，现有 {count} 名").format(
                count=len(scores)
            )
        )
    ordered = sorted(Decimal(s) for s in scores)
    return mean_cents(ordered[1:-1])


def check_weights(weights: Mapping[str, int | Decimal]) -> None:
    total = sum((Decimal(w) for w in weights.values()), Decimal(0))
    if any(Decimal(w) <= 0 for w in weights.values()):
        raise MarkingError(_("各部分的权重必须大于 0"))
    if total != 100:
        raise MarkingError(
            _("各部分的权重之和应为 100，现为 {total}").format(total=f"{total.normalize():f}")
        )


def weighted_total(scores: Mapping[str, Decimal], weights: Mapping[str, int | Decimal]) -> Decimal:
    """Σ component score × weight ÷ 100. Each component score is out of 100."""
    check_weights(weights)
    missing = set(weights) - set(scores)
    if missing:
        raise MarkingError(
            _("缺少以下部分的成绩：{parts}").format(parts="、".join(sorted(missing)))
        )
    return cents(
        sum((Decimal(scores[k]) * Decimal(w) for k, w in weights.items()), Decimal(0)) / 100
    )


@dataclass(frozen=True)
class TieBreaker:
    """One tie-break criterion: the entry's value under ``key``; higher wins unless
    ``lower_wins`` (finishing time)."""

    key: str
    lower_wins: bool = False


@dataclass(frozen=True)
class Entry:
    id: object
    total: Decimal
    values: Mapping[str, Decimal | int | float | None]


@dataclass(frozen=True)
class Ranked:
    id: object
    rank: int
    total: Decimal


def _sort_key(entry: Entry, tie_breakers: Sequence[TieBreaker]) -> tuple:
    key: list = [-cents(entry.total)]
    for tb in tie_breakers:
        value = entry.values.get(tb.key)
        missing = value is None
        if missing:
            key.append((1, 0))  # a missing value loses the tie-break
        else:
            v = Decimal(str(value))
            key.append((0, v if tb.lower_wins else -v))
    return tuple(key)


def rank(entries: Sequence[Entry], tie_breakers: Sequence[TieBreaker] = ()) -> list[Ranked]:
    """Standard competition ranking (1, 2, 2, 4): entries equal on the total and on every
    tie-breaker share a rank; the next rank skips as many places as shared it."""
    keyed = sorted(((_sort_key(e, tie_breakers), e) for e in entries), key=lambda pair: pair[0])
    out: list[Ranked] = []
    previous = None
    for position, (key, entry) in enumerate(keyed, start=1):
        current = out[-1].rank if key == previous else position
        out.append(Ranked(entry.id, current, cents(entry.total)))
        previous = key
    return out


@dataclass(frozen=True)
class AwardRule:
    """An award given to ``count`` places, or to ``share`` (0–1) of the entries rounded
    half-up; rules apply in order (一等奖 before 二等奖)."""

    name: str
    count: int | None = None
    share: Decimal | None = None


def awards(ranked: Sequence[Ranked], rules: Sequence[AwardRule]) -> dict[object, str]:
    """Award by rank, rules in order. A rule covers the ranks up to (entries already awarded +
    its places): entries tied at the boundary all get it (a tie is never split), and the
    awards after it start that much lower."""
    n = len(ranked)
    out: dict[object, str] = {}
    for rule in rules:
        if (rule.count is None) == (rule.share is None):
            raise MarkingError(_("奖项“{name}”须设置名额或比例之一").format(name=rule.name))
        if rule.count is not None:
            places = rule.count
        else:
            places = int(
                (Decimal(n) * Decimal(rule.share)).to_integral_value(rounding=ROUND_HALF_UP)
            )
        limit = len(out) + places
        for r in ranked:
            if r.id not in out and r.rank <= limit:
                out[r.id] = rule.name
    return out


@dataclass(frozen=True)
class TeamRow:
    """A delegation's line in the team table."""

    team: object
    members: int
    in_top: int
    best_rank: int | None
    awards: Mapping[str, int]
    points: Decimal


def default_points(award_names: Sequence[str]) -> dict[str, Decimal]:
    """Without a points table: the last award scores 1, each one above it 1 more."""
    return {name: Decimal(len(award_names) - i) for i, name in enumerate(award_names)}


def team_table(
    members: Sequence[tuple[object, int | None, str]],
    *,
    top_n: int,
    points: Mapping[str, Decimal | int],
    award_names: Sequence[str],
) -> list[TeamRow]:
    """One row per team from its members' (team, rank, award): members ranked in the top
    ``top_n``, awards of each kind, points (Σ points per award). Ordered by points, then
    members in the top N, then the best rank; teams level on all three share a line order
    by name."""
    rows: dict[object, dict] = {}
    for team, rank_, award in members:
        row = rows.setdefault(
            team, {"members": 0, "in_top": 0, "best": None, "awards": {}, "points": Decimal(0)}
        )
        row["members"] += 1
        if rank_ is not None:
            row["in_top"] += rank_ <= top_n
            row["best"] = rank_ if row["best"] is None else min(row["best"], rank_)
        if award:
            row["awards"][award] = row["awards"].get(award, 0) + 1
            row["points"] += Decimal(points.get(award, 0))
    out = [
        TeamRow(
            team=team,
            members=r["members"],
            in_top=r["in_top"],
            best_rank=r["best"],
            awards={name: r["awards"].get(name, 0) for name in award_names},
            points=r["points"],
        )
        for team, r in rows.items()
    ]
    return sorted(
        out,
        key=lambda t: (
            -t.points,
            -t.in_top,
            t.best_rank if t.best_rank is not None else 10**9,
            str(t.team),
        ),
    )
