"""Whether a "五小" application may enter the contest: one answer per exclusion. Pure module.

Seven exclusions are answered, always all seven and in this order (``EXCLUSIONS``):

- five the applicant declares (``Facts``): the project is in a government science plan
  (列入政府科技计划), already given a government award (已获政府科技奖励), involves trade secrets
  (涉及商业秘密), involves national security (涉及国家安全), is in an IP dispute (知识产权争议);
- a past 五小 winner (往届获奖项目), read from the platform's own past awards: a past award
  matches when it was given **before** the edition's year, it shares **at least one completer**
  with the application, **and** the titles are alike after normalising both (NFKC, which turns
  full-width letters, digits and spaces half-width; case folded; every punctuation mark, symbol
  and space removed): equal, or one contains the other and the shorter has at least
  ``min_contained`` characters (6: "改进" is inside every title), or difflib's ratio
  2·matched ÷ total characters is at least ``similarity`` (0.8). Both halves are needed: the
  same title from other people is another project ("节能改造" is common), and the same people
  under a different title is their next project;
- outside the completion window: completed in the edition's year passes; completed earlier
  passes only when the edition accepts earlier projects (``earlier_with_benefit``), not before
  ``earliest_year`` when it sets one, and the benefit ran in the edition's year (began on or
  before its 31 December and had not ended before its 1 January); completed after the year, or
  no completion date, fails.

Each exclusion that applies is answered as the edition says (``Rules.actions``): ``BLOCK``
(the application cannot be submitted) or ``WARN`` (it may be, flagged for the organiser). By
default every exclusion blocks except the past winner, which warns: a likeness of titles is a
hint for a person to judge, not a finding. A missing completion date always blocks — the window
cannot be judged without it. Every answer carries a Chinese message that says what to do.
"""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from jiangxin.core.i18n import gettext as _

PASSED, WARN, BLOCK = "passed", "warn", "block"
GOV_PLAN = "gov_plan"
GOV_AWARD = "gov_award"
TRADE_SECRET = "trade_secret"
NATIONAL_SECURITY = "national_security"
IP_DISPUTE = "ip_dispute"
PAST_WINNER = "past_winner"
WINDOW = "window"
DECLARED = (GOV_PLAN, GOV_AWARD, TRADE_SECRET, NATIONAL_SECURITY, IP_DISPUTE)
EXCLUSIONS = (*DECLARED, PAST_WINNER, WINDOW)


class EligibilityError(ValueError):
    """Rules the checker cannot apply; ``str(err)`` says what to fix, in Chinese."""


def label(key: str) -> str:
    """The exclusion's Chinese name."""
    return {
        GOV_PLAN: _("列入政府科技计划"),
        GOV_AWARD: _("已获政府科技奖励"),
        TRADE_SECRET: _("涉及商业秘密"),
        NATIONAL_SECURITY: _("涉及国家安全"),
        IP_DISPUTE: _("存在知识产权争议"),
        PAST_WINNER: _("往届“五小”获奖项目"),
        WINDOW: _("完成时间不在申报范围内"),
    }[key]


def default_actions() -> dict[str, str]:
    return {key: (WARN if key == PAST_WINNER else BLOCK) for key in EXCLUSIONS}


@dataclass(frozen=True)
class Facts:
    """What the application says about itself."""

    title: str
    completers: frozenset[int]  # roster (worker) ids
    completed_on: datetime.date | None
    benefit_from: datetime.date | None = None  # when the benefit began (None: none yet)
    benefit_until: datetime.date | None = None  # when it ended (None: still running)
    in_gov_plan: bool = False
    gov_award: bool = False
    trade_secret: bool = False
    national_security: bool = False
    ip_dispute: bool = False

    def declared(self, key: str) -> bool:
        return {
            GOV_PLAN: self.in_gov_plan,
            GOV_AWARD: self.gov_award,
            TRADE_SECRET: self.trade_secret,
            NATIONAL_SECURITY: self.national_security,
            IP_DISPUTE: self.ip_dispute,
        }[key]


@dataclass(frozen=True)
class Rules:
    """The edition's part: its year, the window and what each exclusion does."""

    year: int
    actions: Mapping[str, str] = field(default_factory=default_actions)
    earlier_with_benefit: bool = True
    earliest_year: int | None = None
    similarity: float = 0.8
    min_contained: int = 6


@dataclass(frozen=True)
class PastAward:
    """A 五小 award the platform gave: the title, its completers and the edition's year."""

    title: str
    completers: frozenset[int]
    year: int
    tier: str = ""  # "一等奖"…, shown in the message when given


@dataclass(frozen=True)
class Match:
    award: PastAward
    ratio: float  # difflib's ratio of the normalised titles (1.0 when equal)
    shared: int  # completers in common


@dataclass(frozen=True)
class Answer:
    key: str
    label: str
    outcome: str  # PASSED, WARN or BLOCK
    message: str
    matches: tuple[Match, ...] = ()


def normalise(title: str) -> str:
    """The title as compared: NFKC, case folded, punctuation, symbols and spaces removed."""
    text = unicodedata.normalize("NFKC", title).casefold()
    return "".join(ch for ch in text if unicodedata.category(ch)[0] not in "PSZC")


def title_ratio(a: str, b: str) -> float:
    """difflib's ratio of the two normalised titles (2·matched ÷ total characters)."""
    return SequenceMatcher(None, normalise(a), normalise(b), autojunk=False).ratio()


def titles_alike(a: str, b: str, *, similarity: float = 0.8, min_contained: int = 6) -> bool:
    na, nb = normalise(a), normalise(b)
    if not na or not nb:
        return False
    if na == nb:
        return True
    short, long_ = sorted((na, nb), key=len)
    if len(short) >= min_contained and short in long_:
        return True
    return SequenceMatcher(None, na, nb, autojunk=False).ratio() >= similarity


def past_matches(facts: Facts, rules: Rules, awards: Iterable[PastAward]) -> list[Match]:
    """The past awards the application repeats, closest title first. The completer test is a
    set intersection, so the title comparison runs only for awards of the same people."""
    out = []
    for award in awards:
        if award.year >= rules.year:
            continue
        shared = len(facts.completers & award.completers)
        if not shared or not titles_alike(
            facts.title,
            award.title,
            similarity=rules.similarity,
            min_contained=rules.min_contained,
        ):
            continue
        out.append(Match(award, title_ratio(facts.title, award.title), shared))
    return sorted(out, key=lambda m: (-m.ratio, -m.award.year, m.award.title))


def check_rules(rules: Rules) -> None:
    unknown = set(rules.actions) - set(EXCLUSIONS)
    if unknown:
        raise EligibilityError(_("未知的排除条件：{keys}").format(keys="、".join(sorted(unknown))))
    for key, action in rules.actions.items():
        if action not in (BLOCK, WARN):
            raise EligibilityError(
                _("“{label}”的处理方式只能是阻止提交或提醒").format(label=label(key))
            )
    if not 0 < rules.similarity <= 1:
        raise EligibilityError(_("名称相似度阈值应在 0 到 1 之间"))


def _declared_answer(key: str, facts: Facts, action: str) -> Answer:
    name = label(key)
    if not facts.declared(key):
        return Answer(key, name, PASSED, _("未声明{label}").format(label=name))
    if action == BLOCK:
        message = _("{label}的项目不能申报本届大赛。如勾选有误，请取消勾选后重新检查。").format(
            label=name
        )
    else:
        message = _(
            "已声明{label}：可以提交，但请在申报书中说明情况并附证明材料，由组织方审核。"
        ).format(label=name)
    return Answer(key, name, action, message)


def _award_words(m: Match) -> str:
    return _("{year}年“{title}”{tier}（名称相似度 {ratio}%，共同完成人 {shared} 名）").format(
        year=m.award.year,
        title=m.award.title,
        tier=m.award.tier,
        ratio=round(m.ratio * 100),
        shared=m.shared,
    )


def _past_answer(facts: Facts, rules: Rules, action: str, awards: Iterable[PastAward]) -> Answer:
    name = label(PAST_WINNER)
    matches = tuple(past_matches(facts, rules, awards))
    if not matches:
        return Answer(PAST_WINNER, name, PASSED, _("未发现相同完成人的相似获奖项目"))
    found = "；".join(_award_words(m) for m in matches)
    if action == BLOCK:
        message = _(
            "与往届获奖项目相似：{found}。往届获奖项目不能再次申报；如确属新的项目，"
            "请修改名称并在申报书中写明与该项目的区别，再联系组织方核实。"
        ).format(found=found)
    else:
        message = _(
            "与往届获奖项目相似：{found}。可以提交，但请在申报书中写明与该项目的区别，"
            "由组织方核实。"
        ).format(found=found)
    return Answer(PAST_WINNER, name, action, message, matches)


def window_problem(facts: Facts, rules: Rules) -> str:
    """Why the completion date is outside the window, in Chinese ("" when inside)."""
    done, year = facts.completed_on, rules.year
    if done is None:
        return _("未填写完成日期，无法判断是否在申报范围内：请填写项目完成日期。")
    if done.year > year:
        return _("完成日期 {done} 晚于申报年度 {year} 年：请在完成当年的赛事中申报。").format(
            done=done.isoformat(), year=year
        )
    if done.year == year:
        return ""
    if not rules.earlier_with_benefit:
        return _("本届只接受 {year} 年内完成的项目，该项目完成于 {done}。").format(
            year=year, done=done.isoformat()
        )
    if rules.earliest_year is not None and done.year < rules.earliest_year:
        return _("本届只接受 {earliest} 年及以后完成的项目，该项目完成于 {done}。").format(
            earliest=rules.earliest_year, done=done.isoformat()
        )
    start, end = facts.benefit_from, facts.benefit_until
    if start is None:
        return _(
            "项目完成于 {done}，早于申报年度，须在 {year} 年内产生效益：请填写效益开始日期。"
        ).format(done=done.isoformat(), year=year)
    if start.year > year or (end is not None and end.year < year):
        return _(
            "项目完成于 {done}，早于申报年度，须在 {year} 年内产生效益；"
            "所填效益期间不在 {year} 年内：请核对效益开始和结束日期。"
        ).format(done=done.isoformat(), year=year)
    return ""


def _window_answer(facts: Facts, rules: Rules, action: str) -> Answer:
    name = label(WINDOW)
    problem = window_problem(facts, rules)
    if not problem:
        done = facts.completed_on
        assert done is not None
        if done.year == rules.year:
            message = _("于 {year} 年内完成").format(year=rules.year)
        else:
            message = _("完成于 {done}，{year} 年内产生效益").format(
                done=done.isoformat(), year=rules.year
            )
        return Answer(WINDOW, name, PASSED, message)
    if facts.completed_on is None:
        return Answer(WINDOW, name, BLOCK, problem)
    if action == WARN:
        problem += _("可以提交，由组织方审核。")
    return Answer(WINDOW, name, action, problem)


def check(facts: Facts, rules: Rules, past_awards: Iterable[PastAward] = ()) -> list[Answer]:
    """One answer per exclusion, in ``EXCLUSIONS`` order."""
    check_rules(rules)
    actions = {**default_actions(), **rules.actions}
    answers = [_declared_answer(key, facts, actions[key]) for key in DECLARED]
    answers.append(_past_answer(facts, rules, actions[PAST_WINNER], past_awards))
    answers.append(_window_answer(facts, rules, actions[WINDOW]))
    return answers


def blocked(answers: Iterable[Answer]) -> bool:
    """Whether any answer stops the submission."""
    return any(a.outcome == BLOCK for a in answers)


def outcome_counts(answers: Iterable[Answer]) -> Mapping[str, int]:
    counts = {PASSED: 0, WARN: 0, BLOCK: 0}
    for a in answers:
        counts[a.outcome] += 1
    return counts
