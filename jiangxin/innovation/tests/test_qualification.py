"""Lead qualification (pure): each default rule of issue 10 against honours and skill levels,
and the refusal naming what is missing."""

from jiangxin.innovation.qualification import (
    DEFAULT_RULES,
    Held,
    HonourNeed,
    Names,
    Rule,
    describe,
    problems_in,
    qualify,
    rule_from,
)

NAMES = Names(
    honour_kinds={
        "model_worker": "劳动模范",
        "may_day": "五一劳动奖章",
        "craftsman": "工匠",
        "tech_expert": "技术能手",
        "skill_master": "技能大师",
    },
    honour_levels={"national": "全国", "province": "省级", "city": "市级", "county": "县级"},
    skill_levels={0: "无等级", 4: "三级/高级工", 5: "二级/技师", 6: "一级/高级技师"},
    medals=frozenset({"may_day"}),
)
MODEL, CRAFT, MASTER, WORKER = (DEFAULT_RULES[k] for k in DEFAULT_RULES)


def ok(rule, honours=(), level=0):
    return qualify(rule, [Held(k, lv) for k, lv in honours], level, NAMES).qualified


def test_model_worker_studio_needs_a_model_worker_at_city_level_or_above():
    assert ok(MODEL, [("model_worker", "city")])
    assert ok(MODEL, [("model_worker", "province")])
    assert ok(MODEL, [("model_worker", "national")])
    assert not ok(MODEL, [("model_worker", "county")])  # below city


def test_model_worker_studio_takes_a_may_day_medal_at_any_level():
    assert ok(MODEL, [("may_day", "county")])
    assert ok(MODEL, [("may_day", "national")])


def test_model_worker_studio_refuses_other_honours_and_no_honour():
    assert not ok(MODEL, [("craftsman", "national"), ("tech_expert", "province")], level=8)
    assert not ok(MODEL)


def test_craftsman_studio_needs_any_craftsman_title():
    assert ok(CRAFT, [("craftsman", "county")])  # 晋江工匠
    assert ok(CRAFT, [("craftsman", "city")])  # 泉州工匠
    assert not ok(CRAFT, [("model_worker", "national")])


def test_skill_master_studio_needs_technician_level_and_the_honour():
    assert ok(MASTER, [("tech_expert", "city")], level=5)  # 二级/技师
    assert ok(MASTER, [("skill_master", "county")], level=6)  # 一级/高级技师
    assert not ok(MASTER, [("tech_expert", "city")], level=4)  # 三级 is below 技师
    assert not ok(MASTER, level=8)  # the level alone is not enough
    assert not ok(MASTER, [("craftsman", "city")], level=6)


def test_worker_studio_needs_nothing():
    assert ok(WORKER)


def test_the_refusal_names_the_missing_honour_and_level():
    verdict = qualify(MASTER, [Held("model_worker", "province")], 4, NAMES)
    assert verdict.missing == (
        "领办人须获“技术能手”或“技能大师”称号，名册中没有这样的荣誉",
        "领办人技能等级须达到二级/技师及以上，名册中为三级/高级工",
    )
    assert qualify(MODEL, [], 0, NAMES).missing == (
        "领办人须获市级及以上劳动模范或五一劳动奖章，名册中没有这样的荣誉",
    )


def test_the_verdict_says_which_honours_qualify():
    held = [Held("craftsman", "city", "泉州工匠（2021）"), Held("may_day", "province")]
    assert qualify(MODEL, held, 0, NAMES).because == (held[1],)


def test_a_stored_rule_is_read_and_checked():
    rule = rule_from(
        {"honours": [{"kind": "craftsman", "min_level": "province"}], "min_skill_level": 5}
    )
    assert rule == Rule(honours=(HonourNeed("craftsman", "province"),), min_skill_level=5)
    assert not ok(rule, [("craftsman", "city")], level=5)
    assert ok(rule, [("craftsman", "province")], level=5)
    kinds = NAMES.honour_kinds
    assert problems_in({"honours": [{"kind": "hero"}]}, kinds) == ["荣誉条件中有未知的荣誉类别"]
    assert problems_in({"honours": [{"kind": "craftsman", "min_level": "x"}]}, kinds) == [
        "荣誉条件中有未知的级别"
    ]
    assert problems_in({"honours": "craftsman"}, kinds) == ["荣誉条件应为列表"]
    assert describe(MASTER, NAMES) == "技能等级达到二级/技师及以上，并获“技术能手”或“技能大师”称号"


def test_a_title_without_a_level_reads_as_a_title():
    # 工匠 has no level in the default rule: "须获“工匠”称号", not "须获工匠"
    assert describe(CRAFT, NAMES) == "获“工匠”称号"
    # a medal is named as it is, and a levelled honour needs no quotes
    assert describe(MODEL, NAMES) == "获市级及以上劳动模范或五一劳动奖章"
