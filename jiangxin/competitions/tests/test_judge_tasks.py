"""A5 (issue 8): a judge's home is their scoring tasks; 保存并下一位; the spread message names
the judges who scored, the allowed spread and the outlying scores; read-only after the lock."""

import pytest
from django.urls import reverse

from jiangxin.competitions import services
from jiangxin.competitions.judging_queries import spread_message, stations_text
from jiangxin.competitions.models import JudgeAssignment, Score

pytestmark = pytest.mark.django_db


def test_a_judge_lands_on_their_tasks(running, login):
    judge = running["judges"][0]
    response = login(judge).get(reverse("home"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("judging_list")
    body = response.content.decode()
    assert running["competition"].title in body and "技能操作考核" in body
    assert "还有 3 位选手待评（共 3 位）" in body and "全部工位" in body


def test_tasks_count_what_is_left_and_whom_to_avoid(running, login):
    j1, _j2, j3 = running["judges"]
    entry = running["entries"]["c"]
    for aspect, kwargs in [
        (running["judged"], {"value": 2}),
        (running["measured"], {"outcome": "full"}),
    ]:
        services.record_score(by=j1, entry=entry, aspect=aspect, **kwargs)
    assert "还有 2 位选手待评（共 3 位）" in login(j1).get(reverse("judging_list")).content.decode()
    body = login(j3).get(reverse("judging_list")).content.decode()  # must avoid a and b
    assert "还有 1 位选手待评（共 1 位）" in body and "2 位须回避" in body


def test_stations_read_as_ranges():
    assert stations_text([1, 2, 3, 7, 9, 10]) == "1–3、7、9–10"
    assert stations_text([]) == "全部工位"


def test_save_and_next_goes_to_the_next_unscored_entry(running, login):
    judge = running["judges"][0]
    entries = sorted(running["entries"].values(), key=lambda e: e.order)
    first, second, third = entries
    # the second is scored already: 保存并下一位 skips it
    services.record_score(by=judge, entry=second, aspect=running["judged"], value=2)
    services.record_score(by=judge, entry=second, aspect=running["measured"], outcome="full")
    client = login(judge)
    form = {f"a{running['judged'].pk}": "2", f"a{running['measured'].pk}": "0", "then": "next"}
    response = client.post(
        reverse("judging_entry", args=[running["competition"].pk, first.code]), form
    )
    assert response.url == reverse("judging_entry", args=[running["competition"].pk, third.code])
    response = client.post(response.url, form)
    assert response.url == reverse("judging_entries", args=[running["competition"].pk])


def test_the_spread_message_names_judges_spread_and_outliers(running, login):
    j1, j2, _j3 = running["judges"]
    entry = running["entries"]["c"]
    services.record_score(by=j2, entry=entry, aspect=running["judged"], value=3)
    services.record_score(by=running["judges"][2], entry=entry, aspect=running["judged"], value=3)
    response = login(j1).post(
        reverse("judging_entry", args=[running["competition"].pk, entry.code]),
        {f"a{running['judged'].pk}": "1", "then": "stay"},
        follow=True,
    )
    body = response.content.decode()
    assert (
        "已有 3 位裁判评分（1、3、3），最高与最低相差 2 分，超出允许分差 1 分；"
        "偏离的评分：裁判1号 1 分。请裁判1号与其他裁判合议后重新评分。" in body
    )


def test_spread_message_words():
    assert spread_message([2, 3], 1) == ""
    assert "偏离的评分：0、3" in spread_message([0, 3], 1)
    assert "已有 2 位裁判评分（0、3）" in spread_message([3, 0], 1)


def test_after_the_lock_the_form_is_read_only_and_says_why(ended, login):
    entry = ended["entries"]["c"]
    url = reverse("judging_entry", args=[ended["competition"].pk, entry.code])
    body = login(ended["judges"][0]).get(url).content.decode()
    assert "的成绩已由裁判长 chief 于" in body and "不能再修改" in body
    assert "保存并下一位" not in body and "disabled" in body
    before = Score.objects.count()
    login(ended["judges"][0]).post(url, {f"a{ended['judged'].pk}": "0", "then": "stay"})
    assert Score.objects.count() == before


def test_an_entry_outside_the_judges_stations_is_404(running, login):
    judge = running["judges"][0]
    JudgeAssignment.objects.filter(user=judge).update(stations=[1])
    other = next(e for e in running["entries"].values() if e.order != 1)
    url = reverse("judging_entry", args=[running["competition"].pk, other.code])
    assert login(judge).get(url).status_code == 404


@pytest.mark.parametrize("page", ["judging_list", "judging_entries", "judging_entry"])
def test_judging_pages_read_in_a_few_queries(marked, login, page, django_assert_max_num_queries):
    competition = marked["competition"]
    args = {
        "judging_list": [],
        "judging_entries": [competition.pk],
        "judging_entry": [competition.pk, marked["entries"]["c"].code],
    }[page]
    client = login(marked["judges"][0])
    with django_assert_max_num_queries(20):
        assert client.get(reverse(page, args=args)).status_code == 200
