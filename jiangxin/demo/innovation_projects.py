"""The demo's breakthrough projects and subsidies (issue 10, items 5 and 6), on the studios the
first stage loads (``demo/innovation.py``), built through the real services.

- 福建恒安集团's 劳模创新工作室 has a project under way on disposable hygiene products: a team of
  its members and a fluff-pulp engineer of 新华纸业 (another Anhai enterprise), four milestones —
  two done, one overdue (its date passed, still 进行中: the lead sees it on their record, the
  union on its list and the registry), one ahead.
- Three more projects: 晋工机械's (closed in 2025 with a saving, a method named after its lead and
  a patent number), 精工机械's and 新华纸业's (under way, on time).
- Subsidies 2023–2025: a yearly grant (年度补助) for every studio named by that year, a special
  grant (专项补助) for 恒安's project in the year it started, with a spending line on the
  project dated after its start, and spending lines on each. Naming subsidies (命名
  补助) are the naming batches' (they call ``grant_subsidy`` when a studio is named).

Dates are relative to the day the demo is loaded where "overdue" must hold whenever it is.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from jiangxin.accounts.models import User
from jiangxin.demo.clock import happened_at, on, past
from jiangxin.demo.roster import SET_UP_ON
from jiangxin.innovation import services_projects as projects
from jiangxin.innovation import services_subsidies as subsidies
from jiangxin.innovation.models import Studio
from jiangxin.organisations.models import Organisation
from jiangxin.workers.models import Worker

D = datetime.date
DAY = datetime.timedelta(days=1)
ENTERED = SET_UP_ON + datetime.timedelta(days=5)  # the union's files entered after set-up
HENGAN_PROJECT = "超薄高吸收芯体与可降解面层材料攻关"


def _studio(enterprise: str) -> Studio:
    return Studio.objects.select_related("enterprise", "lead").get(
        enterprise__name=enterprise, state=Studio.State.NAMED
    )


def _at(day: datetime.date, hour: int = 10):
    return happened_at(past(on(max(day, ENTERED), hour=hour)))


def _team(
    project, studio: Studio, *, by, tasks: list[str], extra: list[Worker] | None = None
) -> None:
    workers = [m.worker for m in studio.members.current().select_related("worker")[:3]]
    for worker, task in zip([*workers, *(extra or [])], tasks, strict=False):
        projects.add_project_member(by=by, project=project, worker=worker, task=task)


def _milestones(project, rows, *, by) -> None:
    for title, due, state in rows:
        projects.add_milestone(
            by=by,
            project=project,
            title=title,
            due=due,
            state=state,
            done_on=due - 3 * DAY if state == "done" else None,
        )


def _hengan(by: User, today: datetime.date) -> None:
    studio = _studio("福建恒安集团")
    start = today - 240 * DAY
    with _at(start):
        project = projects.create_project(
            by=by,
            studio=studio,
            title=HENGAN_PROJECT,
            goal=(
                "一次性卫生用品的芯体减薄 30% 而吸收量不降；低克重无纺布面层的强度与亲肤性达到"
                "进口材料水平；可降解面层材料完成中试并具备量产工艺。"
            ),
            start=start,
            end=today + 180 * DAY,
            budget_wan=Decimal("120.00"),
            spent_wan=Decimal("46.80"),
        )
        pulp = (
            Worker.objects.filter(enterprise__name="晋江安海新华纸业有限公司")
            .exclude(job_post="工会专职干部")
            .order_by("-skill_level", "pk")
            .first()
        )
        _team(
            project,
            studio,
            by=by,
            extra=[pulp] if pulp else [],
            tasks=["芯体配方与成型", "无纺布面层工艺", "检测与评价", "绒毛浆选型（协作单位）"],
        )
        _milestones(
            project,
            [
                ("芯体配方小试", start + 60 * DAY, "done"),
                ("低克重面层打样与检测", start + 130 * DAY, "done"),
                ("可降解面层中试", today - 18 * DAY, "underway"),  # overdue
                ("量产工艺评审", today + 150 * DAY, "planned"),
            ],
            by=by,
        )


def _others(by: User, today: datetime.date) -> None:
    jingong = _studio("福建省晋工机械有限公司")
    with _at(D(2024, 3, 1)):
        closed = projects.create_project(
            by=by,
            studio=jingong,
            title="装载机变速箱装配一次交检合格率提升",
            goal="变速箱装配一次交检合格率由 96.2% 提高到 99% 以上",
            start=D(2024, 3, 1),
            end=D(2025, 6, 30),
            budget_wan=Decimal("18.00"),
            spent_wan=Decimal("16.45"),
        )
        _team(closed, jingong, by=by, tasks=["装配工装设计", "过程检验", "数据统计"])
        _milestones(
            closed,
            [
                ("装配缺陷分析", D(2024, 6, 30), "done"),
                ("专用工装试制", D(2024, 12, 31), "done"),
                ("批量验证", D(2025, 5, 31), "done"),
            ],
            by=by,
        )
    with _at(D(2025, 7, 8)):
        projects.update_project(
            by=by,
            project=closed,
            outcome="一次交检合格率达到 99.3%，返修工时下降六成；装配工装在三条线推广。",
            saving_wan=Decimal("86.50"),
            method=f"{jingong.lead.name}变速箱装配法",
            patent_numbers="ZL202420567812.3",
        )
        projects.close_project(by=by, project=closed, closed_on=D(2025, 7, 8))
    for enterprise, title, goal, start, budget in (
        (
            "福建安海精工机械有限公司",
            "五轴数控加工刀具寿命管理",
            "建立刀具寿命模型，刀具费用下降 15%",
            today - 120 * DAY,
            Decimal("12.00"),
        ),
        (
            "晋江安海新华纸业有限公司",
            "纸机断纸率降低",
            "断纸次数由每班 2.1 次降到 1 次以下",
            today - 200 * DAY,
            Decimal("25.00"),
        ),
    ):
        studio = _studio(enterprise)
        with _at(start):
            project = projects.create_project(
                by=by,
                studio=studio,
                title=title,
                goal=goal,
                start=start,
                end=today + 240 * DAY,
                budget_wan=budget,
                spent_wan=(budget * Decimal("0.35")).quantize(Decimal("0.01")),
            )
            _team(project, studio, by=by, tasks=["方案", "试验", "数据"])
            _milestones(
                project,
                [
                    ("现状调查与方案", start + 45 * DAY, "done"),
                    ("试验验证", today + 30 * DAY, "underway"),
                    ("推广与总结", today + 220 * DAY, "planned"),
                ],
                by=by,
            )


ANNUAL = Decimal("20000")
SPENDING = [  # (month, item, share of the year's money, voucher)
    (4, "试验材料与耗材", Decimal("0.30"), "记-{year}-04-0{n}"),
    (7, "检测与分析费", Decimal("0.25"), "记-{year}-07-1{n}"),
    (11, "职工技能培训", Decimal("0.20"), "记-{year}-11-2{n}"),
]


def _subsidies(by: User, today: datetime.date) -> None:
    anhai = Organisation.objects.get(name="安海镇总工会")
    anhai_named = list(
        Studio.objects.filter(org_path__startswith=anhai.path).named().order_by("named_on", "pk")
    )
    for year in (2023, 2024, 2025):
        for n, studio in enumerate(anhai_named, start=1):
            if studio.named_on.year > year:
                continue
            with _at(D(year, 3, 15)):
                subsidies.grant_subsidy(
                    by=by,
                    studio=studio,
                    year=year,
                    amount=ANNUAL,
                    kind="annual",
                    note=f"{year} 年度创新工作室运行补助",
                )
            for month, item, share, voucher in SPENDING:
                spent_on = D(year, month, 10)
                if spent_on > today:
                    continue
                with _at(spent_on, hour=15):
                    subsidies.record_spending(
                        by=by,
                        studio=studio,
                        year=year,
                        spent_on=spent_on,
                        item=item,
                        amount=(ANNUAL * share).quantize(Decimal("0.01")),
                        voucher=voucher.format(year=year, n=n),
                    )
    # the special grant for 恒安's project and its spending, dated from the project's start
    # (which is relative to today): granted a month in, the pilot materials bought two months in
    hengan = _studio("福建恒安集团")
    project = hengan.projects.get(title=HENGAN_PROJECT)
    granted, spent_on = project.start + 30 * DAY, project.start + 75 * DAY
    with _at(granted):
        subsidies.grant_subsidy(
            by=by,
            studio=hengan,
            year=granted.year,
            amount=Decimal("100000"),
            kind="special",
            note="一次性卫生用品材料攻关专项",
        )
    with _at(spent_on, hour=15):
        subsidies.record_spending(
            by=by,
            studio=hengan,
            year=granted.year,
            spent_on=spent_on,
            item="可降解面层中试材料",
            amount=Decimal("38600.00"),
            voucher=f"记-{spent_on:%Y-%m}-031",
            project=project,
        )


def build() -> dict[str, str]:
    """Projects and subsidies of Anhai's studios (after ``demo.innovation.build``)."""
    if not Studio.objects.exists():  # a branch without the first stage's studios
        return {}
    platform = User.objects.get(username="platform")
    today = timezone.localdate()
    _hengan(platform, today)
    _others(platform, today)
    _subsidies(platform, today)
    return {}
