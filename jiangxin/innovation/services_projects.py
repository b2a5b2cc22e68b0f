"""A studio's breakthrough projects: the project, its team, milestones and files. Each function
takes the acting user (``by``) and their address (``ip``), runs in one transaction with the
project's row locked, checks ``policies_projects`` (PermissionDenied, naming what froze a
project) and stores through ``save_audited``; a refusal writes nothing (no row, no file, no
audit entry)."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from jiangxin.audit.services import delete_audited, diff, save_audited
from jiangxin.core.uploads import check_document_upload
from jiangxin.innovation import policies_projects as policies
from jiangxin.innovation.models import (
    Milestone,
    Project,
    ProjectFile,
    ProjectMember,
    Studio,
    StudioMember,
)
from jiangxin.workers.models import Worker

if TYPE_CHECKING:
    from jiangxin.accounts.models import User

PROJECT_FIELDS = (
    "title",
    "goal",
    "start",
    "end",
    "budget_wan",
    "spent_wan",
    "outcome",
    "saving_wan",
    "method",
    "patent_numbers",
)
MILESTONE_FIELDS = ("title", "due", "state", "done_on", "note")
FILE_MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 20


def _snapshot(obj, fields) -> dict[str, Any]:
    values = {key: getattr(obj, key) for key in fields}
    return {k: str(v) if isinstance(v, Decimal) else v for k, v in values.items()}


def _refused(project: Project) -> PermissionDenied:
    return PermissionDenied(
        policies.project_frozen_reason(project)
        or _("只有工作室领办人和所属工会的管理员可以修改攻关项目")
    )


def _editable(by: User, project: Project) -> Project:
    """The project, its row locked, if ``by`` may change it now."""
    project = Project.objects.select_for_update().select_related("studio").get(pk=project.pk)
    if not policies.can_edit_project(by, project):
        raise _refused(project)
    return project


def _remove(storage, names: list[str]) -> None:
    """Take stored files off the disk (after the commit that let go of their rows)."""
    for name in names:
        if name:
            storage.delete(name)


def team_candidates(user: Any, studio: Studio) -> QuerySet[Worker]:
    """Whom ``user`` may put on a project of ``studio``: the roster records they may see (a union
    admin: their subtree, across enterprises), and the studio's lead and current members (whom
    the lead sees on the studio's page)."""
    members = StudioMember.objects.visible_to(user).filter(studio=studio).current()
    return Worker.objects.filter(
        Q(pk__in=Worker.objects.visible_to(user).values("pk"))
        | Q(pk__in=members.values("worker_id"))
    )


@transaction.atomic
def create_project(*, by: User, ip: str | None = None, studio: Studio, **fields: Any) -> Project:
    """Start a project of ``studio`` (its lead or its union's admin)."""
    studio = Studio.objects.select_for_update().get(pk=studio.pk)
    if not policies.can_create_project(by, studio):
        raise PermissionDenied(_("只有工作室领办人和所属工会的管理员可以新建攻关项目"))
    unknown = set(fields) - set(PROJECT_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    project = Project(studio=studio, **fields)
    return save_audited(
        project,
        by=by,
        ip=ip,
        org_path=studio.org_path,
        changes=diff({}, _snapshot(project, PROJECT_FIELDS)),
    )


@transaction.atomic
def update_project(*, by: User, ip: str | None = None, project: Project, **fields: Any) -> Project:
    project = _editable(by, project)
    unknown = set(fields) - set(PROJECT_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    before = _snapshot(project, PROJECT_FIELDS)
    for key, value in fields.items():
        setattr(project, key, value)
    return save_audited(
        project,
        by=by,
        ip=ip,
        org_path=project.studio.org_path,
        changes=diff(before, _snapshot(project, PROJECT_FIELDS)),
    )


@transaction.atomic
def delete_project(*, by: User, ip: str | None = None, project: Project) -> None:
    """Remove the project with its team, milestones and files (the files leave the disk once
    the removal is committed)."""
    project = _editable(by, project)
    names = [f.file.name or "" for f in project.files.all()]
    storage = ProjectFile._meta.get_field("file").storage
    delete_audited(
        project,
        by=by,
        ip=ip,
        org_path=project.studio.org_path,
        changes={
            "milestones": project.milestones.count(),
            "team": project.team.count(),
            "files": len(names),
        },
    )
    transaction.on_commit(lambda: _remove(storage, names))


@transaction.atomic
def close_project(
    *, by: User, ip: str | None = None, project: Project, closed_on: datetime.date | None = None
) -> Project:
    """结题: the project is frozen from now on (its record, team, milestones and files)."""
    project = _editable(by, project)
    closed_on = closed_on or timezone.localdate()
    if closed_on < project.start:
        raise ValidationError(
            {"closed_on": _("结题日期不能早于开始日期 {day}").format(day=project.start)}
        )
    project.state = Project.State.CLOSED
    project.closed_on = closed_on
    project.closed_by = getattr(by, "display_name", "") or by.get_username()
    return save_audited(
        project,
        by=by,
        ip=ip,
        org_path=project.studio.org_path,
        changes={"state": ["underway", "closed"], "closed_on": ["", str(closed_on)]},
    )


@transaction.atomic
def reopen_project(*, by: User, ip: str | None = None, project: Project) -> Project:
    project = Project.objects.select_for_update().select_related("studio").get(pk=project.pk)
    if not policies.can_reopen_project(by, project):
        raise PermissionDenied(_("只有工作室所属工会的管理员可以重新打开已结题的项目"))
    before = str(project.closed_on)
    project.state = Project.State.UNDERWAY
    project.closed_on = None
    project.closed_by = ""
    return save_audited(
        project,
        by=by,
        ip=ip,
        org_path=project.studio.org_path,
        changes={"state": ["closed", "underway"], "closed_on": [before, ""]},
    )


@transaction.atomic
def add_project_member(
    *, by: User, ip: str | None = None, project: Project, worker: Worker, task: str = ""
) -> ProjectMember:
    project = _editable(by, project)
    if not team_candidates(by, project.studio).filter(pk=worker.pk).exists():
        raise ValidationError({"worker": _("只能从您可查看的职工名册或工作室成员中选择")})
    if worker.pk == project.studio.lead_id:
        raise ValidationError({"worker": _("领办人是每个项目的负责人，不必再加入团队")})
    taken = ValidationError({"worker": _("{name}已在项目团队中").format(name=worker.name)})
    if project.team.filter(worker=worker).exists():
        raise taken
    return save_audited(
        ProjectMember(project=project, worker=worker, task=task),
        by=by,
        ip=ip,
        org_path=project.studio.org_path,
        object_repr=f"{project.title}：{worker.name}",
        duplicate=taken,
    )


@transaction.atomic
def remove_project_member(*, by: User, ip: str | None = None, member: ProjectMember) -> None:
    project = _editable(by, member.project)
    member = ProjectMember.objects.select_related("worker").get(pk=member.pk, project=project)
    delete_audited(member, by=by, ip=ip, org_path=project.studio.org_path)


def _check_milestone(project: Project, milestone: Milestone) -> None:
    if milestone.due and milestone.due < project.start:
        raise ValidationError(
            {"due": _("节点日期不能早于项目开始日期 {day}").format(day=project.start)}
        )


@transaction.atomic
def add_milestone(*, by: User, ip: str | None = None, project: Project, **fields: Any) -> Milestone:
    project = _editable(by, project)
    milestone = Milestone(project=project, **fields)
    milestone.full_clean()
    _check_milestone(project, milestone)
    return save_audited(
        milestone,
        by=by,
        ip=ip,
        org_path=project.studio.org_path,
        clean=False,
        changes=diff({}, _snapshot(milestone, MILESTONE_FIELDS)),
    )


@transaction.atomic
def update_milestone(
    *, by: User, ip: str | None = None, milestone: Milestone, **fields: Any
) -> Milestone:
    """Change a milestone (its state, typically); 完成 takes today when no date is given."""
    project = _editable(by, milestone.project)
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk, project=project)
    unknown = set(fields) - set(MILESTONE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    before = _snapshot(milestone, MILESTONE_FIELDS)
    for key, value in fields.items():
        setattr(milestone, key, value)
    if milestone.state == Milestone.State.DONE and not milestone.done_on:
        milestone.done_on = timezone.localdate()
    if milestone.state != Milestone.State.DONE:
        milestone.done_on = None
    milestone.full_clean()
    _check_milestone(project, milestone)
    return save_audited(
        milestone,
        by=by,
        ip=ip,
        org_path=project.studio.org_path,
        clean=False,
        changes=diff(before, _snapshot(milestone, MILESTONE_FIELDS)),
    )


@transaction.atomic
def delete_milestone(*, by: User, ip: str | None = None, milestone: Milestone) -> None:
    project = _editable(by, milestone.project)
    milestone = Milestone.objects.get(pk=milestone.pk, project=project)
    delete_audited(milestone, by=by, ip=ip, org_path=project.studio.org_path)


@transaction.atomic
def add_project_file(*, by: User, ip: str | None = None, project: Project, upload) -> ProjectFile:
    """Attach a PDF, JPG or PNG (size, extension and content checked; at most ``MAX_FILES``)."""
    project = _editable(by, project)
    kind = check_document_upload(upload, max_bytes=FILE_MAX_BYTES)
    if project.files.count() >= MAX_FILES:
        raise ValidationError(
            _("每个项目最多 {n} 个附件，请先删除不需要的附件。").format(n=MAX_FILES)
        )
    name = (upload.name or "file").replace("\\", "/").rsplit("/", 1)[-1][-120:]
    row = ProjectFile(project=project, name=name, kind=kind, size=upload.size)
    ext = ".jpg" if kind == "jpeg" else f".{kind}"
    row.file.save(uuid.uuid4().hex + ext, upload, save=False)  # a name of ours, not theirs
    storage, stored = row.file.storage, row.file.name or ""
    try:
        return save_audited(
            row,
            by=by,
            ip=ip,
            org_path=project.studio.org_path,
            object_repr=f"{project.title}：{name}",
            changes={"file": ["", name], "size": ["", upload.size]},
        )
    except Exception:
        storage.delete(stored)  # nothing kept when the row is refused
        raise


@transaction.atomic
def delete_project_file(*, by: User, ip: str | None = None, file: ProjectFile) -> None:
    project = _editable(by, file.project)
    file = ProjectFile.objects.get(pk=file.pk, project=project)
    storage, stored = file.file.storage, file.file.name or ""
    delete_audited(file, by=by, ip=ip, org_path=project.studio.org_path)
    transaction.on_commit(lambda: _remove(storage, [stored]))
