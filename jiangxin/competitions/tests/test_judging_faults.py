"""Faults B5, B7 and B8 of issue 8 in judging: one deduction rule for the page and the API;
NaN and inf refused in Chinese; saving twice gives one current mark and a normal page."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from jiangxin.competitions import services
from jiangxin.competitions.models import ExamScore, Score
from jiangxin.competitions.tests.test_api import _auth

pytestmark = pytest.mark.django_db


def _post_api(client, running, judge, **payload):
    return client.post(
        f"/api/v1/judging/{running['competition'].pk}/scores",
        {"code": running["entries"]["c"].code, "aspect_id": running["measured"].pk, **payload},
        content_type="application/json",
        headers=_auth(judge),
    )


# B5: the aspect "方案要素齐全" is worth 5.00


def test_the_api_refuses_a_deduction_over_the_maximum_naming_it(running, client):
    response = _post_api(client, running, running["judges"][0], deduction="7")
    assert response.status_code == 400  # before: 201, silently capped at 0 marks
    assert "扣分不能超过分值 5.00" in response.json()["detail"]
    assert not Score.objects.exists()


def test_the_service_refuses_it_for_any_caller(running):
    with pytest.raises(ValidationError, match="扣分不能超过分值 5.00"):
        services.record_score(
            by=running["judges"][0],
            entry=running["entries"]["c"],
            aspect=running["measured"],
            outcome="deduct",
            deductions=["0.5", "5.5"],
        )


def test_the_page_refuses_it_on_the_field_keeping_the_input(running, login):
    url = reverse("judging_entry", args=[running["competition"].pk, running["entries"]["c"].code])
    response = login(running["judges"][0]).post(url, {f"a{running['measured'].pk}": "9"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "扣分不能超过分值 5.00" in body and 'value="9"' in body
    assert not Score.objects.exists()


# B8: NaN and inf


@pytest.mark.parametrize("raw", ["NaN", "nan", "inf", "-Infinity", "sNaN", "abc"])
def test_the_page_refuses_non_numbers_in_chinese(running, login, raw):
    url = reverse("judging_entry", args=[running["competition"].pk, running["entries"]["c"].code])
    response = login(running["judges"][0]).post(url, {f"a{running['measured'].pk}": raw})
    assert response.status_code == 200  # before: 500 for NaN
    assert "扣分应为数字" in response.content.decode()
    assert not Score.objects.exists()


@pytest.mark.parametrize("raw", ["NaN", "inf", "-inf", "Infinity"])
def test_the_api_refuses_non_numbers_in_chinese(running, client, raw):
    response = _post_api(client, running, running["judges"][0], deduction=raw)
    assert response.status_code == 400
    assert "扣分应为数字" in response.json()["detail"]
    assert not Score.objects.exists()


@pytest.mark.parametrize("raw", ["NaN", "inf", "", "101", "-1", "80.555"])
def test_exam_scores_refuse_non_numbers(running, cast, raw):
    theory = running["competition"].components.get(kind="theory")
    with pytest.raises(ValidationError, match="成绩"):
        services.record_exam_score(
            by=cast["county_admin"], entry=running["entries"]["c"], component=theory, score=raw
        )
    assert not ExamScore.objects.exists()


# B7: the same save twice (the idempotent path; the race itself: test_judging_concurrency)


def test_saving_the_same_marks_twice_keeps_one_current_mark(running, login):
    client = login(running["judges"][0])
    url = reverse("judging_entry", args=[running["competition"].pk, running["entries"]["c"].code])
    form = {f"a{running['judged'].pk}": "2", f"a{running['measured'].pk}": "0.5", "then": "stay"}
    for _ in range(2):
        response = client.post(url, form, follow=True)
        assert response.status_code == 200 and "评分已保存" in response.content.decode()
    current = Score.objects.filter(current=True)
    assert sorted(current.values_list("value", flat=True)) == [2, 4.5]
    assert Score.objects.filter(current=False).count() == 2  # the history keeps the first save


def test_the_api_twice_keeps_one_current_mark(running, client):
    for _ in range(2):
        assert _post_api(client, running, running["judges"][0], deduction="1").status_code == 201
    assert Score.objects.filter(current=True).count() == 1


def test_locking_twice_gives_a_normal_page(ended, login):
    """The chief's second press (or second tab) after the lock: a message, not an error."""
    practical = ended["practical"]
    response = login(ended["chief"]).post(
        reverse("judging_lock_component", args=[ended["competition"].pk, practical.pk]),
        follow=True,
    )
    assert response.status_code == 200 and "成绩已锁定" in response.content.decode()
