# ruff: noqa: F811  (the fixtures imported below are pytest arguments)
"""What a second trial of the batches found: the experts' progress on the application page (the
same count and the same people left for the expert and for the union), people's names instead of
login names, half-point steps refused on the server with a running total on the sheet and the
expert's total on the batch page, and the application form's errors on the right field, saying
the chosen files must be chosen again."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from jiangxin.innovation import services_batches, services_projects
from jiangxin.innovation.models import ExpertScore, StudioApplication
from jiangxin.innovation.tests.batches_fixtures import (  # noqa: F401  (fixtures)
    application,
    applying_studio,
    batch,
    experts,
    pdf,
    score_all,
)

pytestmark = pytest.mark.django_db

# 场所 15, 设施 15, 团队 20, 制度 10, 经费 10, 台账 10, 成效 20 (the default sheet)
SHEET = [14, 13.5, 18, 9, 8.5, 9, 17.5]  # total 89.5


@pytest.fixture
def named_people(cast, experts):
    """Display names as the accounts carry them (the factory's default is the login name)."""
    for user, name in (
        (cast["admin_a"], "晋工机械工会 李某"),
        (cast["town_admin"], "安海镇总工会 王某"),
        (experts[0], "评审专家 林振华"),
        (experts[1], "评审专家 黄志坚"),
        (experts[2], "评审专家 蔡雅琴"),
    ):
        user.display_name = name
        user.save(update_fields=["display_name"])
    return experts


@pytest.fixture
def endorsed(cast, application, named_people):
    services_batches.endorse_application(
        by=cast["town_admin"], application=application, opinion="同意推荐"
    )
    return application


def _progress(page: str) -> str:
    return re.search(r'data-testid="progress">(.*?)</p>', page, re.S).group(1)


def test_the_expert_and_the_union_see_the_same_progress_and_who_is_left(login, cast, endorsed):
    experts = list(endorsed.batch.experts.order_by("pk"))
    score_all(endorsed, [e.account for e in experts[1:]], [SHEET, SHEET])
    url = reverse("application_detail", args=[endorsed.pk])
    expert_page = login(experts[0].account).get(url).content.decode()
    admin_page = login(cast["town_admin"]).get(url).content.decode()
    # two of three have scored every item; the one left is named, by name, on both pages
    for page in (expert_page, admin_page):
        assert "2 / 3 位专家已完成评分" in _progress(page)
        assert "尚未评分：评审专家 林振华" in _progress(page)
        assert "还有专家未完成评分：评审专家 林振华" in page
    # the expert scores: 3 / 3 for both, nobody left, and step 4 says what comes next
    score_all(endorsed, [experts[0].account], [SHEET])
    expert_page = login(experts[0].account).get(url).content.decode()
    admin_page = login(cast["town_admin"]).get(url).content.decode()
    for page in (expert_page, admin_page):
        assert "3 / 3 位专家已完成评分" in _progress(page)
        assert "尚未评分" not in page
    assert "您已评分，合计 89.5 分" in expert_page
    assert "专家已全部评分，等待批次工会作出决定。" in expert_page
    assert 'name="approve"' in admin_page  # the union decides


def test_the_steps_name_people_not_login_names(login, cast, endorsed):
    experts = [e.account for e in endorsed.batch.experts.order_by("pk")]
    score_all(endorsed, experts, [SHEET, SHEET, SHEET])
    services_batches.decide_application(by=cast["town_admin"], application=endorsed, approve=True)
    client = login(cast["town_admin"])
    page = client.get(reverse("application_detail", args=[endorsed.pk])).content.decode()
    assert "晋工机械工会 李某 于" in page
    assert "安海镇总工会 王某 于" in page  # endorsed and decided by the town
    assert "<td>评审专家 黄志坚</td>" in page
    assert "admin_a 于" not in page and "town_admin 于" not in page and "expert2" not in page
    batch_page = client.get(reverse("batch_detail", args=[endorsed.batch_id])).content.decode()
    assert "评审专家：评审专家 林振华、评审专家 黄志坚、评审专家 蔡雅琴" in batch_page


def test_a_score_off_the_half_point_step_is_refused_on_its_field_and_kept(login, endorsed):
    expert = endorsed.batch.experts.order_by("pk").first().account
    items = list(endorsed.batch.items.all())
    data = {f"item_{i.pk}": str(p) for i, p in zip(items, SHEET, strict=True)}
    data[f"item_{items[1].pk}"] = "13.3"  # 设施: on no half-point step
    response = login(expert).post(reverse("application_score", args=[endorsed.pk]), data)
    assert response.status_code == 400
    body = response.content.decode()
    field = body.split(f'name="item_{items[1].pk}"')[1].split('<div class="field">')[0]
    assert "「设施」按 0.5 分一档打分（如 12 或 12.5），13.3 不在档上，请重新填写" in field
    assert 'value="13.3"' in body  # the input kept
    assert not ExpertScore.objects.exists()


def test_the_score_sheet_has_a_running_total_from_a_local_script(login, endorsed):
    expert = endorsed.batch.experts.order_by("pk").first().account
    page = login(expert).get(reverse("application_score", args=[endorsed.pk])).content.decode()
    assert "data-running-total" in page and "data-points" in page
    assert '<script src="/static/innovation/running_total.js" defer></script>' in page


def test_the_batch_page_shows_the_experts_own_total_beside_the_button(login, endorsed):
    experts = [e.account for e in endorsed.batch.experts.order_by("pk")]
    score_all(endorsed, experts[:1], [SHEET])
    # 14 + 13.5 + 18 + 9 + 8.5 + 9 + 17.5 = 89.5
    page = login(experts[0]).get(reverse("batch_detail", args=[endorsed.batch_id]))
    cell = page.content.decode().split('data-testid="my-total">')[1].split("</td>")[0]
    assert "89.5 分" in cell and "修改评分" in cell
    other = login(experts[1]).get(reverse("batch_detail", args=[endorsed.batch_id]))
    cell = other.content.decode().split('data-testid="my-total">')[1].split("</td>")[0]
    assert "分</span>" not in cell and "评分" in cell  # not scored yet: the button only


def test_the_service_refuses_points_off_the_step(endorsed):
    from django.core.exceptions import ValidationError

    expert = endorsed.batch.experts.order_by("pk").first().account
    items = list(endorsed.batch.items.all())
    points = {i.pk: Decimal(str(p)) for i, p in zip(items, SHEET, strict=True)}
    points[items[0].pk] = Decimal("12.2")
    with pytest.raises(ValidationError) as err:
        services_batches.record_scores(by=expert, application=endorsed, points=points)
    assert list(err.value.message_dict) == [f"item_{items[0].pk}"]


def _field(body: str, name: str) -> str:
    """The field's block on the page: from its input to the next field."""
    return body.split(f'name="{name}"')[1].split('<div class="field">')[0]


def test_a_missing_yearly_project_is_said_on_its_field_and_the_files_must_be_chosen_again(
    login, cast, batch, applying_studio
):
    client = login(cast["admin_a"])
    response = client.post(
        reverse("application_new", args=[batch.pk]),
        {"studio": applying_studio.pk, "yearly_project": "", "files": [pdf()]},
    )
    assert response.status_code == 400
    body = response.content.decode()
    message = "本批次要求有年度攻关项目：请填写年度攻关项目"
    assert message in _field(body, "yearly_project")
    assert message not in _field(body, "studio")
    summary = body.split('data-testid="error-summary">')[1].split("</div></div>")[0]
    assert "请重新选择附件" in summary
    assert "请重新选择附件" in body.split('name="files"')[1].split("</form>")[0]
    assert not StudioApplication.objects.exists()


def test_the_yearly_project_suggests_the_studios_projects_under_way(
    login, cast, batch, applying_studio
):
    import datetime

    services_projects.create_project(
        by=cast["admin_a"],
        studio=applying_studio,
        title="卫生材料高吸水层减薄攻关",
        goal="减薄",
        start=datetime.date(2025, 1, 1),
        end=datetime.date(2026, 12, 31),
    )
    page = login(cast["admin_a"]).get(reverse("application_new", args=[batch.pk]))
    body = page.content.decode()
    assert 'list="yearly-projects"' in body
    datalist = body.split('<datalist id="yearly-projects">')[1].split("</datalist>")[0]
    assert 'value="卫生材料高吸水层减薄攻关"' in datalist
