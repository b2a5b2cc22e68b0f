"""Automatic 回避 between experts and 五小 applications (innovation/contest_conflicts.py, pure):
each kind on a small cast, against a plain double loop on random instances, and the size of the
real contest (20,000 applications × 600 experts) in well under a second."""

import random

import pytest

from jiangxin.innovation import contest_conflicts as cf
from jiangxin.innovation.contest_conflicts import (
    COMPLETER,
    DECLARED,
    MENTORING,
    SAME_ENTERPRISE,
    SAME_STUDIO,
    Application,
    Declared,
    Expert,
)

# Enterprises: 100 晋工机械, 200 力利玩具, 300 a college, 500 a joint applicant.
# Workers 11 and 13 at 100, 12 at 200, 31 at 200; experts' own records: 21 (at 100), 11 (a
# completer of A), 22 and 24 (at the college), 23 (no enterprise).
ENTERPRISE_OF = {11: 100, 13: 100, 12: 200, 31: 200, 21: 100, 22: 300, 24: 300}
APPS = [
    Application(1, [11, 12], 100),  # A
    Application(2, [13], 100),  # B
    Application(3, [12], 200),  # C
    Application(4, [30], 400),  # D: nobody's
    Application(5, [31], 200),  # E
    Application(6, [13], 500),  # F: applied by 500, its completer works at 100
]
EXPERTS = [
    Expert(1, worker=21, enterprise=100),
    Expert(2, worker=11, enterprise=100),
    Expert(3, worker=22, enterprise=300),
    Expert(4, worker=23),
    Expert(5),
    Expert(6, worker=24, enterprise=300),
    Expert(7, worker=25, enterprise=300),
]
MENTORING_PAIRS = [(22, 12), (31, 24)]  # 22 teaches 12; 24 learned from 31
STUDIOS = [(23, 7), (13, 7), (11, 9), (21, 8)]  # 11 alone (an expert himself) in studio 9
DECLARATIONS = [
    Declared(5, application=2, note="曾参与该项目论证"),
    Declared(6, worker=12, note="亲属"),
]


def found():
    return cf.conflicts(
        APPS,
        EXPERTS,
        enterprise_of=ENTERPRISE_OF,
        mentoring=MENTORING_PAIRS,
        studios=STUDIOS,
        declared=DECLARATIONS,
    )


def kinds(result):
    return {pair: [(r.kind, r.via) for r in reasons] for pair, reasons in result.items()}


def test_every_kind_of_conflict_with_the_completer_it_came_through():
    assert kinds(found()) == {
        # same enterprise: A and B are 100's own; F through its completer 13, who works at 100
        (1, 1): [(SAME_ENTERPRISE, None)],
        (1, 2): [(SAME_ENTERPRISE, None)],
        (1, 6): [(SAME_ENTERPRISE, 13)],
        # expert 2 is completer 11 of A, and works at 100 like B's and F's people
        (2, 1): [(COMPLETER, 11), (SAME_ENTERPRISE, None)],
        (2, 2): [(SAME_ENTERPRISE, None)],
        (2, 6): [(SAME_ENTERPRISE, 13)],
        # 22 teaches 12, a completer of A and C
        (3, 1): [(MENTORING, 12)],
        (3, 3): [(MENTORING, 12)],
        # 23 and 13 are both in studio 7
        (4, 2): [(SAME_STUDIO, 13)],
        (4, 6): [(SAME_STUDIO, 13)],
        # expert 5 declared on B itself
        (5, 2): [(DECLARED, None)],
        # expert 6 declared on the person 12 (A and C), and learned from 31 (E)
        (6, 1): [(DECLARED, 12)],
        (6, 3): [(DECLARED, 12)],
        (6, 5): [(MENTORING, 31)],
    }


def test_the_reasons_carry_their_chinese_labels_and_notes():
    result = found()
    assert cf.describe(result[2, 1]) == "本人为完成人；同单位"
    assert [r.label for r in result[4, 2]] == ["同一创新工作室"]
    assert [(r.label, r.note) for r in result[6, 1]] == [("申报回避", "亲属")]
    assert result[3, 1][0].label == "师徒关系"


def test_the_forbidden_pairs_for_the_assignment():
    pairs = cf.forbidden_pairs(found())
    assert (7, 4) not in pairs and len(pairs) == 14
    assert {(e, a) for e, a in pairs if a == 4} == set()  # D's completer knows nobody


def test_a_declaration_names_an_application_or_a_person():
    with pytest.raises(cf.ConflictError, match="须指明一个项目或一名人员"):
        cf.conflicts(APPS, EXPERTS, declared=[Declared(5)])
    with pytest.raises(cf.ConflictError):
        cf.conflicts(APPS, EXPERTS, declared=[Declared(5, application=1, worker=12)])


def naive(apps, experts, enterprise_of, mentoring, studios, declared):
    """The rules read straight off the docstring: every expert against every application."""
    linked = {frozenset(p) for p in mentoring}
    studios_of = {}
    for worker, studio in studios:
        studios_of.setdefault(worker, set()).add(studio)
    out = {}
    for e in experts:
        for a in apps:
            found = set()
            ents = {enterprise_of.get(c) for c in a.completers} | {a.enterprise}
            if e.enterprise is not None and e.enterprise in ents:
                found.add(SAME_ENTERPRISE)
            if e.worker is not None:
                if e.worker in a.completers:
                    found.add(COMPLETER)
                if any(frozenset({e.worker, c}) in linked for c in a.completers):
                    found.add(MENTORING)
                mine = studios_of.get(e.worker, set())
                if any(mine & studios_of.get(c, set()) for c in a.completers if c != e.worker):
                    found.add(SAME_STUDIO)
            for d in declared:
                if d.expert == e.id and (
                    d.application == a.id or (d.worker is not None and d.worker in a.completers)
                ):
                    found.add(DECLARED)
            if found:
                out[e.id, a.id] = found
    return out


def random_instance(rng, n_apps, n_experts, workers, enterprises):
    enterprise_of = {w: rng.randrange(enterprises) for w in range(workers)}
    apps = [
        Application(i, rng.sample(range(workers), rng.randint(1, 4)), rng.randrange(enterprises))
        for i in range(n_apps)
    ]
    experts = []
    for i in range(n_experts):
        worker = rng.randrange(workers) if rng.random() < 0.6 else None
        ent = enterprise_of[worker] if worker is not None else rng.choice([None, enterprises + 1])
        experts.append(Expert(i, worker, ent))
    mentoring = [(rng.randrange(workers), rng.randrange(workers)) for _ in range(workers // 4)]
    studios = [(rng.randrange(workers), rng.randrange(workers // 20)) for _ in range(workers // 3)]
    declared = [
        Declared(rng.randrange(n_experts), application=rng.randrange(n_apps))
        if rng.random() < 0.5
        else Declared(rng.randrange(n_experts), worker=rng.randrange(workers))
        for _ in range(n_experts // 2)
    ]
    return apps, experts, enterprise_of, mentoring, studios, declared


@pytest.mark.parametrize("seed", range(6))
def test_the_indexed_pass_agrees_with_the_double_loop(seed):
    rng = random.Random(seed)
    instance = random_instance(rng, 150, 40, 300, 25)
    apps, experts, enterprise_of, mentoring, studios, declared = instance
    got = cf.conflicts(
        apps,
        experts,
        enterprise_of=enterprise_of,
        mentoring=mentoring,
        studios=studios,
        declared=declared,
    )
    expected = naive(*instance)
    assert expected  # the instance has conflicts of every kind between them
    assert {pair: {r.kind for r in reasons} for pair, reasons in got.items()} == expected
    assert {r.kind for reasons in got.values() for r in reasons} == set(cf.KINDS)
