"""The pages of a studio's breakthrough projects: a project's page, new/edit/remove/close/reopen,
its team, milestones (the lead updates one on a phone) and files; the overdue milestones of a
union's subtree; and a worker's own projects. Views fetch through ``get_for_user`` (404 when
not visible) and refuse with 403 when ``policies_projects`` says no, naming what froze the
project; one view per action, each binding a form."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jiangxin.accounts.access import get_for_user, reach_of, require_union_user
from jiangxin.audit.services import client_ip
from jiangxin.core.downloads import content_disposition
from jiangxin.core.forms import apply_errors, message_errors, query_errors, query_form, values
from jiangxin.core.types import AuthedRequest
from jiangxin.core.uploads import DOCUMENT_TYPES
from jiangxin.innovation import policies_projects as policies
from jiangxin.innovation import services_projects as services
from jiangxin.innovation.forms_projects import (
    MilestoneForm,
    OverdueFilterForm,
    ProjectCloseForm,
    ProjectFileForm,
    ProjectForm,
    TeamMemberForm,
)
from jiangxin.innovation.models import Milestone, Project, ProjectFile, ProjectMember, Studio


def _project(request: AuthedRequest, pk: int) -> Project:
    return get_for_user(
        Project.objects.select_related("studio__enterprise", "studio__lead"), request.user, pk=pk
    )


def _editable(request: AuthedRequest, pk: int) -> Project:
    """A project the user sees (404) and may change now (403, naming what froze it)."""
    project = _project(request, pk)
    if not policies.can_edit_project(request.user, project):
        raise PermissionDenied(
            policies.project_frozen_reason(project)
            or _("只有工作室领办人和所属工会的管理员可以修改攻关项目")
        )
    return project


def _done(request, message: str, project: Project) -> HttpResponse:
    messages.success(request, message)
    return redirect("project_detail", pk=project.pk)


@require_http_methods(["GET", "POST"])
def project_new(request: AuthedRequest, pk: int) -> HttpResponse:
    studio = get_for_user(Studio.objects.all(), request.user, pk=pk)
    if not policies.can_create_project(request.user, studio):
        raise PermissionDenied(_("只有工作室领办人和所属工会的管理员可以新建攻关项目"))
    form = ProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            project = services.create_project(
                by=request.user, ip=client_ip(request), studio=studio, **form.cleaned_data
            )
        except ValidationError as err:
            apply_errors(form, err)
        else:
            return _done(request, _("攻关项目已建立。下一步：添加团队成员和节点。"), project)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "innovation/projects_form.html", {"form": form, "studio": studio}, status=status
    )


@require_http_methods(["GET", "POST"])
def project_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    project = _editable(request, pk)
    initial = {f: getattr(project, f) for f in services.PROJECT_FIELDS}
    form = ProjectForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_project(
                by=request.user, ip=client_ip(request), project=project, **form.cleaned_data
            )
        except ValidationError as err:
            apply_errors(form, err)
        else:
            return _done(request, _("项目信息已保存。"), project)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "studio": project.studio, "project": project}
    return render(request, "innovation/projects_form.html", context, status=status)


def project_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    project = _project(request, pk)
    may_edit = policies.can_edit_project(request.user, project)
    team = list(
        ProjectMember.objects.visible_to(request.user)
        .filter(project=project)
        .select_related("worker__enterprise")
    )
    milestones = list(Milestone.objects.visible_to(request.user).filter(project=project))
    files = list(ProjectFile.objects.visible_to(request.user).filter(project=project))
    return render(
        request,
        "innovation/projects_detail.html",
        {
            "project": project,
            "studio": project.studio,
            "team": team,
            "milestones": milestones,
            "files": files,
            "may_edit": may_edit,
            "frozen": policies.project_frozen_reason(project),
            "may_reopen": policies.can_reopen_project(request.user, project),
            "team_form": TeamMemberForm(project=project, user=request.user) if may_edit else None,
            "milestone_form": MilestoneForm() if may_edit else None,
            "file_form": ProjectFileForm() if may_edit else None,
        },
    )


@require_POST
def project_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    project = _editable(request, pk)
    services.delete_project(by=request.user, ip=client_ip(request), project=project)
    messages.success(request, _("攻关项目“{title}”已删除。").format(title=project.title))
    return redirect("studio_detail", pk=project.studio_id)


@require_POST
def project_close(request: AuthedRequest, pk: int) -> HttpResponse:
    project = _editable(request, pk)
    form = ProjectCloseForm(request.POST)
    if form.is_valid():
        try:
            services.close_project(
                by=request.user,
                ip=client_ip(request),
                project=project,
                closed_on=form.cleaned_data["closed_on"],
            )
        except ValidationError as err:
            message_errors(request, err)
        else:
            return _done(request, _("项目已结题，内容已冻结。"), project)
    else:
        for message in query_errors(form):
            messages.error(request, message)
    return redirect("project_detail", pk=project.pk)


@require_POST
def project_reopen(request: AuthedRequest, pk: int) -> HttpResponse:
    project = _project(request, pk)
    if not policies.can_reopen_project(request.user, project):
        raise PermissionDenied(_("只有工作室所属工会的管理员可以重新打开已结题的项目"))
    services.reopen_project(by=request.user, ip=client_ip(request), project=project)
    return _done(request, _("项目已重新打开，可以继续修改。"), project)


@require_POST
def project_member_add(request: AuthedRequest, pk: int) -> HttpResponse:
    project = _editable(request, pk)
    form = TeamMemberForm(request.POST, project=project, user=request.user)
    if form.is_valid():
        try:
            member = services.add_project_member(
                by=request.user, ip=client_ip(request), project=project, **form.cleaned_data
            )
        except ValidationError as err:
            message_errors(request, err)
        else:
            return _done(
                request, _("已加入团队：{name}。").format(name=member.worker.name), project
            )
    else:
        for message in query_errors(form):
            messages.error(request, message)
    return redirect("project_detail", pk=project.pk)


@require_POST
def project_member_remove(request: AuthedRequest, pk: int, member_pk: int) -> HttpResponse:
    project = _editable(request, pk)
    member = get_for_user(ProjectMember.objects.all(), request.user, pk=member_pk, project=project)
    services.remove_project_member(by=request.user, ip=client_ip(request), member=member)
    return _done(request, _("已移出团队。"), project)


@require_POST
def milestone_add(request: AuthedRequest, pk: int) -> HttpResponse:
    project = _editable(request, pk)
    form = MilestoneForm(request.POST)
    if form.is_valid():
        try:
            services.add_milestone(
                by=request.user, ip=client_ip(request), project=project, **form.cleaned_data
            )
        except ValidationError as err:
            message_errors(request, err)
        else:
            return _done(request, _("节点已添加。"), project)
    else:
        for message in query_errors(form):
            messages.error(request, message)
    return redirect("project_detail", pk=project.pk)


@require_http_methods(["GET", "POST"])
def milestone_edit(request: AuthedRequest, pk: int, milestone_pk: int) -> HttpResponse:
    project = _editable(request, pk)
    milestone = get_for_user(
        Milestone.objects.all(), request.user, pk=milestone_pk, project=project
    )
    initial = {f: getattr(milestone, f) for f in services.MILESTONE_FIELDS}
    form = MilestoneForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_milestone(
                by=request.user, ip=client_ip(request), milestone=milestone, **form.cleaned_data
            )
        except ValidationError as err:
            apply_errors(form, err)
        else:
            return _done(request, _("节点“{title}”已更新。").format(title=milestone.title), project)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "project": project, "milestone": milestone}
    return render(request, "innovation/projects_milestone.html", context, status=status)


@require_POST
def milestone_delete(request: AuthedRequest, pk: int, milestone_pk: int) -> HttpResponse:
    project = _editable(request, pk)
    milestone = get_for_user(
        Milestone.objects.all(), request.user, pk=milestone_pk, project=project
    )
    services.delete_milestone(by=request.user, ip=client_ip(request), milestone=milestone)
    return _done(request, _("节点已删除。"), project)


@require_POST
def project_file_add(request: AuthedRequest, pk: int) -> HttpResponse:
    project = _editable(request, pk)
    form = ProjectFileForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            row = services.add_project_file(
                by=request.user,
                ip=client_ip(request),
                project=project,
                upload=form.cleaned_data["file"],
            )
        except ValidationError as err:
            message_errors(request, err)
        else:
            return _done(request, _("附件已上传：{name}。").format(name=row.name), project)
    else:
        for message in query_errors(form):
            messages.error(request, message)
    return redirect("project_detail", pk=project.pk)


def project_file_download(request: AuthedRequest, pk: int, file_pk: int) -> FileResponse:
    """The attachment, as an attachment of its checked type (never rendered inline)."""
    project = _project(request, pk)
    row = get_for_user(ProjectFile.objects.all(), request.user, pk=file_pk, project=project)
    try:
        handle = row.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=DOCUMENT_TYPES[row.kind])
    response["Content-Disposition"] = content_disposition(row.name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def project_file_delete(request: AuthedRequest, pk: int, file_pk: int) -> HttpResponse:
    project = _editable(request, pk)
    row = get_for_user(ProjectFile.objects.all(), request.user, pk=file_pk, project=project)
    services.delete_project_file(by=request.user, ip=client_ip(request), file=row)
    return _done(request, _("附件已删除。"), project)


def overdue_milestones(request: AuthedRequest) -> HttpResponse:
    """The union's list: every overdue milestone of the subtree's projects, oldest first."""
    require_union_user(request.user)
    query = query_form(OverdueFilterForm, request)
    rows = (
        Milestone.objects.visible_to(request.user)
        .overdue()
        .select_related("project__studio__enterprise", "project__studio__lead")
        .order_by("due", "pk")
    )
    return render(
        request,
        "innovation/projects_overdue.html",
        {
            "page": Paginator(rows, 50).get_page(values(query)["page"]),
            "query_errors": query_errors(query),
        },
    )


def my_projects(request: AuthedRequest) -> HttpResponse:
    """A worker's projects: those of the studios they lead and those whose team they are on,
    overdue milestones first."""
    from jiangxin.innovation.sections_projects import overdue_for_lead

    worker_id = reach_of(request.user).worker_id
    if not worker_id:
        raise Http404
    projects = (
        Project.objects.filter(Q(studio__lead_id=worker_id) | Q(team__worker_id=worker_id))
        .distinct()
        .select_related("studio")
        .order_by("state", "-start", "pk")
    )
    return render(
        request,
        "innovation/projects_mine.html",
        {"projects": projects, "overdue": overdue_for_lead(request.user)},
    )
