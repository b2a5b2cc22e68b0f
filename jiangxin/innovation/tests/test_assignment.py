"""Review assignment (``innovation.assignment``) against OR-Tools' min-cost flow, built here
independently from the rules in the module docstring."""

from __future__ import annotations

import random
from collections import Counter

import pytest
from ortools.graph.python import min_cost_flow

from jiangxin.innovation.assignment import (
    Application,
    AssignmentError,
    Expert,
    Weights,
    assign,
)

CATEGORIES = ["小发明", "小创造", "小革新", "小设计", "小建议"]


def instance(seed, apps, experts, reviews, conflict, fixed, slack):
    rng = random.Random(seed)
    industries = [f"行业{i}" for i in range(rng.randint(1, 6))]
    a_list = [
        Application(i + 1, f"项目{i + 1}", rng.choice(CATEGORIES), rng.choice(industries))
        for i in range(apps)
    ]
    mean = apps * reviews * slack / experts
    e_list = [
        Expert(
            500 + j,
            f"专家{j + 1}",
            frozenset(rng.sample(CATEGORIES, rng.randint(1, 2))),
            frozenset(rng.sample(industries, rng.randint(1, len(industries)))),
            max(1, round(rng.gauss(mean, 1.5))),
        )
        for j in range(experts)
    ]
    conflicts = {(a.id, e.id) for a in a_list for e in e_list if rng.random() < conflict}
    pinned = set()
    for a in rng.sample(a_list, min(fixed, apps)):
        e = rng.choice(e_list)
        if (a.id, e.id) not in conflicts and Counter(x for _a, x in pinned)[e.id] < e.cap:
            pinned.add((a.id, e.id))
    return a_list, e_list, conflicts, pinned


def ortools_cost(apps, experts, reviews, conflicts, fixed, w):
    """The optimum by OR-Tools, or None when there is no assignment at all."""

    def fit(a, e):
        return w.category * (a.category not in e.categories) + w.industry * (
            a.industry not in e.industries
        )

    mcf = min_cost_flow.SimpleMinCostFlow()
    source, sink = len(apps) + len(experts), len(apps) + len(experts) + 1
    by_app = Counter(a for a, _e in fixed)
    by_expert = Counter(e for _a, e in fixed)
    known = {a.id: a for a in apps} | {e.id: e for e in experts}
    base = sum(fit(known[a], known[e]) for a, e in fixed)
    need = 0
    for i, a in enumerate(apps):
        mcf.add_arc_with_capacity_and_unit_cost(source, i, reviews - by_app[a.id], 0)
        need += reviews - by_app[a.id]
        for j, e in enumerate(experts):
            if (a.id, e.id) not in conflicts and (a.id, e.id) not in fixed:
                mcf.add_arc_with_capacity_and_unit_cost(i, len(apps) + j, 1, fit(a, e))
    for j, e in enumerate(experts):
        held = by_expert[e.id]
        base += w.load * held * (held - 1) // 2  # the fixed reviews take the first places
        for place in range(held + 1, e.cap + 1):  # the place-th review costs load × (place − 1)
            mcf.add_arc_with_capacity_and_unit_cost(len(apps) + j, sink, 1, w.load * (place - 1))
    mcf.set_node_supply(source, need)
    mcf.set_node_supply(sink, -need)
    if mcf.solve() != mcf.OPTIMAL:
        return None
    return mcf.optimal_cost() + base


def check(apps, experts, reviews, conflicts, fixed, w):
    expected = ortools_cost(apps, experts, reviews, conflicts, fixed, w)
    if expected is None:
        with pytest.raises(AssignmentError):
            assign(apps, experts, reviews=reviews, conflicts=conflicts, fixed=fixed, weights=w)
        return None
    result = assign(apps, experts, reviews=reviews, conflicts=conflicts, fixed=fixed, weights=w)
    assert result.cost == expected
    pairs = [(r.application, r.expert) for r in result.reviews]
    per_app = Counter(a for a, _e in pairs)
    assert per_app == {a.id: reviews for a in apps}  # exactly k each
    assert len(set(pairs)) == len(pairs)  # never the same expert twice
    assert not set(pairs) & conflicts
    assert fixed <= set(pairs)
    loads = Counter(e for _a, e in pairs)
    assert all(loads[e.id] <= e.cap for e in experts)
    assert result.loads == {e.id: loads[e.id] for e in experts}
    return result


@pytest.mark.parametrize("seed", range(60))
def test_small_random_instances_reach_the_optimum(seed):
    rng = random.Random(seed)
    w = rng.choice([Weights(), Weights(20, 20, 0), Weights(5, 3, 2), Weights(0, 0, 1)])
    reviews = rng.randint(1, 4)
    args = instance(
        seed,
        apps=rng.randint(1, 30),
        experts=rng.randint(reviews, 15),
        reviews=reviews,
        conflict=rng.choice([0.05, 0.15, 0.3]),
        fixed=rng.randint(0, 8),
        slack=rng.choice([1.0, 1.05, 1.2, 2.0]),  # 1.0: caps as tight as the reviews needed
    )
    check(*args[:2], reviews, *args[2:], w)


@pytest.mark.parametrize("seed", range(4))
def test_medium_random_instances_reach_the_optimum(seed):
    apps, experts, conflicts, fixed = instance(
        100 + seed, 300, 30, 3, conflict=[0.05, 0.3][seed % 2], fixed=25, slack=1.1
    )
    assert check(apps, experts, 3, conflicts, fixed, Weights()) is not None


def test_load_evens_out_unless_fit_outweighs_it():
    # Two 小发明/机械 applications, one review each; 甲 matches both tags, 乙 only the category.
    apps = [Application(1, "A", "小发明", "机械"), Application(2, "B", "小发明", "机械")]
    experts = [
        Expert(10, "甲", frozenset({"小发明"}), frozenset({"机械"}), cap=2),
        Expert(11, "乙", frozenset({"小发明"}), frozenset({"纺织"}), cap=2),
    ]
    # Both to 甲: fit 0 + 0, load 1 × (0 + 1) = 1. One each: fit 0 + 20 (乙 lacks 机械), load 0.
    result = assign(apps, experts, reviews=1)
    assert (result.cost, result.loads) == (1, {10: 2, 11: 0})
    # At load 30 the second review of 甲 costs 30 > 20: one each, cost 20.
    result = assign(apps, experts, reviews=1, weights=Weights(load=30))
    assert (result.fit_cost, result.load_cost, result.loads) == (20, 0, {10: 1, 11: 1})


def test_fixed_pairs_are_kept_and_counted():
    apps = [Application(1, "A", "小发明", "机械")]
    experts = [
        Expert(10, "甲", frozenset({"小发明"}), frozenset({"机械"}), cap=1),
        Expert(11, "乙", frozenset({"小设计"}), frozenset({"纺织"}), cap=1),
    ]
    # Fixed to 乙 although 甲 fits better: kept, fit 20 + 20 = 40, load 0.
    result = assign(apps, experts, reviews=1, fixed={(1, 11)})
    assert [(r.expert, r.fixed, r.fit) for r in result.reviews] == [(11, True, 40)]
    assert result.cost == 40


def test_a_fixed_conflict_is_refused():
    apps = [Application(1, "节能风机改造", "小革新", "机械")]
    experts = [Expert(10, "王工", frozenset({"小革新"}), frozenset({"机械"}), cap=3)]
    with pytest.raises(AssignmentError) as refused:
        assign(apps, experts, reviews=1, conflicts={(1, 10)}, fixed={(1, 10)})
    assert refused.value.message == "「节能风机改造」与专家王工有回避关系，不能指定其评审。"


def test_too_few_allowed_experts_names_the_application():
    apps = [Application(1, "A", "小发明", "机械"), Application(2, "B", "小发明", "机械")]
    experts = [
        Expert(10 + j, f"专家{j}", frozenset({"小发明"}), frozenset({"机械"}), cap=5)
        for j in range(3)
    ]
    with pytest.raises(AssignmentError) as refused:
        assign(apps, experts, reviews=3, conflicts={(2, 11)})
    assert refused.value.applications == [2]
    assert "「B」" in refused.value.message and "不足 3 位" in refused.value.message


def test_a_group_short_of_places_is_named_with_the_figures():
    # A and B conflict with 丙 and 丁, so each needs both 甲 and 乙 (k = 2). 乙 can review each
    # once, so they still need one review each from 甲: 2 wanted, 甲 has 1 place (the smallest
    # cut). C (no conflict) is not named.
    apps = [Application(i, t, "小发明", "机械") for i, t in ((1, "A"), (2, "B"), (3, "C"))]
    experts = [
        Expert(10, "甲", frozenset({"小发明"}), frozenset({"机械"}), cap=1),
        Expert(11, "乙", frozenset({"小发明"}), frozenset({"机械"}), cap=2),
        Expert(12, "丙", frozenset({"小发明"}), frozenset({"机械"}), cap=5),
        Expert(13, "丁", frozenset({"小发明"}), frozenset({"机械"}), cap=5),
    ]
    conflicts = {(1, 12), (1, 13), (2, 12), (2, 13)}
    with pytest.raises(AssignmentError) as refused:
        assign(apps, experts, reviews=2, conflicts=conflicts)
    assert refused.value.applications == [1, 2]
    assert refused.value.message == (
        "以下申报项目无法都分配到足够的评审专家：「A」、「B」。可以评审它们的专家（无回避关系）"
        "甲只剩 1 个评审名额，而这些项目还需要 2 份评审。"
        "请提高这些专家的评审上限、增加专家或调整人工指定。"
    )


def test_too_few_places_in_all():
    apps = [Application(i, f"P{i}", "小发明", "机械") for i in range(1, 5)]
    experts = [
        Expert(10 + j, f"专家{j}", frozenset({"小发明"}), frozenset({"机械"}), cap=3)
        for j in range(3)
    ]
    # 4 applications × 3 reviews = 12 wanted, 3 experts × 3 = 9 places.
    with pytest.raises(AssignmentError, match="评审名额合计 9 个，少于需要的 12 份评审"):
        assign(apps, experts, reviews=3)


def test_nothing_to_assign():
    assert assign([], [], reviews=3).reviews == []
