"""What the organiser's path showed was missing in the pages: the chief judge's lock asks for
confirmation stating the consequence and records who locked (shown on the judges' read-only
form); the checklist's theory marks link to the marks page and are the primary button while the
contest runs; the finalising button reads 确认结果, not 确认确认结果."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from jiangxin import factories as f
from jiangxin.competitions import services
from jiangxin.competitions.models import Competition, Component

pytestmark = pytest.mark.django_db


def test_the_lock_asks_for_confirmation_stating_the_consequence(marked, login):
    practical = marked["practical"]
    url = reverse("judging_lock_component", args=[marked["competition"].pk, practical.pk])
    client = login(marked["chief"])
    lock_page = client.get(reverse("judging_lock", args=[marked["competition"].pk])).content
    assert f'href="{url}"'.encode() in lock_page  # a link to the confirmation, not a POST
    body = client.get(url).content.decode()
    assert "锁定后本项目所有成绩不能再修改，只能通过申诉复核" in body
    assert "确认锁定" in body
    practical.refresh_from_db()
    assert practical.locked_at is None  # asking is not locking
    response = client.post(url, follow=True)
    assert "“技能操作考核”的成绩已锁定" in response.content.decode()
    practical.refresh_from_db()
    assert practical.locked_at is not None and practical.locked_by == marked["chief"]


def test_the_confirmation_says_what_is_missing_and_offers_no_button(running, cast, login):
    chief = f.user("chief")
    services.appoint_judge(
        by=cast["county_admin"], competition=running["competition"], user=chief, role="chief"
    )
    url = reverse(
        "judging_lock_component", args=[running["competition"].pk, running["practical"].pk]
    )
    body = login(chief).get(url).content.decode()
    assert "评分不完整" in body and ">确认锁定</button>" not in body


def test_the_read_only_form_names_who_locked(ended, login, django_assert_max_num_queries):
    entry = ended["entries"]["a"]
    client = login(ended["judges"][0])
    url = reverse("judging_entry", args=[ended["competition"].pk, entry.code])
    with django_assert_max_num_queries(25):
        body = client.get(url).content.decode()
    assert "已由裁判长 chief 于" in body
    assert "保存并下一位" not in body


def test_the_theory_marks_are_linked_and_the_primary_button_while_running(running, cast, login):
    competition = running["competition"]
    theory = competition.components.get(kind=Component.Kind.THEORY)
    marks_url = reverse("theory_marks", args=[competition.pk, theory.pk])
    services.appoint_judge(
        by=cast["county_admin"], competition=competition, user=f.user("chief"), role="chief"
    )
    body = (
        login(cast["county_admin"])
        .get(reverse("competition_detail", args=[competition.pk]))
        .content.decode()
    )
    assert f'<a class="btn btn-primary" href="{marks_url}">录入理论成绩</a>' in body
    assert f'<a href="{marks_url}">录入理论成绩</a>' in body  # the checklist's item


def test_the_finalising_button_reads_confirm_results_once(marked, cast, login):
    from jiangxin.competitions.tests.conftest import published

    competition = published(marked, cast)
    Competition.objects.filter(pk=competition.pk).update(
        publicity_until=timezone.now() - datetime.timedelta(minutes=1)
    )
    body = (
        login(cast["county_admin"])
        .get(reverse("competition_step", args=[competition.pk, "finalise"]))
        .content.decode()
    )
    assert ">确认结果</button>" in body and "确认确认结果" not in body


def test_the_winners_own_record_links_their_certificate(final, cast, login):
    """The issuing message says winners may download it from their own page: they can."""
    from jiangxin.competitions.models import Certificate

    services.issue_certificates(by=cast["county_admin"], competition=final)
    certificate = Certificate.objects.get(entry__worker=cast["worker_a"])
    client = login(cast["worker_user"])
    body = client.get(reverse("worker_detail", args=[cast["worker_a"].pk])).content.decode()
    url = reverse("certificate_pdf", args=[certificate.code])
    assert f'href="{url}"' in body
    assert client.get(url)["Content-Type"] == "application/pdf"
