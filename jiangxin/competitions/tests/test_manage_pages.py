"""The organisers' and teams' pages, through the client: each calls the service and shows
its Chinese message; nothing changes on bad input."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from jiangxin import factories as f
from jiangxin.competitions.models import Competition, Entry, JudgeAssignment

pytestmark = pytest.mark.django_db


def _form(cast, **over):
    now = timezone.localtime()
    data = {
        "title": "晋江市第二届劳动关系协调员职业技能竞赛",
        "level": "county",
        "kind": "skills",
        "organiser": cast["county"].pk,
        "occupation": "",
        "gender": "",
        "registration_opens": (now - datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        "registration_closes": (now + datetime.timedelta(days=5)).strftime("%Y-%m-%dT%H:%M"),
        "held_on": (now + datetime.timedelta(days=10)).strftime("%Y-%m-%d"),
        "quota_per_delegation": "2",
        "name_display": "masked",
        "appeal_window_hours": "2",
        "team_top_n": "6",
        "layout": "30-70",
        "theory_weight": "30",
        "practical_weight": "70",
        "defence_weight": "0",
        "practical_rule": "scheme",
        "first": "1",
        "second": "1",
        "third": "1",
        "merit_share": "",
    }
    data.update(over)
    return data


def test_an_organiser_creates_a_competition_in_the_browser_form(cast, client):
    client.force_login(cast["county_admin"])
    response = client.post(reverse("competition_new"), _form(cast), follow=True)
    competition = Competition.objects.get()
    assert response.redirect_chain[-1][0] == reverse("competition_detail", args=[competition.pk])
    assert "竞赛已创建（草稿）" in response.content.decode()
    assert [(c.kind, c.weight) for c in competition.components.all()] == [
        ("theory", 30),
        ("practical", 70),
    ]
    assert [r["name"] for r in competition.award_rules] == ["一等奖", "二等奖", "三等奖"]


def test_weights_not_adding_to_100_are_refused_and_nothing_is_made(cast, client):
    client.force_login(cast["county_admin"])
    response = client.post(
        reverse("competition_new"),
        _form(
            cast, layout="25-55-20", theory_weight="25", practical_weight="55", defence_weight="10"
        ),
    )
    assert "各部分的权重之和应为 100，现为 90" in response.content.decode()
    assert not Competition.objects.exists()


@pytest.mark.parametrize(
    "who, status",
    [
        ("county_admin", 200),
        ("town_admin", 200),
        ("county_viewer", 403),
        ("worker_user", 404),
        ("outsider", 404),
    ],
)
def test_who_may_create_a_competition(cast, client, who, status):
    client.force_login(cast[who])
    assert client.get(reverse("competition_new")).status_code == status


@pytest.fixture
def open_competition(cast, client):
    client.force_login(cast["county_admin"])
    client.post(reverse("competition_new"), _form(cast))
    competition = Competition.objects.get()
    client.post(reverse("competition_step", args=[competition.pk, "open_registration"]))
    competition.refresh_from_db()
    assert competition.status == "open"
    return competition


def test_a_town_builds_its_team_and_enters_members_up_to_the_quota(open_competition, cast, client):
    client.force_login(cast["town_admin"])
    detail = client.get(reverse("competition_detail", args=[open_competition.pk])).content.decode()
    assert "组建参赛队" in detail
    response = client.post(
        reverse("delegation_new", args=[open_competition.pk]),
        {"organisation": cast["town_a"].pk},
        follow=True,
    )
    team = open_competition.delegations.get()
    assert team.name == f"{cast['town_a'].short_name or cast['town_a'].name}代表队"
    url = reverse("delegation_detail", args=[open_competition.pk, team.pk])
    assert "柯宝馨" in client.get(url, {"q": "kbx"}).content.decode()
    extra = f.worker(cast["union_a"], "许东燕", enterprise_obj=cast["ent_a"])
    add = reverse("members_add", args=[open_competition.pk, team.pk])
    # three ticked for two places: nobody is entered, the page says why
    response = client.post(add, {"workers": [cast["worker_a"].pk, cast["worker_b"].pk, extra.pk]})
    assert "还剩 2 个名额" in response.content.decode()
    assert not Entry.objects.exists()
    client.post(add, {"workers": [cast["worker_a"].pk, cast["worker_b"].pk]})
    assert set(team.entries.values_list("worker__name", flat=True)) == {"柯宝馨", "曾小贤"}
    body = client.get(url).content.decode()
    assert "名额已满（每队 2 人）" in body
    # a worker of another town cannot be slipped in by id
    response = client.post(add, {"workers": [cast["worker_c"].pk]}, follow=True)
    assert Entry.objects.count() == 2
    client.post(
        reverse("delegation_leader", args=[open_competition.pk, team.pk]),
        {"worker": cast["worker_a"].pk},
    )
    team.refresh_from_db()
    assert team.leader == cast["worker_a"]


def test_only_the_organiser_moves_the_competition_on(open_competition, cast, client):
    client.force_login(cast["town_admin"])
    response = client.post(
        reverse("competition_step", args=[open_competition.pk, "close_registration"])
    )
    assert response.status_code == 403
    client.force_login(cast["county_admin"])
    response = client.post(
        reverse("competition_step", args=[open_competition.pk, "draw"]), follow=True
    )
    assert "报名截止后才能抽签" in response.content.decode()
    open_competition.refresh_from_db()
    assert open_competition.status == "open"


def test_the_draw_gives_codes_shown_to_the_organiser(open_competition, cast, client):
    client.force_login(cast["town_admin"])
    client.post(
        reverse("delegation_new", args=[open_competition.pk]), {"organisation": cast["town_a"].pk}
    )
    team = open_competition.delegations.get()
    client.post(
        reverse("members_add", args=[open_competition.pk, team.pk]),
        {"workers": [cast["worker_a"].pk]},
    )
    client.force_login(cast["county_admin"])
    client.post(reverse("competition_step", args=[open_competition.pk, "close_registration"]))
    response = client.post(
        reverse("competition_step", args=[open_competition.pk, "draw"]), follow=True
    )
    assert "抽签完成" in response.content.decode()
    entry = Entry.objects.get()
    assert entry.code and entry.code in response.content.decode()
    open_competition.refresh_from_db()
    assert open_competition.draw_seed in response.content.decode()


def test_the_scheme_page_adds_aspects_and_appoints_judges(open_competition, cast, client):
    client.force_login(cast["county_admin"])
    practical = open_competition.components.get(kind="practical")
    client.post(
        reverse("aspect_add", args=[open_competition.pk]),
        {
            "component": practical.pk,
            "criterion": "调解过程",
            "kind": "judgement",
            "description": "沟通表达",
            "max_mark": "10",
            "level0": "未达到",
            "level1": "基本达到",
            "level2": "达到",
            "level3": "超出",
        },
    )
    assert practical.criteria.get().aspects.get().descriptors == [
        "未达到",
        "基本达到",
        "达到",
        "超出",
    ]
    f.user("judge9")
    url = reverse("judge_add", args=[open_competition.pk])
    client.post(url, {"username": "judge9", "role": "judge", "component": practical.pk})
    response = client.post(url, {"username": "nobody", "role": "judge"})
    assert "没有这个账号" in response.content.decode()
    assert list(JudgeAssignment.objects.values_list("user__username", flat=True)) == ["judge9"]


@pytest.mark.parametrize(
    "who, status",
    [
        ("county_admin", 200),
        ("county_viewer", 403),
        ("town_admin", 403),
        ("sibling_admin", 403),
        ("outsider", 404),
        ("worker_user", 404),
    ],
)
def test_who_opens_the_scheme_page(open_competition, cast, client, who, status):
    client.force_login(cast[who])
    assert (
        client.get(reverse("competition_scheme", args=[open_competition.pk])).status_code == status
    )


@pytest.mark.parametrize(
    "who, status", [("outsider", 404), ("sibling_admin", 404), ("county_admin", 200)]
)
def test_who_opens_the_appeals_page(ended, cast, client, who, status):
    client.force_login(cast[who])
    assert client.get(reverse("appeal_list", args=[ended["competition"].pk])).status_code == status


def test_a_union_is_offered_only_its_own_teams_page(open_competition, cast, client):
    for admin, town in (("town_admin", "town_a"), ("sibling_admin", "town_b")):
        client.force_login(cast[admin])
        client.post(
            reverse("delegation_new", args=[open_competition.pk]), {"organisation": cast[town].pk}
        )
    client.force_login(cast["town_admin"])
    body = client.get(reverse("competition_detail", args=[open_competition.pk])).content.decode()
    mine, theirs = (
        open_competition.delegations.get(organisation=cast["town_a"]),
        open_competition.delegations.get(organisation=cast["town_b"]),
    )
    assert reverse("delegation_detail", args=[open_competition.pk, mine.pk]) in body
    assert reverse("delegation_detail", args=[open_competition.pk, theirs.pk]) not in body
    assert (
        client.get(reverse("delegation_detail", args=[open_competition.pk, theirs.pk])).status_code
        == 404
    )
