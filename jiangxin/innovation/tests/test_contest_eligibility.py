"""The 五小 eligibility checker (innovation/contest_eligibility.py, pure): every exclusion answered,
blocking and warning, the completion window's edges, and the past-winner rule's title cases with
their difflib ratios worked out by hand (2 × matched characters ÷ all characters)."""

import datetime

import pytest

from jiangxin.innovation import contest_eligibility as el
from jiangxin.innovation.contest_eligibility import (
    BLOCK,
    DECLARED,
    EXCLUSIONS,
    PASSED,
    PAST_WINNER,
    WARN,
    WINDOW,
    Facts,
    PastAward,
    Rules,
)

d = datetime.date
YEAR = 2024
WORKERS = frozenset({11, 12})
CLEAN = Facts(title="数控车床快速定位夹具", completers=WORKERS, completed_on=d(2024, 5, 20))


def answers_by_key(facts, rules=None, awards=()):
    answers = el.check(facts, rules or Rules(year=YEAR), awards)
    return {a.key: a for a in answers}


def test_a_clean_application_passes_all_seven_exclusions_in_order():
    answers = el.check(CLEAN, Rules(year=YEAR))
    assert [a.key for a in answers] == list(EXCLUSIONS)
    assert all(a.outcome == PASSED for a in answers)
    assert all(a.message for a in answers)
    assert not el.blocked(answers)
    assert el.outcome_counts(answers) == {PASSED: 7, WARN: 0, BLOCK: 0}
    assert answers[0].label == "列入政府科技计划"


FLAG = {
    el.GOV_PLAN: "in_gov_plan",
    el.GOV_AWARD: "gov_award",
    el.TRADE_SECRET: "trade_secret",
    el.NATIONAL_SECURITY: "national_security",
    el.IP_DISPUTE: "ip_dispute",
}


@pytest.mark.parametrize("key", DECLARED)
def test_each_declared_exclusion_blocks_by_default_and_says_to_untick_a_mistake(key):
    facts = Facts(**{**CLEAN.__dict__, FLAG[key]: True})
    answers = answers_by_key(facts)
    assert answers[key].outcome == BLOCK
    assert "不能申报本届大赛" in answers[key].message
    assert "请取消勾选" in answers[key].message
    # only that exclusion is hit
    assert [k for k, a in answers.items() if a.outcome != PASSED] == [key]
    assert el.blocked(answers.values())


@pytest.mark.parametrize("key", DECLARED)
def test_each_declared_exclusion_warns_when_the_edition_says_so(key):
    facts = Facts(**{**CLEAN.__dict__, FLAG[key]: True})
    answers = answers_by_key(facts, Rules(year=YEAR, actions={key: WARN}))
    assert answers[key].outcome == WARN
    assert "可以提交" in answers[key].message and "证明材料" in answers[key].message
    assert not el.blocked(answers.values())


# ---- the completion window (edition year 2024) ------------------------------------------------


@pytest.mark.parametrize("done", [d(2024, 1, 1), d(2024, 12, 31)])
def test_completed_on_either_edge_of_the_declaration_year_passes(done):
    facts = Facts("x", WORKERS, completed_on=done)
    assert answers_by_key(facts)[WINDOW].outcome == PASSED


def test_completed_the_day_after_the_year_is_outside():
    answer = answers_by_key(Facts("x", WORKERS, completed_on=d(2025, 1, 1)))[WINDOW]
    assert answer.outcome == BLOCK
    assert "晚于申报年度 2024 年" in answer.message


@pytest.mark.parametrize(
    ("benefit_from", "benefit_until", "outcome"),
    [
        (d(2024, 1, 1), None, PASSED),  # benefit began on 1 January of the year
        (d(2024, 12, 31), None, PASSED),  # … or on its last day
        (d(2023, 3, 1), None, PASSED),  # began before, still running in 2024
        (d(2023, 3, 1), d(2024, 1, 1), PASSED),  # ended on the year's first day: it ran in it
        (d(2023, 3, 1), d(2023, 12, 31), BLOCK),  # ended the day before the year
        (d(2025, 1, 1), None, BLOCK),  # began after the year
        (None, None, BLOCK),  # no benefit stated
    ],
)
def test_completed_the_year_before_passes_only_with_benefit_in_the_year(
    benefit_from, benefit_until, outcome
):
    facts = Facts("x", WORKERS, d(2023, 12, 31), benefit_from, benefit_until)
    answer = answers_by_key(facts)[WINDOW]
    assert answer.outcome == outcome
    if benefit_from is None:
        assert "请填写效益开始日期" in answer.message
    elif outcome == BLOCK:
        assert "请核对效益开始和结束日期" in answer.message


def test_an_edition_may_take_only_projects_completed_in_its_year():
    facts = Facts("x", WORKERS, d(2023, 12, 31), benefit_from=d(2024, 2, 1))
    answer = answers_by_key(facts, Rules(year=YEAR, earlier_with_benefit=False))[WINDOW]
    assert answer.outcome == BLOCK
    assert "只接受 2024 年内完成的项目" in answer.message


def test_an_edition_may_set_the_earliest_year_of_completion():
    rules = Rules(year=YEAR, earliest_year=2022)
    early = Facts("x", WORKERS, d(2021, 12, 31), benefit_from=d(2022, 1, 1))
    on_time = Facts("x", WORKERS, d(2022, 1, 1), benefit_from=d(2022, 1, 1))
    assert answers_by_key(early, rules)[WINDOW].outcome == BLOCK
    assert "2022 年及以后完成" in answers_by_key(early, rules)[WINDOW].message
    assert answers_by_key(on_time, rules)[WINDOW].outcome == PASSED


def test_outside_the_window_warns_when_the_edition_says_so():
    facts = Facts("x", WORKERS, d(2023, 6, 1))  # earlier, no benefit
    answer = answers_by_key(facts, Rules(year=YEAR, actions={WINDOW: WARN}))[WINDOW]
    assert answer.outcome == WARN and "由组织方审核" in answer.message


def test_a_missing_completion_date_blocks_even_where_the_window_only_warns():
    facts = Facts("x", WORKERS, completed_on=None)
    answer = answers_by_key(facts, Rules(year=YEAR, actions={WINDOW: WARN}))[WINDOW]
    assert answer.outcome == BLOCK and "请填写项目完成日期" in answer.message


# ---- titles -----------------------------------------------------------------------------------


def test_normalising_folds_width_and_case_and_drops_punctuation_and_spaces():
    assert el.normalise("一种ＣＮＣ车床 快速夹具（改进型）") == "一种cnc车床快速夹具改进型"
    assert el.normalise("“节能”——《空压机》余热回收\t系统。") == "节能空压机余热回收系统"


@pytest.mark.parametrize(
    ("a", "b", "alike"),
    [
        # equal once normalised
        ("一种ＣＮＣ车床快速夹具（改进型）", "一种cnc车床快速夹具 改进型", True),
        # the past title (10 characters ≥ 6) inside the new one
        ("基于气动的数控车床快速定位夹具", "数控车床快速定位夹具", True),
        # "夹具改进" (4 < 6) inside a longer title is not enough; ratio 2×4/(4+10) = 0.57
        ("数控车床夹具改进方案", "夹具改进", False),
        # 焊接烟尘净化 (6) + 装置 (2) + 收 (1) = 9 matched of 10 + 10: 18/20 = 0.90
        ("焊接烟尘净化回收装置", "焊接烟尘净化收集装置", True),
        # 焊接烟尘净化 (6) + 装置 (2) = 8 of 20: exactly 0.80, the threshold counts
        ("焊接烟尘净化回收装置", "焊接烟尘净化吸附装置", True),
        # 焊接烟尘净化 (6) only: 12/20 = 0.60
        ("焊接烟尘净化回收设备", "焊接烟尘净化吸附装置", False),
        # 焊接 (2) + 装置 (2) of 10 + 11: 8/21 = 0.38
        ("焊接烟尘净化回收装置", "焊接机器人自动送丝装置", False),
        # nothing left after normalising is never alike
        ("——", "（）", False),
    ],
)
def test_titles_alike(a, b, alike):
    assert el.titles_alike(a, b) is alike


def test_the_ratio_and_a_stricter_threshold():
    assert el.title_ratio("焊接烟尘净化回收装置", "焊接烟尘净化收集装置") == pytest.approx(0.9)
    assert not el.titles_alike("焊接烟尘净化回收装置", "焊接烟尘净化吸附装置", similarity=0.81)


# ---- past winners -----------------------------------------------------------------------------

WON = PastAward("焊接烟尘净化回收装置", frozenset({11, 40}), 2022, "二等奖")
ENTRY = Facts("焊接烟尘净化收集装置", WORKERS, d(2024, 3, 1))


def test_a_like_title_by_a_shared_completer_warns_by_default_naming_the_award():
    answer = answers_by_key(ENTRY, awards=[WON])[PAST_WINNER]
    assert answer.outcome == WARN
    assert "2022年“焊接烟尘净化回收装置”二等奖" in answer.message
    assert "名称相似度 90%" in answer.message and "共同完成人 1 名" in answer.message
    assert "写明与该项目的区别" in answer.message
    assert [m.award for m in answer.matches] == [WON]


def test_a_past_winner_blocks_when_the_edition_says_so():
    answer = answers_by_key(ENTRY, Rules(year=YEAR, actions={PAST_WINNER: BLOCK}), [WON])
    assert answer[PAST_WINNER].outcome == BLOCK
    assert "往届获奖项目不能再次申报" in answer[PAST_WINNER].message


def test_the_same_title_by_other_people_is_another_project():
    others = PastAward(WON.title, frozenset({90, 91}), 2022)
    assert answers_by_key(ENTRY, awards=[others])[PAST_WINNER].outcome == PASSED


def test_the_same_people_under_an_unlike_title_is_their_next_project():
    theirs = PastAward("焊接机器人自动送丝装置", WORKERS, 2023)
    assert answers_by_key(ENTRY, awards=[theirs])[PAST_WINNER].outcome == PASSED


def test_only_awards_before_the_edition_year_count():
    same_year = PastAward(ENTRY.title, WORKERS, YEAR)
    assert answers_by_key(ENTRY, awards=[same_year])[PAST_WINNER].outcome == PASSED


def test_matches_come_closest_title_first():
    exact = PastAward("焊接烟尘净化收集装置", frozenset({12}), 2021, "三等奖")
    close = PastAward("焊接烟尘净化回收装置", frozenset({11, 12}), 2023)
    answer = answers_by_key(ENTRY, awards=[close, exact])[PAST_WINNER]
    assert [(m.award.year, round(m.ratio, 2), m.shared) for m in answer.matches] == [
        (2021, 1.0, 1),
        (2023, 0.9, 2),
    ]


def test_all_exclusions_can_be_hit_at_once():
    facts = Facts(
        ENTRY.title,
        WORKERS,
        d(2025, 2, 1),
        in_gov_plan=True,
        gov_award=True,
        trade_secret=True,
        national_security=True,
        ip_dispute=True,
    )
    answers = el.check(facts, Rules(year=YEAR), [WON])
    assert [a.outcome for a in answers] == [BLOCK] * 5 + [WARN, BLOCK]


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        (Rules(year=YEAR, actions={"patent": BLOCK}), "未知的排除条件：patent"),
        (Rules(year=YEAR, actions={el.GOV_PLAN: "ignore"}), "只能是阻止提交或提醒"),
        (Rules(year=YEAR, similarity=0), "相似度阈值"),
    ],
)
def test_rules_the_checker_cannot_apply_are_refused(rules, message):
    with pytest.raises(el.EligibilityError, match=message):
        el.check(CLEAN, rules)
