"""The 五小 decision list, quotas, the recommendation chain and prizes (innovation/contest_quota.py,
pure), with the expected order and places worked out from the rules in the comments."""

import datetime
from decimal import Decimal as D

import pytest

from jiangxin.innovation import contest_quota as q
from jiangxin.innovation.contest_quota import (
    AUTO,
    CEIL,
    DOWN,
    EXCLUDED,
    INCLUDED,
    RAW,
    Candidate,
    Level,
    Override,
    Quota,
    Tier,
)

T0 = datetime.datetime(2024, 6, 1, 9, 0, tzinfo=datetime.UTC)
T1 = T0 + datetime.timedelta(hours=1)


@pytest.mark.parametrize(
    ("quota", "received", "places"),
    [
        (Quota(share=D("0.3")), 58, 17),  # 58 × 0.3 = 17.4, rounded down
        (Quota(share=D("0.3"), rounding=CEIL), 58, 18),  # … rounded up
        (Quota(share=D("0.5")), 58, 29),  # exactly 29 either way
        (Quota(share=D("0.5"), rounding=CEIL), 58, 29),
        (Quota(share=D("0.3"), rounding=CEIL), 10, 3),  # exactly 3: ceil adds nothing
        (Quota(share=D(1)), 7, 7),
        (Quota(share=0.3), 10, 3),  # a float share is read as written, not as 0.29999…
        (Quota(count=20), 58, 20),
        (Quota(count=20), 12, 12),  # never more than were received
        (Quota(count=0), 12, 0),
    ],
)
def test_quota_places(quota, received, places):
    assert quota.places(received) == places


@pytest.mark.parametrize(
    ("quota", "message"),
    [
        (Quota(), "须设置数量或比例之一"),
        (Quota(count=3, share=D("0.1")), "须设置数量或比例之一"),
        (Quota(count=-1), "不能为负数"),
        (Quota(share=D(0)), "大于 0 且不超过 100%"),
        (Quota(share=D("1.2")), "大于 0 且不超过 100%"),
        (Quota(share=D("0.3"), rounding="nearest"), "向下或向上取整"),
    ],
)
def test_quotas_the_rules_do_not_allow(quota, message):
    with pytest.raises(q.QuotaError, match=message):
        quota.places(10)


# The order by the standardised mean, worked from the tie-breaks:
#   f (85) first; then the 80s: b (raw 78) before the raw-75s; among those c has a spread flag
#   and goes last; d, a, e have none: d submitted first; a and e at the same moment, a has the
#   lower id. g has no score: last.  → f, b, d, a, e, c, g
A = Candidate(1, D(80), D(75), 0, T1)
B = Candidate(2, D(80), D(78), 0, T1)
C = Candidate(3, D(80), D(75), 1, T0)
DD = Candidate(4, D(80), D(75), 0, T0)
E = Candidate(5, D(80), D(75), 0, T1)
F = Candidate(6, D(85), D(70), 0, T1)
G = Candidate(7, None, None, 0, T0)
FIELD = [A, B, C, DD, E, F, G]


def ids(candidates):
    return [c.id for c in candidates]


def test_the_order_by_standardised_mean_and_its_tie_breaks():
    assert ids(q.ranked(FIELD)) == [6, 2, 4, 1, 5, 3, 7]


def test_the_order_by_raw_mean_breaks_ties_on_the_standardised_one():
    # raw: b 78; then a, c, d, e at 75 (all standardised 80: c's flag puts it last, d's
    # submission first, a before e by id); f 70; g none → b, d, a, e, c, f, g
    assert ids(q.ranked(FIELD, RAW)) == [2, 4, 1, 5, 3, 6, 7]


def test_scores_are_compared_as_published():
    # 79.995 is published 80.00 (half-up): equal to 80 on the score, then raw 76 beats 75
    near = Candidate(8, D("79.995"), D(76), 0, T1)
    assert ids(q.ranked([A, near])) == [8, 1]


def test_naive_and_missing_submission_times_still_order():
    naive = Candidate(9, D(80), D(75), 0, datetime.datetime(2024, 6, 1, 8, 0))  # before T0
    unknown = Candidate(10, D(80), D(75), 0, None)  # last among equals
    assert ids(q.ranked([unknown, A, naive])) == [9, 1, 10]


def test_within_quota_down_the_order_with_the_deciding_tie_break_named():
    # 3 places: f, b, d. d (3rd) and a (4th) are both 80 and raw 75, no flags: d was earlier.
    decision = q.decide(FIELD, Quota(count=3))
    assert decision.quota == 3
    assert decision.recommended == [6, 2, 4]
    assert all(r.how == AUTO for r in decision.rows if r.recommended)
    assert decision.note == "第 3 名与第 4 名得分相同（80.00），按“提交较早”确定推荐第 3 名。"


def test_no_note_when_the_line_falls_between_different_scores():
    # 1 place: f (85) against b (80)
    assert q.decide(FIELD, Quota(count=1)).note == ""


def test_a_share_counts_the_applications_received():
    # 30% of 10 received = 3, though only these 7 are on the list
    assert q.decide(FIELD, Quota(share=D("0.3")), received=10).recommended == [6, 2, 4]
    # 30% of the 7 on the list = 2.1 → 2
    assert q.decide(FIELD, Quota(share=D("0.3"))).recommended == [6, 2]


def test_overrides_take_their_place_and_keep_their_reason():
    # 3 places: c included by hand takes one; b excluded; the two left go down the order: f, d
    overrides = [
        Override(2, include=False, reason="知识产权争议待核实"),
        Override(3, include=True, reason="现场查看效益突出"),
    ]
    decision = q.decide(FIELD, Quota(count=3), overrides=overrides)
    assert decision.recommended == [6, 4, 3]
    rows = {r.id: r for r in decision.rows}
    assert (rows[2].recommended, rows[2].how, rows[2].reason) == (
        False,
        EXCLUDED,
        "知识产权争议待核实",
    )
    assert (rows[3].recommended, rows[3].how) == (True, INCLUDED)
    assert [r.position for r in decision.rows] == [1, 2, 3, 4, 5, 6, 7]


def test_an_application_without_a_score_goes_up_only_by_hand():
    assert 7 not in q.decide(FIELD, Quota(count=7)).recommended
    by_hand = q.decide(FIELD, Quota(count=2), overrides=[Override(7, True, "本级只推荐不评审")])
    assert by_hand.recommended == [6, 7]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            [Override(1, True, "甲"), Override(3, True, "乙")],
            "手动推荐 2 项，超过本级推荐名额 1 项：请先取消部分手动推荐。",
        ),
        ([Override(99, True, "甲")], "项目 99 不在本级的申报项目中"),
        ([Override(1, True, "  ")], "须写明理由"),
        ([Override(1, True, "甲"), Override(1, False, "乙")], "只能有一项手动决定"),
    ],
)
def test_overrides_the_rules_refuse(overrides, message):
    with pytest.raises(q.QuotaError, match=message):
        q.decide(FIELD, Quota(count=1), overrides=overrides)


def test_the_order_can_only_be_by_one_of_the_two_means():
    with pytest.raises(q.QuotaError, match="排序依据"):
        q.decide(FIELD, Quota(count=1), by="median")


# ---- the chain --------------------------------------------------------------------------------
ENT = Level("enterprise", "企业", Quota(count=5))
TOWN = Level("town", "安海镇", Quota(share=D("0.5")))
COUNTY = Level("county", "晋江市")


def test_what_a_level_recommends_is_what_the_next_receives():
    # enterprise: 6 in, passes 5; town: 5 in, 50% = 2.5 → 2, passes 1 and 2; county: the last
    stages = q.chain(
        [ENT, TOWN, COUNTY], range(1, 7), {"enterprise": {1, 2, 3, 4, 5}, "town": {1, 2}}
    )
    assert [(s.level.key, len(s.received), sorted(s.passed_up)) for s in stages] == [
        ("enterprise", 6, [1, 2, 3, 4, 5]),
        ("town", 5, [1, 2]),
        ("county", 2, []),
    ]
    assert [s.decided for s in stages] == [True, True, False]
    assert q.reached(stages) == {
        6: "enterprise",
        3: "town",
        4: "town",
        5: "town",
        1: "county",
        2: "county",
    }


def test_a_level_not_yet_decided_passes_nothing_on():
    stages = q.chain([ENT, TOWN, COUNTY], range(1, 7), {"enterprise": {1, 2, 3}})
    assert [len(s.received) for s in stages] == [6, 3, 0]


def test_any_subset_of_levels_in_order():
    stages = q.chain([TOWN, Level("province", "福建省")], [1, 2, 3, 4], {"town": [2, 4]})
    assert stages[1].received == frozenset({2, 4})


@pytest.mark.parametrize(
    ("levels", "recommended", "message"),
    [
        ([ENT, TOWN, COUNTY], {"town": {1, 2, 3}}, "安海镇推荐 3 项，超过名额 2 项"),
        ([ENT, TOWN, COUNTY], {"enterprise": {1, 9}}, "企业推荐了未收到的项目：9"),
        ([ENT, TOWN, COUNTY], {"town": {1}, "county": {1}}, "晋江市是最后一级"),
        ([TOWN, ENT, COUNTY], {}, "须按企业、镇、县、市、省的顺序排列"),
        ([TOWN, TOWN, COUNTY], {}, "不能重复"),
        ([Level("village", "村"), COUNTY], {}, "层级只能是"),
        ([Level("town", "镇"), COUNTY], {}, "每一级都须设置推荐名额"),
        ([], {}, "至少需要一个评审层级"),
    ],
)
def test_chains_the_rules_refuse(levels, recommended, message):
    # six enter; unless the case says otherwise the enterprise passes 1–5 up, so the town
    # receives 5 and may pass 50% of 5 = 2.5 → 2
    with pytest.raises(q.QuotaError, match=message):
        q.chain(levels, range(1, 7), {"enterprise": {1, 2, 3, 4, 5}, **recommended})


# ---- prizes -----------------------------------------------------------------------------------
# 一等 1 × ¥2,000, 二等 2 × ¥1,000, 三等 3 × ¥500: lines after places 1, 3 and 6.
TIERS = [Tier("一等奖", 1, D(2000)), Tier("二等奖", 2, D(1000)), Tier("三等奖", 3, D(500))]
# p2, p3, p4 are tied (85 and 80) at places 2–4, across the 二等 line at 3 — p2's spread flag
# and p3's earlier submission order the list but do not break a tie for a prize; p6 and p7 are
# tied at places 6–7, across the last line.
FINAL = [
    Candidate(1, D(90), D(88), 0, T1),
    Candidate(2, D(85), D(80), 1, T1),
    Candidate(3, D(85), D(80), 0, T0),
    Candidate(4, D(85), D(80), 0, T1),
    Candidate(5, D(70), D(70), 0, T1),
    Candidate(6, D(65), D(60), 0, T1),
    Candidate(7, D(65), D(60), 0, T1),
    Candidate(8, D(50), D(50), 0, T1),
    Candidate(9, None, None, 0, T0),
]


def awarded(result):
    return {app: tier.name for app, tier in sorted(result.awarded.items())}


def test_prizes_with_ties_going_up():
    # 1 → 一等; 2–4 start at place 2 ≤ 3 → all 二等 (3 for 2 places); 5 at place 5 ≤ 6 → 三等;
    # 6–7 start at 6 ≤ 6 → both 三等; 8 at place 8 → none; 9 unscored → none.
    result = q.prizes(FINAL, TIERS)
    assert awarded(result) == {
        1: "一等奖",
        2: "二等奖",
        3: "二等奖",
        4: "二等奖",
        5: "三等奖",
        6: "三等奖",
        7: "三等奖",
    }
    assert result.counts == {"一等奖": 1, "二等奖": 3, "三等奖": 3}
    # 2,000 + 3 × 1,000 + 3 × 500 = 6,500 (the plan: 2,000 + 2,000 + 1,500 = 5,500)
    assert result.money == D(6500)
    assert result.notes == [
        "第 2–4 名得分相同，跨越获奖名额线，不拆分：均为“二等奖”。",
        "第 6–7 名得分相同，跨越获奖名额线，不拆分：均为“三等奖”。",
    ]


def test_prizes_with_ties_going_down():
    # 1 → 一等; 2–4 end at place 4 > 3 → the next tier, 三等; 5 ends at 5 ≤ 6 → 三等;
    # 6–7 end at 7 > 6 → none. 二等 is empty; 三等 has 4 for 3 places, but places 1–6 hold 5.
    result = q.prizes(FINAL, TIERS, ties=DOWN)
    assert awarded(result) == {1: "一等奖", 2: "三等奖", 3: "三等奖", 4: "三等奖", 5: "三等奖"}
    assert result.counts == {"一等奖": 1, "二等奖": 0, "三等奖": 4}
    assert result.money == D(4000)  # 2,000 + 4 × 500
    assert result.notes[1] == "第 6–7 名得分相同，跨越获奖名额线，不拆分：均为“不获奖”。"


def test_prizes_without_ties_fill_each_tier_to_its_count():
    plain = [Candidate(i, D(100 - i), D(100 - i)) for i in range(1, 9)]
    result = q.prizes(plain, TIERS)
    assert result.counts == {"一等奖": 1, "二等奖": 2, "三等奖": 3}
    assert awarded(result)[4] == "三等奖" and 7 not in result.awarded
    assert result.notes == []


def test_a_tie_inside_a_tier_is_no_boundary():
    # places 4–5 tied, both inside 三等 (4–6)
    field = [Candidate(i, D(s), D(s)) for i, s in enumerate([99, 98, 97, 90, 90, 80, 70], 1)]
    result = q.prizes(field, TIERS)
    assert result.notes == [] and result.counts["三等奖"] == 3


def test_prize_rules_refused():
    with pytest.raises(q.QuotaError, match="就高或就低"):
        q.prizes(FINAL, TIERS, ties="split")
    with pytest.raises(q.QuotaError, match="不能为负数"):
        q.prizes(FINAL, [Tier("一等奖", -1)])
