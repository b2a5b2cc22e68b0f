"""Who may enter a competition. Pure module (no Django).

``problems(worker, rules, on)`` lists every reason a worker may not enter, in Chinese; an empty
list means eligible. The rules come from the competition; the worker's facts from the roster.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from jiangxin.core.i18n import gettext as _


@dataclass(frozen=True)
class WorkerFacts:
    org_path: str
    gender: str  # "M" / "F"
    employment_form: str  # "regular" / "dispatched" / "platform"
    front_line: bool
    skill_level: int
    birth_date: datetime.date
    occupation_id: int | None


@dataclass(frozen=True)
class Rules:
    subtree_path: str  # the node whose workers may enter ("/1/4/")
    gender: str = ""  # "" = any
    employment_forms: frozenset[str] = field(default_factory=frozenset)  # empty = any
    front_line_only: bool = False
    min_level: int | None = None
    max_level: int | None = None
    min_age: int | None = None
    max_age: int | None = None
    occupation_id: int | None = None  # required occupation, if any
    level_names: dict[int, str] = field(default_factory=dict)
    gender_names: dict[str, str] = field(default_factory=dict)


def age_on(birth: datetime.date, day: datetime.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def problems(worker: WorkerFacts, rules: Rules, *, on: datetime.date) -> list[str]:
    found: list[str] = []
    if not worker.org_path.startswith(rules.subtree_path):
        found.append(_("不属于本次竞赛的参赛范围"))
    if rules.gender and worker.gender != rules.gender:
        found.append(
            _("本次竞赛仅限{gender}职工参加").format(
                gender=rules.gender_names.get(rules.gender, rules.gender)
            )
        )
    if rules.employment_forms and worker.employment_form not in rules.employment_forms:
        found.append(_("用工形式不在本次竞赛的参赛范围内"))
    if rules.front_line_only and not worker.front_line:
        found.append(_("本次竞赛仅限一线职工参加"))
    names = rules.level_names
    if rules.min_level is not None and worker.skill_level < rules.min_level:
        found.append(
            _("技能等级须在{level}及以上").format(level=names.get(rules.min_level, rules.min_level))
        )
    if rules.max_level is not None and worker.skill_level > rules.max_level:
        found.append(
            _("技能等级须在{level}及以下").format(level=names.get(rules.max_level, rules.max_level))
        )
    age = age_on(worker.birth_date, on)
    if rules.min_age is not None and age < rules.min_age:
        found.append(_("年龄须满{age}周岁（现为{actual}岁）").format(age=rules.min_age, actual=age))
    if rules.max_age is not None and age > rules.max_age:
        found.append(
            _("年龄须在{age}周岁以下（现为{actual}岁）").format(age=rules.max_age, actual=age)
        )
    if rules.occupation_id is not None and worker.occupation_id != rules.occupation_id:
        found.append(_("职业（工种）与本次竞赛不符"))
    return found
