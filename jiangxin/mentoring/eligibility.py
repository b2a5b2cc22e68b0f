"""Who may be a master, and who an apprentice, under a programme's rules. Pure module.

Default rule (名师): skill level 技师 (二级) or above, *or* an honour (劳模, 工匠, 技能大师, 技术
能手); *and* a minimum number of years of service. Apprentices: workers on the job posts the
programme targets (key / important / high-tech, as flagged on the roster)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from jiangxin.core.i18n import gettext as _


@dataclass(frozen=True)
class MasterRules:
    min_level: int
    honours: Sequence[str]
    min_years: int
    level_names: Mapping[int, str]
    honour_names: Mapping[str, str]


@dataclass(frozen=True)
class Person:
    name: str
    skill_level: int
    honours: Sequence[str]
    start_date: datetime.date | None
    post_category: str


def years_between(start: datetime.date, today: datetime.date) -> int:
    return today.year - start.year - ((today.month, today.day) < (start.month, start.day))


def master_problems(rules: MasterRules, person: Person, today: datetime.date) -> list[str]:
    """Why ``person`` may not be a master, in Chinese; empty when they may."""
    problems = []
    qualified = person.skill_level >= rules.min_level or bool(
        set(person.honours) & set(rules.honours)
    )
    if not qualified:
        honours = "、".join(rules.honour_names.get(h, h) for h in rules.honours)
        problems.append(
            _("{name}的技能等级低于{level}，也没有{honours}称号").format(
                name=person.name,
                level=rules.level_names.get(rules.min_level, str(rules.min_level)),
                honours=honours or _("规定的"),
            )
        )
    if rules.min_years:
        if person.start_date is None:
            problems.append(
                _("{name}的名册中没有入职日期，无法确认工龄满 {years} 年").format(
                    name=person.name, years=rules.min_years
                )
            )
        elif years_between(person.start_date, today) < rules.min_years:
            problems.append(
                _("{name}的工龄不满 {years} 年").format(name=person.name, years=rules.min_years)
            )
    return problems


def apprentice_problems(
    posts: Sequence[str], person: Person, post_names: Mapping[str, str]
) -> list[str]:
    """Why ``person`` is outside the posts the programme targets; empty when inside."""
    if posts and person.post_category not in posts:
        return [
            _("{name}不在本项目面向的岗位（{posts}）").format(
                name=person.name, posts="、".join(post_names.get(p, p) for p in posts)
            )
        ]
    return []
