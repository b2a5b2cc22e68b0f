"""The demo's living record of Anhai's studios (issue 10, items 3–4), built through the record's
services after the studios are loaded (``demo/innovation.py``).

- 安海镇总工会 sets its own indicator sheet (thresholds 85/60, 3 months' rectification, a
  24-month bar).
- Outputs of 2023–2025 for each named studio from its founding, and recent ones (dated back from
  today) for all but one — 盛达食品's 劳模创新工作室 recorded its last output fifteen months ago,
  so the registry warns of it before its assessment, whatever day the demo is loaded.
- Quarterly reports from 2024 (or the naming year) up to the last quarter that has ended, filed by
  the lead — ``lingban`` for 恒安集团's — or, for leads without an account, by the town union on
  their behalf; all accepted by ``anhai`` but the latest.
- The 2024 assessments of the studios named by then, on Anhai's sheet (优秀 and 合格).
- The toy maker's 职工创新工作室, delisted in 2023 (``demo/innovation.py``): its failed 2022
  assessment, the rectification, the failed re-check and the delisting, as events. The studio was
  entered already delisted, so these rows are written with the scoring and the audit the services
  use, dated when they happened.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from jiangxin.accounts.models import User
from jiangxin.audit.services import save_audited
from jiangxin.demo.clock import happened_at, on, past
from jiangxin.demo.innovation import ENTERED, subject
from jiangxin.innovation import assessing, figures, services_record
from jiangxin.innovation.models import (
    AssessmentItem,
    AssessmentSheet,
    Studio,
    StudioAssessment,
    StudioEvent,
)
from jiangxin.innovation.models.record import quarter_span
from jiangxin.organisations.models import Organisation

D = datetime.date
WARNED = "晋江安海盛达食品有限公司"
# Anhai's sheet: (name, points, figure read, target, deduction per unit short)
SHEET = [
    ("团队建设与管理制度", 20, "", 0, 0),
    ("专利≥2项，每少1项扣5分", 10, "patents", 2, 5),
    ("论文、标准、操作法≥2项，每少1项扣5分", 10, "writings", 2, 5),
    ("经济效益≥50万元，每少10万元扣2分", 10, "benefit_wan", 50, "0.2"),
    ("培训职工≥100人次，每少10人次扣1.5分", 15, "people_trained", 100, "0.15"),
    ("带徒≥3人，每少1人扣2分", 6, "apprentices", 3, 2),
    ("成员竞赛获奖≥1项", 4, "competition_awards", 1, 4),
    ("季度报告按时报送4次，每缺1次扣2.5分", 10, "reports", 4, "2.5"),
    ("经费使用与台账", 15, "", 0, 0),
]
# Outputs each year: (kind, title, month, extra); a strong year and a thin one.
STRONG = [
    ("patent", "用于{focus}的辅助装置", 3, {"patent_kind": "utility", "status": "granted"}),
    ("patent", "{focus}的改进方法", 6, {"patent_kind": "invention", "status": "filed"}),
    ("method", "{lead}操作法", 5, {}),
    ("paper", "{focus}的实践与改进", 9, {}),
    ("benefit", "{focus}改进带来的年度成本节约", 12, {"benefit_wan": Decimal("68.40")}),
    ("training", "岗位技能培训", 10, {"people_trained": 126}),
]
THIN = [
    ("paper", "{focus}的问题分析", 4, {}),
    ("benefit", "工艺改进节约成本", 11, {"benefit_wan": Decimal("23.75")}),
    ("training", "班组技能培训", 8, {"people_trained": 64}),
]


def build() -> None:
    anhai = User.objects.get(username="anhai")
    town = Organisation.objects.get(name="安海镇总工会")
    _sheet(town, by=User.objects.get(username="platform"))
    today = timezone.localdate()
    studios = list(
        Studio.objects.filter(org_path__startswith=town.path)
        .named()
        .select_related("enterprise", "lead__account")
        .order_by("named_on", "pk")
    )
    for i, studio in enumerate(studios):
        warned = studio.enterprise.name == WARNED
        _outputs(studio, by=anhai, today=today, strong=i % 2 == 0, warned=warned)
        _reports(studio, by=anhai, today=today)
    for i, studio in enumerate(s for s in studios if s.named_on.year <= 2024):
        _assess_2024(studio, by=anhai, strong=i % 2 == 0)
    _delisted_history(town, by=anhai)
    assert sum(figures.is_warned(s, today) for s in studios) == 1
    assert Studio.objects.filter(org_path__startswith=town.path).named().count() == len(studios)


def _sheet(town: Organisation, *, by: User) -> None:
    with happened_at(on(D(2024, 12, 10), hour=10)):
        sheet = save_audited(
            AssessmentSheet(organisation=town, name="安海镇创新工作室年度考核指标"),
            by=by,
            org_path=town.path,
        )
        for order, (name, points, source, target, per) in enumerate(SHEET, start=1):
            save_audited(
                AssessmentItem(
                    sheet=sheet,
                    order=order,
                    name=name,
                    max_points=points,
                    source=source,
                    target=target,
                    per_missing=Decimal(str(per)),
                ),
                by=by,
                org_path=town.path,
            )


def _when(day: datetime.date, *, hour: int) -> datetime.datetime:
    """When it was entered: on the day, or — for what happened before the platform was set up —
    from the union's files just after (``demo.innovation.ENTERED``); never later than now."""
    return past(on(max(day, ENTERED), hour=hour))


def _keeper(studio: Studio, union_admin: User) -> User:
    """Who keeps the record: the lead when they have an account, else the town union."""
    return studio.lead.account or union_admin


def _add(studio: Studio, by: User, day: datetime.date, kind, title, extra, n: int) -> None:
    fields = dict(extra)
    if kind in ("patent", "standard"):
        fields["number"] = f"ZL{day.year}2{studio.pk:04d}{n:03d}.{n % 10}"
    with happened_at(_when(day, hour=16)):
        services_record.add_output(by=by, studio=studio, kind=kind, title=title, date=day, **fields)


def _outputs(studio: Studio, *, by: User, today, strong: bool, warned: bool) -> None:
    keeper = _keeper(studio, by)
    words = {"focus": subject(studio), "lead": studio.lead.name}
    last = assessing.add_months(today, -15) if warned else today
    n = 0
    for year in (2023, 2024, 2025):
        plan = STRONG if strong and not warned else THIN
        for kind, title, month, extra in plan:
            day = D(year, month, 12)
            if studio.founded <= day <= last:
                n += 1
                _add(studio, keeper, day, kind, title.format(**words), extra, n)
    if warned:  # the last output, fifteen months ago
        n += 1
        _add(studio, keeper, last, "paper", f"{words['focus']}的试验小结", {}, n)
        return
    for days, (kind, title, extra) in enumerate(
        [
            ("method", "{lead}快速调整法", {}),
            ("benefit", "{focus}改进带来的季度成本节约", {"benefit_wan": Decimal("15.60")}),
        ]
    ):
        day = today - datetime.timedelta(days=40 + 50 * days)
        if day >= studio.founded:
            n += 1
            _add(studio, keeper, day, kind, title.format(**words), extra, n)


def _reports(studio: Studio, *, by: User, today) -> None:
    keeper = _keeper(studio, by)
    year, quarter = max(2024, studio.named_on.year), 1
    current = (today.year, (today.month - 1) // 3 + 1)
    filed = []
    while (year, quarter) < current:
        _start, end = quarter_span(year, quarter)
        with happened_at(_when(end + datetime.timedelta(days=6), hour=11)):
            filed.append(
                services_record.file_report(
                    by=keeper,
                    studio=studio,
                    year=year,
                    quarter=quarter,
                    summary=f"围绕“{subject(studio)}”开展攻关和技能传授，"
                    f"本季度组织集中研讨与现场试验，形成改进建议并在班组推广。",
                    activities=3 + quarter,
                    participants=20 + 6 * quarter,
                    problems_solved=quarter % 3,
                    next_plan="继续跟踪试验数据，整理成果材料。",
                )
            )
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    for report in filed[:-1]:
        with happened_at(_when(report.span()[1] + datetime.timedelta(days=15), hour=15)):
            services_record.accept_report(by=by, report=report)


def _assess_2024(studio: Studio, *, by: User, strong: bool) -> None:
    sheet = services_record.sheet_for(studio)
    manual = {}
    for item in sheet.items:
        if not item.source:  # the assessor's points: full for a strong studio, less otherwise
            manual[item.key] = item.max_points if strong else item.max_points * Decimal("0.95")
    with happened_at(on(D(2025, 1, 20), hour=10)):
        services_record.record_assessment(
            by=by,
            studio=studio,
            year=2024,
            manual=manual,
            note="台账齐全，成果转化明显。" if strong else "成果数量偏少，需加强成果转化。",
            assessed_on=D(2025, 1, 20),
        )


def _delisted_history(town: Organisation, *, by: User) -> None:
    """乐童玩具's studio: 2022 不合格 (assessed 2023-09-15) → rectification until 2023-12-15 →
    the re-check of 2023-12-20 不合格 → delisted that day, barred until 2025-12-20 (the dates
    the studio was entered with)."""
    studio = Studio.objects.get(org_path__startswith=town.path, state=Studio.State.DELISTED)
    sheet = services_record.sheet_for(studio)
    manual = {i.key: i.max_points * Decimal("0.4") for i in sheet.items if not i.source}
    steps = [
        (StudioAssessment.Kind.ANNUAL, D(2023, 9, 15), figures.year_span(2022)),
        (StudioAssessment.Kind.RECHECK, D(2023, 12, 20), (D(2022, 12, 21), D(2023, 12, 20))),
    ]
    for kind, day, span in steps:
        outcome = assessing.score(
            sheet.items,
            figures.read_figures(studio, span),
            manual,
            excellent_from=sheet.excellent_from,
            pass_from=sheet.pass_from,
        )
        annual = kind == StudioAssessment.Kind.ANNUAL
        with happened_at(_when(day, hour=10)):
            assessment = save_audited(
                StudioAssessment(
                    studio=studio,
                    year=2022,
                    kind=kind,
                    assessed_on=day,
                    period_start=span[0],
                    period_end=span[1],
                    sheet_name=sheet.name,
                    lines=[services_record.line_json(line) for line in outcome.lines],
                    score=outcome.score,
                    band=outcome.band,
                    note="制度不健全，成果长期空白。",
                    rectify_until=assessing.add_months(day, 3) if annual else None,
                    by=by,
                ),
                by=by,
                org_path=studio.org_path,
            )
            reason = (
                f"2022年度考核得分 {outcome.score}，不合格；责令整改至 {assessment.rectify_until}。"
                if annual
                else f"2022年度考核不合格，整改期满复核得分 {outcome.score}，仍不合格，予以摘牌；"
                f"{studio.barred_until} 前不得再申报。"
            )
            save_audited(
                StudioEvent(
                    studio=studio,
                    kind=StudioEvent.Kind.RECTIFYING if annual else StudioEvent.Kind.DELISTED,
                    day=day,
                    reason=reason,
                    assessment=assessment,
                    by=by,
                ),
                by=by,
                org_path=studio.org_path,
            )
