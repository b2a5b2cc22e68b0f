"""Proposing master–apprentice pairs for a whole pool at once, exactly. No Django.

Hard rules first: the same or a compatible occupation (same 小类, the first three parts of the
2022 code), a master's free places, one master per apprentice, no pair in an excluded relation,
and — unless allowed — no pair across enterprises. Then as many apprentices paired as possible,
then the least total cost, where an apprentice–master pair costs

    level  × |master's level − apprentice's level − 2|   (a 技师 teaching a 四级工 is ideal)
  + preference: 0 for the apprentice's first choice, 1 × ``preference`` for the second, 2 × for
    the third, 3 × for a master not chosen
  + ``workshop`` when they work in different workshops (workshops of different enterprises are
    different, whatever their names: "一车间" is in every factory)
  + ``cross_enterprise`` when they work for different enterprises
  + ``load`` × k for a master's k-th apprentice (counting those they already have): places fill
    evenly, since every further apprentice of the same master costs more.

The capacity-expanded problem (one column per free place) is split into the groups of
compatible occupations, which never share a pair, and each group is solved exactly as a sparse
minimum-weight full matching (scipy's LAPJVsp) in which every apprentice also has a private
"unpaired" column of prohibitive cost: the optimum pairs as many as possible, then at least cost.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from jiangxin.core.i18n import gettext as _


@dataclass(frozen=True)
class Master:
    id: int
    name: str
    occupation: str  # the 2022 code, "6-18-01-01"
    level: int
    enterprise: int | None
    workshop: str = ""
    free: int = 1  # places left
    load: int = 0  # apprentices they have now


@dataclass(frozen=True)
class Apprentice:
    id: int
    name: str
    occupation: str
    level: int
    enterprise: int | None
    workshop: str = ""
    preferences: Sequence[int] = ()  # master ids, first choice first, at most three


@dataclass(frozen=True)
class Weights:
    level: int = 10
    preference: int = 12
    workshop: int = 8
    cross_enterprise: int = 15
    load: int = 6


@dataclass(frozen=True)
class Proposal:
    apprentice: int
    master: int
    cost: int
    reasons: list[str]


@dataclass
class Result:
    pairs: list[Proposal] = field(default_factory=list)
    unpaired: dict[int, str] = field(
        default_factory=dict
    )  # apprentice id → the rule that stopped them

    @property
    def cost(self) -> int:
        return sum(p.cost for p in self.pairs)


def occupation_group(code: str) -> str:
    """Compatible occupations share the 小类: "6-18-01-01" → "6-18-01"."""
    return "-".join((code or "").split("-")[:3])


def allowed(
    a: Apprentice, m: Master, *, excluded: frozenset[tuple[int, int]], cross_enterprise: bool
) -> str | None:
    """Why ``m`` may not teach ``a`` under the hard rules, or None."""
    if a.id == m.id:
        return _("不能自己带自己")
    if occupation_group(a.occupation) != occupation_group(m.occupation):
        return _("职业（工种）不同")
    if (a.id, m.id) in excluded or (m.id, a.id) in excluded:
        return _("有回避关系")
    if not cross_enterprise and a.enterprise != m.enterprise:
        return _("不在同一企业")
    return None


def same_workshop(a: Apprentice, m: Master) -> bool:
    """The same workshop of the same enterprise (a workshop's name is only unique within it)."""
    return a.enterprise == m.enterprise and a.workshop == m.workshop


def pair_cost(a: Apprentice, m: Master, k: int, w: Weights) -> int:
    """The cost of ``m`` teaching ``a`` as their ``k``-th apprentice (k from 1)."""
    choice = min(list(a.preferences).index(m.id), 3) if m.id in a.preferences else 3
    return (
        w.level * abs(m.level - a.level - 2)
        + w.preference * choice
        + (0 if same_workshop(a, m) else w.workshop)
        + (w.cross_enterprise if a.enterprise != m.enterprise else 0)
        + w.load * k
    )


def _why(a: Apprentice, m: Master, w: Weights, level_names: Mapping[int, str]) -> list[str]:
    out = []
    if a.occupation == m.occupation:
        out.append(_("同职业（工种）"))
    else:
        out.append(_("相近职业（工种）"))
    out.append(
        _("师傅{m}，徒弟{a}").format(
            m=level_names.get(m.level, str(m.level)), a=level_names.get(a.level, str(a.level))
        )
    )
    if m.id in a.preferences:
        out.append(_("徒弟第 {n} 志愿").format(n=list(a.preferences).index(m.id) + 1))
    if a.enterprise != m.enterprise:
        out.append(_("跨企业结对"))
    elif a.workshop and same_workshop(a, m):
        out.append(_("同一车间"))
    return out


def propose(
    apprentices: Sequence[Apprentice],
    masters: Sequence[Master],
    *,
    excluded: Iterable[tuple[int, int]] = (),
    cross_enterprise: bool = False,
    weights: Weights = Weights(),
    level_names: Mapping[int, str] | None = None,
) -> Result:
    """The exact optimum: most apprentices paired, then least total cost."""
    excluded = frozenset(excluded)
    level_names = level_names or {}
    result = Result()
    groups_a: dict[str, list[Apprentice]] = defaultdict(list)
    groups_m: dict[str, list[Master]] = defaultdict(list)
    for a in apprentices:
        groups_a[occupation_group(a.occupation)].append(a)
    for m in masters:
        if m.free > 0:
            groups_m[occupation_group(m.occupation)].append(m)
    for key, pool in groups_a.items():
        _solve_group(
            pool, groups_m.get(key, []), excluded, cross_enterprise, weights, level_names, result
        )
    result.pairs.sort(key=lambda p: (p.master, p.apprentice))
    return result


def _solve_group(pool, masters, excluded, cross_enterprise, weights, level_names, result) -> None:
    if not masters:
        for a in pool:
            result.unpaired[a.id] = _("候选师傅中没有相同或相近职业（工种）的师傅")
        return
    w = weights
    n, n_m = len(pool), len(masters)
    # the cost of each apprentice–master pair, as ``pair_cost`` without the load term, in arrays
    a_level = np.array([a.level for a in pool])[:, None]
    m_level = np.array([m.level for m in masters])[None, :]
    a_ent = np.array([-1 if a.enterprise is None else a.enterprise for a in pool])[:, None]
    m_ent = np.array([-1 if m.enterprise is None else m.enterprise for m in masters])[None, :]
    shops = {s: i for i, s in enumerate({x.workshop for x in [*pool, *masters]})}
    a_shop = np.array([shops[a.workshop] for a in pool])[:, None]
    m_shop = np.array([shops[m.workshop] for m in masters])[None, :]
    same_ent = a_ent == m_ent
    base = (
        w.level * np.abs(m_level - a_level - 2)
        + w.preference * 3
        + np.where((a_shop != m_shop) | ~same_ent, w.workshop, 0)
        + np.where(same_ent, 0, w.cross_enterprise)
    )
    column = {m.id: j for j, m in enumerate(masters)}
    for i, a in enumerate(pool):
        for rank, master_id in enumerate(list(a.preferences)[:3]):
            j = column.get(master_id)
            if j is not None:
                base[i, j] -= w.preference * (3 - rank)
    ok = np.ones((n, n_m), dtype=bool) if cross_enterprise else same_ent.copy()
    row = {a.id: i for i, a in enumerate(pool)}
    for x, y in excluded:
        for ai, mj in ((row.get(x), column.get(y)), (row.get(y), column.get(x))):
            if ai is not None and mj is not None:
                ok[ai, mj] = False
    for i, a in enumerate(pool):
        j = column.get(a.id)
        if j is not None:
            ok[i, j] = False
    # one column per free place; a master's k-th place is their (load + k)-th apprentice
    slot_master = np.array([j for j, m in enumerate(masters) for _k in range(m.free)])
    slot_k = np.array([m.load + k for m in masters for k in range(1, m.free + 1)])
    slot_cost = base[:, slot_master] + w.load * slot_k[None, :]
    slot_ok = ok[:, slot_master]
    rows, cols = np.nonzero(slot_ok)
    costs = slot_cost[rows, cols]
    top = int(costs.max()) if costs.size else 0
    never = (top + 1) * n + 1  # a private "unpaired" column, dearer than all real pairings together
    n_slots = len(slot_master)
    graph = csr_matrix(
        (
            np.concatenate([costs, np.full(n, never)]).astype(np.float64) + 1,
            (np.concatenate([rows, np.arange(n)]), np.concatenate([cols, n_slots + np.arange(n)])),
        ),
        shape=(n, n_slots + n),
    )
    row_ind, col_ind = min_weight_full_bipartite_matching(graph)
    for i, j in zip(row_ind.tolist(), col_ind.tolist(), strict=True):
        if j < n_slots:
            a, m = pool[i], masters[slot_master[j]]
            result.pairs.append(
                Proposal(a.id, m.id, int(slot_cost[i, j]), _why(a, m, weights, level_names))
            )
    paired = {p.apprentice for p in result.pairs}
    for i, a in enumerate(pool):
        if a.id in paired:
            continue
        candidates = [masters[j] for j in np.flatnonzero(ok[i]).tolist()]
        if candidates:
            names = "、".join(m.name for m in candidates[:5])
            result.unpaired[a.id] = _("可带其的师傅（{names}）名额已满").format(names=names)
            continue
        reasons = {
            allowed(a, m, excluded=excluded, cross_enterprise=cross_enterprise) for m in masters
        }
        if reasons == {_("有回避关系")}:
            result.unpaired[a.id] = _("相同职业（工种）的师傅都与其有回避关系")
        elif _("不在同一企业") in reasons:
            result.unpaired[a.id] = _("本企业没有相同或相近职业（工种）的师傅，且未允许跨企业结对")
        else:
            result.unpaired[a.id] = _("没有可以带其的师傅（{reasons}）").format(
                reasons="、".join(sorted(r for r in reasons if r))
            )
