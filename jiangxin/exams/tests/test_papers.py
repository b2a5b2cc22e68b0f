"""Drawing papers by rule, arranging them, marking answers (pure)."""

from decimal import Decimal as D

from jiangxin.exams.papers import BankQuestion, RuleLine, arrange, draw, mark, rule_problems

BANK = (
    [BankQuestion(i, "single", "调解" if i < 5 else "合同", 4) for i in range(10)]
    + [BankQuestion(100 + i, "multiple", "", 5) for i in range(4)]
    + [BankQuestion(200 + i, "truefalse", "", 2) for i in range(6)]
)


def test_a_short_bank_is_reported_per_line_in_chinese():
    rules = [RuleLine("single", 6, D(1), "调解"), RuleLine("multiple", 5, D(2))]
    assert rule_problems(rules, BANK) == [
        "单选题（调解）题库中可用 5 道，试卷需要 6 道",
        "多选题题库中可用 4 道，试卷需要 5 道",
    ]
    assert rule_problems([RuleLine("single", 0, D(1))], BANK) == [
        "单选题的题数和每题分值都应大于 0"
    ]


def test_topic_lines_are_served_before_any_topic_lines():
    # 8 singles "any topic" listed first would take 调解 questions the second line needs
    rules = [RuleLine("single", 5, D(1)), RuleLine("single", 5, D(1), "调解")]
    assert rule_problems(rules, BANK) == []
    items = draw(rules, BANK, "s")
    ids = [q for q, _p in items]
    assert len(ids) == len(set(ids)) == 10
    assert set(ids[5:]) == {0, 1, 2, 3, 4}  # rule order is kept in the paper


def test_the_same_seed_draws_the_same_paper():
    rules = [RuleLine("single", 4, D(2)), RuleLine("truefalse", 3, D(1))]
    assert draw(rules, BANK, "a") == draw(rules, BANK, "a")
    assert any(draw(rules, BANK, "a") != draw(rules, BANK, s) for s in "bcdef")
    assert [p for _q, p in draw(rules, BANK, "a")] == [D(2)] * 4 + [D(1)] * 3


def test_arrangement_shuffles_within_types_and_options_but_not_true_false():
    items = [
        (1, 4, "single"),
        (2, 4, "single"),
        (3, 4, "single"),
        (7, 2, "truefalse"),
        (8, 2, "truefalse"),
    ]
    plain = arrange(items, seed="x", shuffle=False)
    assert plain == [
        (1, [0, 1, 2, 3]),
        (2, [0, 1, 2, 3]),
        (3, [0, 1, 2, 3]),
        (7, [0, 1]),
        (8, [0, 1]),
    ]
    shuffled = [arrange(items, seed=f"x{i}", shuffle=True) for i in range(8)]
    for s in shuffled:
        assert {q for q, _o in s[:3]} == {1, 2, 3} and {q for q, _o in s[3:]} == {7, 8}
        assert all(sorted(o) == [0, 1, 2, 3] for _q, o in s[:3])
        assert all(o == [0, 1] for _q, o in s[3:])
    assert len({tuple(q for q, _o in s) for s in shuffled}) > 1
    assert len({tuple(tuple(o) for _q, o in s) for s in shuffled}) > 1


def test_marking_gives_multiple_choice_only_when_exactly_right():
    paper = [
        (1, D(5), "single", [2]),
        (2, D(10), "multiple", [0, 2, 4]),
        (3, D(10), "multiple", [1, 3]),
        (4, D(10), "truefalse", [0]),
        (5, D(5), "single", [1]),
    ]
    answers = {1: [2], 2: [0, 2], 3: [3, 1], 4: [1], 5: [1, 2]}
    # right: 1 (5) and 3 (10); 2 is missing an option, 4 wrong, 5 two choices on a single
    assert mark(paper, answers) == (D(15), D(40), D("37.50"))
    assert mark(paper, {}) == (D(0), D(40), D("0.00"))
    earned, _available, score = mark([(1, D(1), "single", [0])] * 3, {1: [0]})
    assert (earned, score) == (D(3), D("100.00"))
