# ruff: noqa: F811  (the fixtures imported below are pytest arguments)
"""Revoking (作废) a naming certificate: the batch's union admins, once, with a reason; the
public check then says 已作废 with the reason; the studio keeps its state; audited."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from jiangxin.audit.models import AuditEntry
from jiangxin.innovation import services_naming
from jiangxin.innovation.models import NamingCertificate
from jiangxin.innovation.tests.batches_fixtures import (  # noqa: F401  (fixtures)
    application,
    applying_studio,
    batch,
    experts,
    named,
)

pytestmark = pytest.mark.django_db


def _verify(client, certificate) -> str:
    return client.get(
        reverse("certificate_verify", args=[certificate.display_code])
    ).content.decode()


def test_the_town_revokes_and_the_public_check_says_so(named, login, cast, client):
    certificate = named["certificate"]
    client = login(cast["town_admin"])
    page = client.get(
        reverse("application_detail", args=[named["application"].pk])
    ).content.decode()
    # the page asks first and says what follows
    assert "作废证书" in page and "核验此证书都将看到“已作废”" in page
    response = client.post(
        reverse("naming_certificate_revoke", args=[certificate.pk]),
        {"reason": "牌匾编号印制错误，已重新颁发"},
    )
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.revoked_at is not None
    assert certificate.revoke_reason == "牌匾编号印制错误，已重新颁发"
    body = _verify(login(None), certificate)
    assert "该证书已作废" in body and "牌匾编号印制错误，已重新颁发" in body
    assert "证书真实有效" not in body
    # the studio keeps its name: revoking the paper is not delisting
    assert certificate.studio.state == "named"
    entry = AuditEntry.objects.filter(object_type__icontains="certificate").latest("pk")
    assert entry.actor == cast["town_admin"]
    assert entry.changes["revoked"] == ["", "牌匾编号印制错误，已重新颁发"]


def test_a_reason_is_required_and_nothing_changes_without_it(named, cast, login):
    certificate = named["certificate"]
    with pytest.raises(ValidationError, match="请写明作废原因"):
        services_naming.revoke_certificate(
            by=cast["town_admin"], certificate=certificate, reason=" "
        )
    client = login(cast["town_admin"])
    client.post(reverse("naming_certificate_revoke", args=[certificate.pk]), {"reason": ""})
    assert NamingCertificate.objects.get(pk=certificate.pk).revoked_at is None


def test_a_certificate_is_revoked_once(named, cast):
    certificate = named["certificate"]
    services_naming.revoke_certificate(
        by=cast["town_admin"], certificate=certificate, reason="误发"
    )
    with pytest.raises(ValidationError, match="已于 .* 作废"):
        services_naming.revoke_certificate(
            by=cast["town_admin"], certificate=certificate, reason="再次"
        )
    assert NamingCertificate.objects.get(pk=certificate.pk).revoke_reason == "误发"


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("admin_a", 403),  # the applying enterprise union sees the certificate, did not issue it
        ("county_viewer", 403),  # sees, changes nothing
        ("sibling_admin", 404),  # town B sees nothing of town A's
        ("outsider", 404),
    ],
)
def test_only_the_batchs_union_admins_revoke(named, login, cast, who, status):
    certificate = named["certificate"]
    response = login(cast[who]).post(
        reverse("naming_certificate_revoke", args=[certificate.pk]), {"reason": "试图作废"}
    )
    assert response.status_code == status
    assert NamingCertificate.objects.get(pk=certificate.pk).revoked_at is None
    with pytest.raises(PermissionDenied):
        services_naming.revoke_certificate(by=cast[who], certificate=certificate, reason="试图作废")


def test_the_county_above_the_town_may_revoke(named, cast):
    certificate = services_naming.revoke_certificate(
        by=cast["county_admin"], certificate=named["certificate"], reason="命名已撤销"
    )
    assert certificate.revoked_at is not None
