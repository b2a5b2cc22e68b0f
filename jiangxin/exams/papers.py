"""Theory papers: drawing questions by rule, arranging them per contestant, marking answers.

Pure module (no Django). Questions are single choice, multiple choice or true/false; answers
are the indices of the correct options (true/false: 0 = 正确, 1 = 错误). A multiple-choice
question scores only when the chosen options are exactly the correct ones (多选、少选、错选均
不得分), as Chinese vocational theory exams mark them.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from jiangxin.competitions.marking import share_of_100
from jiangxin.core.i18n import gettext as _

SINGLE, MULTIPLE, TRUE_FALSE = "single", "multiple", "truefalse"
KIND_NAMES = {SINGLE: "单选题", MULTIPLE: "多选题", TRUE_FALSE: "判断题"}  # i18n: data


@dataclass(frozen=True)
class BankQuestion:
    id: int
    kind: str
    topic: str
    options: int  # how many options


@dataclass(frozen=True)
class RuleLine:
    """``count`` questions of ``kind`` (from ``topic``, or any topic when empty), ``points``
    each."""

    kind: str
    count: int
    points: Decimal
    topic: str = ""

    def label(self) -> str:
        kind = _(KIND_NAMES.get(self.kind, self.kind))
        return f"{kind}（{self.topic}）" if self.topic else kind


def rule_problems(rules: Sequence[RuleLine], bank: Sequence[BankQuestion]) -> list[str]:
    """What stops a paper being drawn from ``bank`` by ``rules``, in Chinese; empty if none."""
    problems: list[str] = []
    if not rules:
        return [_("请至少设置一类题目")]
    for line in rules:
        if line.kind not in KIND_NAMES:
            problems.append(_("未知题型：{kind}").format(kind=line.kind))
        if line.count <= 0 or line.points <= 0:
            problems.append(_("{label}的题数和每题分值都应大于 0").format(label=line.label()))
    if problems:
        return problems
    # topic lines first, so that "any topic" lines do not take the questions they need
    taken: set[int] = set()
    for line in sorted(rules, key=lambda r: r.topic == ""):
        pool = [
            q
            for q in bank
            if q.kind == line.kind
            and (not line.topic or q.topic == line.topic)
            and q.id not in taken
        ]
        if len(pool) < line.count:
            problems.append(
                _("{label}题库中可用 {have} 道，试卷需要 {need} 道").format(
                    label=line.label(), have=len(pool), need=line.count
                )
            )
        taken.update(q.id for q in pool[: line.count])
    return problems


def draw(
    rules: Sequence[RuleLine], bank: Sequence[BankQuestion], seed: str
) -> list[tuple[int, Decimal]]:
    """(question id, points) for the paper, in rule order; the same seed draws the same paper.
    Call ``rule_problems`` first."""
    rng = random.Random(seed)
    taken: set[int] = set()
    chosen: dict[int, list[int]] = {}
    ordered = sorted(range(len(rules)), key=lambda i: rules[i].topic == "")
    for i in ordered:
        line = rules[i]
        pool = sorted(
            q.id
            for q in bank
            if q.kind == line.kind
            and (not line.topic or q.topic == line.topic)
            and q.id not in taken
        )
        picked = rng.sample(pool, line.count)
        taken.update(picked)
        chosen[i] = picked
    return [(qid, rules[i].points) for i in range(len(rules)) for qid in chosen[i]]


def arrange(
    items: Sequence[tuple[int, int, str]], *, seed: str, shuffle: bool
) -> list[tuple[int, list[int]]]:
    """The order a contestant sees: (question id, option order) from (id, options, kind).
    Without ``shuffle`` everyone gets the paper as drawn; with it, questions are shuffled
    within each type (types keep their order) and choice options are shuffled too (true/false
    keeps 正确 before 错误)."""
    rng = random.Random(seed)
    out: list[tuple[int, list[int]]] = []
    groups: dict[str, list[tuple[int, int, str]]] = {}
    order: list[str] = []
    for item in items:
        if item[2] not in groups:
            order.append(item[2])
        groups.setdefault(item[2], []).append(item)
    for kind in order:
        group = list(groups[kind])
        if shuffle:
            rng.shuffle(group)
        for qid, n, k in group:
            options = list(range(n))
            if shuffle and k != TRUE_FALSE:
                rng.shuffle(options)
            out.append((qid, options))
    return out


def is_right(kind: str, correct: Sequence[int], chosen: Sequence[int]) -> bool:
    if not chosen:
        return False
    if kind in (SINGLE, TRUE_FALSE) and len(chosen) != 1:
        return False
    return sorted(set(chosen)) == sorted(correct)


def mark(
    paper: Sequence[tuple[int, Decimal, str, Sequence[int]]],
    answers: Mapping[int, Sequence[int]],
) -> tuple[Decimal, Decimal, Decimal]:
    """(earned, available, score out of 100) for ``answers`` (question id → chosen option
    indices, in the bank's numbering) to ``paper`` items (id, points, kind, correct)."""
    earned = Decimal(0)
    available = Decimal(0)
    for qid, points, kind, correct in paper:
        available += Decimal(points)
        if is_right(kind, correct, answers.get(qid, ())):
            earned += Decimal(points)
    score = share_of_100(earned, available) if available else Decimal("0.00")
    return earned, available, score
