"""The competition page's checklist: for each role the user holds (organiser, a team's union,
judge), what is done and what is left, with a link to where the next thing is done."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from jiangxin.accounts.access import reach_of
from jiangxin.competitions import lifecycle, policies
from jiangxin.competitions.models import (
    Aspect,
    Certificate,
    Competition,
    Component,
    Delegation,
    Entry,
    ExamScore,
    JudgeAssignment,
    Result,
)

S = Competition.Status
ORDER = [value for value, _label in S.choices]


@dataclass
class Item:
    label: str
    done: bool
    note: str = ""
    url: str = ""


@dataclass
class Section:
    title: str
    items: list[Item] = field(default_factory=list)
    closed: str = ""  # why nothing more can be done here

    @property
    def next(self) -> Item | None:
        return None if self.closed else next((i for i in self.items if not i.done), None)


def _reached(competition: Competition, status: str) -> bool:
    return ORDER.index(competition.status) >= ORDER.index(status)


def organiser_section(competition: Competition, components: list[Component]) -> Section:
    pk = competition.pk
    scheme_url = reverse("competition_scheme", args=[pk])
    # the steps themselves are the primary button above the checklist: no link of their own
    judged = [c for c in components if c.rule != Component.Rule.EXAM]
    with_aspects = set(
        Aspect.objects.filter(criterion__component__in=judged)
        .values_list("criterion__component_id", flat=True)
        .distinct()
    )
    lacking = [c.name for c in judged if c.pk not in with_aspects]
    judges = JudgeAssignment.objects.filter(competition=competition).aggregate(
        n=Count("pk"), chief=Count("pk", filter=Q(role=JudgeAssignment.Role.CHIEF))
    )
    entries = Entry.objects.filter(competition=competition, status=Entry.Status.APPROVED)
    entry_count = entries.count()
    exams = [c for c in components if c.rule == Component.Rule.EXAM]
    drawn = entries.exclude(code="")
    marks_missing = 0
    if exams and _reached(competition, S.DRAWN):
        have = ExamScore.objects.filter(component__in=exams, current=True, entry__in=drawn).count()
        marks_missing = drawn.count() * len(exams) - have
    locked = sum(1 for c in components if c.locked_at)
    results = Result.objects.filter(competition=competition).count()
    awarded = Result.objects.filter(competition=competition).exclude(award="").count()
    issued = Certificate.objects.filter(competition=competition).count()
    items = [
        Item(
            _("评分标准"),
            not lacking,
            _("还没有评分要点：{names}").format(names="、".join(lacking)) if lacking else "",
            scheme_url,
        ),
        Item(
            _("聘任裁判"),
            bool(judges["n"]) and bool(judges["chief"]),
            _("已聘 {n} 人").format(n=judges["n"])
            + ("" if judges["chief"] else _("，还没有裁判长")),
            scheme_url,
        ),
        Item(_("开放报名"), _reached(competition, S.OPEN)),
        Item(
            _("报名截止"),
            _reached(competition, S.CLOSED),
            _("已报名 {n} 人").format(n=entry_count),
        ),
        Item(_("检录抽签"), _reached(competition, S.DRAWN)),
        Item(_("开始比赛"), _reached(competition, S.RUNNING)),
    ]
    for exam in exams:  # the marks page of a paper exam, once the codes are drawn
        paper = policies.is_paper_exam(exam) and _reached(competition, S.DRAWN)
        items.append(
            Item(
                _("录入理论成绩"),
                _reached(competition, S.DRAWN) and marks_missing == 0,
                _("还缺 {n} 个成绩").format(n=marks_missing) if marks_missing else "",
                reverse("theory_marks", args=[pk, exam.pk]) if paper else "",
            )
        )
    items += [
        Item(
            _("锁定成绩"),
            _reached(competition, S.LOCKED),
            _("已锁定 {done} / {all} 个项目").format(done=locked, all=len(components)),
        ),
        Item(_("计算成绩"), bool(results)),
        Item(_("公示结果"), _reached(competition, S.PUBLISHED)),
        Item(_("确认结果"), _reached(competition, S.FINAL)),
        Item(
            _("颁发证书"),
            competition.status == S.FINAL and issued >= awarded and bool(awarded),
            _("已颁发 {n} 张").format(n=issued) if issued else "",
            "#certificates" if competition.status == S.FINAL else "",  # the page's own card
        ),
    ]
    return Section(_("主办单位：还要做什么"), items)


def team_sections(user, competition: Competition) -> list[Section]:
    """A union that may enter a team: its team formed, its members entered."""
    reach = reach_of(user)
    if not reach.edit_paths or competition.status == S.DRAFT:
        return []
    out = []
    teams = (
        Delegation.objects.filter(competition=competition)
        .select_related("organisation", "competition__organiser")
        .annotate(n=Count("entries", filter=~Q(entries__status=Entry.Status.WITHDRAWN)))
    )
    for team in teams:
        if not policies.can_enter_members(user, team):
            continue
        quota = competition.quota_per_delegation
        url = reverse("delegation_detail", args=[competition.pk, team.pk])
        frozen = lifecycle.team_frozen(competition)
        leader = Item(_("指定领队"), bool(team.leader_id), url="" if frozen else url)
        if frozen and not team.leader_id:  # nothing to do about it any more: no link, no red
            leader.note = _("未指定（报名已截止）")
        out.append(
            Section(
                _("{team}：还要做什么").format(team=team.name),
                [
                    Item(_("组建参赛队"), True, team.name, url),
                    Item(
                        _("报名队员"),
                        team.n > 0,
                        _("已报 {n} / {quota} 人").format(n=team.n, quota=quota),
                        url,
                    ),
                    leader,
                ],
                closed=frozen or "",
            )
        )
    if not out and competition.status == S.OPEN:
        eligible = [p for p in reach.edit_paths if p.startswith(competition.eligible_root.path)]
        if eligible:
            out.append(
                Section(
                    _("本单位：还要做什么"),
                    [Item(_("组建参赛队"), False, _("在本页下方“组建参赛队”"))],
                )
            )
    return out


def judge_section(user, competition: Competition) -> Section | None:
    if not policies.can_judge(user, competition):
        return None
    parts = JudgeAssignment.objects.filter(competition=competition, user=user).select_related(
        "component"
    )
    names = "、".join(a.component.name if a.component else _("全部项目") for a in parts)
    running = competition.status == S.RUNNING
    return Section(
        _("裁判：评分任务"),
        [
            Item(
                _("评分"),
                _reached(competition, S.LOCKED),
                names if running else _("比赛开始后可评分（{names}）").format(names=names),
                reverse("judging_entries", args=[competition.pk]) if running else "",
            )
        ],
    )


def checklist(user, competition: Competition, components: list[Component]) -> list[Section]:
    sections = []
    if policies.can_manage_competition(user, competition):
        sections.append(organiser_section(competition, components))
    sections += team_sections(user, competition)
    judge = judge_section(user, competition)
    if judge:
        sections.append(judge)
    return sections
