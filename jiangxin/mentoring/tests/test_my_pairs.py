"""A10: a master's menu leads to their current pairs and the months due; the log form opens on
the earliest month not logged and keeps what was typed when it is refused."""

import pytest
from django.urls import reverse

from jiangxin import factories as f
from jiangxin.mentoring import services
from jiangxin.mentoring.models import CheckIn
from jiangxin.mentoring.tests.conftest import months_ago
from jiangxin.workers.models import Worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def running(programme, people, cast):
    """林师傅 teaches 徒弟1 since three months ago; the first of those months is logged."""
    start = months_ago(3)
    pair = services.propose_pair(
        by=cast["town_admin"],
        programme=programme,
        master=people["master"],
        apprentice=people["apprentices"][0],
        starts_on=start,
    )
    services.approve_pair(by=cast["admin_a"], pair=pair)
    master_user, apprentice_user = f.user("shifu_m"), f.user("tudi_m")
    Worker.objects.filter(pk=people["master"].pk).update(account=master_user)
    Worker.objects.filter(pk=people["apprentices"][0].pk).update(account=apprentice_user)
    services.record_checkin(by=master_user, pair=pair, month=start, content="识图", hours=8)
    return {"pair": pair, "master": master_user, "apprentice": apprentice_user, "start": start}


def test_the_masters_menu_leads_to_my_pairs_with_the_months_due(running, client):
    client.force_login(running["master"])
    page = client.get(reverse("worker_detail", args=[running["pair"].master_id]))
    nav = {item["label"]: item["url"] for item in page.context["nav"]}
    assert nav["我的带徒"] == reverse("my_pairs")
    body = client.get(reverse("my_pairs")).content.decode()
    assert "徒弟 徒弟1" in body
    for m in (months_ago(2), months_ago(1)):  # over and not logged: overdue
        assert f"{m:%Y-%m} 逾期" in body
    assert f"{months_ago(0):%Y-%m}</span>" in body  # this month: due, not overdue
    assert f"填写 {months_ago(2):%Y-%m} 的记录" in body
    assert reverse("pair_checkin", args=[running["pair"].pk]) in body


def test_the_apprentices_menu_says_my_master(running, client, cast):
    client.force_login(running["apprentice"])
    page = client.get(reverse("my_pairs"))
    assert "我的师傅" in [item["label"] for item in page.context["nav"]]
    assert "师傅 林师傅" in page.content.decode()
    client.force_login(cast["worker_user"])  # a worker in no pair: no entry, and no page
    page = client.get(reverse("worker_detail", args=[cast["worker_a"].pk]))
    assert not {"我的带徒", "我的师傅"} & {item["label"] for item in page.context["nav"]}
    assert client.get(reverse("my_pairs")).status_code == 200  # an empty list, said so
    client.force_login(cast["town_admin"])
    assert client.get(reverse("my_pairs")).status_code == 404  # not a worker


def test_the_log_form_opens_on_the_earliest_missing_month(running, client):
    client.force_login(running["master"])
    form = client.get(reverse("pair_checkin", args=[running["pair"].pk])).context["form"]
    assert form["month"].value() == f"{months_ago(2):%Y-%m}"
    offered = [v for v, _label in form.fields["month"].choices]
    assert offered == [f"{months_ago(n):%Y-%m}" for n in (2, 1, 0)]  # the logged one is gone
    # the apprentice's own log is separate: their earliest is the first month
    client.force_login(running["apprentice"])
    form = client.get(reverse("pair_checkin", args=[running["pair"].pk])).context["form"]
    assert form["month"].value() == f"{running['start']:%Y-%m}"


@pytest.mark.parametrize(
    "hours, message",
    [
        ("999", "学时应在 0.1–184 之间"),
        ("NaN", "学时应为数字"),
        ("inf", "学时应为数字"),
        ("", "请填写学时"),
    ],
)
def test_a_refused_log_keeps_what_was_typed(running, client, hours, message):
    client.force_login(running["master"])
    url = reverse("pair_checkin", args=[running["pair"].pk])
    month = f"{months_ago(1):%Y-%m}"
    response = client.post(url, {"month": month, "content": "数控车床对刀", "hours": hours})
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body and "数控车床对刀" in body
    assert response.context["form"]["month"].value() == month
    assert CheckIn.objects.count() == 1


def test_the_same_log_sent_twice_is_stored_once_with_a_normal_page(running, client):
    client.force_login(running["master"])
    url = reverse("pair_checkin", args=[running["pair"].pk])
    data = {"month": f"{months_ago(2):%Y-%m}", "content": "量具使用", "hours": "6"}
    assert client.post(url, data).status_code == 302
    again = client.post(url, data)
    assert again.status_code == 400
    assert "请从列表中选择还没有填写的月份" in again.content.decode()
    assert CheckIn.objects.filter(role="master").count() == 2


def test_only_the_pair_files_logs(running, client, cast):
    url = reverse("pair_checkin", args=[running["pair"].pk])
    client.force_login(cast["admin_a"])  # sees the pair, is not one of it
    assert client.get(url).status_code == 403
    client.force_login(cast["outsider"])
    assert client.get(url).status_code == 404
    client.force_login(cast["admin_a"])
    body = client.get(reverse("pair_detail", args=[running["pair"].pk])).content.decode()
    assert "填写带徒记录" not in body


def test_my_pairs_and_the_log_page_query_counts_stay_flat(
    running, client, programme, people, cast, django_assert_max_num_queries
):
    for a in people["apprentices"][1:2]:
        pair = services.propose_pair(
            by=cast["town_admin"],
            programme=programme,
            master=people["master"],
            apprentice=a,
            starts_on=months_ago(5),
        )
        services.approve_pair(by=cast["admin_a"], pair=pair)
    client.force_login(running["master"])
    with django_assert_max_num_queries(10):
        response = client.get(reverse("my_pairs"))
    assert len(response.context["rows"]) == 2
    with django_assert_max_num_queries(10):
        client.get(reverse("pair_checkin", args=[running["pair"].pk]))
    with django_assert_max_num_queries(12):
        client.get(reverse("pair_detail", args=[running["pair"].pk]))
