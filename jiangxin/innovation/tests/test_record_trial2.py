# ruff: noqa: F811  (the fixtures imported below are pytest arguments)
"""What a second trial of the living record found: a quarter already filed said with the other
errors and a link to its report; the latest annual assessment freezing every year up to it; the
assessment form showing the assessor's items 待评 until entered, with a running total; the
assessment's title saying 年度 once; the showcase counting the team as a batch does."""

import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from jiangxin.innovation import policies_record, services, services_record
from jiangxin.innovation.models import StudioOutput
from jiangxin.innovation.tests.record_fixtures import lead_user  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db
MANUAL = {"team": D(15), "funds": D(5)}  # the default sheet's two assessor-scored items


def _report(studio, by, year, quarter):
    return services_record.file_report(
        by=by,
        studio=studio,
        year=year,
        quarter=quarter,
        summary="开展试验",
        activities=1,
        participants=5,
        problems_solved=0,
    )


def test_a_quarter_already_filed_is_said_with_the_other_errors_and_links_the_report(
    login, studio, lead_user
):
    report = _report(studio, lead_user, 2025, 2)
    response = login(lead_user).post(
        reverse("studio_report_new", args=[studio.pk]),
        # the summary is missing too: both are said at once
        {
            "year": 2025,
            "quarter": 2,
            "summary": "",
            "activities": 1,
            "participants": 1,
            "problems_solved": 0,
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    quarter = body.split('name="quarter"')[1].split('<div class="field">')[0]
    url = reverse("studio_report_detail", args=[studio.pk, report.pk])
    assert "2025年第二季度的报告已填报，请在原报告上修改" in quarter
    assert f'<a href="{url}">打开2025年第二季度报告</a>' in quarter
    assert (
        "这个字段是必填项" in body
        or "必填" in body.split('name="summary"')[1].split('<div class="field">')[0]
    )


def test_the_new_report_offers_the_latest_quarter_not_yet_filed(login, studio, lead_user):
    today = timezone.localdate()
    year, quarter = today.year, (today.month - 1) // 3 + 1
    _report(studio, lead_user, year, quarter)
    # the quarter before this one (the studio was named in 2024, so it is due)
    before = (year - 1, 4) if quarter == 1 else (year, quarter - 1)
    form = login(lead_user).get(reverse("studio_report_new", args=[studio.pk])).context["form"]
    assert (form.initial["year"], form.initial["quarter"]) == before


def _output(studio, by, day):
    return services_record.add_output(
        by=by, studio=studio, kind="paper", title="液压密封件寿命的问题分析", date=day
    )


def test_the_latest_annual_assessment_freezes_every_year_up_to_it(cast, studio, lead_user):
    # founded 2024-03-01, named 2024-12-01: no assessment for 2024, then 2025's
    old = _output(studio, lead_user, datetime.date(2024, 6, 12))
    facts = policies_record.freezing_facts(studio)
    assert policies_record.output_frozen_reason(old, *facts) is None
    services_record.record_assessment(
        by=cast["town_admin"], studio=studio, year=2025, manual=MANUAL
    )
    facts = policies_record.freezing_facts(studio)
    reason = "2025年度考核已完成，2025年及以前的成果已封存"
    assert policies_record.output_frozen_reason(old, *facts) == reason
    assert not policies_record.can_change_output(lead_user, old, facts)
    with pytest.raises(ValidationError, match=reason):
        services_record.update_output(by=lead_user, output=old, title="改")
    with pytest.raises(ValidationError, match=reason):
        _output(studio, lead_user, datetime.date(2024, 9, 1))  # nor added to a closed year
    # the year after stays open
    this_year = timezone.localdate().replace(month=1, day=2)
    new = _output(studio, lead_user, this_year)
    assert policies_record.output_frozen_reason(new, *facts) is None
    assert StudioOutput.objects.filter(studio=studio).count() == 2


def test_the_assessment_form_shows_the_assessors_items_pending_and_a_running_total(
    login, cast, studio
):
    url = reverse("studio_assessment_new", args=[studio.pk])
    client = login(cast["town_admin"])
    page = client.get(url).content.decode()
    rows = page.split('data-testid="pending"')[1:]
    assert len(rows) == 2  # 团队 and 经费, the default sheet's assessor items
    for row in rows:
        row = row.split("</tr>")[0]
        assert '<td data-role="deduction">—</td>' in row
        assert '<td data-role="points">待评</td>' in row
    assert "另有 2 项待评" in page
    assert "data-running-total" in page and 'data-decimals="2"' in page
    assert '<script src="/static/innovation/running_total.js" defer></script>' in page
    # one item entered, the other wrong: the entered one is scored, the other still pending
    form = client.get(url).context["form"]
    team, funds = (f"item_{i.key}" for i in form.manual_items)
    response = client.post(url, {"year": 2025, team: "12", funds: "x"})
    assert response.status_code == 400
    body = response.content.decode()
    assert body.count('data-testid="pending"') == 1 and "另有 1 项待评" in body
    preview = response.context["preview"]
    read = sum((line.points for line in preview.lines if line.source), D(0))
    assert response.context["read_total"] == read
    assert preview.score == read + 12  # the read items and the 12 entered


def test_the_assessment_title_says_the_year_once(login, cast, studio):
    assessment = services_record.record_assessment(
        by=cast["town_admin"], studio=studio, year=2025, manual=MANUAL
    )
    assert assessment.title == "2025 年度考核"
    page = login(cast["town_admin"]).get(
        reverse("studio_assessment_detail", args=[studio.pk, assessment.pk])
    )
    body = page.content.decode()
    assert '<h1 data-testid="title">2025 年度考核</h1>' in body
    assert "年度年度" not in body


def test_the_showcase_counts_the_team_with_its_lead(client, cast, studio, studio_people):
    # the lead and one current member; a member who left is not counted
    gone = services.add_member(
        by=cast["town_admin"],
        studio=studio,
        worker=studio_people["technician"],
        role="member",
        joined=datetime.date(2024, 5, 1),
    )
    services.remove_member(by=cast["town_admin"], member=gone)
    page = client.get(reverse("studio_showcase")).content.decode()
    assert "团队 2 人（含领办人）" in page
