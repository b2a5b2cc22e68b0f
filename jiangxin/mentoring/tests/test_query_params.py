"""B4: every query parameter of the mentoring pages goes through a form. A bad value gives the
page with a Chinese message saying what to type — never a server error."""

import pytest
from django.urls import reverse

from jiangxin.mentoring import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(proposed, cast):
    return services.approve_pair(by=cast["admin_a"], pair=proposed)


@pytest.mark.parametrize(
    "query, message",
    [
        ({"year": "abc"}, "年度应为四位数字"),  # was a 500 (int("abc"))
        ({"year": "99999"}, "年度应在 2000–2100 之间"),  # was a 500 (the year out of range)
        ({"status": "bogus"}, "请从列表中选择状态"),
        ({"page": "x"}, "页码应为正整数"),
    ],
)
def test_a_bad_filter_on_the_programme_page_is_a_message(
    pair, programme, cast, client, query, message
):
    client.force_login(cast["town_admin"])
    response = client.get(reverse("programme_detail", args=[programme.pk]), query)
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    assert 'data-testid="pairs-formed">1<' in body  # the programme's own year is shown instead


@pytest.mark.parametrize(
    "query, message",
    [
        ({"year": "abc"}, "年度应为四位数字"),  # was a 500
        ({"year": "2025", "month": "13"}, "月份应为 1–12"),  # was a 500 (datetime.date)
        ({"year": "2025", "month": "abc"}, "月份应为 1–12"),  # was a 500
    ],
)
def test_a_bad_stipend_period_returns_to_the_programme_with_a_message(
    pair, programme, cast, client, query, message
):
    client.force_login(cast["town_admin"])
    response = client.get(reverse("programme_stipends", args=[programme.pk]), query, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("programme_detail", args=[programme.pk])
    assert message in response.content.decode()


@pytest.mark.parametrize(
    "query, message",
    [
        ({"run": "abc"}, "方案编号无效"),  # was a 500 (pk="abc")
        ({"run": "999999"}, "没有找到该匹配方案"),
        ({"group": "colour"}, "请按单位或按职业分组"),
    ],
)
def test_a_bad_run_or_grouping_on_the_matcher_page_is_a_message(
    programme, cast, client, query, message
):
    client.force_login(cast["town_admin"])
    response = client.get(reverse("programme_match", args=[programme.pk]), query)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_a_bad_month_on_the_log_page_is_a_message_and_the_earliest_month_stays(
    pair, people, cast, client
):
    from jiangxin import factories as f
    from jiangxin.workers.models import Worker

    user = f.user("shifu_q")
    Worker.objects.filter(pk=people["master"].pk).update(account=user)
    client.force_login(user)
    response = client.get(reverse("pair_checkin", args=[pair.pk]), {"month": "March"})
    assert response.status_code == 200
    assert "月份应写成 2025-04 的样子" in response.content.decode()
    assert response.context["form"]["month"].value() == "2025-03"
