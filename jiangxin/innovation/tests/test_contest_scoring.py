"""The 五小 review arithmetic (innovation/contest_scoring.py, pure): weighted scores, the raw and
standardised means worked out by hand in the comments, the spread flags, and the standardised
means against an independent float computation (statistics.fmean / pstdev) on random levels."""

import random
import statistics
from collections import defaultdict
from decimal import Decimal as D

import pytest

from jiangxin.innovation import contest_scoring as sc
from jiangxin.innovation.contest_scoring import Criterion, Review, SpreadRule

FORM = [
    Criterion("inn", "创新性", D(30)),
    Criterion("adv", "先进性", D(20)),
    Criterion("use", "实用性", D(20)),
    Criterion("ben", "经济/社会效益", D(20)),
    Criterion("pro", "推广价值", D(10)),
]


def flat(value):
    """Every criterion scored ``value``: the weighted score is ``value`` itself."""
    return {c.key: value for c in FORM}


def test_the_weighted_score_is_the_weighted_sum_over_100():
    # 88×30 + 75×20 + 92×20 + 60×20 + 70×10 = 2640+1500+1840+1200+700 = 7880 → 78.80
    scores = {"inn": 88, "adv": 75, "use": 92, "ben": 60, "pro": 70}
    assert sc.weighted_score(FORM, scores) == D("78.80")


def test_the_weighted_score_is_rounded_half_up_to_cents():
    # 88.5×30 + 75.25×20 + 90×20 + 61.75×20 + 70.05×10
    # = 2655 + 1505 + 1800 + 1235 + 700.5 = 7895.5 → 78.955 → 78.96 (half-up)
    scores = {"inn": "88.5", "adv": "75.25", "use": 90, "ben": "61.75", "pro": "70.05"}
    assert sc.weighted_score(FORM, scores) == D("78.96")


def test_a_ten_point_form_gives_a_score_out_of_ten():
    # 8×30 + 7×20 + 9×20 + 6×20 + 5×10 = 240+140+180+120+50 = 730 → 7.30
    scores = {"inn": 8, "adv": 7, "use": 9, "ben": 6, "pro": 5}
    assert sc.weighted_score(FORM, scores, top=10) == D("7.30")
    with pytest.raises(sc.ScoringError, match="“创新性”的评分应在 0 到 10 之间"):
        sc.weighted_score(FORM, {**scores, "inn": 11}, top=10)


@pytest.mark.parametrize(
    ("scores", "message"),
    [
        ({"inn": 80}, "以下指标尚未评分：先进性、实用性、经济/社会效益、推广价值"),
        ({**flat(80), "extra": 1}, "评审表中没有这些指标：extra"),
        ({**flat(80), "inn": "80.125"}, "“创新性”的评分最多保留两位小数"),
        ({**flat(80), "inn": -1}, "“创新性”的评分应在 0 到 100 之间"),
        ({**flat(80), "inn": True}, "“创新性”的评分必须是数字"),
        ({**flat(80), "inn": "abc"}, "“创新性”的评分必须是数字"),
    ],
)
def test_scores_the_form_does_not_allow_are_refused(scores, message):
    with pytest.raises(sc.ScoringError, match=message):
        sc.weighted_score(FORM, scores)


def test_weights_must_be_positive_and_add_up_to_100():
    short = [*FORM[:4], Criterion("pro", "推广价值", D(5))]
    with pytest.raises(sc.ScoringError, match="权重之和应为 100，现为 95"):
        sc.check_form(short)
    with pytest.raises(sc.ScoringError, match="权重必须大于 0"):
        sc.check_form([Criterion("a", "甲", D(110)), Criterion("b", "乙", D(-10))])
    with pytest.raises(sc.ScoringError, match="不能重复"):
        sc.check_form([Criterion("a", "甲", D(50)), Criterion("a", "乙", D(50))])


# ---- the standardised mean --------------------------------------------------------------------
# Experts A (lenient), B (severe), C (gives everything 70); applications P, Q, R, S:
#   A: Q 90, S 70            mean 80, sd √((10²+10²)/2) = 10: z(Q) = +1, z(S) = −1
#   B: P 70, R 50            mean 60, sd 10:                 z(P) = +1, z(R) = −1
#   C: P, Q, R, S all 70     sd 0: uninformative, z = 0
# Pool: 90, 70, 70, 50, 70, 70, 70, 70 → mean M = 560/8 = 70; deviations +20, −20 and six 0s:
#   variance 800/8 = 100, S = 10. A review maps to 70 + 10·z.
#   P: B 80, C 70 → 75.00 (raw 70)     Q: A 80, C 70 → 75.00 (raw 80)
#   R: B 60, C 70 → 65.00 (raw 60)     S: A 60, C 70 → 65.00 (raw 70)
# P, reviewed by the severe B, rises to Q; S, the lenient A's lower one, falls to R.
LEVEL = [
    Review("Q", "A", flat(90)),
    Review("S", "A", flat(70)),
    Review("P", "B", flat(70)),
    Review("R", "B", flat(50)),
    *(Review(app, "C", flat(70)) for app in "PQRS"),
]


def test_the_standardised_mean_removes_each_experts_severity():
    result = sc.level_results(FORM, LEVEL)
    assert (result.pool_mean, result.pool_sd) == (D("70.00"), D("10.00"))
    means = {a: (r.raw_mean, r.standardised_mean) for a, r in result.applications.items()}
    assert means == {
        "P": (D("70.00"), D("75.00")),
        "Q": (D("80.00"), D("75.00")),
        "R": (D("60.00"), D("65.00")),
        "S": (D("70.00"), D("65.00")),
    }


def test_each_experts_severity_is_reported():
    experts = sc.level_results(FORM, LEVEL).experts
    assert (experts["A"].mean, experts["A"].sd, experts["A"].informative) == (
        D("80.00"),
        D("10.00"),
        True,
    )
    assert (experts["B"].mean, experts["B"].reviews) == (D("60.00"), 2)
    assert (experts["C"].sd, experts["C"].informative) == (D("0.00"), False)


def test_each_reviews_z_and_mapped_score_are_shown():
    reviews = {(r.application, r.expert): r for r in sc.level_results(FORM, LEVEL).reviews}
    assert (reviews["P", "B"].z, reviews["P", "B"].standardised) == (D("1.0000"), D("80.00"))
    assert (reviews["S", "A"].z, reviews["S", "A"].standardised) == (D("-1.0000"), D("60.00"))
    assert (reviews["S", "C"].z, reviews["S", "C"].standardised) == (D("0.0000"), D("70.00"))


# Experts D (three reviews), E (two), F (one); applications X, Y, Z:
#   D: X 80, Y 70, Z 60   mean 70, variance (100+0+100)/3 = 200/3, sd 8.16497: z = ±1.22474, 0
#   E: X 90, Y 50         mean 70, sd 20: z = ±1
#   F: Z 75               one review: z = 0 (min_reviews 2)
# Pool: 80, 70, 60, 90, 50, 75 → M = 425/6 = 70.8333; Σx² = 31125, variance 31125/6 − M² =
#   6125/36, S = √6125/6 = 13.04373. 1.22474 × S = √(3/2 × 6125)/6 = 15.97524.
#   X: M + (15.97524 + 13.04373)/2 = 85.34282 → 85.34   (raw (80+90)/2 = 85.00)
#   Y: M + (0 − 13.04373)/2        = 64.31147 → 64.31   (raw 60.00)
#   Z: M + (−15.97524 + 0)/2       = 62.84571 → 62.85   (raw 67.50)
UNEVEN = [
    Review("X", "D", flat(80)),
    Review("Y", "D", flat(70)),
    Review("Z", "D", flat(60)),
    Review("X", "E", flat(90)),
    Review("Y", "E", flat(50)),
    Review("Z", "F", flat(75)),
]


def test_the_standardisation_with_uneven_loads_and_a_single_review():
    result = sc.level_results(FORM, UNEVEN)
    assert (result.pool_mean, result.pool_sd) == (D("70.83"), D("13.04"))
    got = {a: (r.raw_mean, r.standardised_mean) for a, r in result.applications.items()}
    assert got == {
        "X": (D("85.00"), D("85.34")),
        "Y": (D("60.00"), D("64.31")),
        "Z": (D("67.50"), D("62.85")),
    }
    assert result.experts["F"].informative is False
    assert result.experts["D"].sd == D("8.16")
    z = {(r.application, r.expert): r.z for r in result.reviews}
    assert z["X", "D"] == D("1.2247") and z["Z", "F"] == D("0.0000")


def test_min_reviews_decides_who_is_informative():
    # With min_reviews 3, E (two reviews) is uninformative too: X = M + (15.97524 + 0)/2
    # = 78.82095 → 78.82; Y = M + 0 = 70.83
    result = sc.level_results(FORM, UNEVEN, min_reviews=3)
    assert result.applications["X"].standardised_mean == D("78.82")
    assert result.applications["Y"].standardised_mean == D("70.83")


def test_the_same_expert_cannot_review_an_application_twice():
    with pytest.raises(sc.ScoringError, match="只能有一份评审"):
        sc.level_results(FORM, [Review("X", "D", flat(80)), Review("X", "D", flat(70))])


def test_no_reviews_give_an_empty_level():
    result = sc.level_results(FORM, [])
    assert result.applications == {} and result.pool_mean == D("0.00")


# ---- spread -----------------------------------------------------------------------------------


def test_the_spread_flag_is_strictly_over_the_gap():
    # Q: 90 and 70, gap 20; R: 50 and 70, gap 20; P and S: gap 0.
    default = sc.level_results(FORM, LEVEL).applications  # max_gap 20: 20 is not over
    assert not any(r.flagged for r in default.values())
    tight = sc.level_results(FORM, LEVEL, spread=SpreadRule(max_gap=D(15))).applications
    assert sorted(a for a, r in tight.items() if r.flagged) == ["Q", "R"]
    assert tight["Q"].flags == ("专家加权分相差 20.00 分，超过 15 分",)
    assert (tight["Q"].gap, tight["Q"].sd, tight["Q"].spread_flags) == (D("20.00"), D("10.00"), 1)


def test_the_spread_flag_on_the_standard_deviation():
    # X: 80 and 90, sd 5; Y: 70 and 50, sd 10; Z: 60 and 75, sd 7.5
    rule = SpreadRule(max_gap=None, max_sd=D(7))
    apps = sc.level_results(FORM, UNEVEN, spread=rule).applications
    assert sorted(a for a, r in apps.items() if r.flagged) == ["Y", "Z"]
    assert apps["Z"].flags == ("专家加权分的标准差为 7.50，超过 7",)


def test_the_spread_flag_per_criterion_counts_each_criterion():
    # 创新性 90 vs 50, 经济/社会效益 50 vs 90, 推广价值 40 vs 80: gaps of 40, over 30; 先进性 and
    # 实用性 70 vs 70 are not. The weighted scores agree: 2700+1400+1400+1000+400 = 6900 …
    one = {"inn": 90, "adv": 70, "use": 70, "ben": 50, "pro": 40}
    # … 50×30+70×20+70×20+90×20+80×10 = 1500+1400+1400+1800+800 = 6900: both 69.00, gap 0.
    two = {"inn": 50, "adv": 70, "use": 70, "ben": 90, "pro": 80}
    rule = SpreadRule(criterion_gap=D(30))
    app = sc.level_results(FORM, [Review(1, 1, one), Review(1, 2, two)], spread=rule)
    result = app.applications[1]
    assert result.weighted == (D("69.00"), D("69.00"))
    assert result.flags == (
        "专家对“创新性”的评分相差 40 分，超过 30 分",
        "专家对“经济/社会效益”的评分相差 40 分，超过 30 分",
        "专家对“推广价值”的评分相差 40 分，超过 30 分",
    )
    assert result.spread_flags == 3


def test_one_review_is_never_spread():
    app = sc.level_results(FORM, [Review(1, 1, flat(99))], spread=SpreadRule(max_gap=D(0)))
    assert app.applications[1].flags == ()


# ---- against an independent computation --------------------------------------------------------


@pytest.mark.parametrize("seed", range(5))
def test_the_means_agree_with_statistics_on_random_levels(seed):
    rng = random.Random(seed)
    experts = list(range(8))
    severity = {e: rng.uniform(-15, 15) for e in experts}
    reviews = []
    for app in range(30):
        for e in rng.sample(experts, 3):
            value = max(0, min(100, round(60 + severity[e] + rng.gauss(0, 10))))
            reviews.append(Review(app, e, flat(value)))
    result = sc.level_results(FORM, reviews)

    scores = [float(flat_value(r)) for r in reviews]
    pool_mean, pool_sd = statistics.fmean(scores), statistics.pstdev(scores)
    by_expert = defaultdict(list)
    for r in reviews:
        by_expert[r.expert].append(flat_value(r))
    mapped = defaultdict(list)
    raw = defaultdict(list)
    for r in reviews:
        values = by_expert[r.expert]
        sd = statistics.pstdev(values)
        z = (flat_value(r) - statistics.fmean(values)) / sd if len(values) > 1 and sd else 0.0
        mapped[r.application].append(pool_mean + z * pool_sd)
        raw[r.application].append(flat_value(r))
    for app, got in result.applications.items():
        assert float(got.standardised_mean) == pytest.approx(
            statistics.fmean(mapped[app]), abs=0.0051
        )
        assert float(got.raw_mean) == pytest.approx(statistics.fmean(raw[app]), abs=0.0051)


def flat_value(review):
    return review.scores["inn"]
