"""Who may lead a studio of a kind (领办人资格), read from the roster. Pure module.

A rule names honours (each with the lowest level that counts, or any level), whether any one of
them or all of them are needed (``match``), and the lowest skill level; a lead qualifies when they
hold one (or each) of those honours, if the rule names any, *and* their skill level reaches the
rule's. The defaults, from issue 10:

- 劳模创新工作室: a 劳动模范 at city level or above, or a 五一劳动奖章 (any level);
- 工匠创新工作室: a 工匠 title (any level: 大国工匠, 八闽工匠, 泉州工匠, 晋江工匠…);
- 技能大师工作室: skill level 二级/技师 or above *and* a 技术能手 or 技能大师 honour;
- 职工创新工作室: nothing beyond being on the roster.

A union may change them (``innovation.models.LeadRule``, one row per kind). Levels of honours
rank 县级 < 市级 < 省级 < 全国; skill levels are the roster's 2022 scale as integers
(``workers.models.SkillLevel``: 5 = 二级/技师, 6 = 一级/高级技师, …). A refusal names what is
missing, in the words of the roster ("须获市级及以上劳动模范或五一劳动奖章").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from jiangxin.core.i18n import gettext as _

# An honour's level, lowest first (workers.models.Honour.Level's values).
HONOUR_LEVELS = ("county", "city", "province", "national")
RANK = {level: i for i, level in enumerate(HONOUR_LEVELS, start=1)}
TECHNICIAN = 5  # workers.models.SkillLevel.L2, 二级/技师
ANY, ALL = "any", "all"  # one of the honours named suffices / each of them is needed


@dataclass(frozen=True)
class HonourNeed:
    """One honour that qualifies: its kind, at ``min_level`` or above ("" = any level)."""

    kind: str
    min_level: str = ""

    def met_by(self, held: Held) -> bool:
        if held.kind != self.kind:
            return False
        return not self.min_level or RANK.get(held.level, 0) >= RANK[self.min_level]


@dataclass(frozen=True)
class Rule:
    honours: tuple[HonourNeed, ...] = ()  # none named: no honour needed
    min_skill_level: int = 0
    match: str = ANY  # ANY: one of ``honours`` suffices; ALL: each is needed


@dataclass(frozen=True)
class Held:
    """An honour on the worker's roster record."""

    kind: str
    level: str
    label: str = ""  # as the roster shows it ("泉州工匠（2021）")


@dataclass(frozen=True)
class Names:
    """The roster's words, handed in so this module stays free of Django."""

    honour_kinds: Mapping[str, str] = field(default_factory=dict)
    honour_levels: Mapping[str, str] = field(default_factory=dict)
    skill_levels: Mapping[int, str] = field(default_factory=dict)
    # honour kinds that are medals (五一劳动奖章), named as they are; the others are titles,
    # quoted and followed by 称号 ("须获“工匠”称号")
    medals: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Verdict:
    qualified: bool
    because: tuple[Held, ...] = ()  # the honours that meet the rule
    missing: tuple[str, ...] = ()  # what is missing, one sentence each


DEFAULT_RULES: dict[str, Rule] = {
    "model_worker": Rule(honours=(HonourNeed("model_worker", "city"), HonourNeed("may_day"))),
    "craftsman": Rule(honours=(HonourNeed("craftsman"),)),
    "skill_master": Rule(
        honours=(HonourNeed("tech_expert"), HonourNeed("skill_master")),
        min_skill_level=TECHNICIAN,
    ),
    "worker": Rule(),
}


def rule_from(data: Mapping) -> Rule:
    """A rule from its stored form
    {"honours": [{"kind", "min_level"}…], "match": "any" | "all", "min_skill_level"}."""
    return Rule(
        honours=tuple(
            HonourNeed(str(h["kind"]), str(h.get("min_level") or ""))
            for h in data.get("honours") or ()
        ),
        min_skill_level=int(data.get("min_skill_level") or 0),
        match=ALL if data.get("match") == ALL else ANY,
    )


def as_data(rule: Rule) -> dict:
    """The stored form of ``rule`` (``rule_from``'s inverse)."""
    return {
        "honours": [{"kind": n.kind, "min_level": n.min_level} for n in rule.honours],
        "match": rule.match,
        "min_skill_level": rule.min_skill_level,
    }


def problems_in(data: Mapping, kinds: Iterable[str]) -> list[str]:
    """Why a stored rule is malformed or contradicts itself (an unknown honour kind or level, an
    honour named twice, "each of" fewer than two honours); empty when it is sound."""
    known = set(kinds)
    honours = data.get("honours") or []
    if not isinstance(honours, list):
        return [_("荣誉条件应为列表")]
    out = []
    for h in honours:
        if not isinstance(h, dict) or h.get("kind") not in known:
            out.append(_("荣誉条件中有未知的荣誉类别"))
        elif (h.get("min_level") or "") not in ("", *HONOUR_LEVELS):
            out.append(_("荣誉条件中有未知的级别"))
    named = [h.get("kind") for h in honours if isinstance(h, dict)]
    if len(named) != len(set(named)):
        out.append(_("同一荣誉类别只能列一次（用最低级别区分级别）"))
    match = data.get("match") or ANY
    if match not in (ANY, ALL):
        out.append(_("荣誉条件的满足方式只能是“具备其一”或“全部具备”"))
    elif match == ALL and len(honours) < 2:
        out.append(_("“全部具备”须至少列出两项荣誉；只要求一项荣誉时请选“具备其一”"))
    return out


def _bare_title(need: HonourNeed, names: Names) -> bool:
    """A title asked for without a level: quoted, with 称号 after the list (see ``_joined``)."""
    return not need.min_level and need.kind not in names.medals


def describe_need(need: HonourNeed, names: Names) -> str:
    kind = names.honour_kinds.get(need.kind, need.kind)
    if not need.min_level:
        return f"“{kind}”" if _bare_title(need, names) else kind
    level = names.honour_levels.get(need.min_level, need.min_level)
    if need.min_level == HONOUR_LEVELS[-1]:
        return f"{level}{kind}"
    return _("{level}及以上{kind}").format(level=level, kind=kind)


def _joined(rule: Rule, names: Names) -> str:
    """The honours named, joined by 或 (one of them) or 和 (each of them)."""
    joiner = _("和") if rule.match == ALL else _("或")
    text = joiner.join(describe_need(n, names) for n in rule.honours)
    if rule.honours and _bare_title(rule.honours[-1], names):
        text += _("称号")  # "“技术能手”或“技能大师”称号"
    return text


def describe(rule: Rule, names: Names) -> str:
    """The rule in one line ("获市级及以上劳动模范或五一劳动奖章"); "" for no condition."""
    parts = []
    if rule.min_skill_level:
        parts.append(
            _("技能等级达到{level}及以上").format(
                level=names.skill_levels.get(rule.min_skill_level, str(rule.min_skill_level))
            )
        )
    if rule.honours:
        template = _("同时获{honours}") if rule.match == ALL else _("获{honours}")
        parts.append(template.format(honours=_joined(rule, names)))
    return _("，并").join(parts)


def qualify(rule: Rule, honours: Sequence[Held], skill_level: int, names: Names) -> Verdict:
    """Whether a worker with these honours and this skill level may lead under ``rule``."""
    missing = []
    because = tuple(h for h in honours if any(n.met_by(h) for n in rule.honours))
    if rule.match == ALL:
        lacking = [n for n in rule.honours if not any(n.met_by(h) for h in honours)]
        if lacking:
            missing.append(
                _("领办人须同时获{honours}，名册中缺少{lacking}").format(
                    honours=_joined(rule, names),
                    lacking=_("、").join(describe_need(n, names) for n in lacking),
                )
            )
    elif rule.honours and not because:
        missing.append(
            _("领办人须获{honours}，名册中没有这样的荣誉").format(honours=_joined(rule, names))
        )
    if skill_level < rule.min_skill_level:
        missing.append(
            _("领办人技能等级须达到{need}及以上，名册中为{have}").format(
                need=names.skill_levels.get(rule.min_skill_level, str(rule.min_skill_level)),
                have=names.skill_levels.get(skill_level, str(skill_level)),
            )
        )
    return Verdict(qualified=not missing, because=because, missing=tuple(missing))
