"""(d) Proposing pairs for 2,000 masters (capacity 1–3) and 5,000 apprentices across 40
occupations (pairs only within an occupation), costs from level gap, preferences and workshop:
``mentoring.matching.propose`` against scipy's ``linear_sum_assignment`` on the dense
capacity-expanded matrix (forbidden pairs at a prohibitive cost), in the same run. Both must
reach the same optimum (apprentices paired, total cost)."""

from __future__ import annotations

import random

from bench.common import timed

TARGET = 1.0  # faster than the baseline


def instance(masters: int, apprentices: int, occupations: int, seed: int = 5):
    from jiangxin.mentoring.matching import Apprentice, Master

    rng = random.Random(seed)
    codes = [f"6-{10 + o // 10:02d}-{o % 10 + 1:02d}-01" for o in range(occupations)]
    ms = [
        Master(
            id=100_000 + i,
            name=f"师{i}",
            occupation=codes[i % occupations],
            level=rng.randint(4, 7),
            enterprise=rng.randint(1, 60),
            workshop=f"车间{rng.randint(1, 6)}",
            free=rng.randint(1, 3),
        )
        for i in range(masters)
    ]
    by_occupation: dict[str, list[int]] = {}
    for m in ms:
        by_occupation.setdefault(m.occupation, []).append(m.id)
    aps = []
    for i in range(apprentices):
        code = codes[rng.randrange(occupations)]
        aps.append(
            Apprentice(
                id=i + 1,
                name=f"徒{i}",
                occupation=code,
                level=rng.randint(1, 4),
                enterprise=rng.randint(1, 60),
                workshop=f"车间{rng.randint(1, 6)}",
                preferences=rng.sample(by_occupation[code], k=rng.randint(0, 3)),
            )
        )
    return ms, aps


def _baseline(ms, aps, weights):
    """Dense capacity-expanded costs built with numpy, then linear_sum_assignment (timed)."""
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    from jiangxin.mentoring.matching import occupation_group

    slots = [(m, k) for m in ms for k in range(1, m.free + 1)]
    occ = {c: i for i, c in enumerate({occupation_group(x.occupation) for x in [*ms, *aps]})}
    a_occ = np.array([occ[occupation_group(a.occupation)] for a in aps])[:, None]
    s_occ = np.array([occ[occupation_group(m.occupation)] for m, _k in slots])[None, :]
    a_lvl = np.array([a.level for a in aps])[:, None]
    s_lvl = np.array([m.level for m, _k in slots])[None, :]
    a_shop = np.array([a.workshop for a in aps])[:, None]
    s_shop = np.array([m.workshop for m, _k in slots])[None, :]
    a_ent = np.array([a.enterprise for a in aps])[:, None]
    s_ent = np.array([m.enterprise for m, _k in slots])[None, :]
    s_k = np.array([k for _m, k in slots])[None, :]
    cost = (
        weights.level * np.abs(s_lvl - a_lvl - 2)
        + weights.preference * 3
        # the same workshop only within one enterprise (matching.same_workshop)
        + np.where((a_shop != s_shop) | (a_ent != s_ent), weights.workshop, 0)
        + np.where(a_ent != s_ent, weights.cross_enterprise, 0)
        + weights.load * s_k
    )
    slot_index: dict[int, list[int]] = {}
    for j, (m, _k) in enumerate(slots):
        slot_index.setdefault(m.id, []).append(j)
    for i, a in enumerate(aps):
        for rank, master_id in enumerate(a.preferences):
            for j in slot_index[master_id]:
                cost[i, j] -= weights.preference * (3 - rank)
    ok = a_occ == s_occ
    big = float(cost.max()) * len(aps) + 1
    matrix = np.where(ok, cost, big).astype(np.float64)
    seconds, (rows, cols) = timed(linear_sum_assignment, matrix)
    used = ok[rows, cols]
    return seconds, int(used.sum()), int(cost[rows, cols][used].sum())


def run(masters: int = 2000, apprentices: int = 5000, occupations: int = 40, repeat: int = 3):
    from jiangxin.mentoring.matching import Weights, propose

    weights = Weights()
    ms, aps = instance(masters, apprentices, occupations)
    base_times, our_times = [], []
    for _ in range(repeat):
        t, n_base, cost_base = _baseline(ms, aps, weights)
        base_times.append(t)
        t, result = timed(propose, aps, ms, cross_enterprise=True, weights=weights)
        our_times.append(t)
    assert (len(result.pairs), result.cost) == (n_base, cost_base), (
        len(result.pairs),
        result.cost,
        n_base,
        cost_base,
    )
    base = sorted(base_times)[len(base_times) // 2]
    mine = sorted(our_times)[len(our_times) // 2]
    return [
        {
            "name": f"matching_{masters}x{apprentices}",
            "value": round(mine * 1000),
            "unit": "ms",
            "baseline": round(base * 1000),
            "baseline_name": f"scipy linear_sum_assignment, dense expanded ({len(aps)}×{sum(m.free for m in ms)})",
            "ratio": round(base / mine, 3),
            "target": TARGET,
            "met": base / mine >= TARGET,
        }
    ]
