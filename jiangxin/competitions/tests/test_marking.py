"""Marking arithmetic, tie-breaks, ranking and awards."""

import random
from decimal import Decimal as D

import pytest

from jiangxin.competitions.marking import (
    AwardRule,
    Entry,
    MarkingError,
    TieBreaker,
    awards,
    check_weights,
    judgement_mark,
    measurement_mark,
    rank,
    spread_exceeded,
    trimmed_mean,
    weighted_total,
)


def test_measurement_full_zero_and_deductions():
    assert measurement_mark(D("5"), outcome="full") == D("5.00")
    assert measurement_mark(D("5"), outcome="zero") == D("0.00")
    assert measurement_mark(D("5"), outcome="deduct", deductions=[D("0.5"), D("1")]) == D("3.50")
    assert measurement_mark(D("2"), outcome="deduct", deductions=[D("1.5"), D("1.5")]) == D(
        "0.00"
    )  # never below 0


def test_measurement_rejects_negative_deductions_and_unknown_outcomes():
    with pytest.raises(MarkingError, match="扣分不能为负数"):
        measurement_mark(D("5"), outcome="deduct", deductions=[D("-1")])
    with pytest.raises(MarkingError, match="满分、零分或扣分"):
        measurement_mark(D("5"), outcome="half")


def test_judgement_mark_is_mean_over_three_times_maximum():
    assert judgement_mark(D("6"), [2, 3, 2]) == D("4.67")  # 7/3/3*6 = 4.666…
    assert judgement_mark(D("3"), [3, 3, 3]) == D("3.00")
    assert judgement_mark(D("4.5"), [0, 1, 1]) == D("1.00")


@pytest.mark.parametrize("bad", [4, -1, 2.5, True, "3"])
def test_judgement_scores_are_whole_numbers_zero_to_three(bad):
    with pytest.raises(MarkingError, match="0、1、2、3"):
        judgement_mark(D("5"), [2, bad, 2])


def test_spread_is_flagged_beyond_the_allowed_difference():
    assert not spread_exceeded([1, 2, 2])
    assert spread_exceeded([1, 3, 2])
    assert not spread_exceeded([1, 3, 2], allowed=2)


def test_chinese_rule_drops_one_highest_and_one_lowest():
    assert trimmed_mean([D("90"), D("85"), D("70"), D("88"), D("99")]) == D("87.67")  # (85+88+90)/3
    assert trimmed_mean([D("80"), D("80"), D("80")]) == D("80.00")
    with pytest.raises(MarkingError, match="至少需要 3 名裁判"):
        trimmed_mean([D("80"), D("90")])


def test_weights_must_add_up_to_100():
    check_weights({"theory": 30, "practical": 70})
    check_weights({"theory": 25, "practical": 55, "defence": 20})
    with pytest.raises(MarkingError, match="之和应为 100，现为 90"):
        check_weights({"theory": 30, "practical": 60})
    with pytest.raises(MarkingError, match="必须大于 0"):
        check_weights({"theory": 0, "practical": 100})


def test_weighted_total():
    assert weighted_total(
        {"theory": D("80"), "practical": D("90")}, {"theory": 30, "practical": 70}
    ) == D("87.00")
    assert weighted_total(
        {"theory": D("77.5"), "practical": D("88.25"), "defence": D("91")},
        {"theory": 25, "practical": 55, "defence": 20},
    ) == D("86.11")  # 19.375 + 48.5375 + 18.2 = 86.1125
    with pytest.raises(MarkingError, match="缺少以下部分的成绩：defence"):
        weighted_total(
            {"theory": D("1"), "practical": D("1")}, {"theory": 25, "practical": 55, "defence": 20}
        )


def test_standard_competition_ranking_shares_ranks_and_skips():
    entries = [
        Entry("a", D("90"), {}),
        Entry("b", D("85"), {}),
        Entry("c", D("85"), {}),
        Entry("d", D("80"), {}),
    ]
    assert [(r.id, r.rank) for r in rank(entries)] == [("a", 1), ("b", 2), ("c", 2), ("d", 4)]


def test_tie_breakers_in_order_practical_then_theory_then_time():
    tbs = [TieBreaker("practical"), TieBreaker("theory"), TieBreaker("time", lower_wins=True)]
    entries = [
        Entry("slow", D("88"), {"practical": D("60"), "theory": D("28"), "time": 3600}),
        Entry("fast", D("88"), {"practical": D("60"), "theory": D("28"), "time": 3000}),
        Entry("theory", D("88"), {"practical": D("60"), "theory": D("29"), "time": 3900}),
        Entry("practical", D("88"), {"practical": D("61"), "theory": D("27"), "time": 4000}),
        Entry("same", D("88"), {"practical": D("60"), "theory": D("28"), "time": 3600}),
    ]
    ranked = [(r.id, r.rank) for r in rank(entries, tbs)]
    assert ranked[:3] == [("practical", 1), ("theory", 2), ("fast", 3)]
    assert sorted(ranked[3:]) == [("same", 4), ("slow", 4)]  # equal on everything: shared


def test_totals_compare_at_published_precision():
    entries = [Entry("a", D("85.004"), {}), Entry("b", D("84.996"), {})]
    assert [r.rank for r in rank(entries)] == [1, 1]  # both publish as 85.00


def test_ranking_matches_a_brute_force_definition_on_random_fields():
    rng = random.Random(11)
    for _ in range(200):
        entries = [
            Entry(
                i,
                D(rng.choice(["70", "75.5", "80", "80.00", "90"])),
                {"p": D(rng.choice(["1", "2", "3"]))},
            )
            for i in range(rng.randint(1, 12))
        ]
        ranked = {r.id: r.rank for r in rank(entries, [TieBreaker("p")])}
        for e in entries:  # rank = 1 + number of entries strictly better
            better = sum(1 for o in entries if (o.total, o.values["p"]) > (e.total, e.values["p"]))
            assert ranked[e.id] == 1 + better


def test_awards_by_count_never_split_a_tie():
    ranked = rank(
        [
            Entry(k, D(t), {})
            for k, t in [
                ("a", "95"),
                ("b", "90"),
                ("c", "90"),
                ("d", "85"),
                ("e", "80"),
                ("f", "70"),
            ]
        ]
    )
    given = awards(
        ranked,
        [AwardRule("一等奖", count=1), AwardRule("二等奖", count=1), AwardRule("三等奖", count=2)],
    )
    # b and c tie for the one 二等奖 place: both get it, and 三等奖 still goes to two people.
    assert given == {"a": "一等奖", "b": "二等奖", "c": "二等奖", "d": "三等奖", "e": "三等奖"}


def test_a_tie_at_the_last_place_of_an_award_shares_it():
    ranked = rank(
        [
            Entry(k, D(t), {})
            for k, t in [("a", "95"), ("b", "90"), ("c", "88"), ("d", "88"), ("e", "80")]
        ]
    )
    given = awards(ranked, [AwardRule("一等奖", count=1), AwardRule("二等奖", count=2)])
    assert given == {"a": "一等奖", "b": "二等奖", "c": "二等奖", "d": "二等奖"}


def test_awards_by_share_round_half_up():
    ranked = rank([Entry(i, D(100 - i), {}) for i in range(30)])
    given = awards(
        ranked,
        [
            AwardRule("一等奖", share=D("0.1")),
            AwardRule("二等奖", share=D("0.2")),
            AwardRule("三等奖", share=D("0.3")),
            AwardRule("优胜奖", share=D("0.05")),
        ],
    )
    counts = {
        name: list(given.values()).count(name) for name in ["一等奖", "二等奖", "三等奖", "优胜奖"]
    }
    assert counts == {"一等奖": 3, "二等奖": 6, "三等奖": 9, "优胜奖": 2}  # 1.5 rounds to 2


def test_an_award_needs_count_or_share():
    with pytest.raises(MarkingError, match="名额或比例之一"):
        awards([], [AwardRule("一等奖")])


def test_team_table_counts_top_n_awards_and_points():
    from jiangxin.competitions.marking import default_points, team_table

    names = ["一等奖", "二等奖", "三等奖"]
    members = [
        ("安海", 2, "二等奖"),
        ("安海", 3, "二等奖"),
        ("东石", 1, "一等奖"),
        ("安海", 7, ""),
        ("东石", 9, ""),
        ("磁灶", 4, "三等奖"),
        ("磁灶", 5, "三等奖"),
    ]
    rows = team_table(members, top_n=6, points=default_points(names), award_names=names)
    assert [(r.team, r.members, r.in_top, r.points) for r in rows] == [
        ("安海", 3, 2, D(4)),
        ("东石", 2, 1, D(3)),
        ("磁灶", 2, 2, D(2)),
    ]
    assert rows[0].awards == {"一等奖": 0, "二等奖": 2, "三等奖": 0}
    assert rows[1].best_rank == 1


def test_team_table_breaks_equal_points_by_members_in_the_top_n():
    from jiangxin.competitions.marking import team_table

    rows = team_table(
        [("甲", 1, "一等奖"), ("乙", 2, "二等奖"), ("乙", 3, "二等奖")],
        top_n=6,
        points={"一等奖": 6, "二等奖": 3},
        award_names=["一等奖", "二等奖"],
    )
    assert [(r.team, r.points, r.in_top) for r in rows] == [("乙", 6, 2), ("甲", 6, 1)]
