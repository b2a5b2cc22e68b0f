"""The access matrix of every mentoring page and action, and the rule that a button is shown
only to someone whose POST would succeed (the same policy decides both)."""

import datetime

import pytest
from django.urls import reverse

from jiangxin import factories as f
from jiangxin.mentoring import policies, services
from jiangxin.mentoring.models import Pair
from jiangxin.mentoring.urls import urlpatterns
from jiangxin.workers.models import Worker

pytestmark = pytest.mark.django_db

WHO = [
    "platform",
    "town_admin",  # the programme's union
    "county_viewer",  # a viewer above
    "admin_a",  # the apprentice's union
    "admin_b",  # a sibling enterprise in the same town
    "sibling_admin",  # another town
    "outsider",
    "worker_user",  # a worker in no pair
    "master",  # the pair's master
]

# page → expected status for each of WHO, in order
GETS = {
    "programme_list": [200, 200, 200, 200, 200, 200, 404, 404, 404],
    "programme_detail": [200, 200, 200, 404, 404, 404, 404, 404, 404],
    "programme_match": [200, 200, 403, 404, 404, 404, 404, 404, 404],
    "programme_rules": [200, 200, 403, 404, 404, 404, 404, 404, 404],
    "programme_stipends": [200, 200, 403, 404, 404, 404, 404, 404, 404],
    "mentoring_preferences": [404, 404, 404, 404, 404, 404, 404, 200, 200],
    "pair_detail": [200, 200, 200, 200, 404, 404, 404, 404, 200],
    "pair_checkin": [403, 403, 403, 403, 404, 404, 404, 404, 200],
    "pair_agreement": [200, 200, 200, 200, 404, 404, 404, 404, 200],
    "my_pairs": [404, 404, 404, 404, 404, 404, 404, 200, 200],
}
POSTS = {
    "pair_approve": [302, 302, 403, 302, 404, 404, 404, 404, 403],
    "pair_assess": [400, 400, 403, 400, 404, 404, 404, 404, 403],
    "pair_end": [400, 400, 403, 400, 404, 404, 404, 404, 403],
    "match_run": [400, 400, 403, 404, 404, 404, 404, 404, 404],
    "programme_create": [400, 400, 403, 403, 403, 400, 404, 404, 404],  # not in an enterprise
}
# pages whose address takes no object, a programme, a pair
NO_ARGS = {"programme_list", "my_pairs", "programme_create"}
PROGRAMME = {
    "programme_detail",
    "programme_match",
    "programme_rules",
    "programme_stipends",
    "mentoring_preferences",
    "match_run",
}


@pytest.fixture
def setting(proposed, people, cast):
    pair = proposed
    master = f.user("shifu_x")
    Worker.objects.filter(pk=people["master"].pk).update(account=master)
    # the bystanding worker is in the programme's area, so the wish page is theirs to open
    return {**cast, "master": master, "pair": pair}


def _url(name, setting, programme):
    if name in NO_ARGS:
        return reverse(name)
    if name in PROGRAMME:
        return reverse(name, args=[programme.pk])
    return reverse(name, args=[setting["pair"].pk])


def test_the_matrix_covers_every_mentoring_page():
    names = {p.name for p in urlpatterns}
    # match_accept and the log's correction pages: their own tests below
    assert names == set(GETS) | set(POSTS) | {"match_accept"} | set(CHECKIN)


@pytest.mark.parametrize("name", GETS)
def test_who_opens_each_page(setting, programme, client, name):
    got = []
    for who in WHO:
        client.force_login(setting[who])
        got.append(client.get(_url(name, setting, programme)).status_code)
    assert got == GETS[name]


@pytest.mark.parametrize("name", POSTS)
def test_who_may_do_each_action(setting, programme, client, name):
    got = []
    for who in WHO:
        Pair.objects.filter(pk=setting["pair"].pk).update(status="proposed")
        client.force_login(setting[who])
        got.append(client.post(_url(name, setting, programme), {}).status_code)
    assert got == POSTS[name]


# a monthly log's correction: only its author (the master here) while it is not frozen
CHECKIN = {
    "checkin_edit": ("get", [403, 403, 403, 403, 404, 404, 404, 404, 200]),
    "checkin_delete": ("post", [403, 403, 403, 403, 404, 404, 404, 404, 302]),
}


@pytest.mark.parametrize("name", CHECKIN)
def test_who_may_correct_a_log(setting, name, client):
    pair = setting["pair"]
    services.approve_pair(by=setting["admin_a"], pair=pair)
    checkin = services.record_checkin(
        by=setting["master"], pair=pair, month=pair.starts_on, content="识图", hours=8
    )
    method, expected = CHECKIN[name]
    got = []
    for who in WHO:
        client.force_login(setting[who])
        url = reverse(name, args=[pair.pk, checkin.pk])
        got.append(getattr(client, method)(url).status_code)
    assert got == expected


def test_accepting_a_run_is_for_the_scopes_admins(setting, programme, people, client):
    run = services.run_matching(
        by=setting["town_admin"], programme=programme, scope=setting["town_a"]
    )
    url = reverse("match_accept", args=[run.pk])
    expected = {"county_viewer": 403, "admin_a": 404, "sibling_admin": 404, "town_admin": 400}
    for who, status in expected.items():
        client.force_login(setting[who])
        assert client.post(url, {}).status_code == status, who


def test_a_viewer_is_offered_no_button_that_would_fail(setting, programme, client):
    client.force_login(setting["county_viewer"])
    body = client.get(reverse("programme_detail", args=[programme.pk])).content.decode()
    for label in ("智能匹配", "项目规则", "导出 Excel"):
        assert label not in body
    body = client.get(reverse("pair_detail", args=[setting["pair"].pk])).content.decode()
    for label in ("审批通过", "记录考核", "提前终止", "填写带徒记录"):
        assert label not in body


def test_each_button_is_shown_exactly_when_its_policy_allows(setting, programme, client):
    pair = setting["pair"]
    for who in WHO:
        user = setting[who]
        client.force_login(user)
        response = client.get(reverse("pair_detail", args=[pair.pk]))
        if response.status_code != 200:
            continue
        body = response.content.decode()
        assert ("审批通过" in body) == policies.can_approve_pair(user, pair), who
        assert ("提前终止" in body) == policies.can_end_pair(user, pair), who
    services.approve_pair(by=setting["admin_a"], pair=pair)
    client.force_login(setting["master"])
    body = client.get(reverse("pair_detail", args=[pair.pk])).content.decode()
    assert "填写带徒记录" in body and "审批通过" not in body and "记录考核" not in body
    client.force_login(setting["admin_a"])
    body = client.get(reverse("pair_detail", args=[pair.pk])).content.decode()
    assert "记录考核" in body and "填写带徒记录" not in body


def test_list_and_detail_pages_keep_their_query_counts(
    setting, programme, people, client, django_assert_max_num_queries
):
    # the masters take turns, the craftsman first (林师傅 has the setting's pair; by position:
    # primary keys differ per database and test order)
    for n, a in enumerate(people["apprentices"][1:]):
        pair = services.propose_pair(
            by=setting["town_admin"],
            programme=programme,
            master=people["master"] if n % 2 else people["craftsman"],
            apprentice=a,
            starts_on=datetime.date(2025, 4, 1),
        )
        services.approve_pair(by=setting["town_admin"], pair=pair)
    client.force_login(setting["town_admin"])
    with django_assert_max_num_queries(8):
        client.get(reverse("programme_list"))
    with django_assert_max_num_queries(20):
        client.get(reverse("programme_detail", args=[programme.pk]))
    with django_assert_max_num_queries(12):
        client.get(reverse("pair_detail", args=[setting["pair"].pk]))
    run = services.run_matching(
        by=setting["town_admin"], programme=programme, scope=setting["town_a"]
    )
    with django_assert_max_num_queries(10):
        client.get(reverse("programme_match", args=[programme.pk]), {"run": run.pk})
