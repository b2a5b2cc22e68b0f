"""A level's decision list, the recommendation chain and the final level's prizes. Pure module.

- **Order.** Applications are ranked by the chosen score (``STANDARDISED`` by default, or
  ``RAW``), higher first; ties are broken by the other of the two means, then fewer spread
  flags, then earlier submission, then the lower id (the earlier record), so the order is total
  and the same on every run. Scores compare as published (two places). An application without a
  score (not reviewed, or a level that only endorses) comes after every scored one, by
  submission, and is never recommended automatically.
- **Quota.** A number, or a share of the applications *received* at the level rounded down
  (``FLOOR``, the default: 30% of 58 is 17) or up (``CEIL``: 18), never more than were
  received.
- **Decision.** The organiser's manual exclusions leave the list; manual inclusions (each with a
  reason) take places first — more of them than the quota is refused with a Chinese error —
  then the remaining places go down the order. When the last place fell between two
  applications equal on the chosen score, the decision says which tie-break decided.
- **Chain.** Levels run enterprise → town → county → city → province (any subset, in that
  order). What a level recommends (within its quota, from what it received) is what the next
  level receives; a level not yet decided passes nothing on; the last level passes nothing on
  — it gives the prizes.
- **Prizes.** Tier k (一等, 二等, …, in order) covers the places C(k−1)+1 … C(k) of the ranked
  list, C(k) being the counts added up. Two applications are *tied for a prize* when equal on
  both means as published — spread flags and submission time order the list but are not merit.
  A tied group straddling C(k) is never split: with ``UP`` (default) all of it takes tier k
  (tier k is over its count, tier k+1 short by as many; at the last boundary the prizes are over
  the total, and so is the money); with ``DOWN`` all of it takes tier k+1, or no prize after the
  last tier (tier k is short; the prizes down to any tier never outnumber the counts down to it,
  so neither the total nor — each tier paying less than the one above — the money is ever
  over). Each straddled line is reported in Chinese.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from jiangxin.core.i18n import gettext as _

CENT = Decimal("0.01")
STANDARDISED, RAW = "standardised", "raw"
FLOOR, CEIL = "floor", "ceil"
UP, DOWN = "up", "down"
AUTO, INCLUDED, EXCLUDED = "auto", "included", "excluded"
LEVELS = ("enterprise", "town", "county", "city", "province")


class QuotaError(ValueError):
    """A decision the rules do not allow; ``str(err)`` says what to fix, in Chinese."""


@dataclass(frozen=True)
class Candidate:
    id: int
    standardised: Decimal | None
    raw: Decimal | None
    spread_flags: int = 0
    submitted_at: datetime.datetime | None = None


@dataclass(frozen=True)
class Quota:
    count: int | None = None
    share: Decimal | None = None  # of the applications received, 0 < share ≤ 1
    rounding: str = FLOOR

    def places(self, received: int) -> int:
        if (self.count is None) == (self.share is None):
            raise QuotaError(_("推荐名额须设置数量或比例之一"))
        if self.count is not None:
            if self.count < 0:
                raise QuotaError(_("推荐名额不能为负数"))
            return min(self.count, received)
        share = Fraction(Decimal(str(self.share)))
        if not 0 < share <= 1:
            raise QuotaError(_("推荐比例应大于 0 且不超过 100%"))
        if self.rounding not in (FLOOR, CEIL):
            raise QuotaError(_("推荐比例只能向下或向上取整"))
        exact = share * received
        return min(math.floor(exact) if self.rounding == FLOOR else math.ceil(exact), received)


@dataclass(frozen=True)
class Override:
    application: int
    include: bool
    reason: str


@dataclass(frozen=True)
class Row:
    id: int
    position: int  # 1, 2, 3… in the order
    recommended: bool
    how: str  # AUTO, INCLUDED, EXCLUDED ("" when simply below the line)
    reason: str = ""


@dataclass
class Decision:
    quota: int
    rows: list[Row] = field(default_factory=list)
    note: str = ""  # how a tie at the last place was decided, in Chinese

    @property
    def recommended(self) -> list[int]:
        return [r.id for r in self.rows if r.recommended]


def _pub(value: Decimal | None) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def _scores(c: Candidate, by: str) -> tuple[Decimal | None, Decimal | None]:
    first, second = (c.standardised, c.raw) if by == STANDARDISED else (c.raw, c.standardised)
    return _pub(first), _pub(second)


def order_key(c: Candidate, by: str = STANDARDISED) -> tuple:
    """The sort key: chosen score, the other score, spread flags, submission, id."""
    first, second = _scores(c, by)
    submitted = c.submitted_at or datetime.datetime.max
    if submitted.tzinfo is None:
        submitted = submitted.replace(tzinfo=datetime.UTC)
    if first is None:
        return (1, 0, (0, 0), 0, submitted, c.id)
    other = (1, 0) if second is None else (0, -second)
    return (0, -first, other, c.spread_flags, submitted, c.id)


def ranked(candidates: Iterable[Candidate], by: str = STANDARDISED) -> list[Candidate]:
    if by not in (STANDARDISED, RAW):
        raise QuotaError(_("排序依据只能是标准化平均分或原始平均分"))
    return sorted(candidates, key=lambda c: order_key(c, by))


def tie_break(a: Candidate, b: Candidate, by: str = STANDARDISED) -> str:
    """When ``a`` and ``b`` (``a`` first) are equal on the chosen score, the tie-break that put
    ``a`` first, in Chinese; "" when they are not equal on it."""
    ka, kb = order_key(a, by), order_key(b, by)
    if ka[0] or kb[0] or ka[1] != kb[1]:
        return ""
    names = {
        2: _("另一平均分较高"),
        3: _("分歧标记较少"),
        4: _("提交较早"),
        5: _("记录较早"),
    }
    return names[next(i for i in range(2, 6) if ka[i] != kb[i])]


def _manual(candidates: Sequence[Candidate], overrides: Sequence[Override]) -> dict[int, Override]:
    ids = {c.id for c in candidates}
    manual: dict[int, Override] = {}
    for o in overrides:
        if o.application not in ids:
            raise QuotaError(_("项目 {id} 不在本级的申报项目中").format(id=o.application))
        if not o.reason.strip():
            raise QuotaError(_("手动推荐或不推荐须写明理由"))
        if o.application in manual:
            raise QuotaError(_("同一项目只能有一项手动决定"))
        manual[o.application] = o
    return manual


def decide(
    candidates: Sequence[Candidate],
    quota: Quota,
    *,
    received: int | None = None,
    overrides: Sequence[Override] = (),
    by: str = STANDARDISED,
) -> Decision:
    """The level's decision list: every candidate in order, the recommended ones marked.
    ``received`` (for a share) defaults to the number of candidates."""
    received = len(candidates) if received is None else received
    places = quota.places(received)
    manual = _manual(candidates, overrides)
    included = sum(o.include for o in manual.values())
    if included > places:
        raise QuotaError(
            _("手动推荐 {n} 项，超过本级推荐名额 {q} 项：请先取消部分手动推荐。").format(
                n=included, q=places
            )
        )
    free = places - included
    decision = Decision(quota=places)
    last_in: tuple[int, Candidate] | None = None  # the last place given down the order
    first_out: tuple[int, Candidate] | None = None  # the first one the places ran out for
    for position, c in enumerate(ranked(candidates, by), start=1):
        o = manual.get(c.id)
        if o is not None:
            how = INCLUDED if o.include else EXCLUDED
            decision.rows.append(Row(c.id, position, o.include, how, o.reason))
        elif _scores(c, by)[0] is not None and free > 0:
            free -= 1
            last_in = (position, c)
            decision.rows.append(Row(c.id, position, True, AUTO))
        else:
            if first_out is None and _scores(c, by)[0] is not None:
                first_out = (position, c)
            decision.rows.append(Row(c.id, position, False, ""))
    if last_in is not None and first_out is not None:
        reason = tie_break(last_in[1], first_out[1], by)
        if reason:
            decision.note = _(
                "第 {n} 名与第 {m} 名得分相同（{score}），按“{reason}”确定推荐第 {n} 名。"
            ).format(n=last_in[0], m=first_out[0], score=_scores(last_in[1], by)[0], reason=reason)
    return decision


@dataclass(frozen=True)
class Level:
    key: str  # one of LEVELS
    name: str
    quota: Quota | None = None  # None: the last level, which recommends nothing upward
    reviews: bool = True  # False: it only endorses


@dataclass(frozen=True)
class Stage:
    level: Level
    received: frozenset[int]
    passed_up: frozenset[int]
    decided: bool


def check_levels(levels: Sequence[Level]) -> None:
    keys = [lv.key for lv in levels]
    if not keys:
        raise QuotaError(_("至少需要一个评审层级"))
    if any(k not in LEVELS for k in keys):
        raise QuotaError(_("层级只能是企业、镇（街道）、县（市、区）、市、省"))
    positions = [LEVELS.index(k) for k in keys]
    if positions != sorted(set(positions)):
        raise QuotaError(_("层级须按企业、镇、县、市、省的顺序排列，且不能重复"))
    if any(lv.quota is None for lv in levels[:-1]):
        raise QuotaError(_("除最后一级外，每一级都须设置推荐名额"))


def chain(
    levels: Sequence[Level],
    entered: Iterable[int],
    recommended: Mapping[str, Iterable[int]],
) -> list[Stage]:
    """Who each level received and passed up. ``entered``: the applications the first level
    received; ``recommended``: per decided level, what it recommends upward."""
    check_levels(levels)
    stages: list[Stage] = []
    received = frozenset(entered)
    for i, level in enumerate(levels):
        last = i == len(levels) - 1
        decided = level.key in recommended
        up = frozenset(recommended.get(level.key, ()))
        if last and up:
            raise QuotaError(_("{name}是最后一级，不再向上推荐").format(name=level.name))
        stray = up - received
        if stray:
            raise QuotaError(
                _("{name}推荐了未收到的项目：{ids}").format(
                    name=level.name, ids="、".join(str(x) for x in sorted(stray))
                )
            )
        if not last and level.quota is not None and len(up) > level.quota.places(len(received)):
            raise QuotaError(
                _("{name}推荐 {n} 项，超过名额 {q} 项").format(
                    name=level.name, n=len(up), q=level.quota.places(len(received))
                )
            )
        stages.append(Stage(level, received, up, decided))
        received = up
    return stages


def reached(stages: Sequence[Stage]) -> dict[int, str]:
    """The highest level each application reached (the level's key)."""
    out: dict[int, str] = {}
    for stage in stages:
        for app in stage.received:
            out[app] = stage.level.key
    return out


@dataclass(frozen=True)
class Tier:
    name: str
    count: int
    amount: Decimal = Decimal(0)  # prize money, yuan


@dataclass
class Prizes:
    awarded: dict[int, Tier] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def money(self) -> Decimal:
        return sum((t.amount for t in self.awarded.values()), Decimal(0))


def prizes(
    candidates: Sequence[Candidate],
    tiers: Sequence[Tier],
    *,
    by: str = STANDARDISED,
    ties: str = UP,
) -> Prizes:
    """Prize tiers down the ranked list; see the module's docstring for ties."""
    if ties not in (UP, DOWN):
        raise QuotaError(_("并列处理只能是就高或就低"))
    if any(t.count < 0 for t in tiers):
        raise QuotaError(_("获奖名额不能为负数"))
    order = [c for c in ranked(candidates, by) if _scores(c, by)[0] is not None]
    groups: list[list[Candidate]] = []
    for c in order:
        if groups and _scores(groups[-1][0], by) == _scores(c, by):
            groups[-1].append(c)
        else:
            groups.append([c])
    result = Prizes(counts={t.name: 0 for t in tiers})
    bounds = []
    total = 0
    for t in tiers:
        total += t.count
        bounds.append(total)
    start = 0  # places before this group
    for group in groups:
        first, end = start + 1, start + len(group)
        # UP: the tier whose line the group's first place reaches; DOWN: its last place's.
        place = first if ties == UP else end
        k = next((i for i, bound in enumerate(bounds) if place <= bound), None)
        if any(first <= bound < end for bound in bounds):
            given = tiers[k].name if k is not None else _("不获奖")
            result.notes.append(
                _("第 {first}–{end} 名得分相同，跨越获奖名额线，不拆分：均为“{given}”。").format(
                    first=first, end=end, given=given
                )
            )
        if k is not None:
            for c in group:
                result.awarded[c.id] = tiers[k]
            result.counts[tiers[k].name] += len(group)
        start = end
    return result
