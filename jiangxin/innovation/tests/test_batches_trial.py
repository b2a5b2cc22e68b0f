# ruff: noqa: F811  (the fixtures imported below are pytest arguments)
"""What a first trial of the batches found: the 开启批次 button only for those who may open one,
the expert's score messages and link, the 公示's first day."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from jiangxin.innovation import services_batches
from jiangxin.innovation.tests.batches_fixtures import (  # noqa: F401  (fixtures)
    application,
    applying_studio,
    batch,
    experts,
    score_all,
)

pytestmark = pytest.mark.django_db


def test_an_enterprise_union_admin_is_not_offered_to_open_a_batch(login, cast):
    client = login(cast["admin_a"])
    assert reverse("batch_new") not in client.get(reverse("batch_list")).content.decode()
    assert client.get(reverse("batch_new")).status_code == 403


def test_the_one_union_a_town_admin_may_open_a_batch_for_is_preselected(login, cast):
    client = login(cast["town_admin"])
    assert reverse("batch_new") in client.get(reverse("batch_list")).content.decode()
    page = client.get(reverse("batch_new")).content.decode()
    assert f'<option value="{cast["town_a"].pk}" selected>' in page
    # a county admin has the county and its two towns: nothing preselected
    county = login(cast["county_admin"]).get(reverse("batch_new")).content.decode()
    assert " selected>" not in county.split('name="organisation"')[1].split("</select>")[0]


@pytest.fixture
def endorsed(cast, application):
    services_batches.endorse_application(
        by=cast["town_admin"], application=application, opinion="同意推荐"
    )
    return application


def test_a_score_over_the_maximum_names_the_item(login, experts, endorsed):
    items = list(endorsed.batch.items.all())  # 场所 15 first
    data = {f"item_{i.pk}": "1" for i in items} | {f"item_{items[0].pk}": "16"}
    response = login(experts[0]).post(reverse("application_score", args=[endorsed.pk]), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "「场所」最高 15 分，请重新填写" in body and "确保该值" not in body


def test_the_expert_finds_the_score_link_on_the_application(login, experts, endorsed):
    client = login(experts[0])
    page = client.get(reverse("application_detail", args=[endorsed.pk])).content.decode()
    assert "0 / 3 位专家已完成评分" in page
    assert "尚未评分" in page and reverse("application_score", args=[endorsed.pk]) in page
    # the studio's page is not theirs to see: no link to a 404
    assert reverse("studio_detail", args=[endorsed.studio_id]) not in page
    score_all(endorsed, experts[:1], [[10, 10, 10, 10, 10, 10, 10]])
    page = client.get(reverse("application_detail", args=[endorsed.pk])).content.decode()
    assert "您已评分，合计 70" in page and "修改评分" in page


@pytest.fixture
def decided(cast, experts, endorsed):
    score_all(endorsed, experts, [[12, 13, 18, 8, 9, 8, 17]] * 3)
    services_batches.decide_application(by=cast["town_admin"], application=endorsed, approve=True)
    return endorsed


def test_the_publicity_starts_today_by_default_and_today_is_accepted(login, cast, decided):
    client = login(cast["town_admin"])
    batch = decided.batch
    today = timezone.localdate()
    page = client.get(reverse("batch_detail", args=[batch.pk])).content.decode()
    assert f'value="{today:%Y-%m-%d}"' in page
    # the deadline is 30 days ahead: the page says publishing ends the intake now
    assert "发布公示后本批次即停止受理申报" in page
    response = client.post(reverse("batch_publicity", args=[batch.pk]), {"first_day": f"{today}"})
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.state == "publicity" and batch.publicity_from == today


def test_a_past_first_day_is_refused_on_the_field_without_repeating_its_label(login, cast, decided):
    batch = decided.batch
    yesterday = timezone.localdate() - timezone.timedelta(days=1)
    response = login(cast["town_admin"]).post(
        reverse("batch_publicity", args=[batch.pk]), {"first_day": f"{yesterday}"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "不能早于今天" in body and "公示开始日期不能早于今天" not in body
    batch.refresh_from_db()
    assert batch.state == "open"
