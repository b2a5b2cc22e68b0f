"""The appeal pages, one view per action: a contestant files from their own record or the
competition page within the window, a team leader for a member, the arbiter rules, prepares
a re-mark, confirms it (the consequence stated) or cancels it; each sees the ruling."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from jiangxin.competitions import services
from jiangxin.competitions.models import Appeal, Competition, Remark, Result

REASON = "实操第二项评价分与现场表现不符，请求复核。"


@pytest.fixture
def notice(ended, cast):
    """The results published: the public notice runs, appeals are heard."""
    services.publish_results(by=cast["county_admin"], competition=ended["competition"])
    ended["competition"].refresh_from_db()
    return ended


def _record(client, cast):
    return client.get(reverse("worker_detail", args=[cast["worker_a"].pk]))


def test_the_contestant_files_from_their_own_record_and_sees_the_ruling(notice, cast, login):
    client = login(cast["worker_user"])
    page = _record(client, cast).content.decode()
    assert "成绩公示期内（至" in page and "对成绩提出申诉" in page
    entry = notice["entries"]["a"]
    response = client.post(
        reverse("appeal_file", args=[notice["competition"].pk]),
        {"entry": entry.pk, "reason": REASON, "back": "record"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("worker_detail", args=[cast["worker_a"].pk])
    page = _record(client, cast).content.decode()
    assert "待仲裁" in page and "仲裁组尚未裁决" in page
    appeal = Appeal.objects.get()
    services.rule_appeal(by=notice["chief"], appeal=appeal, upheld=False, ruling="评分无误。")
    page = _record(client, cast).content.decode()
    assert "申诉不成立" in page and "评分无误。" in page


def test_no_appeal_button_outside_the_window(notice, cast, login):
    Competition.objects.filter(pk=notice["competition"].pk).update(
        publicity_until=timezone.now() - datetime.timedelta(minutes=1)
    )
    client = login(cast["worker_user"])
    page = _record(client, cast).content.decode()
    assert "对成绩提出申诉" not in page and "申诉期已于" in page
    response = client.post(
        reverse("appeal_file", args=[notice["competition"].pk]),
        {"entry": notice["entries"]["a"].pk, "reason": REASON},
    )
    assert response.status_code == 302 and not Appeal.objects.exists()


def test_the_rule_reads_the_same_on_every_page(notice, cast, login):
    from jiangxin.competitions.appeal_rule import appeal_rule

    rule = appeal_rule(notice["competition"])
    pk = notice["competition"].pk
    client = login(cast["worker_user"])
    for url in [
        reverse("appeal_list", args=[pk]),
        reverse("competition_detail", args=[pk]),
        reverse("public_results", args=[pk]),
        reverse("worker_detail", args=[cast["worker_a"].pk]),
    ]:
        assert rule in client.get(url).content.decode(), url


def test_a_team_leader_files_for_a_member_from_the_competition_page(notice, cast, login):
    entry_b = notice["entries"]["b"]
    entry_b.delegation.leader = cast["worker_a"]
    entry_b.delegation.save()
    client = login(cast["worker_user"])
    page = client.get(reverse("competition_detail", args=[notice["competition"].pk]))
    assert page.context["appeal_panel"]["form"] is not None
    assert "曾小贤（" in page.content.decode()  # the member can be chosen
    response = client.post(
        reverse("appeal_file", args=[notice["competition"].pk]),
        {"entry": entry_b.pk, "reason": REASON, "back": "competition"},
    )
    assert response["Location"] == reverse("competition_detail", args=[notice["competition"].pk])
    assert Appeal.objects.get().entry == entry_b


def test_someone_else_cannot_file_for_an_entry(notice, cast, login):
    client = login(cast["worker_user"])
    response = client.post(
        reverse("appeal_file", args=[notice["competition"].pk]),
        {"entry": notice["entries"]["c"].pk, "reason": REASON},
    )
    assert response.status_code == 400
    assert "请选择申诉的选手" in response.content.decode()
    assert not Appeal.objects.exists()


def test_a_short_reason_is_refused_on_the_field_with_the_input_kept(notice, cast, login):
    client = login(cast["worker_user"])
    response = client.post(
        reverse("appeal_file", args=[notice["competition"].pk]),
        {"entry": notice["entries"]["a"].pk, "reason": "不服"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "至少 10 个字" in body and "不服</textarea>" in body


@pytest.fixture
def filed(notice, cast):
    notice["appeal"] = services.file_appeal(
        by=cast["worker_user"], entry=notice["entries"]["a"], reason=REASON
    )
    return notice


def test_the_arbiter_rules_with_a_form(filed, cast, login):
    url = reverse("appeal_rule", args=[filed["competition"].pk, filed["appeal"].pk])
    client = login(cast["county_admin"])
    response = client.post(url, {"upheld": "1", "ruling": ""})
    assert response.status_code == 400 and "请写明仲裁意见" in response.content.decode()
    response = client.post(url, {"upheld": "1", "ruling": "予以复核。"})
    assert response.status_code == 302
    assert Appeal.objects.get().status == Appeal.Status.UPHELD
    # sent again (a second tab): a message, the ruling unchanged
    response = client.post(url, {"upheld": "0", "ruling": "驳回。"}, follow=True)
    assert "该申诉已有仲裁结果" in response.content.decode()
    assert Appeal.objects.get().status == Appeal.Status.UPHELD


@pytest.mark.parametrize("who", ["worker_user", "town_admin", "county_viewer"])
def test_only_the_arbiter_rules(filed, cast, login, who):
    url = reverse("appeal_rule", args=[filed["competition"].pk, filed["appeal"].pk])
    response = login(cast[who]).post(url, {"upheld": "1", "ruling": "成立"})
    assert response.status_code in (403, 404)
    assert Appeal.objects.get().status == Appeal.Status.FILED


def test_a_remark_is_prepared_confirmed_then_applied(filed, cast, login):
    competition = filed["competition"]
    services.rule_appeal(by=filed["chief"], appeal=filed["appeal"], upheld=True, ruling="复核")
    client = login(filed["chief"])
    c = filed["entries"]["c"]
    prepare = reverse("remark_prepare", args=[competition.pk, filed["appeal"].pk])
    # NaN and a missing judge are refused on the form
    response = client.post(
        prepare, {"code": c.code, "target": f"aspect:{filed['judged'].pk}", "value": "NaN"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "请填写数字分数" in body and "请选择复核评分的裁判" in body
    theory = competition.components.get(kind="theory")
    response = client.post(
        prepare, {"code": c.code.lower(), "target": f"exam:{theory.pk}", "value": "100"}
    )
    assert response.status_code == 302
    remark = Remark.objects.get()
    apply = reverse("remark_apply", args=[competition.pk, remark.pk])
    page = client.get(apply).content.decode()
    assert "此操作不能撤销" in page and "确认执行复核" in page
    assert Result.objects.get(entry=c).rank == 2  # nothing changes before the confirmation
    assert client.post(apply).status_code == 302
    assert Remark.objects.get().status == Remark.Status.APPLIED
    after = {p["code"]: p for p in remark.preview}[c.code]
    assert str(Result.objects.get(entry=c).total) == after["total_after"]
    follow = client.post(apply, follow=True).content.decode()  # again: said, not a 500
    assert "该复核已执行或已取消" in follow


def test_a_prepared_remark_is_cancelled(filed, cast, login):
    competition = filed["competition"]
    services.rule_appeal(by=filed["chief"], appeal=filed["appeal"], upheld=True, ruling="复核")
    theory = competition.components.get(kind="theory")
    remark = services.prepare_remark(
        by=filed["chief"],
        appeal=filed["appeal"],
        changes=[{"entry": filed["entries"]["c"].pk, "component": theory.pk, "value": "100"}],
    )
    response = login(cast["county_admin"]).post(
        reverse("remark_cancel", args=[competition.pk, remark.pk])
    )
    assert response.status_code == 302
    assert Remark.objects.get().status == Remark.Status.CANCELLED


def test_the_appeals_page_in_a_bounded_number_of_queries(
    filed, cast, login, django_assert_max_num_queries
):
    services.rule_appeal(by=filed["chief"], appeal=filed["appeal"], upheld=True, ruling="复核")
    for _i in range(5):
        services.file_appeal(
            by=cast["worker_user"], entry=filed["entries"]["a"], reason=REASON + str(_i)
        )
    client = login(cast["county_admin"])
    url = reverse("appeal_list", args=[filed["competition"].pk])
    with django_assert_max_num_queries(16):
        assert client.get(url).status_code == 200


def test_the_contestants_record_in_a_bounded_number_of_queries(
    filed, cast, login, django_assert_max_num_queries
):
    client = login(cast["worker_user"])
    with django_assert_max_num_queries(20):
        assert _record(client, cast).status_code == 200


@pytest.mark.parametrize(
    "who, sees",
    [
        ("county_admin", True),  # the organiser arbitrates
        ("worker_user", True),  # a contestant
        ("town_admin", False),  # an entrant union: the competition page, not the appeals
        ("judge", False),  # a judge who is not the chief
    ],
)
def test_the_appeals_link_is_shown_to_those_the_page_admits(notice, cast, login, who, sees):
    user = notice["judges"][0] if who == "judge" else cast[who]
    client = login(user)
    pk = notice["competition"].pk
    page = client.get(reverse("competition_detail", args=[pk]))
    assert page.context["can_appeal"] is sees
    assert client.get(reverse("appeal_list", args=[pk])).status_code == (200 if sees else 404)


def test_an_anonymous_visitor_is_sent_to_log_in(notice, login):
    response = login(None).get(reverse("appeal_list", args=[notice["competition"].pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_appeal_through_the_pages_is_ruled_previewed_and_applied(ended, cast, client):
    """Moved from test_manage_pages: the same path, through one view per action."""
    competition = ended["competition"]
    client.force_login(cast["worker_user"])
    a = ended["entries"]["a"]
    file_url = reverse("appeal_file", args=[competition.pk])
    response = client.post(file_url, {"entry": a.pk, "reason": "太短"})
    assert "至少 10 个字" in response.content.decode() and not Appeal.objects.exists()
    client.post(file_url, {"entry": a.pk, "reason": "实操评价分与现场表现不符，请求复核。"})
    appeal = Appeal.objects.get()
    client.force_login(cast["county_admin"])
    client.post(
        reverse("appeal_rule", args=[competition.pk, appeal.pk]),
        {"upheld": "1", "ruling": "予以复核"},
    )
    c = ended["entries"]["c"]
    theory = competition.components.get(kind="theory")
    response = client.post(
        reverse("remark_prepare", args=[competition.pk, appeal.pk]),
        {"code": c.code, "target": f"exam:{theory.pk}", "value": "100"},
        follow=True,
    )
    body = response.content.decode()
    assert "复核方案已生成" in body and "复核后名次" in body
    assert Result.objects.get(entry=c).rank == 2  # previewed, not applied
    remark = appeal.remarks.get()
    client.post(reverse("remark_apply", args=[competition.pk, remark.pk]))
    # c's theory 85 → 100: 82.77 + 0.3 × 15 = 87.27, still second to a's 94.00
    assert Result.objects.get(entry=c).total == Decimal("87.27")
    assert appeal.remarks.get().status == "applied"
