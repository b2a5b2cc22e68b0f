"""Project and milestone services: the lead and the union admin change a project until it is
closed; every refusal changes nothing (no row, no field, no audit entry); overdue milestones are
those past their date and not done, in projects under way."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from jiangxin.audit.models import AuditEntry
from jiangxin.innovation import policies_projects, services, services_projects
from jiangxin.innovation.models import Milestone, Project, ProjectFile, ProjectMember
from jiangxin.innovation.sections_projects import overdue_for_lead, registry_overdue
from jiangxin.innovation.tests import fixtures_projects as fx

pytestmark = pytest.mark.django_db
DAY = fx.DAY

# the fixtures of fixtures_projects.py, offered to this module's tests
lead_user, project, town_b_project = fx.lead_user, fx.project, fx.town_b_project
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40


def _snapshot():
    return (
        AuditEntry.objects.count(),
        list(Project.objects.values()),
        list(Milestone.objects.values()),
        list(ProjectMember.objects.values()),
        ProjectFile.objects.count(),
    )


def test_the_lead_creates_and_edits_a_project_of_their_studio(cast, studio, lead_user):
    today = timezone.localdate()
    made = services_projects.create_project(
        by=lead_user,
        studio=studio,
        title="轻量化铲斗",
        goal="减重 8%",
        start=today,
        end=today + 90 * DAY,
        budget_wan=Decimal("8.25"),
    )
    services_projects.update_project(by=lead_user, project=made, spent_wan=Decimal("1.10"))
    made.refresh_from_db()
    assert made.spent_wan == Decimal("1.10") and made.budget_wan == Decimal("8.25")
    entry = AuditEntry.objects.filter(object_type="innovation.project").latest("pk")
    assert entry.actor == lead_user and entry.changes == {"spent_wan": ["0.00", "1.10"]}


def test_a_worker_who_is_not_the_lead_and_another_town_are_refused_and_nothing_changes(
    cast, studio, project
):
    before = _snapshot()
    for user in (cast["worker_user"], cast["sibling_admin"], cast["county_viewer"]):
        with pytest.raises(PermissionDenied):
            services_projects.update_project(by=user, project=project, title="改名")
        with pytest.raises(PermissionDenied):
            services_projects.add_milestone(
                by=user, project=project, title="x", due=timezone.localdate()
            )
        with pytest.raises(PermissionDenied):
            services_projects.create_project(
                by=user,
                studio=studio,
                title="x",
                goal="x",
                start=timezone.localdate(),
                end=timezone.localdate(),
            )
    assert _snapshot() == before


def test_a_bad_value_is_refused_on_its_field_and_nothing_changes(cast, project):
    before = _snapshot()
    with pytest.raises(ValidationError) as err:
        services_projects.update_project(
            by=cast["town_admin"], project=project, end=project.start - DAY
        )
    assert "end" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        services_projects.add_milestone(
            by=cast["town_admin"], project=project, title="早于开始", due=project.start - DAY
        )
    assert err.value.message_dict["due"][0].startswith("节点日期不能早于项目开始日期")
    with pytest.raises(ValidationError):
        services_projects.update_project(
            by=cast["town_admin"], project=project, budget_wan=Decimal("-1")
        )
    assert _snapshot() == before


def test_the_lead_marks_a_milestone_done_which_takes_today(cast, project, lead_user):
    late = project.milestones.get(title="台架寿命试验")
    services_projects.update_milestone(by=lead_user, milestone=late, state="done")
    late.refresh_from_db()
    assert late.state == "done" and late.done_on == timezone.localdate()
    assert not Milestone.objects.overdue().exists()


def test_closing_freezes_the_project_and_the_page_says_why(cast, project, lead_user):
    services_projects.close_project(by=lead_user, project=project)
    project.refresh_from_db()
    reason = policies_projects.project_frozen_reason(project)
    assert reason.startswith(f"本项目已于 {timezone.localdate()} 结题（")
    before = _snapshot()
    with pytest.raises(PermissionDenied) as err:
        services_projects.update_project(by=lead_user, project=project, title="再改")
    assert str(err.value) == reason
    milestone = project.milestones.first()
    for call in (
        lambda u: services_projects.update_milestone(by=u, milestone=milestone, state="done"),
        lambda u: services_projects.delete_project(by=u, project=project),
        lambda u: services_projects.add_project_member(
            by=u, project=project, worker=cast["worker_a"]
        ),
    ):
        for user in (lead_user, cast["town_admin"]):
            with pytest.raises(PermissionDenied):
                call(user)
    with pytest.raises(PermissionDenied):  # only a union admin reopens
        services_projects.reopen_project(by=lead_user, project=project)
    assert _snapshot() == before
    services_projects.reopen_project(by=cast["town_admin"], project=project)
    services_projects.update_project(by=lead_user, project=project, title="再改")


def test_overdue_milestones_are_past_due_and_not_done_in_projects_under_way(
    cast, project, lead_user, town_b_project
):
    # project (town A): done 100 days ago (not overdue), due 10 days ago and under way
    # (overdue), due in 60 days (not yet); town B's project: one due 5 days ago (overdue).
    assert [m.title for m in Milestone.objects.overdue()] == ["台架寿命试验", "样品"]
    assert [m.title for m in overdue_for_lead(lead_user)] == ["台架寿命试验"]
    assert registry_overdue(cast["town_admin"]) == 1  # town A only
    assert registry_overdue(cast["sibling_admin"]) == 1  # town B only
    assert registry_overdue(cast["county_admin"]) == 2  # both towns
    # a delayed milestone whose date has passed is still overdue
    late = project.milestones.get(title="台架寿命试验")
    services_projects.update_milestone(by=lead_user, milestone=late, state="delayed")
    assert registry_overdue(cast["town_admin"]) == 1
    # a closed project's milestones are no longer listed
    services_projects.close_project(by=cast["town_admin"], project=project)
    assert registry_overdue(cast["town_admin"]) == 0 and overdue_for_lead(lead_user) == []


def test_the_team_picker_offers_only_workers_the_user_may_see(cast, studio, project, lead_user):
    # the union admin of town A sees town A's roster (two enterprises), never town B's
    offered = set(services_projects.team_candidates(cast["town_admin"], studio))
    assert {cast["worker_a"], cast["worker_b"]} <= offered and cast["worker_c"] not in offered
    # the lead sees their own record and the studio's current members
    member = studio.members.get().worker
    assert set(services_projects.team_candidates(lead_user, studio)) == {studio.lead, member}
    before = _snapshot()
    with pytest.raises(ValidationError):
        services_projects.add_project_member(by=lead_user, project=project, worker=cast["worker_c"])
    with pytest.raises(ValidationError):  # already on the team
        services_projects.add_project_member(
            by=cast["town_admin"], project=project, worker=cast["worker_b"]
        )
    assert _snapshot() == before
    services_projects.add_project_member(by=lead_user, project=project, worker=member)
    assert project.team.count() == 2


def test_files_are_checked_by_content_and_a_refusal_keeps_nothing(cast, project, lead_user):
    before = _snapshot()
    fake = SimpleUploadedFile("报告.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as err:
        services_projects.add_project_file(by=lead_user, project=project, upload=fake)
    assert "的内容不是 PDF 文件" in err.value.messages[0]
    exe = SimpleUploadedFile("tool.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    with pytest.raises(ValidationError):
        services_projects.add_project_file(by=lead_user, project=project, upload=exe)
    big = SimpleUploadedFile("大图.png", PNG + b"\x00" * services_projects.FILE_MAX_BYTES)
    with pytest.raises(ValidationError) as err:
        services_projects.add_project_file(by=lead_user, project=project, upload=big)
    assert "超过上限 10 MB" in err.value.messages[0]
    assert _snapshot() == before
    row = services_projects.add_project_file(
        by=lead_user, project=project, upload=SimpleUploadedFile("试验报告.pdf", PDF)
    )
    assert row.kind == "pdf" and row.name == "试验报告.pdf" and row.file.read() == PDF


def test_removing_a_project_takes_its_milestones_team_and_files(
    cast, project, lead_user, django_capture_on_commit_callbacks
):
    row = services_projects.add_project_file(
        by=lead_user, project=project, upload=SimpleUploadedFile("a.png", PNG)
    )
    storage, name = row.file.storage, row.file.name
    with django_capture_on_commit_callbacks(execute=True):
        services_projects.delete_project(by=lead_user, project=project)
    assert not Project.objects.exists() and not Milestone.objects.exists()
    assert not ProjectMember.objects.exists() and not storage.exists(name)
    entry = AuditEntry.objects.filter(action="delete").latest("pk")
    assert entry.changes == {"milestones": 3, "team": 1, "files": 1}


def test_a_delisted_studios_projects_are_frozen(cast, studio, project, lead_user):
    services.update_studio(
        by=cast["town_admin"],
        studio=studio,
        state="delisted",
        delisted_on=datetime.date(2025, 12, 1),
    )
    project.refresh_from_db()
    assert (
        policies_projects.project_frozen_reason(project) == "工作室状态为“已摘牌”，项目不能再修改。"
    )
    with pytest.raises(PermissionDenied):
        services_projects.update_project(by=cast["town_admin"], project=project, title="x")
