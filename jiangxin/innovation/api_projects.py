"""The API of studio projects and subsidies (read-only): scoped exactly as the pages — a project
is listed and opened when its page opens (``Project.objects.visible_to``), a studio's grants and
spending lines when its subsidy page opens. Refusals (404, 422) are answered by the one handler
in ``jiangxin.api``."""

import datetime
from decimal import Decimal
from typing import Annotated

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from jiangxin.accounts.access import get_for_user
from jiangxin.core import bounds
from jiangxin.core.schemas import Id, Pagination
from jiangxin.innovation.models import (
    Milestone,
    Project,
    ProjectMember,
    Studio,
    SubsidyGrant,
    SubsidyLine,
)

Year = Annotated[int, Field(ge=bounds.EARLIEST_EVENT_YEAR, le=bounds.LATEST_EVENT_YEAR)]
router = Router(tags=[_("技术攻关与补助")])


class MilestoneOut(Schema):
    id: int
    title: str
    due: datetime.date
    state: Milestone.State
    done_on: datetime.date | None
    note: str
    overdue: bool

    @staticmethod
    def resolve_overdue(obj) -> bool:
        return obj.project.state == Project.State.UNDERWAY and obj.is_overdue()


class TeamMemberOut(Schema):
    worker_id: int
    name: str
    task: str

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.worker.name


class ProjectOut(Schema):
    id: int
    studio_id: int
    studio: str
    title: str
    goal: str
    start: datetime.date
    end: datetime.date
    budget_wan: Decimal
    spent_wan: Decimal
    outcome: str
    saving_wan: Decimal | None
    method: str
    patent_numbers: str
    state: Project.State
    closed_on: datetime.date | None

    @staticmethod
    def resolve_studio(obj) -> str:
        return obj.studio.name


class ProjectDetailOut(ProjectOut):
    milestones: list[MilestoneOut]
    team: list[TeamMemberOut]

    @staticmethod
    def resolve_milestones(obj) -> list:
        return obj.visible_milestones

    @staticmethod
    def resolve_team(obj) -> list:
        return obj.visible_team


class ProjectFilter(Schema):
    studio: Id | None = None
    state: Project.State | None = None


class GrantOut(Schema):
    id: int
    studio_id: int
    year: int
    amount: Decimal
    kind: SubsidyGrant.Kind
    note: str


class LineOut(Schema):
    id: int
    studio_id: int
    year: int
    spent_on: datetime.date
    item: str
    amount: Decimal
    voucher: str


class SubsidiesOut(Schema):
    studio_id: int
    grants: list[GrantOut]
    lines: list[LineOut]


@router.get("/innovation/projects", response=list[ProjectOut], summary=_("攻关项目"))
@paginate(Pagination, page_size=50)
def list_projects(request, filters: Query[ProjectFilter]):
    projects = Project.objects.visible_to(request.auth).select_related("studio")
    if filters.studio:
        projects = projects.filter(studio_id=filters.studio)
    if filters.state:
        projects = projects.filter(state=filters.state)
    return projects.order_by("pk")


@router.get("/innovation/projects/{pk}", response=ProjectDetailOut, summary=_("攻关项目与节点"))
def get_project(request, pk: Id):
    project = get_for_user(Project.objects.select_related("studio"), request.auth, pk=pk)
    project.visible_milestones = list(
        Milestone.objects.visible_to(request.auth).filter(project=project).select_related("project")
    )
    project.visible_team = list(
        ProjectMember.objects.visible_to(request.auth)
        .filter(project=project)
        .select_related("worker")
    )
    return project


@router.get(
    "/innovation/studios/{pk}/subsidies",
    response=SubsidiesOut,
    summary=_("工作室补助拨付与支出"),
)
def get_subsidies(request, pk: Id, year: Year | None = None):
    studio = get_for_user(Studio.objects.all(), request.auth, pk=pk)
    grants = SubsidyGrant.objects.visible_to(request.auth).filter(studio=studio)
    lines = SubsidyLine.objects.visible_to(request.auth).filter(studio=studio)
    if year:
        grants, lines = grants.filter(year=year), lines.filter(year=year)
    return {"studio_id": studio.pk, "grants": list(grants), "lines": list(lines)}
