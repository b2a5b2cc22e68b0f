"""Names on results pages (one policy, can_see_contestant_name), the public pages' query
parameters, and the certificates' date and QR address."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from jiangxin.competitions import policies, services
from jiangxin.competitions.certificates import certificate_pages
from jiangxin.competitions.models import Certificate, Competition
from jiangxin.competitions.tests.conftest import published

# a 柯宝馨 (晋工机械, 安海镇), b 曾小贤 (力利玩具, 安海镇), c 吴晓东 (远航伞业, 东石镇)
FULL = {"柯宝馨", "曾小贤", "吴晓东"}


@pytest.fixture
def public(marked, cast):
    return published(marked, cast)


def _names(response) -> dict[str, str]:
    rows = response.context.get("results") or response.context.get("rows")
    return {r.entry.worker.name: r.name for r in rows}


@pytest.mark.parametrize(
    "who, sees_in_full",
    [
        ("county_admin", FULL),  # the organiser
        ("county_viewer", FULL),  # the organiser's side
        ("town_admin", {"柯宝馨", "曾小贤"}),  # their own town's contestants
        ("admin_a", {"柯宝馨"}),  # their enterprise's contestant
        ("sibling_admin", {"吴晓东"}),
        ("worker_user", {"柯宝馨"}),  # the contestant themselves
    ],
)
def test_names_in_full_to_the_organiser_and_the_contestants_own_unions(
    public, marked, cast, login, who, sees_in_full
):
    client = login(cast[who])
    for url in [
        reverse("competition_detail", args=[public.pk]),
        reverse("public_results", args=[public.pk]),
    ]:
        names = _names(client.get(url))
        assert {full for full, shown in names.items() if shown == full} == sees_in_full, url
        for full, shown in names.items():
            if full not in sees_in_full:
                assert shown == full[0] + "**"  # masked as the organiser chose


def test_the_public_sees_masked_names_and_units(public, login):
    body = login(None).get(reverse("public_results", args=[public.pk])).content.decode()
    assert "柯**" in body and "柯宝馨" not in body and "福建省晋工机械有限公司" in body


def test_the_policy_asks_the_database_nothing(public, marked, cast, django_assert_num_queries):
    entry = marked["entries"]["c"]
    entry = type(entry).objects.select_related("worker", "competition__organiser").get(pk=entry.pk)
    user = cast["town_admin"]
    policies.can_see_contestant_name(user, entry)  # the user's reach, once per request
    with django_assert_num_queries(0):
        assert not policies.can_see_contestant_name(user, entry)


@pytest.mark.parametrize("who", [None, "town_admin", "county_admin"])
def test_results_pages_in_a_bounded_number_of_queries(
    public, cast, login, who, django_assert_max_num_queries
):
    client = login(cast[who] if who else None)
    # a session, the user and their reach when logged in, then the page's own queries
    with django_assert_max_num_queries(12):
        assert client.get(reverse("public_results", args=[public.pk])).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("public_results_list")).status_code == 200
    if who:
        with django_assert_max_num_queries(24):
            assert client.get(reverse("competition_detail", args=[public.pk])).status_code == 200


@pytest.mark.parametrize(
    "params, message",
    [
        ({"year": "abc"}, "年份请填写四位数字"),
        ({"year": "99999999999999999999"}, "年份请填写"),
        ({"q": "长" * 200}, "竞赛名称请不超过 60 个字"),
        ({"page": "abc"}, ""),
        ({"page": "-3"}, ""),
    ],
)
def test_the_public_list_validates_every_parameter(public, login, params, message):
    response = login(None).get(reverse("public_results_list"), params)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_the_public_list_filters_by_year_and_title(public, login):
    client = login(None)
    year = public.held_on.year
    assert list(client.get(reverse("public_results_list"), {"year": year}).context["page"])
    assert not list(client.get(reverse("public_results_list"), {"year": year - 1}).context["page"])
    assert not list(client.get(reverse("public_results_list"), {"q": "无此竞赛"}).context["page"])


def test_the_verify_page_validates_its_code(db, login):
    response = login(None).get(reverse("certificate_verify_form"), {"code": "X" * 300})
    assert response.status_code == 200
    assert "验证码共 12 位" in response.content.decode()


# --- certificates: date and QR address ------------------------------------------------------


def _final(marked, cast, **fields):
    competition = published(marked, cast)
    Competition.objects.filter(pk=competition.pk).update(
        publicity_until=timezone.now() - datetime.timedelta(minutes=1), **fields
    )
    services.finalise_results(by=cast["county_admin"], competition=competition)
    services.issue_certificates(by=cast["county_admin"], competition=competition)
    return Competition.objects.get(pk=competition.pk)


def _pdf_text(client, certificate) -> str:
    response = client.get(reverse("certificate_pdf", args=[certificate.code]))
    page = PdfReader(io.BytesIO(response.content)).pages[0]
    return "".join(page.extract_text().split())


def test_a_certificate_carries_the_competitions_date_not_the_printing_day(
    marked, cast, login, settings
):
    held_on = datetime.date(2025, 11, 8)
    _final(marked, cast, held_on=held_on)
    certificate = Certificate.objects.get(rank=1)
    assert certificate.dated == held_on
    text = _pdf_text(login(cast["county_admin"]), certificate)
    assert "2025年11月8日" in text
    assert timezone.localdate().strftime("%Y年") + str(timezone.localdate().month) + "月" not in (
        text.replace("2025年11月8日", "")
    )


def test_a_certificate_may_carry_the_finalisation_date(marked, cast, login):
    competition = _final(
        marked,
        cast,
        held_on=datetime.date(2025, 11, 8),
        certificate_date=Competition.CertificateDate.FINALISED,
    )
    certificate = Certificate.objects.get(rank=1)
    finalised = timezone.localdate(competition.finalised_at)
    assert certificate.dated == finalised
    text = _pdf_text(login(cast["county_admin"]), certificate)
    assert f"{finalised.year}年{finalised.month}月{finalised.day}日" in text
    assert "2025年11月8日" not in text


def test_the_qr_code_leads_to_site_url(marked, cast, login, settings, rf):
    settings.SITE_URL = "https://jx.example.org"
    _final(marked, cast)
    certificate = Certificate.objects.get(rank=1)
    expected = f"https://jx.example.org/verify/{certificate.display_code}/"
    request = rf.get("/", HTTP_HOST="127.0.0.1")  # a proxy's address must not leak onto paper
    assert certificate_pages(request, [certificate])[0]["url"] == expected
    assert expected.replace("https://", "") in _pdf_text(login(cast["county_admin"]), certificate)


def test_the_organiser_chooses_the_certificate_date_on_the_competition_form():
    from jiangxin.competitions.forms import CompetitionForm

    assert "certificate_date" in CompetitionForm.base_fields
