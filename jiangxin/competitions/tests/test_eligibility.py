import datetime

from jiangxin.competitions.eligibility import Rules, WorkerFacts, problems

ON = datetime.date(2025, 6, 1)
WOMAN = WorkerFacts(
    org_path="/1/2/3/4/17/",
    gender="F",
    employment_form="regular",
    front_line=True,
    skill_level=3,
    birth_date=datetime.date(1990, 6, 2),
    occupation_id=7,
)


def test_an_eligible_worker_has_no_problems():
    assert problems(WOMAN, Rules(subtree_path="/1/2/3/4/"), on=ON) == []


def test_womens_competition_for_front_line_workers_of_one_enterprise():
    rules = Rules(
        subtree_path="/1/2/3/4/17/", gender="F", front_line_only=True, gender_names={"F": "女"}
    )
    assert problems(WOMAN, rules, on=ON) == []
    man = WorkerFacts(**{**WOMAN.__dict__, "gender": "M", "front_line": False})
    assert problems(man, rules, on=ON) == ["本次竞赛仅限女职工参加", "本次竞赛仅限一线职工参加"]


def test_outside_the_subtree():
    assert problems(WOMAN, Rules(subtree_path="/1/2/3/5/"), on=ON) == ["不属于本次竞赛的参赛范围"]
    # a sibling whose id starts with the same digits is still outside
    assert problems(WOMAN, Rules(subtree_path="/1/2/3/4/1/"), on=ON) == ["不属于本次竞赛的参赛范围"]


def test_level_range_age_range_form_and_occupation():
    rules = Rules(
        subtree_path="/1/",
        min_level=4,
        max_level=6,
        min_age=18,
        max_age=34,
        employment_forms=frozenset({"platform"}),
        occupation_id=8,
        level_names={4: "三级/高级工", 6: "一级/高级技师"},
    )
    assert problems(WOMAN, rules, on=ON) == [
        "用工形式不在本次竞赛的参赛范围内",
        "技能等级须在三级/高级工及以上",
        "职业（工种）与本次竞赛不符",
    ]  # 34 the day before the 35th birthday: still in range
    older = WorkerFacts(**{**WOMAN.__dict__, "birth_date": datetime.date(1990, 6, 1)})
    assert "年龄须在34周岁以下（现为35岁）" in problems(older, rules, on=ON)
