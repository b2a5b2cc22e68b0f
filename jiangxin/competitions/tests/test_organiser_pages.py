"""The organiser's and teams' pages of issue 8: edit and remove until the step that freezes
it (A2), validation on the field (A3), a team built in one step (A4), confirmed steps and the
checklist (A6), one view per action (C2) and bounded queries."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from jiangxin import factories as f
from jiangxin.audit.models import AuditEntry
from jiangxin.competitions import services
from jiangxin.competitions.models import Aspect, Competition, Entry, JudgeAssignment
from jiangxin.competitions.tests.test_manage_pages import _form

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(cast, client):
    client.force_login(cast["county_admin"])
    client.post(reverse("competition_new"), _form(cast))
    return Competition.objects.get()


@pytest.fixture
def opened(draft, cast):
    services.transition(by=cast["county_admin"], competition=draft, step="open_registration")
    draft.refresh_from_db()
    return draft


@pytest.fixture
def team(opened, cast):
    return services.create_delegation(
        by=cast["town_admin"], competition=opened, organisation=cast["town_a"], name="安海镇代表队"
    )


def _audited(model: str, action: str) -> int:
    return AuditEntry.objects.filter(object_type=f"competitions.{model}", action=action).count()


# --- A2: edit and remove until the step that freezes it ------------------------------------


def test_a_draft_competition_is_edited_and_audited_then_frozen_by_opening(draft, cast, client):
    url = reverse("competition_edit", args=[draft.pk])
    body = client.get(url).content.decode()
    assert "novalidate" in body and draft.title in body
    response = client.post(url, _form(cast, title="晋江市第二届协调员竞赛（修订）", first="2"))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "晋江市第二届协调员竞赛（修订）"
    assert draft.award_rules[0] == {"name": "一等奖", "count": 2}
    audit = AuditEntry.objects.filter(object_type="competitions.competition", action="update")
    assert "title" in audit.latest("pk").changes
    services.transition(by=cast["county_admin"], competition=draft, step="open_registration")
    body = client.get(url).content.decode()
    assert "报名已开放，竞赛信息不能再修改" in body
    client.post(url, _form(cast, title="改不了"))
    draft.refresh_from_db()
    assert draft.title == "晋江市第二届协调员竞赛（修订）"


def test_a_draft_is_deleted_after_a_confirmation_and_an_open_one_is_not(draft, cast, client):
    url = reverse("competition_delete", args=[draft.pk])
    body = client.get(url).content.decode()
    assert "不能恢复" in body and Competition.objects.exists()
    client.post(url)
    assert not Competition.objects.exists()
    assert _audited("competition", "delete") == 1
    client.post(reverse("competition_new"), _form(cast))
    other = Competition.objects.get()
    services.transition(by=cast["county_admin"], competition=other, step="open_registration")
    response = client.post(reverse("competition_delete", args=[other.pk]), follow=True)
    assert "只有草稿可以删除" in response.content.decode()
    assert Competition.objects.filter(pk=other.pk).exists()


def test_weights_change_until_the_draw(opened, cast, client):
    theory, practical = opened.components.order_by("order")
    url = reverse("competition_weights", args=[opened.pk])
    response = client.post(url, {f"weight_{theory.pk}": "40", f"weight_{practical.pk}": "50"})
    assert "各部分的权重之和应为 100，现为 90" in response.content.decode()
    client.post(url, {f"weight_{theory.pk}": "40", f"weight_{practical.pk}": "60"})
    assert [c.weight for c in opened.components.order_by("order")] == [40, 60]
    assert _audited("component", "update") == 2
    opened.status = Competition.Status.DRAWN
    opened.save()
    body = client.get(reverse("competition_scheme", args=[opened.pk])).content.decode()
    assert "已抽签，竞赛项目和权重不能再修改" in body
    client.post(url, {f"weight_{theory.pk}": "30", f"weight_{practical.pk}": "70"})
    assert [c.weight for c in opened.components.order_by("order")] == [40, 60]


def _aspect(practical, **over):
    data = {
        "component": practical.pk,
        "criterion": "调解过程",
        "kind": "judgement",
        "description": "沟通表达",
        "max_mark": "60",
        "level0": "未达到",
        "level1": "基本达到",
        "level2": "达到",
        "level3": "超出",
    }
    data.update(over)
    return data


def test_an_aspect_is_checked_on_its_fields_edited_and_deleted_until_the_first_score(
    opened, cast, client
):
    practical = opened.components.get(kind="practical")
    add = reverse("aspect_add", args=[opened.pk])
    # a blank level descriptor: refused on its field, what was typed kept
    response = client.post(add, _aspect(practical, level2="  "))
    body = response.content.decode()
    assert response.status_code == 400
    assert "请写出 2 分档的描述" in body and 'value="基本达到"' in body
    assert not Aspect.objects.exists()
    client.post(add, _aspect(practical))
    # a duplicate: refused with a sentence, never a constraint's name
    body = client.post(add, _aspect(practical)).content.decode()
    assert "下已有评分要点“沟通表达”" in body and Aspect.objects.count() == 1
    client.post(add, _aspect(practical, description="方案完整", kind="measurement", max_mark="100"))
    body = client.get(reverse("competition_scheme", args=[opened.pk])).content.decode()
    assert "技能操作考核合计 160.00 / 100" in body
    assert "100 ÷ 160 = 0.625" in body
    aspect = Aspect.objects.get(description="沟通表达")
    edit = reverse("aspect_edit", args=[opened.pk, aspect.pk])
    client.post(edit, _aspect(practical, max_mark="40", level3="超出预期"))
    aspect.refresh_from_db()
    assert aspect.max_mark == Decimal("40") and aspect.descriptors[3] == "超出预期"
    assert _audited("aspect", "create") == 2 and _audited("aspect", "update") == 1
    other = Aspect.objects.get(description="方案完整")
    client.post(reverse("aspect_delete", args=[opened.pk, other.pk]))
    assert not Aspect.objects.filter(pk=other.pk).exists()
    assert _audited("aspect", "delete") == 1


def test_the_scheme_freezes_at_the_first_score(running, cast, client):
    client.force_login(cast["county_admin"])
    competition = running["competition"]
    services.record_score(
        by=running["judges"][0],
        entry=running["entries"]["c"],
        aspect=running["measured"],
        outcome="full",
    )
    body = client.get(reverse("competition_scheme", args=[competition.pk])).content.decode()
    assert "“技能操作考核”已有评分，评分标准不能再修改" in body
    aspect = running["measured"]
    response = client.post(reverse("aspect_delete", args=[competition.pk, aspect.pk]), follow=True)
    assert "已有评分" in response.content.decode()
    assert Aspect.objects.filter(pk=aspect.pk).exists()


def test_a_judge_appointed_twice_is_refused_and_removed_until_the_lock(opened, cast, client):
    f.user("judge9")
    url = reverse("judge_add", args=[opened.pk])
    client.post(url, {"username": "judge9", "role": "judge", "component": ""})
    response = client.post(url, {"username": "judge9", "role": "judge", "component": ""})
    assert response.status_code == 400
    assert "judge9已是全部项目的裁判" in response.content.decode()
    assert JudgeAssignment.objects.count() == 1
    assignment = JudgeAssignment.objects.get()
    client.post(reverse("judge_remove", args=[opened.pk, assignment.pk]))
    assert not JudgeAssignment.objects.exists()
    assert _audited("judgeassignment", "delete") == 1
    # a second click on the same removal: the same page, nothing else happens
    response = client.post(reverse("judge_remove", args=[opened.pk, assignment.pk]))
    assert response.status_code == 302


def test_a_judge_of_a_locked_component_stays(running, cast, client):
    client.force_login(cast["county_admin"])
    practical = running["practical"]
    practical.locked_at = timezone.now()
    practical.save()
    assignment = JudgeAssignment.objects.filter(component=practical).first()
    url = reverse("judge_remove", args=[running["competition"].pk, assignment.pk])
    response = client.post(url, follow=True)
    assert "成绩已锁定，裁判不能再调整" in response.content.decode()
    assert JudgeAssignment.objects.filter(pk=assignment.pk).exists()


def test_appointing_after_the_draw_names_whom_the_judge_must_recuse_from(running, cast, client):
    client.force_login(cast["county_admin"])
    judge = f.user("judge8")
    f.worker(cast["union_a"], "施裁判", enterprise_obj=cast["ent_a"]).__class__.objects.filter(
        name="施裁判"
    ).update(account=judge)
    response = client.post(
        reverse("judge_add", args=[running["competition"].pk]),
        {"username": "judge8", "role": "judge", "component": running["practical"].pk},
        follow=True,
    )
    body = response.content.decode()
    assert "执裁回避" in body and running["entries"]["a"].code in body


# --- A3: dates on their fields ---------------------------------------------------------------


def test_dates_out_of_order_are_refused_on_their_field_with_the_input_kept(cast, client):
    client.force_login(cast["county_admin"])
    now = timezone.localtime()
    late_close = (now + datetime.timedelta(days=20)).strftime("%Y-%m-%dT%H:%M")
    body = client.post(
        reverse("competition_new"), _form(cast, registration_closes=late_close)
    ).content.decode()
    assert "比赛日期须在报名截止之日或之后" in body and late_close in body
    early_close = (now - datetime.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    body = client.post(
        reverse("competition_new"), _form(cast, registration_closes=early_close)
    ).content.decode()
    assert "报名截止时间须晚于报名开始时间" in body
    assert "competition_registration_window" not in body
    assert not Competition.objects.exists()


# --- A4: a team built in one step ------------------------------------------------------------


def test_the_team_page_lists_eligible_workers_and_says_why_others_may_not(
    team, opened, cast, client
):
    opened.gender = "F"
    opened.save()
    client.force_login(cast["town_admin"])
    url = reverse("delegation_detail", args=[opened.pk, team.pk])
    body = client.get(url).content.decode()
    assert f'name="workers" value="{cast["worker_a"].pk}"' in body  # 柯宝馨: a box to tick
    assert f'name="workers" value="{cast["worker_b"].pk}"' not in body  # 曾小贤: why not
    assert "本次竞赛仅限女职工参加" in body
    assert "没有符合筛选条件" in client.get(url, {"q": "zzzz"}).content.decode()
    bad = client.get(url, {"level": "abc"})
    assert bad.status_code == 200 and "请从列表中选择技能等级" in bad.content.decode()
    body = client.get(url, {"enterprise": cast["ent_a"].pk}).content.decode()
    assert "柯宝馨" in body and "曾小贤" not in body


def test_members_enter_all_or_nothing_and_leave_until_registration_closes(
    team, opened, cast, client
):
    client.force_login(cast["town_admin"])
    add = reverse("members_add", args=[opened.pk, team.pk])
    extra = f.worker(cast["union_a"], "许东燕", enterprise_obj=cast["ent_a"])
    response = client.post(add, {"workers": [cast["worker_a"].pk, extra.pk, cast["worker_b"].pk]})
    assert response.status_code == 400 and not Entry.objects.exists()
    client.post(add, {"workers": [cast["worker_a"].pk, extra.pk]})
    assert Entry.objects.count() == 2
    # the same ticks sent again (a double click): a normal page, nobody entered twice
    response = client.post(add, {"workers": [cast["worker_a"].pk]})
    assert "柯宝馨已经报名本次竞赛" in response.content.decode()
    assert Entry.objects.count() == 2
    leader = reverse("delegation_leader", args=[opened.pk, team.pk])
    client.post(leader, {"worker": extra.pk})
    team.refresh_from_db()
    assert team.leader == extra
    member = Entry.objects.get(worker=extra)
    remove = reverse("member_remove", args=[opened.pk, team.pk, member.pk])
    assert "退出后空出一个名额" in client.get(remove).content.decode()
    client.post(remove)
    team.refresh_from_db()
    assert team.leader is None and Entry.objects.count() == 1
    assert _audited("entry", "delete") == 1
    services.transition(by=cast["county_admin"], competition=opened, step="close_registration")
    member = Entry.objects.get()
    response = client.post(reverse("member_remove", args=[opened.pk, team.pk, member.pk]))
    assert Entry.objects.count() == 1
    body = client.get(reverse("delegation_detail", args=[opened.pk, team.pk])).content.decode()
    assert "报名已截止，队员和领队不能再修改" in body and "设为领队" not in body


# --- A6: confirmed steps, the next step first, the checklist ----------------------------------


def test_closing_early_asks_first_and_says_what_is_lost(opened, cast, client):
    url = reverse("competition_step", args=[opened.pk, "close_registration"])
    detail = client.get(reverse("competition_detail", args=[opened.pk])).content.decode()
    assert f'class="btn btn-primary" href="{url}"' in detail  # the next step, as a link
    body = client.get(url).content.decode()
    assert "提前截止" in body and "不能再报名" in body
    opened.refresh_from_db()
    assert opened.status == "open"
    client.post(url)
    opened.refresh_from_db()
    assert opened.status == "closed"
    draw = reverse("competition_step", args=[opened.pk, "draw"])
    assert "结果不能重抽" in client.get(draw).content.decode()


def test_the_checklist_shows_each_role_what_is_left(team, opened, cast, client):
    body = client.get(reverse("competition_detail", args=[opened.pk])).content.decode()
    assert "主办单位：还要做什么" in body and "还没有评分要点：技能操作考核" in body
    client.force_login(cast["town_admin"])
    body = client.get(reverse("competition_detail", args=[opened.pk])).content.decode()
    assert "安海镇代表队：还要做什么" in body and "已报 0 / 2 人" in body
    assert "主办单位：还要做什么" not in body


# --- queries --------------------------------------------------------------------------------


def test_pages_read_a_bounded_number_of_queries(
    team, opened, cast, client, django_assert_max_num_queries
):
    for i in range(8):
        f.worker(cast["union_a"], f"测试职工{i}", enterprise_obj=cast["ent_a"])
    client.post(
        reverse("aspect_add", args=[opened.pk]),
        _aspect(opened.components.get(kind="practical")),
    )
    with django_assert_max_num_queries(30):
        client.get(reverse("competition_list"))
    with django_assert_max_num_queries(40):
        client.get(reverse("competition_detail", args=[opened.pk]))
    with django_assert_max_num_queries(25):
        client.get(reverse("competition_scheme", args=[opened.pk]))
    client.force_login(cast["town_admin"])
    with django_assert_max_num_queries(30):
        client.get(reverse("delegation_detail", args=[opened.pk, team.pk]))


# --- access matrix of the organiser's and teams' pages -------------------------------------

ORGANISER_ONLY = {
    "county_admin": 200,
    "county_viewer": 403,
    "town_admin": 403,
    "sibling_admin": 403,
    "outsider": 404,
    "worker_user": 403,  # entered in it, so they see the competition, not its set-up
}


def _pages(competition, team, aspect, member, judge):
    pk = competition.pk
    return {
        "competition_edit": [pk],
        "competition_delete": [pk],
        "competition_scheme": [pk],
        "aspect_edit": [pk, aspect.pk],
        "aspect_delete": [pk, aspect.pk],
    }, {
        "competition_weights": [pk],
        "aspect_add": [pk],
        "judge_add": [pk],
        "judge_remove": [pk, judge.pk],
        "competition_step": [pk, "close_registration"],
    }


@pytest.mark.parametrize("who", list(ORGANISER_ONLY))
def test_only_the_organiser_opens_or_posts_to_the_set_up_pages(team, opened, cast, client, who):
    practical = opened.components.get(kind="practical")
    aspect = services.add_aspect(
        by=cast["county_admin"],
        component=practical,
        criterion="c",
        kind="measurement",
        description="d",
        max_mark=Decimal("10"),
    )
    judge = services.appoint_judge(by=cast["county_admin"], competition=opened, user=f.user("j"))
    member = services.enter_worker(by=cast["town_admin"], delegation=team, worker=cast["worker_a"])
    pages, posts = _pages(opened, team, aspect, member, judge)
    client.force_login(cast[who])
    for name, args in pages.items():
        assert client.get(reverse(name, args=args)).status_code == ORGANISER_ONLY[who], name
    for name, args in posts.items():
        status = client.post(reverse(name, args=args)).status_code
        assert (
            (status in (200, 302, 400))
            if ORGANISER_ONLY[who] == 200
            else (status == ORGANISER_ONLY[who])
        ), name


TEAM = {
    "town_admin": (200, 200),
    "county_admin": (200, 200),
    "county_viewer": (200, 403),
    "sibling_admin": (404, 404),
    "outsider": (404, 404),
    "worker_user": (404, 404),
}


@pytest.mark.parametrize("who", list(TEAM))
def test_a_teams_pages_open_to_its_union_and_the_organiser(team, opened, cast, client, who):
    member = services.enter_worker(by=cast["town_admin"], delegation=team, worker=cast["worker_a"])
    view, manage = TEAM[who]
    client.force_login(cast[who])
    assert client.get(reverse("delegation_detail", args=[opened.pk, team.pk])).status_code == view
    remove = reverse("member_remove", args=[opened.pk, team.pk, member.pk])
    assert client.get(remove).status_code == manage
    leader = client.post(reverse("delegation_leader", args=[opened.pk, team.pk]), {"worker": ""})
    assert leader.status_code == (302 if manage == 200 else manage)
    add = client.post(reverse("members_add", args=[opened.pk, team.pk]), {"workers": []})
    # entering members: admins of the team's union (the county's reach holds the town)
    assert add.status_code == (400 if manage == 200 else manage)


def test_the_service_refuses_a_window_closing_before_it_opens_by_its_field(cast):
    from django.core.exceptions import ValidationError

    from jiangxin.competitions.tests.conftest import COMPONENTS

    now = timezone.now()
    with pytest.raises(ValidationError) as refused:
        services.create_competition(
            by=cast["county_admin"],
            organiser=cast["county"],
            components=COMPONENTS,
            title="x",
            level="county",
            registration_opens=now,
            registration_closes=now - datetime.timedelta(hours=1),
            held_on=timezone.localdate(),
        )
    assert "报名截止时间须晚于报名开始时间" in refused.value.message_dict["registration_closes"][0]
    assert "competition_registration_window" not in str(refused.value)


def test_the_scaling_is_shown_before_saving_and_nan_is_refused(opened, cast, client):
    practical = opened.components.get(kind="practical")
    add = reverse("aspect_add", args=[opened.pk])
    client.post(add, _aspect(practical, kind="measurement", max_mark="100"))
    # a mistake elsewhere on the form: the page still says what the typed mark would make
    body = client.post(
        add, _aspect(practical, description="另一个要点", max_mark="60", level1="")
    ).content.decode()
    assert "技能操作考核合计 160 / 100：选手得分将乘以 100 ÷ 160 = 0.625" in body
    for bad, message in (
        ("NaN", "分值请填数字"),
        ("inf", "分值请填数字"),
        ("-1", "分值须大于 0"),
    ):
        response = client.post(add, _aspect(practical, description="x", max_mark=bad))
        assert response.status_code == 400, bad
        assert message in response.content.decode(), bad
    assert Aspect.objects.count() == 1
