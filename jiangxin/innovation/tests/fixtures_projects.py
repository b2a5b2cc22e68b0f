"""Projects and subsidies on the studio of ``tests/conftest.py`` (town A's 晋工机械): the lead's
account (``lingban``), a project under way with three milestones — one done, one overdue, one
still ahead — and a team member from another enterprise (力利玩具, also town A); a town B studio
with its own project; a 2024 grant with a spending line. Today is fixed by the milestones'
dates relative to ``timezone.localdate()``, so "overdue" never depends on the calendar."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from jiangxin import factories as f
from jiangxin.innovation import services, services_projects, services_subsidies
from jiangxin.workers.models import Honour, SkillLevel
from jiangxin.workers.services import add_honour

DAY = datetime.timedelta(days=1)


@pytest.fixture
def lead_user(studio):
    """The account bound to the studio's lead (a worker account)."""
    user = f.user("lingban")
    lead = studio.lead
    lead.account = user
    lead.save(update_fields=["account"])
    return user


@pytest.fixture
def project(cast, studio, lead_user):
    today = timezone.localdate()
    project = services_projects.create_project(
        by=cast["town_admin"],
        studio=studio,
        title="液压密封件寿命攻关",
        goal="密封件寿命由 2000 小时提高到 3000 小时",
        start=today - 200 * DAY,
        end=today + 160 * DAY,
        budget_wan=Decimal("30.00"),
        spent_wan=Decimal("12.50"),
    )
    for title, due, state in (
        ("材料配方试验", today - 100 * DAY, "done"),
        ("台架寿命试验", today - 10 * DAY, "underway"),  # overdue by 10 days
        ("小批量装机验证", today + 60 * DAY, "planned"),
    ):
        services_projects.add_milestone(
            by=cast["town_admin"],
            project=project,
            title=title,
            due=due,
            state=state,
            done_on=due if state == "done" else None,
        )
    services_projects.add_project_member(
        by=cast["town_admin"], project=project, worker=cast["worker_b"], task="模具改型"
    )
    return project


@pytest.fixture
def town_b_project(cast):
    """A studio of town B's 远航伞业 and its project with an overdue milestone."""
    lead = f.worker(
        cast["union_c"], "王建国", enterprise_obj=cast["ent_c"], skill_level=SkillLevel.L1
    )
    add_honour(
        by=cast["sibling_admin"],
        worker=lead,
        kind=Honour.Kind.MODEL_WORKER,
        level=Honour.Level.PROVINCE,
        year=2022,
    )
    studio = services.create_studio(
        by=cast["sibling_admin"],
        name="王建国劳模创新工作室",
        kind="model_worker",
        naming_level="city",
        naming_body=cast["city"],
        enterprise=cast["ent_c"],
        lead=lead,
        focus="伞骨材料",
        founded=datetime.date(2023, 1, 1),
        state="named",
        named_on=datetime.date(2023, 6, 1),
    )
    today = timezone.localdate()
    project = services_projects.create_project(
        by=cast["sibling_admin"],
        studio=studio,
        title="碳纤维伞骨",
        goal="减重",
        start=today - 100 * DAY,
        end=today + 100 * DAY,
    )
    services_projects.add_milestone(
        by=cast["sibling_admin"], project=project, title="样品", due=today - 5 * DAY
    )
    services_subsidies.grant_subsidy(
        by=cast["sibling_admin"],
        studio=studio,
        year=2024,
        amount=Decimal("30000"),
        kind="naming",
    )
    return project


@pytest.fixture
def subsidy(cast, studio):
    grant = services_subsidies.grant_subsidy(
        by=cast["town_admin"],
        studio=studio,
        year=2024,
        amount=Decimal("50000.00"),
        kind="naming",
        note="2024 年命名补助",
    )
    line = services_subsidies.record_spending(
        by=cast["town_admin"],
        studio=studio,
        year=2024,
        spent_on=datetime.date(2024, 9, 3),
        item="购置拉力试验机",
        amount=Decimal("18600.00"),
        voucher="记-2024-09-012",
    )
    return {"grant": grant, "line": line}


def project_objects(cast, studio) -> dict:
    """Rows for the URL access matrix, the CSP crawl and the fuzz (``core/tests``): a project of
    ``studio`` with a milestone, a team member and a file row, a grant and a spending line."""
    from jiangxin.innovation.models import ProjectFile

    today = timezone.localdate()
    by = cast["town_admin"]
    project = services_projects.create_project(
        by=by, studio=studio, title="矩阵项目", goal="—", start=today - 30 * DAY, end=today
    )
    milestone = services_projects.add_milestone(
        by=by, project=project, title="节点一", due=today - DAY
    )
    member = services_projects.add_project_member(by=by, project=project, worker=cast["worker_b"])
    row = ProjectFile.objects.create(
        project=project, file="innovation/projects/x.pdf", name="x.pdf", kind="pdf", size=8
    )
    grant = services_subsidies.grant_subsidy(
        by=by, studio=studio, year=2024, amount=Decimal("50000"), kind="naming"
    )
    line = services_subsidies.record_spending(
        by=by,
        studio=studio,
        year=2024,
        spent_on=datetime.date(2024, 5, 1),
        item="耗材",
        amount=Decimal("100"),
    )
    return {
        "project": project.pk,
        "milestone": milestone.pk,
        "project_member": member.pk,
        "project_file": row.pk,
        "grant": grant.pk,
        "subsidy_line": line.pk,
    }
