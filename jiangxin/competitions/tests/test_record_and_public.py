"""A first-time worker and visitor (issue 8, the phone tryout): the record says where appeals
stand for each competition and lists the certificates; a GET of the filing address leads to
the form; the public results jump to the teams and filter by what they show; the certificate
check asks for a code when none is given."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from jiangxin.competitions import services
from jiangxin.competitions.models import Certificate, Competition

REASON = "实操第二项评价分与现场表现不符，请求复核。"


def _record(client, cast):
    return client.get(reverse("worker_detail", args=[cast["worker_a"].pk]))


def test_before_the_window_the_record_says_when_appeals_open(running, cast, login):
    page = _record(login(cast["worker_user"]), cast)
    assert page.context["competitions"][0]["appeal_state"] == "before"
    body = page.content.decode()
    assert "成绩公示后可在此申诉（比赛结束、成绩锁定后至成绩公示期满）" in body
    assert "对成绩提出申诉" not in body


def test_inside_the_window_the_record_offers_the_form_and_says_it_is_online(ended, cast, login):
    services.publish_results(by=cast["county_admin"], competition=ended["competition"])
    page = _record(login(cast["worker_user"]), cast)
    row = page.context["competitions"][0]
    assert row["appeal_state"] == "open" and row["form"] is not None
    body = page.content.decode()
    assert "对成绩提出申诉" in body and "在本平台在线提交申诉" in body
    assert "书面" not in body


def test_while_an_appeal_is_pending_the_record_says_so_instead_of_offering_another(
    ended, cast, login
):
    services.publish_results(by=cast["county_admin"], competition=ended["competition"])
    appeal = services.file_appeal(
        by=cast["worker_user"], entry=ended["entries"]["a"], reason=REASON
    )
    body = _record(login(cast["worker_user"]), cast).content.decode()
    assert "正在等待仲裁组处理" in body and "对成绩提出申诉" not in body
    services.rule_appeal(by=ended["chief"], appeal=appeal, upheld=False, ruling="评分无误。")
    body = _record(login(cast["worker_user"]), cast).content.decode()
    assert "正在等待仲裁组处理" not in body and "对成绩提出申诉" in body  # still in the window


def test_after_the_window_the_record_says_it_ended_and_keeps_the_ruling(ended, cast, login):
    competition = services.publish_results(
        by=cast["county_admin"], competition=ended["competition"]
    )
    appeal = services.file_appeal(
        by=cast["worker_user"], entry=ended["entries"]["a"], reason=REASON
    )
    services.rule_appeal(by=ended["chief"], appeal=appeal, upheld=False, ruling="评分无误。")
    Competition.objects.filter(pk=competition.pk).update(
        publicity_until=timezone.now() - datetime.timedelta(minutes=1)
    )
    page = _record(login(cast["worker_user"]), cast)
    assert page.context["competitions"][0]["appeal_state"] == "closed"
    body = page.content.decode()
    assert "申诉期已于" in body and "评分无误。" in body and "申诉不成立" in body
    assert "对成绩提出申诉" not in body


def test_the_record_lists_the_certificates_with_a_download(
    final, cast, login, django_assert_max_num_queries
):
    services.issue_certificates(by=cast["county_admin"], competition=final)
    certificate = Certificate.objects.get(entry__worker=cast["worker_a"])
    client = login(cast["worker_user"])
    with django_assert_max_num_queries(40):
        body = _record(client, cast).content.decode()
    assert certificate.display_code in body and certificate.award in body
    assert reverse("certificate_pdf", args=[certificate.code]) in body
    assert client.get(reverse("certificate_pdf", args=[certificate.code])).status_code == 200


def test_no_certificate_says_so(running, cast, login):
    body = _record(login(cast["worker_user"]), cast).content.decode()
    assert 'data-testid="my-certificates"' in body and "暂无证书" in body


def test_opening_the_filing_address_leads_to_the_form(ended, cast, login):
    pk = ended["competition"].pk
    response = login(cast["worker_user"]).get(reverse("appeal_file", args=[pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("appeal_list", args=[pk])


def test_public_results_jump_to_the_teams_and_filter_by_unit(
    marked, cast, client, django_assert_max_num_queries
):
    from jiangxin.competitions.tests.conftest import published

    competition = published(marked, cast)
    url = reverse("public_results", args=[competition.pk])
    with django_assert_max_num_queries(12):
        page = client.get(url)
    rows = page.context["rows"]
    if page.context["teams"]:
        assert 'href="#teams"' in page.content.decode()
        assert 'id="teams"' in page.content.decode()
    unit = next(r.unit for r in rows if r.entry.worker_id == cast["worker_a"].pk)
    narrowed = client.get(url, {"q": unit}).context["rows"]
    assert narrowed and all(unit in r.unit for r in narrowed)
    assert len(client.get(url, {"q": "不存在的单位名"}).context["rows"]) == 0
    assert "没有找到符合条件的选手" in client.get(url, {"q": "不存在的单位名"}).content.decode()


def test_the_filter_never_reveals_a_masked_name(marked, cast, client):
    from jiangxin.competitions.tests.conftest import published

    competition = published(marked, cast)
    assert competition.name_display == Competition.NameDisplay.MASKED
    url = reverse("public_results", args=[competition.pk])
    shown = {r.name for r in client.get(url).context["rows"]}
    assert "柯宝馨" not in shown
    page = client.get(url, {"q": "柯宝馨"})  # the full name finds nothing
    assert page.context["rows"] == [] and "柯宝馨" not in page.content.decode().replace(
        'value="柯宝馨"', ""
    )
    assert [r.name for r in client.get(url, {"q": "柯"}).context["rows"]] == ["柯**"]


def test_a_too_long_filter_is_refused_on_the_field(marked, cast, client):
    from jiangxin.competitions.tests.conftest import published

    competition = published(marked, cast)
    page = client.get(reverse("public_results", args=[competition.pk]), {"q": "长" * 31})
    assert page.status_code == 200 and "请不超过 30 个字" in page.content.decode()


@pytest.mark.parametrize("query", [{"code": ""}, {"code": "   "}])
def test_an_empty_code_asks_for_the_code_on_the_field(client, query):
    body = client.get(reverse("certificate_verify_form"), query).content.decode()
    assert "请输入证书上的验证码" in body and 'aria-invalid="true"' in body


def test_the_first_visit_to_the_check_asks_nothing(client):
    body = client.get(reverse("certificate_verify_form")).content.decode()
    assert "请输入证书上的验证码" not in body


def test_the_competition_page_tells_a_contestant_when_appeals_open(running, cast, login):
    page = login(cast["worker_user"]).get(
        reverse("competition_detail", args=[running["competition"].pk])
    )
    assert page.context["appeal_panel"] is not None
    assert "成绩公示后可在此申诉" in page.content.decode()
