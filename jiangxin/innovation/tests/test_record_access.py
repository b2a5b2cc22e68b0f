"""Who reaches the living record, through the pages and the API: town A's records are invisible to
town B (404, and absent from lists); the lead keeps their own studio's record and no other (403
where they may see a studio as a member); a viewer reads but changes nothing. And the 12-month
warning on the studio page and on the union's registry."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from jiangxin.innovation import services_record
from jiangxin.innovation.models import Studio
from jiangxin.innovation.tests.record_fixtures import (  # noqa: F401
    lead_user,
    other_studio,
    town_b_studio,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(cast, studio, other_studio, lead_user):  # noqa: F811
    admin = cast["town_admin"]
    day = timezone.localdate() - datetime.timedelta(days=30)
    report = services_record.file_report(
        by=lead_user, studio=studio, year=2025, quarter=3, summary="试验", activities=1
    )
    mine = services_record.add_output(
        by=lead_user, studio=studio, kind="paper", title="论文", date=day
    )
    theirs = services_record.add_output(
        by=admin, studio=other_studio, kind="method", title="蔡志强换模法", date=day
    )
    assessment = services_record.record_assessment(
        by=admin,
        studio=other_studio,
        year=2025,
        manual={"team": 15, "funds": 5},
        assessed_on=datetime.date(2026, 1, 15),
    )
    return {"report": report, "mine": mine, "theirs": theirs, "assessment": assessment}


def _urls(studio, record):
    return [
        reverse("studio_report_new", args=[studio.pk]),
        reverse("studio_report_detail", args=[studio.pk, record["report"].pk]),
        reverse("studio_report_edit", args=[studio.pk, record["report"].pk]),
        reverse("studio_output_new", args=[studio.pk]),
        reverse("studio_output_edit", args=[studio.pk, record["mine"].pk]),
    ]


def test_town_a_records_are_invisible_to_town_b(cast, studio, record, login):
    client = login(cast["sibling_admin"])
    for url in _urls(studio, record):
        assert client.get(url).status_code == 404, url
    other = record["assessment"].studio
    url = reverse("studio_assessment_detail", args=[other.pk, record["assessment"].pk])
    assert client.get(url).status_code == 404
    assert client.get(f"/api/v1/innovation/studios/{studio.pk}/outputs").status_code == 404
    assert client.get(f"/api/v1/innovation/studios/{studio.pk}/reports").status_code == 404
    assert client.get("/api/v1/innovation/assessments").json()["items"] == []
    # town A's admin sees them
    client = login(cast["town_admin"])
    assert [
        a["studio_id"] for a in client.get("/api/v1/innovation/assessments").json()["items"]
    ] == [other.pk]
    outputs = client.get(f"/api/v1/innovation/studios/{studio.pk}/outputs").json()["items"]
    assert [o["title"] for o in outputs] == ["论文"]


def test_the_lead_keeps_their_own_record_only(cast, studio, other_studio, record, lead_user, login):  # noqa: F811
    client = login(lead_user)
    for url in _urls(studio, record):
        assert client.get(url).status_code == 200, url
    # a member of the other studio: sees its page, keeps none of its record
    assert client.get(reverse("studio_detail", args=[other_studio.pk])).status_code == 200
    for url in (
        reverse("studio_report_new", args=[other_studio.pk]),
        reverse("studio_output_new", args=[other_studio.pk]),
        reverse("studio_output_edit", args=[other_studio.pk, record["theirs"].pk]),
        reverse("studio_assessment_new", args=[studio.pk]),
    ):
        assert client.get(url).status_code == 403, url
    response = client.post(
        reverse("studio_output_delete", args=[other_studio.pk, record["theirs"].pk])
    )
    assert response.status_code == 403
    assert other_studio.outputs.count() == 1
    # their report and output, through the pages
    response = client.post(
        reverse("studio_report_edit", args=[studio.pk, record["report"].pk]),
        {"summary": "试验四轮", "activities": 2, "participants": 12, "problems_solved": 0},
    )
    assert response.status_code == 302
    record["report"].refresh_from_db()
    assert record["report"].summary == "试验四轮"


def test_a_viewer_reads_the_record_and_changes_nothing(cast, studio, record, login):
    client = login(cast["county_viewer"])
    assert (
        client.get(
            reverse("studio_report_detail", args=[studio.pk, record["report"].pk])
        ).status_code
        == 200
    )
    assert client.get(reverse("studio_report_new", args=[studio.pk])).status_code == 403
    url = reverse("studio_report_accept", args=[studio.pk, record["report"].pk])
    assert client.post(url).status_code == 403


def test_an_accepted_report_says_what_froze_it(cast, studio, record, lead_user, login):  # noqa: F811
    url = reverse("studio_report_accept", args=[studio.pk, record["report"].pk])
    assert login(cast["town_admin"]).post(url).status_code == 302
    client = login(lead_user)
    page = client.get(reverse("studio_report_detail", args=[studio.pk, record["report"].pk]))
    assert "由工会验收，已封存" in page.content.decode()
    edit = reverse("studio_report_edit", args=[studio.pk, record["report"].pk])
    assert client.get(edit).status_code == 403


def test_the_warning_shows_on_the_studio_page_and_the_registry(cast, studio, other_studio, login):  # noqa: F811
    today = timezone.localdate()
    # named 400 days ago with nothing recorded: warned; the other studio recorded last month
    Studio.objects.filter(pk=studio.pk).update(named_on=today - datetime.timedelta(days=400))
    services_record.add_output(
        by=cast["town_admin"],
        studio=other_studio,
        kind="award",
        title="市职工技术创新成果奖",
        date=today - datetime.timedelta(days=31),
    )
    client = login(cast["town_admin"])
    page = client.get(reverse("studio_detail", args=[studio.pk])).content.decode()
    assert 'data-testid="studio-warning"' in page and "12个月" in page
    page = client.get(reverse("studio_detail", args=[other_studio.pk])).content.decode()
    assert 'data-testid="studio-warning"' not in page
    listing = client.get(reverse("studio_list"))
    assert listing.context["warned"] == {studio.pk} and listing.context["warned_count"] == 1
    filtered = client.get(reverse("studio_list"), {"warning": "yes"})
    assert [s.pk for s in filtered.context["page"]] == [studio.pk]
    # a town B union sees neither studio, warned or not
    listing = login(cast["sibling_admin"]).get(reverse("studio_list"), {"warning": "yes"})
    assert list(listing.context["page"]) == [] and listing.context["warned_count"] == 0


def test_the_warning_lifts_once_an_output_is_recorded(cast, studio, login):
    today = timezone.localdate()
    Studio.objects.filter(pk=studio.pk).update(named_on=today - datetime.timedelta(days=400))
    services_record.add_output(
        by=cast["town_admin"], studio=studio, kind="paper", title="新论文", date=today
    )
    page = login(cast["town_admin"]).get(reverse("studio_detail", args=[studio.pk]))
    assert 'data-testid="studio-warning"' not in page.content.decode()
