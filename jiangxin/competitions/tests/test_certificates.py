"""Certificates: issued once the results are final, printed as PDF in the shipped CJK font,
checked by anyone through the code or the QR code."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from pypdf import PdfReader

from jiangxin.competitions import services
from jiangxin.competitions.models import Certificate
from jiangxin.competitions.tests.conftest import published


@pytest.fixture
def issued(final, cast):
    services.issue_certificates(by=cast["county_admin"], competition=final)
    return {c.name: c for c in Certificate.objects.all()}


def test_certificates_wait_for_the_end_of_the_public_notice(marked, cast):
    competition = published(marked, cast)
    with pytest.raises(ValidationError, match="公示期满"):
        services.issue_certificates(by=cast["county_admin"], competition=competition)
    assert not Certificate.objects.exists()


def test_only_the_organiser_issues_certificates(final, cast):
    with pytest.raises(PermissionDenied):
        services.issue_certificates(by=cast["town_admin"], competition=final)
    assert not Certificate.objects.exists()


def test_award_winners_get_one_certificate_each(final, cast):
    assert services.issue_certificates(by=cast["county_admin"], competition=final) == 2
    assert services.issue_certificates(by=cast["county_admin"], competition=final) == 0
    assert sorted(Certificate.objects.values_list("name", "award", "rank")) == [
        ("吴晓东", "二等奖", 2),
        ("柯宝馨", "一等奖", 1),
    ]
    codes = list(Certificate.objects.values_list("code", flat=True))
    assert all(len(c) == 12 and not set(c) & set("01IO") for c in codes)


def test_the_pdf_is_chinese_text_in_the_embedded_font(issued, cast, client):
    client.force_login(cast["county_admin"])
    certificate = issued["柯宝馨"]
    response = client.get(reverse("certificate_pdf", args=[certificate.code]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    page = PdfReader(io.BytesIO(response.content)).pages[0]
    text = "".join(page.extract_text().split())  # letter-spacing and line breaks aside
    for words in ["荣誉证书", "柯宝馨", "一等奖", "晋江市首届劳动关系协调员职业技能竞赛"]:
        assert words in text
    assert certificate.display_code in text
    assert f"/verify/{certificate.display_code}/" in text
    fonts = [f.get_object() for f in page["/Resources"]["/Font"].values()]
    names = [str(f["/BaseFont"]) for f in fonts]
    assert any("Jiangxin-Serif" in n for n in names), names
    # embedded: the descendant font carries its own glyph program
    for font in fonts:
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def test_all_certificates_print_one_per_page(issued, cast, client):
    client.force_login(cast["county_admin"])
    response = client.get(
        reverse("competition_certificates_pdf", args=[issued["柯宝馨"].competition_id])
    )
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 2
    assert "吴晓东" in reader.pages[1].extract_text()


@pytest.mark.parametrize(
    "who, status",
    [
        ("worker_user", 200),  # the winner
        ("admin_a", 200),  # the winner's enterprise union
        ("town_admin", 200),
        ("county_viewer", 200),  # the organiser's subtree, read-only
        ("platform", 200),
        ("admin_b", 404),  # another enterprise in the same town
        ("sibling_admin", 404),
        ("outsider", 404),
    ],
)
def test_who_may_download_a_certificate(issued, cast, client, who, status):
    client.force_login(cast[who])
    response = client.get(reverse("certificate_pdf", args=[issued["柯宝馨"].code]))
    assert response.status_code == status


def test_anonymous_downloads_go_to_the_login(issued, client):
    response = client.get(reverse("certificate_pdf", args=[issued["柯宝馨"].code]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_anyone_checks_a_certificate_by_its_code_as_typed(issued, client):
    certificate = issued["柯宝馨"]
    typed = certificate.display_code.lower().replace("-", " ")
    response = client.get(reverse("certificate_verify_form"), {"code": typed})
    body = response.content.decode()
    assert response.status_code == 200
    assert "证书真实有效" in body and "柯**" in body and "柯宝馨" not in body
    assert "一等奖" in body and "晋江市首届劳动关系协调员职业技能竞赛" in body
    # the QR code's address
    response = client.get(reverse("certificate_verify", args=[certificate.display_code]))
    assert "证书真实有效" in response.content.decode()


def test_an_unknown_code_says_what_to_check(issued, client):
    response = client.get(reverse("certificate_verify", args=["ABCD-EFGH-JKLM"]))
    assert response.status_code == 404
    assert "未找到该证书" in response.content.decode()


def test_a_revoked_certificate_is_shown_as_void(issued, cast, client):
    certificate = issued["吴晓东"]
    with pytest.raises(ValidationError, match="作废原因"):
        services.revoke_certificate(by=cast["county_admin"], certificate=certificate, reason=" ")
    with pytest.raises(PermissionDenied):
        services.revoke_certificate(
            by=cast["sibling_admin"], certificate=certificate, reason="误发"
        )
    services.revoke_certificate(by=cast["county_admin"], certificate=certificate, reason="误发")
    body = client.get(reverse("certificate_verify", args=[certificate.code])).content.decode()
    assert "该证书已作废" in body and "误发" in body and "证书真实有效" not in body


def test_the_organiser_issues_from_the_competition_page(final, cast, client):
    client.force_login(cast["county_admin"])
    url = reverse("competition_detail", args=[final.pk])
    assert "为获奖者颁发证书" in client.get(url).content.decode()
    response = client.post(reverse("competition_issue_certificates", args=[final.pk]), follow=True)
    assert "已颁发 2 张证书" in response.content.decode()
    client.force_login(cast["town_admin"])
    response = client.post(reverse("competition_issue_certificates", args=[final.pk]))
    assert response.status_code == 403


def test_a_name_beyond_the_font_is_flagged_when_issuing(final, cast, client):
    from jiangxin.core.pdf import uncovered
    from jiangxin.workers.models import Worker

    assert uncovered("柯宝馨") == "" and uncovered("王𠀾𠀾") == "𠀾"  # Extension B is beyond GBK
    Worker.objects.filter(pk=cast["worker_a"].pk).update(name="柯𠀾霞")
    client.force_login(cast["county_admin"])
    response = client.post(reverse("competition_issue_certificates", args=[final.pk]), follow=True)
    assert (
        "含证书字体未收录的生僻字" in response.content.decode()
        and "柯𠀾霞" in response.content.decode()
    )
