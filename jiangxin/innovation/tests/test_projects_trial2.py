# ruff: noqa: F811  (the fixtures imported below are pytest arguments)
"""What a second trial of the projects and subsidies found: a milestone marked done on a day to
come, a spending on a project dated before the project began, the statement opening on an empty
current year and ordering its rows by the database's whim."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from jiangxin.innovation import services_projects, services_subsidies
from jiangxin.innovation.models import Milestone, SubsidyLine
from jiangxin.innovation.services_subsidies import _tree_order
from jiangxin.innovation.tests.fixtures_projects import (  # noqa: F401  (fixtures)
    lead_user,
    project,
    subsidy,
)
from jiangxin.innovation.tests.record_fixtures import _craftsman_studio

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def test_a_milestone_is_not_done_on_a_day_to_come(login, cast, project):
    milestone = project.milestones.get(title="台架寿命试验")
    tomorrow = timezone.localdate() + DAY
    with pytest.raises(ValidationError) as err:
        services_projects.update_milestone(
            by=cast["town_admin"], milestone=milestone, state="done", done_on=tomorrow
        )
    assert list(err.value.message_dict) == ["done_on"]
    response = login(cast["town_admin"]).post(
        reverse("milestone_edit", args=[project.pk, milestone.pk]),
        {"title": milestone.title, "due": milestone.due, "state": "done", "done_on": tomorrow},
    )
    assert response.status_code == 400
    field = response.content.decode().split('name="done_on"')[1].split('<div class="field">')[0]
    assert f"完成日期 {tomorrow} 晚于今天" in field
    assert f'value="{tomorrow}"' in response.content.decode()  # the input kept
    assert Milestone.objects.get(pk=milestone.pk).state == "underway"
    # today is fine
    services_projects.update_milestone(
        by=cast["town_admin"], milestone=milestone, state="done", done_on=timezone.localdate()
    )


def test_a_spending_on_a_project_is_not_dated_before_its_start(cast, studio, project):
    start = project.start  # today − 200 days
    services_subsidies.grant_subsidy(
        by=cast["town_admin"],
        studio=studio,
        year=start.year,
        amount=Decimal("50000"),
        kind="special",
    )
    spend = {
        "by": cast["town_admin"],
        "studio": studio,
        "year": start.year,
        "item": "试验材料",
        "amount": Decimal("1000"),
        "project": project,
    }
    if start.month > 1:  # a day of the grant's year before the project began
        with pytest.raises(ValidationError) as err:
            services_subsidies.record_spending(spent_on=start - DAY, **spend)
        assert "早于攻关项目“液压密封件寿命攻关”的开始日期" in err.value.message_dict["spent_on"][0]
        assert not SubsidyLine.objects.exists()
    line = services_subsidies.record_spending(spent_on=start, **spend)
    assert line.project == project


def test_the_spending_form_refuses_a_day_before_the_project_with_a_message(
    login, cast, studio, project
):
    start = project.start
    services_subsidies.grant_subsidy(
        by=cast["town_admin"], studio=studio, year=2024, amount=Decimal("50000"), kind="special"
    )
    client = login(cast["town_admin"])
    response = client.post(
        reverse("subsidy_line_add", args=[studio.pk]),
        {
            "year": 2024,
            "spent_on": max(datetime.date(2024, 6, 1), start - DAY),
            "item": "试验材料",
            "amount": "1000",
            "project": project.pk,
        },
        follow=True,
    )
    assert "早于攻关项目“液压密封件寿命攻关”的开始日期" in response.content.decode()
    assert not SubsidyLine.objects.exists()
    page = client.get(reverse("studio_subsidies", args=[studio.pk])).content.decode()
    assert f'<option value="{project.pk}">液压密封件寿命攻关</option>' in page


def test_the_statement_opens_on_the_latest_year_with_records(login, cast, studio, subsidy):
    # the fixture's grant and line are of 2024; nothing since
    client = login(cast["town_admin"])
    response = client.get(reverse("subsidy_statement"))
    assert response.context["statement"].year == 2024
    body = response.content.decode()
    assert "year=2024&amp;node=" in body  # the Excel link with it
    assert 'name="year" value="2024"' in body
    assert len(response.context["statement"].rows) == 1
    # a node asked without a year: the same default, shown in the form
    node = response.context["statement"].node
    response = client.get(reverse("subsidy_statement"), {"node": node.pk})
    assert response.context["statement"].year == 2024
    assert 'name="year" value="2024"' in response.content.decode()
    # a year asked is kept, even an empty one
    response = client.get(reverse("subsidy_statement"), {"year": 2025})
    assert response.context["statement"].year == 2025 and not response.context["statement"].rows


def test_the_statement_rows_follow_the_union_tree_then_the_name(login, cast, studio, subsidy):
    other = _craftsman_studio(
        cast,
        union=cast["union_b"],
        enterprise=cast["ent_b"],
        name="蔡志强工匠创新工作室",
        admin=cast["town_admin"],
        lead_name="蔡志强",
    )
    services_subsidies.grant_subsidy(
        by=cast["town_admin"], studio=other, year=2024, amount=Decimal("30000"), kind="annual"
    )
    rows = services_subsidies.statement(
        user=cast["town_admin"], node=cast["town_a"], year=2024
    ).rows
    # each union's path compared node by node as numbers, then the studio's name
    expected = sorted(
        [studio, other],
        key=lambda s: ([int(p) for p in s.org_path.strip("/").split("/")], s.name, s.pk),
    )
    assert [r.studio for r in rows] == expected == sorted([other, studio], key=_tree_order)
