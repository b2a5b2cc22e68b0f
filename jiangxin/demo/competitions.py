"""The demo's competitions (issue #3), run through the real services.

晋江市首届劳动关系协调员职业技能竞赛: six labour-relations coordinators from each of five town
teams. Every mark is derived from a seeded "skill" per contestant, monotonically (theory score,
three judges' 0–3 judgements, deductions), so the ranking that results is *computed* from the
entered marks: the article's figures — first place from 福建省晋工机械有限公司, four of the top
six from the 安海 team — follow from who is most skilled, not from stored ranks.

晋江力利玩具有限公司首届女职工技能竞赛: every front-line woman worker of the enterprise entered.

The services check dates against today, so the competitions run now and are then dated to 2025,
when the article says they took place; each step's audit rows carry the moment of the story it
records (``Story``): set up two weeks before registration opens, teams entered while it is open,
the draw the day before the contest, the marks on the contest day, the certificates after the
公示.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from jiangxin.accounts.models import User
from jiangxin.competitions import services
from jiangxin.competitions.models import (
    Aspect,
    Certificate,
    Competition,
    Component,
    Entry,
    ExamScore,
    Result,
    Score,
)
from jiangxin.demo.clock import happened_at, on
from jiangxin.organisations.models import Enterprise, Organisation
from jiangxin.workers.models import Occupation, Worker

PASSWORD = "Jiangxin@2025"
SEED = 2025


def _user(username: str, display: str) -> User:
    return User.objects.create_user(username=username, password=PASSWORD, display_name=display)


@dataclass(frozen=True)
class Story:
    """When a competition's steps happened, as the article tells it."""

    opens: datetime.datetime
    closes: datetime.datetime
    held_on: datetime.date
    publicity_until: datetime.datetime

    @property
    def set_up(self) -> datetime.datetime:  # the competition and its scheme entered
        return on(self.opens.date() - datetime.timedelta(days=14), hour=10)

    def team_entered(self, i: int) -> datetime.datetime:
        return self.opens + datetime.timedelta(days=3 + 4 * i, hours=6)

    def contest_day(self, hour: int, minute: int = 0) -> datetime.datetime:
        return on(self.held_on, hour=hour, minute=minute)

    @property
    def drawn(self) -> datetime.datetime:  # the draw and the judges, the day before
        return on(self.held_on - datetime.timedelta(days=1), hour=16)

    @property
    def finalised(self) -> datetime.datetime:
        return self.publicity_until + datetime.timedelta(hours=1)

    @property
    def certified(self) -> datetime.datetime:
        return on(self.publicity_until.date() + datetime.timedelta(days=1), hour=10)

    def date(self, competition: Competition) -> None:
        """The competition's own dates and times, as the story has them."""
        locked = self.contest_day(16, 30)
        Competition.objects.filter(pk=competition.pk).update(
            created=self.set_up,
            held_on=self.held_on,
            registration_opens=self.opens,
            registration_closes=self.closes,
            publicity_until=self.publicity_until,
            ended_at=locked,
            finalised_at=self.finalised,
        )
        Component.objects.filter(competition=competition).update(locked_at=locked)
        Result.objects.filter(competition=competition).update(computed=self.contest_day(17))
        Certificate.objects.filter(competition=competition).update(issued_at=self.certified)


def _run(
    competition: Competition,
    skills: dict[int, float],
    *,
    by,
    judges,
    chief,
    rng: random.Random,
    story: Story,
) -> None:
    """Draw, mark from skill (higher skill, higher marks), lock, compute, publish, finalise,
    issue the award winners' certificates."""
    with happened_at(story.closes):
        services.transition(by=by, competition=competition, step="close_registration")
    with happened_at(story.drawn):
        services.draw(by=by, competition=competition, seed=f"demo-{competition.pk}")
        for judge in judges:
            services.appoint_judge(by=by, competition=competition, user=judge)
        services.appoint_judge(by=by, competition=competition, user=chief, role="chief")
    with happened_at(story.contest_day(8)):
        services.transition(by=by, competition=competition, step="start")
    theory = competition.components.get(kind="theory")
    aspects = list(Aspect.objects.filter(criterion__component__competition=competition))
    entries = list(
        Entry.objects.filter(competition=competition, status=Entry.Status.APPROVED).select_related(
            "worker"
        )
    )
    for i, entry in enumerate(entries):
        s = skills[entry.worker_id]
        minutes = datetime.timedelta(minutes=180 * i // len(entries))
        # The rows' own stamps (``created``, set when written) agree with their audit rows.
        typed = story.contest_day(11) + minutes // 3
        with happened_at(typed):  # paper marks, before noon
            services.record_exam_score(
                by=chief, entry=entry, component=theory, score=f"{min(100, 55 + 44 * s):.1f}"
            )
        ExamScore.objects.filter(entry=entry).update(created=typed)
        marked = story.contest_day(13) + minutes
        with happened_at(marked):  # practical, 13:00 to 16:00
            _mark(entry, s, aspects, judges)
        Score.objects.filter(entry=entry).update(created=marked)
    with happened_at(story.contest_day(16, 30)):
        for component in competition.components.all():
            services.lock_component(by=chief, component=component)
    with happened_at(story.contest_day(17)):
        services.compute_results(by=by, competition=competition)
        services.publish_results(by=by, competition=competition)
    Competition.objects.filter(pk=competition.pk).update(
        publicity_until=timezone.now() - datetime.timedelta(seconds=1)
    )
    with happened_at(story.finalised):
        services.finalise_results(by=by, competition=competition)
    with happened_at(story.certified):
        services.issue_certificates(by=by, competition=competition)
    story.date(competition)


def _mark(entry: Entry, s: float, aspects: list[Aspect], judges: list[User]) -> None:
    """The practical marks of one contestant of skill ``s``."""
    for aspect in aspects:
        if aspect.kind == Aspect.Kind.JUDGEMENT:
            for judge, offset in zip(judges, (-0.25, 0.0, 0.25), strict=True):
                value = max(0, min(3, round(3 * s + offset)))
                services.record_score(by=judge, entry=entry, aspect=aspect, value=value)
        else:
            deduction = (Decimal(str(round((1 - s) * 0.9, 2))) * aspect.max_mark).quantize(
                Decimal("0.1")
            )
            services.record_score(
                by=judges[0],
                entry=entry,
                aspect=aspect,
                outcome="deduct",
                deductions=[deduction],
            )


def _scheme(
    competition: Competition, by, parts: list[tuple[str, str, str, int, list[str]]]
) -> None:
    practical = competition.components.get(kind="practical")
    for criterion, kind, description, max_mark, descriptors in parts:
        services.add_aspect(
            by=by,
            component=practical,
            criterion=criterion,
            kind=kind,
            description=description,
            max_mark=Decimal(max_mark),
            descriptors=descriptors,
        )


LEVELS = ["未达到要求", "基本达到要求", "达到要求", "超出要求"]


def _one_per_enterprise(pool: list[Worker], *, first: int) -> list[Worker]:
    """A town team: one coordinator from each enterprise in turn (``first``'s leading), before
    anyone's second."""
    by_enterprise: dict[int, list[Worker]] = {}
    for worker in pool:
        by_enterprise.setdefault(worker.enterprise_id, []).append(worker)
    order = sorted(by_enterprise, key=lambda e: (e != first, e))
    team: list[Worker] = []
    while any(by_enterprise.values()):
        for enterprise in order:
            if by_enterprise[enterprise]:
                team.append(by_enterprise[enterprise].pop(0))
    return team


def build() -> None:
    rng = random.Random(SEED)
    platform = User.objects.get(username="platform")
    jinjiang = Organisation.objects.get(name="晋江市总工会")
    now = timezone.now()
    window = {
        "registration_opens": now - datetime.timedelta(hours=1),
        "registration_closes": now + datetime.timedelta(hours=1),
    }
    judges = [_user(f"caipan{i}", f"裁判{i}号（演示）") for i in (1, 2, 3)]
    chief = _user("caipanzhang", "裁判长（演示）")

    # 晋江市首届劳动关系协调员职业技能竞赛
    story = Story(
        opens=on(datetime.date(2025, 9, 15), hour=9, minute=0),
        closes=on(datetime.date(2025, 10, 15), hour=17, minute=0),
        held_on=datetime.date(2025, 10, 28),
        publicity_until=on(datetime.date(2025, 11, 4), hour=17, minute=0),
    )
    coordinator = Occupation.objects.get(name="劳动关系协调员")
    with happened_at(story.set_up):
        city = services.create_competition(
            by=platform,
            organiser=jinjiang,
            occupation=coordinator,
            same_occupation=True,
            title="晋江市首届劳动关系协调员职业技能竞赛",
            level=Competition.Level.COUNTY,
            kind=Competition.Kind.SKILLS,
            held_on=timezone.localdate(),
            quota_per_delegation=6,
            tie_breakers=["practical", "theory"],
            award_rules=[
                {"name": "一等奖", "count": 1},
                {"name": "二等奖", "count": 2},
                {"name": "三等奖", "count": 3},
            ],
            components=[
                {"kind": "theory", "name": "理论知识考试", "weight": 30, "rule": "exam"},
                {
                    "kind": "practical",
                    "name": "技能操作考核（劳动争议调解实务）",
                    "weight": 70,
                    "rule": "scheme",
                },
            ],
            **window,
        )
        _scheme(
            city,
            platform,
            [
                ("调解文书", "measurement", "调解协议书要素齐全、格式规范", 15, []),
                ("调解文书", "measurement", "法律法规引用准确", 15, []),
                ("调解过程", "judgement", "沟通表达与情绪疏导", 30, LEVELS),
                ("调解过程", "judgement", "调解方案合法、合理、可执行", 25, LEVELS),
                ("调解过程", "judgement", "现场应变与时间把控", 15, LEVELS),
            ],
        )
    with happened_at(story.opens):
        services.transition(by=platform, competition=city, step="open_registration")
    towns = list(
        Organisation.objects.filter(parent=jinjiang, kind=Organisation.Kind.TOWN).order_by("pk")
    )
    jingong = Enterprise.objects.get(name="福建省晋工机械有限公司")
    skills: dict[int, float] = {}
    team_members: dict[str, list[Worker]] = {}
    for i, town in enumerate(towns):
        with happened_at(story.team_entered(i)):
            team = services.create_delegation(
                by=platform, competition=city, organisation=town, name=f"{town.short_name}代表队"
            )
            pool = list(
                Worker.objects.filter(
                    org_path__startswith=town.path, occupation=coordinator
                ).order_by("pk")
            )
            members = _one_per_enterprise(pool, first=jingong.pk)[:6]
            team_members[town.short_name] = members
            for worker in members:
                services.enter_worker(by=platform, delegation=team, worker=worker)
                skills[worker.pk] = rng.uniform(0.40, 0.70)
        Entry.objects.filter(delegation=team).update(created=story.team_entered(i))
    # The most skilled: 晋工机械's coordinator, then a strong 安海 team (four of the top six).
    anhai = team_members["安海"]
    others = [w for name, ws in team_members.items() if name != "安海" for w in ws]
    rng.shuffle(others)
    leaders = [anhai[0], anhai[1], others[0], anhai[2], others[1], anhai[3]]
    for position, worker in enumerate(leaders):
        skills[worker.pk] = 0.97 - 0.05 * position
    _run(city, skills, by=platform, judges=judges, chief=chief, rng=rng, story=story)

    # 晋江力利玩具有限公司首届女职工技能竞赛
    story = Story(
        opens=on(datetime.date(2025, 1, 6), hour=9, minute=0),
        closes=on(datetime.date(2025, 2, 14), hour=17, minute=0),
        held_on=datetime.date(2025, 2, 20),
        publicity_until=on(datetime.date(2025, 2, 27), hour=17, minute=0),
    )
    with happened_at(story.set_up):
        lili_union = Organisation.objects.get(name="晋江力利玩具有限公司工会")
        women = list(
            Worker.objects.filter(organisation=lili_union, gender="F", front_line=True).order_by(
                "pk"
            )
        )
        womens = services.create_competition(
            by=platform,
            organiser=lili_union,
            title="晋江力利玩具有限公司首届女职工技能竞赛",
            level=Competition.Level.ENTERPRISE,
            kind=Competition.Kind.WOMEN,
            gender="F",
            front_line_only=True,
            held_on=timezone.localdate(),
            quota_per_delegation=len(women),
            name_display=Competition.NameDisplay.FULL,
            award_rules=[
                {"name": "一等奖", "count": 1},
                {"name": "二等奖", "count": 3},
                {"name": "三等奖", "count": 6},
            ],
            components=[
                {"kind": "theory", "name": "安全生产与质量知识", "weight": 30, "rule": "exam"},
                {"kind": "practical", "name": "玩具装配实操", "weight": 70, "rule": "scheme"},
            ],
            **window,
        )
        _scheme(
            womens,
            platform,
            [
                ("装配", "measurement", "装配件数达标", 50, []),
                ("装配", "measurement", "质量检验合格率", 30, []),
                ("装配", "judgement", "操作规范与安全", 20, LEVELS),
            ],
        )
    with happened_at(story.opens):
        services.transition(by=platform, competition=womens, step="open_registration")
    with happened_at(story.team_entered(0)):
        team = services.create_delegation(
            by=platform, competition=womens, organisation=lili_union, name="一线女职工"
        )
        women_skills = {}
        for worker in women:
            services.enter_worker(by=platform, delegation=team, worker=worker)
            women_skills[worker.pk] = rng.uniform(0.45, 0.95)
    Entry.objects.filter(delegation=team).update(created=story.team_entered(0))
    _run(womens, women_skills, by=platform, judges=judges, chief=chief, rng=rng, story=story)
