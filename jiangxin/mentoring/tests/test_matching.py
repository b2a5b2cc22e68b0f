"""The matcher against an independent exact solver: scipy's dense linear_sum_assignment on the
capacity-expanded matrix, forbidden pairs at a prohibitive cost."""

import random

import numpy as np
import pytest
from scipy.optimize import linear_sum_assignment

from jiangxin.mentoring.matching import Apprentice, Master, Weights, allowed, pair_cost, propose

OCCUPATIONS = ["6-18-01-01", "6-18-01-02", "6-18-02-01", "4-07-03-02"]


def _instance(rng: random.Random, n_masters: int, n_apprentices: int):
    masters = [
        Master(
            id=1000 + i,
            name=f"师{i}",
            occupation=rng.choice(OCCUPATIONS),
            level=rng.randint(4, 7),
            enterprise=rng.randint(1, 3),
            workshop=rng.choice("ABC"),
            free=rng.randint(0, 3),
            load=rng.randint(0, 1),
        )
        for i in range(n_masters)
    ]
    apprentices = []
    for i in range(n_apprentices):
        prefs = rng.sample([m.id for m in masters], k=min(len(masters), rng.randint(0, 3)))
        apprentices.append(
            Apprentice(
                id=i + 1,
                name=f"徒{i}",
                occupation=rng.choice(OCCUPATIONS),
                level=rng.randint(1, 4),
                enterprise=rng.randint(1, 3),
                workshop=rng.choice("ABC"),
                preferences=prefs,
            )
        )
    excluded = {
        (rng.choice(apprentices).id, rng.choice(masters).id) for _ in range(n_apprentices // 4)
    }
    return masters, apprentices, excluded


def _dense_optimum(masters, apprentices, excluded, cross, w):
    """(paired count, total cost) by linear_sum_assignment on the whole expanded matrix."""
    slots = [(m, m.load + k) for m in masters for k in range(1, m.free + 1)]
    if not slots:
        return 0, 0
    real = np.zeros((len(apprentices), len(slots)))
    ok = np.zeros_like(real, dtype=bool)
    for i, a in enumerate(apprentices):
        for j, (m, k) in enumerate(slots):
            if allowed(a, m, excluded=frozenset(excluded), cross_enterprise=cross) is None:
                ok[i, j] = True
                real[i, j] = pair_cost(a, m, k, w)
    big = real.max() * len(apprentices) + 1 if ok.any() else 1
    matrix = np.where(ok, real, big)
    rows, cols = linear_sum_assignment(matrix)
    used = ok[rows, cols]
    return int(used.sum()), int(real[rows, cols][used].sum())


@pytest.mark.parametrize("seed", range(48))
def test_the_proposal_is_exactly_optimal_on_random_pools(seed):
    rng = random.Random(seed)
    big = seed >= 40  # a few larger pools
    masters, apprentices, excluded = _instance(
        rng,
        rng.randint(20, 60) if big else rng.randint(1, 12),
        rng.randint(80, 200) if big else rng.randint(1, 30),
    )
    cross = seed % 2 == 0
    w = Weights()
    result = propose(apprentices, masters, excluded=excluded, cross_enterprise=cross, weights=w)
    assert (len(result.pairs), result.cost) == _dense_optimum(
        masters, apprentices, excluded, cross, w
    )
    # every rule holds in the proposal
    by_id = {m.id: m for m in masters}
    per_master: dict[int, int] = {}
    for p in result.pairs:
        a = next(x for x in apprentices if x.id == p.apprentice)
        assert (
            allowed(a, by_id[p.master], excluded=frozenset(excluded), cross_enterprise=cross)
            is None
        )
        per_master[p.master] = per_master.get(p.master, 0) + 1
    assert all(n <= by_id[m].free for m, n in per_master.items())
    assert len({p.apprentice for p in result.pairs}) == len(result.pairs)
    # everyone is either paired or told why not
    assert {p.apprentice for p in result.pairs} | set(result.unpaired) == {
        a.id for a in apprentices
    }


def test_first_choices_workshops_and_levels_steer_the_pairing():
    masters = [
        Master(10, "林师傅", "6-18-01-01", 5, 1, "一车间", free=1),
        Master(11, "蔡师傅", "6-18-01-01", 5, 1, "二车间", free=1),
    ]
    apprentices = [
        Apprentice(1, "徒甲", "6-18-01-01", 3, 1, "二车间", preferences=[10]),
        Apprentice(2, "徒乙", "6-18-01-01", 3, 1, "二车间"),
    ]
    result = propose(apprentices, masters, level_names={5: "技师", 3: "四级"})
    assert {(p.apprentice, p.master) for p in result.pairs} == {(1, 10), (2, 11)}
    first = next(p for p in result.pairs if p.apprentice == 1)
    assert first.reasons == ["同职业（工种）", "师傅技师，徒弟四级", "徒弟第 1 志愿"]
    second = next(p for p in result.pairs if p.apprentice == 2)
    assert "同一车间" in second.reasons


def test_load_spreads_apprentices_across_masters():
    masters = [
        Master(10, "甲", "6-18-01-01", 5, 1, free=3),
        Master(11, "乙", "6-18-01-01", 5, 1, free=3),
    ]
    apprentices = [Apprentice(i, f"徒{i}", "6-18-01-01", 3, 1) for i in range(1, 5)]
    result = propose(apprentices, masters)
    counts = sorted(sum(1 for p in result.pairs if p.master == m.id) for m in masters)
    assert counts == [2, 2]


def test_an_apprentice_left_out_is_told_which_rule_stopped_them():
    masters = [Master(10, "林师傅", "6-18-01-01", 5, 1, free=1)]
    apprentices = [
        Apprentice(1, "徒甲", "6-18-01-01", 3, 1),
        Apprentice(2, "徒乙", "6-18-01-01", 3, 1),
        Apprentice(3, "徒丙", "4-07-03-02", 3, 1),
        Apprentice(4, "徒丁", "6-18-01-01", 3, 2),
        Apprentice(5, "徒戊", "6-18-01-01", 3, 1),
    ]
    result = propose(apprentices, masters, excluded={(5, 10)})
    assert len(result.pairs) == 1
    left = result.unpaired
    assert left[3] == "候选师傅中没有相同或相近职业（工种）的师傅"
    assert left[4] == "本企业没有相同或相近职业（工种）的师傅，且未允许跨企业结对"
    assert left[5] == "相同职业（工种）的师傅都与其有回避关系"
    assert "名额已满" in left[1 if result.pairs[0].apprentice == 2 else 2]


def test_a_workshop_of_the_same_name_in_another_enterprise_is_not_the_same_workshop():
    """A11: "一车间" is in every factory. A cross-enterprise pair was told "同一车间；跨企业结对"
    and spared the workshop cost; now it is neither."""
    masters = [Master(10, "林师傅", "6-18-01-01", 5, 1, "一车间", free=1)]
    apprentices = [Apprentice(1, "徒甲", "6-18-01-01", 3, 2, "一车间")]
    w = Weights()
    result = propose(apprentices, masters, cross_enterprise=True, weights=w)
    (pair,) = result.pairs
    assert "跨企业结对" in pair.reasons and "同一车间" not in pair.reasons
    # level gap ideal (0) + not a chosen master (3 × preference) + another workshop + another
    # enterprise + the master's first apprentice
    assert pair.cost == 3 * w.preference + w.workshop + w.cross_enterprise + w.load
    assert pair.cost == pair_cost(apprentices[0], masters[0], 1, w)
    same = propose([Apprentice(1, "徒甲", "6-18-01-01", 3, 1, "一车间")], masters, weights=w)
    assert "同一车间" in same.pairs[0].reasons and "跨企业结对" not in same.pairs[0].reasons
    assert same.pairs[0].cost == 3 * w.preference + w.load
