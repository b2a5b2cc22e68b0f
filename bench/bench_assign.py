"""(e) Assigning 3 reviews to each of 20,000 "五小" applications across 600 experts (load caps
90–130, 5% of pairs in conflict, 300 pairs fixed by hand): ``innovation.assignment.assign``
against OR-Tools' ``SimpleMinCostFlow`` on the full graph (every allowed application–expert arc,
one arc per place of each expert at its load cost), in the same run. Both start from the same
Python objects and both times include building their graph. Both must reach the same total cost."""

from __future__ import annotations

import random

from bench.common import timed

TARGET = 1.0  # faster than the baseline
CATEGORIES = ["小发明", "小创造", "小革新", "小设计", "小建议"]
INDUSTRIES = [
    "五金机械",
    "纸制品",
    "食品饮料",
    "玩具文具",
    "制革",
    "纺织服装",
    "鞋业",
    "建材",
    "电子",
    "化工",
    "物流",
    "电力",
]


def instance(applications: int, experts: int, conflict: float = 0.05, fixed: int = 300, seed=11):
    from jiangxin.innovation.assignment import Application, Expert

    rng = random.Random(seed)
    apps = [
        Application(i + 1, f"项目{i + 1}", rng.choice(CATEGORIES), rng.choice(INDUSTRIES))
        for i in range(applications)
    ]
    exps = [
        Expert(
            100_000 + j,
            f"专家{j + 1}",
            frozenset(rng.sample(CATEGORIES, rng.randint(1, 2))),
            frozenset(rng.sample(INDUSTRIES, rng.randint(1, 3))),
            cap=max(1, rng.randint(90, 130) * applications * 3 // (100 * experts)),
        )
        for j in range(experts)
    ]
    conflicts = {(a.id, e.id) for a in apps for e in exps if rng.random() < conflict}
    pinned: set[tuple[int, int]] = set()
    while len(pinned) < fixed:
        pair = (rng.choice(apps).id, rng.choice(exps).id)
        if pair not in conflicts:
            pinned.add(pair)
    return apps, exps, conflicts, pinned


def _baseline(apps, exps, conflicts, fixed, reviews, weights):
    """The full min-cost flow built with numpy, then SimpleMinCostFlow (all timed)."""
    import numpy as np
    from ortools.graph.python import min_cost_flow

    A, E = len(apps), len(exps)
    row = {a.id: i for i, a in enumerate(apps)}
    col = {e.id: j for j, e in enumerate(exps)}
    cat = {c: i for i, c in enumerate(sorted({a.category for a in apps}))}
    ind = {c: i for i, c in enumerate(sorted({a.industry for a in apps}))}
    e_cat = np.zeros((E, len(cat)), dtype=bool)
    e_ind = np.zeros((E, len(ind)), dtype=bool)
    for j, e in enumerate(exps):
        e_cat[j, [cat[c] for c in e.categories if c in cat]] = True
        e_ind[j, [ind[c] for c in e.industries if c in ind]] = True
    a_cat = np.array([cat[a.category] for a in apps])
    a_ind = np.array([ind[a.industry] for a in apps])
    fit = weights.category * ~e_cat[:, a_cat].T + weights.industry * ~e_ind[:, a_ind].T
    ok = np.ones((A, E), dtype=bool)
    ok[tuple(np.array([(row[a], col[e]) for a, e in conflicts]).T)] = False
    fi, fj = np.array([(row[a], col[e]) for a, e in fixed]).T
    ok[fi, fj] = False
    need = reviews - np.bincount(fi, minlength=A)
    pre = np.bincount(fj, minlength=E)
    cap = np.array([e.cap for e in exps])
    source, sink = A + E, A + E + 1
    ai, ej = np.nonzero(ok)
    place_e = np.repeat(np.arange(E), cap - pre)
    place_j = np.concatenate([np.arange(p + 1, c + 1) for p, c in zip(pre, cap, strict=True)])
    mcf = min_cost_flow.SimpleMinCostFlow()
    mcf.add_arcs_with_capacity_and_unit_cost(
        np.concatenate([np.full(A, source), ai, A + place_e]),
        np.concatenate([np.arange(A), A + ej, np.full(len(place_e), sink)]),
        np.concatenate(
            [need, np.ones(len(ai), dtype=np.int64), np.ones(len(place_e), dtype=np.int64)]
        ),
        np.concatenate([np.zeros(A, dtype=np.int64), fit[ai, ej], weights.load * (place_j - 1)]),
    )
    mcf.set_nodes_supplies(np.array([source, sink]), np.array([need.sum(), -need.sum()]))
    assert mcf.solve() == mcf.OPTIMAL
    fixed_cost = fit[fi, fj].sum() + (weights.load * pre * (pre - 1) // 2).sum()
    return int(mcf.optimal_cost() + fixed_cost)


def run(applications: int = 20_000, experts: int = 600, reviews: int = 3, repeat: int = 3):
    from jiangxin.innovation.assignment import Weights, assign

    weights = Weights()
    apps, exps, conflicts, fixed = instance(applications, experts)
    base_times, our_times = [], []
    for _ in range(repeat):
        t, cost_base = timed(_baseline, apps, exps, conflicts, fixed, reviews, weights)
        base_times.append(t)
        t, result = timed(
            assign, apps, exps, reviews=reviews, conflicts=conflicts, fixed=fixed, weights=weights
        )
        our_times.append(t)
        assert result.cost == cost_base, (result.cost, cost_base)
    base = sorted(base_times)[len(base_times) // 2]
    mine = sorted(our_times)[len(our_times) // 2]
    return [
        {
            "name": f"assign_reviews_{applications}x{reviews}_{experts}",
            "value": round(mine * 1000),
            "unit": "ms",
            "baseline": round(base * 1000),
            "baseline_name": f"OR-Tools SimpleMinCostFlow, full graph ({applications}×{experts} less conflicts)",
            "ratio": round(base / mine, 3),
            "target": TARGET,
            "met": base / mine >= TARGET,
            "details": {"total cost": result.cost},
        }
    ]


if __name__ == "__main__":
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    for r in run(repeat=1):
        print(r)
