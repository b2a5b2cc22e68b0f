"""A first-time judges' tryout on a phone (issue 8, wave 4): an empty form is refused, a partial
save says what is missing, the spread warning stays on its contestant and names the judges by
number, each level shows its marks, locked tasks say so, the chief judge sees the judges'
progress, the lock page names whose marks are missing, overlapping appointments are refused,
and 开始比赛 asks for confirmation."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from jiangxin import factories as f
from jiangxin.competitions import services
from jiangxin.competitions.models import Competition, JudgeAssignment, Score

pytestmark = pytest.mark.django_db


def _url(running, key):
    return reverse("judging_entry", args=[running["competition"].pk, running["entries"][key].code])


def test_an_empty_submission_is_refused_on_each_field(running, login):
    judge = running["judges"][0]
    for then in ("next", "stay"):
        response = login(judge).post(_url(running, "c"), {"then": then})
        assert response.status_code == 200  # the same contestant, not a redirect
        body = response.content.decode()
        assert "的评分已保存" not in body
        assert "请为“沟通表达”选择评分（0–3 档）" in body
        assert "请为“方案要素齐全”填写扣分（满分不扣填 0）" in body
        assert f'<h1 class="mono">{running["entries"]["c"].code}</h1>' in body
    assert not Score.objects.filter(judge=judge).exists()


def test_a_partial_save_says_what_was_saved_and_what_is_missing(running, login):
    judge = running["judges"][0]
    client = login(judge)
    response = client.post(
        _url(running, "c"), {f"a{running['measured'].pk}": "0.5", "then": "next"}, follow=True
    )
    code = running["entries"]["c"].code
    assert response.redirect_chain[-1][0] == _url(running, "c")  # stays to finish it
    body = response.content.decode()
    assert f"{code}：已保存 方案要素齐全；尚未评 沟通表达，请补评。" in body
    assert 'value="0.5"' in body  # the saved deduction is shown again


def test_the_spread_warning_stays_on_its_contestant_and_names_judges(running, login):
    j1, j2, j3 = running["judges"]
    entry = running["entries"]["c"]
    services.record_score(by=j2, entry=entry, aspect=running["judged"], value=3)
    services.record_score(by=j3, entry=entry, aspect=running["judged"], value=3)
    form = {f"a{running['judged'].pk}": "1", f"a{running['measured'].pk}": "0", "then": "next"}
    response = login(j1).post(_url(running, "c"), form, follow=True)
    assert response.redirect_chain[-1][0] == _url(running, "c")  # not the next contestant
    body = response.content.decode()
    assert "偏离的评分：裁判1号 1 分。请裁判1号与其他裁判合议后重新评分。" in body
    assert "继续下一位：" in body
    assert "judge2" not in body and "judge3" not in body  # numbers, never names
    # the other judge sees the flag in their list, with a link to the contestant
    listing = login(j2).get(reverse("judging_entries", args=[running["competition"].pk]))
    assert f'href="{_url(running, "c")}#spread"' in listing.content.decode()


def test_each_level_shows_the_marks_it_gives(running, login):
    body = login(running["judges"][0]).get(_url(running, "c")).content.decode()
    # 沟通表达 is worth 6: 0, 2, 4, 6 marks for levels 0–3
    for marks in ("= 0.00 分", "= 2.00 分", "= 4.00 分", "= 6.00 分"):
        assert marks in body
    assert "分值 6.00" not in body and "满分 6.00 分" in body


def test_locked_and_finished_tasks_show_no_count_or_prompt(ended, login):
    judge = ended["judges"][0]
    body = login(judge).get(reverse("judging_list")).content.decode()
    assert "已锁定" in body
    assert "位选手待评" not in body and "评分：" not in body
    entries = login(judge).get(reverse("judging_entries", args=[ended["competition"].pk]))
    text = entries.content.decode()
    assert "还有" not in text and "已锁定 / 已结束" in text


def test_the_chief_sees_progress_and_the_lock_not_a_scoring_prompt(marked, login):
    body = login(marked["chief"]).get(reverse("judging_list")).content.decode()
    assert "位选手待评" not in body and "评分：" not in body
    assert "裁判1号 · judge1" in body and "已评 3 / 应评 3" in body
    assert "3/3 位已评完" in body and "去锁定" in body


def test_a_chief_also_appointed_to_score_sees_both(running, cast, login):
    chief = f.user("chief")
    admin = cast["county_admin"]
    services.appoint_judge(by=admin, competition=running["competition"], user=chief, role="chief")
    services.appoint_judge(
        by=admin, competition=running["competition"], user=chief, component=running["practical"]
    )
    body = login(chief).get(reverse("judging_list")).content.decode()
    assert "还有 3 位选手待评（共 3 位）" in body and "去锁定" in body


def test_the_lock_page_names_whose_marks_are_missing(running, cast, login):
    chief = f.user("chief")
    services.appoint_judge(
        by=cast["county_admin"], competition=running["competition"], user=chief, role="chief"
    )
    j1, j2, _j3 = running["judges"]
    entry = running["entries"]["c"]
    services.record_score(by=j1, entry=entry, aspect=running["judged"], value=2)
    services.record_score(by=j1, entry=entry, aspect=running["measured"], outcome="full")
    body = login(chief).get(reverse("judging_lock", args=[running["competition"].pk]))
    text = body.content.decode()
    assert f"{entry.code}：裁判2号未评、裁判3号未评" in text
    assert "0/3 位已评完" in text


def test_the_lock_page_says_when_all_is_complete(marked, login, django_assert_max_num_queries):
    client = login(marked["chief"])
    with django_assert_max_num_queries(40):
        body = client.get(reverse("judging_lock", args=[marked["competition"].pk]))
    assert "3/3 位已评完，无分差超限" in body.content.decode()


def test_the_chiefs_home_reads_in_a_few_queries(marked, login, django_assert_max_num_queries):
    client = login(marked["chief"])
    with django_assert_max_num_queries(40):
        assert client.get(reverse("judging_list")).status_code == 200


@pytest.mark.parametrize("first,second", [("one", "all"), ("all", "one")])
def test_overlapping_appointments_are_refused(running, cast, first, second):
    judge = f.user("judge9")
    admin = cast["county_admin"]
    part = {"one": running["practical"], "all": None}
    services.appoint_judge(
        by=admin, competition=running["competition"], user=judge, component=part[first]
    )
    with pytest.raises(ValidationError, match="judge9已是.*的裁判"):
        services.appoint_judge(
            by=admin, competition=running["competition"], user=judge, component=part[second]
        )
    assert JudgeAssignment.objects.filter(user=judge).count() == 1


def test_start_asks_for_confirmation_and_warns_about_the_date(running, cast, login):
    competition = running["competition"]
    Competition.objects.filter(pk=competition.pk).update(
        status=Competition.Status.DRAWN, held_on=datetime.date(2026, 12, 12)
    )
    client = login(cast["county_admin"])
    detail = client.get(reverse("competition_detail", args=[competition.pk])).content.decode()
    step = reverse("competition_step", args=[competition.pk, "start"])
    assert f'href="{step}"' in detail  # a link to the confirm page, not a direct POST
    body = client.get(step).content.decode()
    if timezone.localdate() != datetime.date(2026, 12, 12):
        assert "比赛日期为 2026-12-12，今天开始比赛？" in body
    assert "确认开始比赛" in body
    client.post(step, {})
    competition.refresh_from_db()
    assert competition.status == Competition.Status.RUNNING


def test_start_on_the_day_has_no_date_warning(running, cast, login):
    competition = running["competition"]
    Competition.objects.filter(pk=competition.pk).update(
        status=Competition.Status.DRAWN, held_on=timezone.localdate()
    )
    body = login(cast["county_admin"]).get(
        reverse("competition_step", args=[competition.pk, "start"])
    )
    assert "今天开始比赛？" not in body.content.decode()
