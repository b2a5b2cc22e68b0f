"""The "五小" review arithmetic at one level: weighted scores, the raw and the standardised
means, the spread flags. Pure module (no Django).

- The review form has criteria with weights (positive, two decimals at most, adding up to 100).
  An expert scores each criterion from 0 to the form's ``top`` (100 by default; 10 for a
  ten-point form), two decimals at most. A review's **weighted score** is
  Σ score × weight ÷ 100, on the same 0–``top`` scale, rounded half-up to two places: it is the
  figure the expert and the organiser see, and every later figure is computed from it.
- An application's **raw mean** is the mean of its reviews' weighted scores.
- The **standardised mean** removes each expert's severity. For every expert, the mean m and the
  population standard deviation s (÷ n: the expert's own scores, not a sample of anything) of
  the weighted scores they gave at this level, over all the applications they reviewed; a
  review's z = (score − m) ÷ s. An expert with fewer than ``min_reviews`` (2) reviews, or whose
  scores are all equal (s = 0), tells nothing about where an application stands among theirs:
  their reviews get z = 0 and are marked uninformative. z is mapped back to the scale with the
  pool's mean M and population standard deviation S over every review at the level:
  M + z × S; the application's standardised mean is the mean of its reviews' mapped scores. It
  is a position on the scale, not a mark: it is not clamped to 0–``top`` (an outlier may pass
  the top), so the order it gives is kept.
- Both means are rounded half-up to two places from the exact figures (means and variances are
  exact fractions; square roots to 40 digits), never from rounded intermediates.
- **Spread**: an application is flagged when the max − min of its weighted scores exceeds
  ``SpreadRule.max_gap``, when their population standard deviation exceeds ``max_sd``, and — one
  flag per criterion — when the max − min of one criterion's scores exceeds ``criterion_gap``
  (each test strict, each off when None). The flags say what to discuss; their number is a
  tie-break in ``contest_quota``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from fractions import Fraction

from jiangxin.core.i18n import gettext as _

CENT = Decimal("0.01")
Z_PLACES = Decimal("0.0001")
PRECISION = 40


class ScoringError(ValueError):
    """Input the form does not allow; ``str(err)`` says what to fix, in Chinese."""


def cents(value: Decimal | Fraction | int) -> Decimal:
    """``value`` rounded half-up to two places (a ``Fraction`` via 40 significant digits)."""
    return _decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def _decimal(value: Decimal | Fraction | int) -> Decimal:
    if isinstance(value, Fraction):
        with localcontext() as ctx:
            ctx.prec = PRECISION
            return Decimal(value.numerator) / Decimal(value.denominator)
    return Decimal(value)


def _sqrt(value: Fraction) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = PRECISION
        return _decimal(value).sqrt()


@dataclass(frozen=True)
class Criterion:
    key: str
    name: str
    weight: Decimal


@dataclass(frozen=True)
class Review:
    application: int
    expert: int
    scores: Mapping[str, Decimal | int]


@dataclass(frozen=True)
class SpreadRule:
    max_gap: Decimal | None = Decimal(20)  # on the weighted score, in points of the scale
    max_sd: Decimal | None = None
    criterion_gap: Decimal | None = None


def _number(value: object, what: str) -> Decimal:
    if isinstance(value, bool):
        raise ScoringError(_("{what}必须是数字").format(what=what))
    try:
        number = Decimal(str(value)) if isinstance(value, int | float) else Decimal(value)  # type: ignore[arg-type]
    except (InvalidOperation, TypeError, ValueError):
        raise ScoringError(_("{what}必须是数字").format(what=what)) from None
    if not number.is_finite() or number != number.quantize(CENT, rounding=ROUND_HALF_UP):
        raise ScoringError(_("{what}最多保留两位小数").format(what=what))
    return number


def check_form(criteria: Sequence[Criterion], top: Decimal | int = 100) -> None:
    if not criteria:
        raise ScoringError(_("评审表至少需要一项评分指标"))
    if Decimal(top) <= 0:
        raise ScoringError(_("评分满分必须大于 0"))
    keys = [c.key for c in criteria]
    if len(set(keys)) != len(keys):
        raise ScoringError(_("评分指标不能重复"))
    total = Decimal(0)
    for c in criteria:
        weight = _number(c.weight, _("“{name}”的权重").format(name=c.name))
        if weight <= 0:
            raise ScoringError(_("“{name}”的权重必须大于 0").format(name=c.name))
        total += weight
    if total != 100:
        raise ScoringError(
            _("各项指标的权重之和应为 100，现为 {total}").format(total=f"{total.normalize():f}")
        )


def weighted_score(
    criteria: Sequence[Criterion], scores: Mapping[str, Decimal | int], top: Decimal | int = 100
) -> Decimal:
    """Σ score × weight ÷ 100, rounded half-up to two places. Every criterion must be scored,
    from 0 to ``top``."""
    check_form(criteria, top)
    unknown = set(scores) - {c.key for c in criteria}
    if unknown:
        raise ScoringError(
            _("评审表中没有这些指标：{keys}").format(keys="、".join(sorted(unknown)))
        )
    missing = [c.name for c in criteria if c.key not in scores]
    if missing:
        raise ScoringError(_("以下指标尚未评分：{names}").format(names="、".join(missing)))
    total = Decimal(0)
    for c in criteria:
        score = _number(scores[c.key], _("“{name}”的评分").format(name=c.name))
        if not 0 <= score <= Decimal(top):
            raise ScoringError(_("“{name}”的评分应在 0 到 {top} 之间").format(name=c.name, top=top))
        total += score * Decimal(c.weight)
    return cents(Fraction(total) / 100)


def _mean(values: Sequence[Decimal]) -> Fraction:
    return sum((Fraction(v) for v in values), Fraction(0)) / len(values)


def _variance(values: Sequence[Decimal], mean: Fraction) -> Fraction:
    return sum(((Fraction(v) - mean) ** 2 for v in values), Fraction(0)) / len(values)


@dataclass(frozen=True)
class ExpertStats:
    expert: int
    reviews: int
    mean: Decimal
    sd: Decimal
    informative: bool  # at least ``min_reviews`` reviews and not all equal


@dataclass(frozen=True)
class ReviewResult:
    application: int
    expert: int
    weighted: Decimal
    z: Decimal  # to four places; 0 for an uninformative expert
    standardised: Decimal  # M + z × S, to two places


@dataclass(frozen=True)
class AppResult:
    application: int
    reviews: int
    weighted: tuple[Decimal, ...]  # the reviews' weighted scores, highest first
    raw_mean: Decimal
    standardised_mean: Decimal
    gap: Decimal  # max − min of the weighted scores
    sd: Decimal  # their population standard deviation
    flags: tuple[str, ...]  # what the spread test found, in Chinese

    @property
    def spread_flags(self) -> int:
        return len(self.flags)

    @property
    def flagged(self) -> bool:
        return bool(self.flags)


@dataclass
class LevelResult:
    pool_mean: Decimal
    pool_sd: Decimal
    experts: dict[int, ExpertStats] = field(default_factory=dict)
    reviews: list[ReviewResult] = field(default_factory=list)
    applications: dict[int, AppResult] = field(default_factory=dict)


def spread_flags(
    criteria: Sequence[Criterion],
    reviews: Sequence[Review],
    weighted: Sequence[Decimal],
    rule: SpreadRule,
) -> tuple[str, ...]:
    """The spread test on one application's reviews (their weighted scores alongside)."""
    if len(weighted) < 2:
        return ()
    flags = []
    gap = max(weighted) - min(weighted)
    if rule.max_gap is not None and gap > Decimal(rule.max_gap):
        flags.append(
            _("专家加权分相差 {gap} 分，超过 {limit} 分").format(gap=gap, limit=rule.max_gap)
        )
    sd = cents(_sqrt(_variance(weighted, _mean(weighted))))
    if rule.max_sd is not None and sd > Decimal(rule.max_sd):
        flags.append(_("专家加权分的标准差为 {sd}，超过 {limit}").format(sd=sd, limit=rule.max_sd))
    if rule.criterion_gap is not None:
        for c in criteria:
            values = [Decimal(r.scores[c.key]) for r in reviews]
            c_gap = max(values) - min(values)
            if c_gap > Decimal(rule.criterion_gap):
                flags.append(
                    _("专家对“{name}”的评分相差 {gap} 分，超过 {limit} 分").format(
                        name=c.name, gap=c_gap, limit=rule.criterion_gap
                    )
                )
    return tuple(flags)


def level_results(
    criteria: Sequence[Criterion],
    reviews: Iterable[Review],
    *,
    top: Decimal | int = 100,
    spread: SpreadRule | None = None,
    min_reviews: int = 2,
) -> LevelResult:
    """Every figure of the level from its submitted reviews (one per expert and application)."""
    rule = spread if spread is not None else SpreadRule()
    reviews = list(reviews)
    seen: set[tuple[int, int]] = set()
    scored: list[tuple[Review, Decimal]] = []
    for r in reviews:
        if (r.application, r.expert) in seen:
            raise ScoringError(_("同一专家对同一项目只能有一份评审"))
        seen.add((r.application, r.expert))
        scored.append((r, weighted_score(criteria, r.scores, top)))
    if not scored:
        return LevelResult(pool_mean=Decimal("0.00"), pool_sd=Decimal("0.00"))

    everything = [w for _r, w in scored]
    pool_mean = _mean(everything)
    pool_sd = _sqrt(_variance(everything, pool_mean))
    result = LevelResult(pool_mean=cents(pool_mean), pool_sd=cents(pool_sd))

    by_expert: dict[int, list[Decimal]] = defaultdict(list)
    for r, w in scored:
        by_expert[r.expert].append(w)
    moments: dict[int, tuple[Fraction, Decimal | None]] = {}
    for expert, values in by_expert.items():
        mean = _mean(values)
        sd = _sqrt(_variance(values, mean))
        informative = len(values) >= min_reviews and sd > 0
        moments[expert] = (mean, sd if informative else None)
        result.experts[expert] = ExpertStats(
            expert, len(values), cents(mean), cents(sd), informative
        )

    mapped_by_app: dict[int, list[Decimal]] = defaultdict(list)
    with localcontext() as ctx:
        ctx.prec = PRECISION
        for r, w in scored:
            expert_mean, expert_sd = moments[r.expert]
            z = (w - _decimal(expert_mean)) / expert_sd if expert_sd is not None else Decimal(0)
            position = _decimal(pool_mean) + z * pool_sd
            mapped_by_app[r.application].append(position)
            result.reviews.append(
                ReviewResult(
                    r.application,
                    r.expert,
                    w,
                    z.quantize(Z_PLACES, rounding=ROUND_HALF_UP),
                    position.quantize(CENT, rounding=ROUND_HALF_UP),
                )
            )

    by_app: dict[int, list[tuple[Review, Decimal]]] = defaultdict(list)
    for r, w in scored:
        by_app[r.application].append((r, w))
    for app, rows in by_app.items():
        weighted = [w for _r, w in rows]
        positions = mapped_by_app[app]
        with localcontext() as ctx:
            ctx.prec = PRECISION
            standardised = sum(positions, Decimal(0)) / len(positions)
        result.applications[app] = AppResult(
            application=app,
            reviews=len(rows),
            weighted=tuple(sorted(weighted, reverse=True)),
            raw_mean=cents(_mean(weighted)),
            standardised_mean=standardised.quantize(CENT, rounding=ROUND_HALF_UP),
            gap=max(weighted) - min(weighted),
            sd=cents(_sqrt(_variance(weighted, _mean(weighted)))),
            flags=spread_flags(criteria, [r for r, _w in rows], weighted, rule),
        )
    return result
