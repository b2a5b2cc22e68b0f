# ruff: noqa: F811  (the fixtures imported below are pytest arguments)
"""What a first trial of the studio pages found: money shown with two decimals, the registry link
only for those who may open it and 我的工作室 for the team, the studio 公示 linked from the
public pages, and the registry's charts counting what their titles say."""

import datetime
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone

from jiangxin import factories as f
from jiangxin.innovation import services, services_record
from jiangxin.innovation.tests.conftest import studio_fields
from jiangxin.innovation.tests.record_fixtures import lead_user  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def test_the_benefit_is_shown_with_two_decimals(login, cast, studio):
    day = timezone.localdate()
    for amount in ("10.5", "5.1"):
        services_record.add_output(
            by=cast["town_admin"],
            studio=studio,
            kind="benefit",
            title="节能",
            date=day,
            benefit_wan=D(amount),
        )
    html = login(cast["town_admin"]).get(reverse("studio_detail", args=[studio.pk])).content
    html = html.decode()
    # 10.5 + 5.1 = 15.60 万元 this year; each output 10.50 and 5.10
    assert 'data-figure="benefit_wan">15.60<' in html
    assert "10.50 万元" in html and "5.10 万元" in html
    assert "15.6000" not in html


def test_the_lead_has_my_studio_and_no_registry_link(login, cast, studio, lead_user):
    client = login(lead_user)
    page = client.get(reverse("studio_detail", args=[studio.pk])).content.decode()
    assert "返回工作室列表" not in page
    assert client.get(reverse("studio_list")).status_code == 404
    home = client.get(reverse("worker_detail", args=[studio.lead_id])).content.decode()
    url = reverse("studio_detail", args=[studio.pk])
    assert f'<a href="{url}" class="">我的工作室</a>' in home or f'href="{url}"' in home
    assert "我的工作室" in home
    # the union admin keeps the way back to the registry
    admin = login(cast["town_admin"]).get(reverse("studio_detail", args=[studio.pk]))
    assert "返回工作室列表" in admin.content.decode()


def test_a_member_in_two_studios_gets_the_list(login, cast, studio, studio_people):
    member_user = f.user("linhaifeng")
    member = studio_people["member"]
    member.account = member_user
    member.save(update_fields=["account"])
    lead = f.worker(cast["union_a"], "王建国", enterprise_obj=cast["ent_a"])
    second = services.create_studio(
        by=cast["town_admin"],
        **studio_fields(
            cast,
            studio_people,
            name="王建国职工创新工作室",
            kind="worker",
            lead=lead,
            plaque_number="P-2",
        ),
    )
    services.add_member(
        by=cast["town_admin"], studio=second, worker=member, joined=datetime.date(2025, 1, 1)
    )
    client = login(member_user)
    page = client.get(reverse("my_studios")).content.decode()
    assert "洪志明劳模创新工作室" in page and "王建国职工创新工作室" in page
    assert f'href="{reverse("my_studios")}"' in page  # the menu entry


def test_the_studio_publicity_is_linked_from_the_public_pages(login):
    client = login(None)
    for name in ("public_results_list", "studio_showcase"):
        page = client.get(reverse(name)).content.decode()
        assert f'href="{reverse("studio_publicity")}"' in page, name


def test_the_registry_charts_count_the_named_studios_as_titled(login, cast, studio_people, studio):
    craftsman = f.worker(cast["union_b"], "黄丽娟", enterprise_obj=cast["ent_b"])
    services.create_studio(  # delisted: in the list and its figure, not in the charts
        by=cast["town_admin"],
        **studio_fields(
            cast,
            studio_people,
            name="黄丽娟职工创新工作室",
            kind="worker",
            enterprise=cast["ent_b"],
            lead=craftsman,
            state="delisted",
            named_on=datetime.date(2021, 5, 1),
            founded=datetime.date(2021, 1, 1),
            delisted_on=datetime.date(2024, 1, 10),
            plaque_number="JJ-2021-3",
        ),
    )
    html = login(cast["town_admin"]).get(reverse("studio_list")).content.decode()
    assert 'data-testid="named-count">1<' in html and "工作室（2 家）" in html
    assert "已命名工作室按类别" in html
    # the kind table: one named 劳模创新工作室; the delisted 职工创新工作室 is not charted
    kind_table = html.split('data-chart="chart-kind"')[1].split("</table>")[0]
    assert "劳模创新工作室" in kind_table and "职工创新工作室" not in kind_table
    delisted = login(cast["town_admin"]).get(reverse("studio_list") + "?state=delisted")
    assert "已摘牌工作室按类别" in delisted.content.decode()
