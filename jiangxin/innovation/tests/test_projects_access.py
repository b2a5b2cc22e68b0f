"""Who sees and changes projects and subsidies: town A's projects and grants are invisible (404)
to town B in the pages and the API; the lead changes their own studio's projects only; a viewer
above sees and changes nothing; a team member from another enterprise sees the project."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jiangxin import factories as f
from jiangxin.innovation import services_projects
from jiangxin.innovation.models import Milestone, Project, SubsidyLine
from jiangxin.innovation.tests import fixtures_projects as fx

pytestmark = pytest.mark.django_db

# the fixtures of fixtures_projects.py, offered to this module's tests
lead_user, project, subsidy, town_b_project = (
    fx.lead_user,
    fx.project,
    fx.subsidy,
    fx.town_b_project,
)


def urls(project, subsidy):
    m = project.milestones.first()
    studio = project.studio
    return {
        "detail": ("get", reverse("project_detail", args=[project.pk])),
        "edit": ("get", reverse("project_edit", args=[project.pk])),
        "new": ("get", reverse("project_new", args=[studio.pk])),
        "milestone": ("get", reverse("milestone_edit", args=[project.pk, m.pk])),
        "milestone_post": ("post", reverse("milestone_edit", args=[project.pk, m.pk])),
        "close": ("post", reverse("project_close", args=[project.pk])),
        "delete": ("post", reverse("project_delete", args=[project.pk])),
        "subsidies": ("get", reverse("studio_subsidies", args=[studio.pk])),
        "line_add": ("post", reverse("subsidy_line_add", args=[studio.pk])),
        "line_delete": (
            "post",
            reverse("subsidy_line_delete", args=[studio.pk, subsidy["line"].pk]),
        ),
        "api_project": ("get", f"/api/v1/innovation/projects/{project.pk}"),
        "api_subsidies": ("get", f"/api/v1/innovation/studios/{studio.pk}/subsidies"),
    }


def _statuses(client, u):
    return {key: getattr(client, method)(url).status_code for key, (method, url) in u.items()}


def test_town_b_meets_404_on_town_as_projects_and_grants(login, cast, project, subsidy):
    client = login(cast["sibling_admin"])
    assert set(_statuses(client, urls(project, subsidy)).values()) == {404}
    assert client.get("/api/v1/innovation/projects").json()["count"] == 0
    listing = client.get(reverse("milestone_overdue_list")).content.decode()
    assert project.title not in listing
    assert Project.objects.get().title == project.title and SubsidyLine.objects.count() == 1


def test_town_a_sees_its_project_not_town_bs(login, cast, project, subsidy, town_b_project):
    client = login(cast["town_admin"])
    assert client.get("/api/v1/innovation/projects").json()["count"] == 1
    assert client.get(f"/api/v1/innovation/projects/{town_b_project.pk}").status_code == 404
    page = client.get(reverse("milestone_overdue_list")).content.decode()
    assert "台架寿命试验" in page and "样品" not in page
    registry = client.get(reverse("studio_list")).content.decode()
    assert 'data-testid="overdue-count">攻关项目逾期节点 1 个<' in registry
    detail = client.get(f"/api/v1/innovation/projects/{project.pk}").json()
    assert [m["overdue"] for m in detail["milestones"]] == [False, True, False]
    assert detail["team"] == [
        {"worker_id": cast["worker_b"].pk, "name": "曾小贤", "task": "模具改型"}
    ]
    grants = client.get(f"/api/v1/innovation/studios/{project.studio.pk}/subsidies").json()
    assert [g["amount"] for g in grants["grants"]] == ["50000.00"]


def test_the_county_viewer_sees_but_changes_nothing(login, cast, project, subsidy):
    s = _statuses(login(cast["county_viewer"]), urls(project, subsidy))
    assert s["detail"] == s["subsidies"] == s["api_project"] == 200
    for key in ("edit", "new", "milestone", "milestone_post", "close", "delete"):
        assert s[key] == 403, key
    assert s["line_add"] == s["line_delete"] == 403


def test_the_lead_edits_their_own_studios_projects_only(
    login, cast, project, subsidy, lead_user, town_b_project
):
    client = login(lead_user)
    skip = {"delete", "close", "milestone_post"}  # they would succeed: tried further down
    s = _statuses(client, {k: v for k, v in urls(project, subsidy).items() if k not in skip})
    assert s["detail"] == s["edit"] == s["new"] == s["milestone"] == 200
    assert s["subsidies"] == 200 and s["line_add"] == s["line_delete"] == 403  # union's books
    page = client.get(reverse("project_detail", args=[project.pk])).content.decode()
    assert "添加节点" in page and "结题" in page
    # another studio's project: not even seen
    other = urls(town_b_project, subsidy)
    assert client.get(other["detail"][1]).status_code == 404
    assert client.post(other["close"][1]).status_code == 404
    # the lead lands on their record, which lists the overdue milestone
    record = client.get(reverse("worker_detail", args=[project.studio.lead_id])).content.decode()
    assert 'data-testid="my-overdue-milestones"' in record and "台架寿命试验" in record
    assert "台架寿命试验" in client.get(reverse("my_projects")).content.decode()


def test_a_team_member_from_another_enterprise_sees_but_does_not_edit(login, cast, project):
    member_user = f.user("zeng")
    worker_b = cast["worker_b"]
    worker_b.account = member_user
    worker_b.save(update_fields=["account"])
    client = login(member_user)
    assert client.get(reverse("project_detail", args=[project.pk])).status_code == 200
    assert client.get(reverse("project_edit", args=[project.pk])).status_code == 403
    assert client.get(reverse("studio_detail", args=[project.studio.pk])).status_code == 404


def test_the_lead_updates_a_milestone_through_the_form(login, cast, project, lead_user):
    late = project.milestones.get(title="台架寿命试验")
    url = reverse("milestone_edit", args=[project.pk, late.pk])
    response = login(lead_user).post(
        url, {"title": late.title, "due": late.due.isoformat(), "state": "done", "note": "通过"}
    )
    assert response.status_code == 302
    late.refresh_from_db()
    assert late.state == "done" and late.note == "通过"
    assert not Milestone.objects.overdue().exists()


def test_a_closed_project_says_what_froze_it_and_refuses_changes(login, cast, project, lead_user):
    services_projects.close_project(by=lead_user, project=project, closed_on=datetime.date.today())
    client = login(lead_user)
    page = client.get(reverse("project_detail", args=[project.pk])).content.decode()
    assert 'data-testid="frozen"' in page and "结题" in page and "添加节点" not in page
    response = client.get(reverse("project_edit", args=[project.pk]))
    assert response.status_code == 403 and "内容已冻结" in response.content.decode()
    admin_page = login(cast["town_admin"]).get(reverse("project_detail", args=[project.pk]))
    assert "重新打开项目" in admin_page.content.decode()


def test_a_file_is_handed_back_as_an_attachment_of_its_checked_type(
    login, cast, project, lead_user
):
    client = login(lead_user)
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20
    response = client.post(
        reverse("project_file_add", args=[project.pk]),
        {"file": SimpleUploadedFile("试样照片.png", png)},
    )
    assert response.status_code == 302
    row = project.files.get()
    download = client.get(reverse("project_file_download", args=[project.pk, row.pk]))
    assert download["Content-Type"] == "image/png"
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == png
    refused = client.post(
        reverse("project_file_add", args=[project.pk]),
        {"file": SimpleUploadedFile("说明.pdf", b"<html><script>")},
    )
    assert refused.status_code == 302 and project.files.count() == 1
    assert (
        login(cast["sibling_admin"])
        .get(reverse("project_file_download", args=[project.pk, row.pk]))
        .status_code
        == 404
    )


def test_the_union_admin_records_a_spending_line_through_the_page(login, cast, subsidy):
    studio = subsidy["grant"].studio
    client = login(cast["town_admin"])
    response = client.post(
        reverse("subsidy_line_add", args=[studio.pk]),
        {
            "year": 2024,
            "spent_on": "2024-10-09",
            "item": "专利申请代理费",
            "amount": "3200.00",
            "voucher": "记-2024-10-003",
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("studio_subsidies", args=[studio.pk])).content.decode()
    # 50,000.00 − 18,600.00 − 3,200.00 = 28,200.00
    assert 'data-testid="balance-2024">28200.00<' in page
    assert Decimal("3200.00") in SubsidyLine.objects.values_list("amount", flat=True)
