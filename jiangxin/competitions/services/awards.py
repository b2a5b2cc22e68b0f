"""Certificates as records: issued to every award winner once the results are final, revoked
with a reason (the record stays). Printing is ``jiangxin.competitions.certificates``."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiangxin.audit.models import AuditEntry
from jiangxin.competitions.models import (
    Certificate,
    Competition,
    Result,
)
from jiangxin.competitions.services._common import S, _log, _require_organiser

if TYPE_CHECKING:
    from jiangxin.accounts.models import User


def certificate_date(competition: Competition) -> datetime.date:
    """The date a certificate carries: the competition's, or the day its results were
    confirmed when the organiser chose that (never the day it is printed)."""
    if (
        competition.certificate_date == Competition.CertificateDate.FINALISED
        and competition.finalised_at
    ):
        return timezone.localdate(competition.finalised_at)
    return competition.held_on


@transaction.atomic
def issue_certificates(*, by: User, ip: str | None = None, competition: Competition) -> int:
    """A certificate for every award winner who has none yet, once the results are final
    (after the public notice, when no appeal can change them). Returns how many were issued."""
    competition = Competition.objects.select_for_update().get(pk=competition.pk)
    _require_organiser(by, competition)
    if competition.status != S.FINAL:
        raise ValidationError(_("结果确认（公示期满）后才能颁发证书"))
    now, dated = timezone.now(), certificate_date(competition)
    new = [
        Certificate(
            competition=competition,
            entry=r.entry,
            name=r.entry.worker.name,
            unit=r.entry.worker.enterprise.name if r.entry.worker.enterprise else "",
            award=r.award,
            rank=r.rank,
            issued_at=now,
            dated=dated,
            issued_by=by,
        )
        for r in Result.objects.filter(competition=competition)
        .exclude(award="")
        .exclude(entry__certificate__isnull=False)
        .select_related("entry__worker__enterprise")
    ]
    for certificate in new:
        certificate.full_clean(exclude=["competition", "entry", "issued_by", "code"])
    Certificate.objects.bulk_create(new)
    _log(
        competition,
        by=by,
        ip=ip,
        action=AuditEntry.Action.CREATE,
        obj=competition,
        changes={"certificates": len(new)},
    )
    return len(new)


@transaction.atomic
def revoke_certificate(
    *, by: User, ip: str | None = None, certificate: Certificate, reason: str
) -> Certificate:
    """Void a certificate (issued in error, or its result changed); the public check then
    says so. The record stays."""
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    competition = certificate.competition
    _require_organiser(by, competition)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("请填写作废原因"))
    if certificate.revoked_at:
        raise ValidationError(_("该证书已作废"))
    certificate.revoked_at = timezone.now()
    certificate.revoke_reason = reason[:200]
    certificate.save(update_fields=["revoked_at", "revoke_reason"])
    _log(
        competition,
        by=by,
        ip=ip,
        action=AuditEntry.Action.UPDATE,
        obj=certificate,
        changes={"revoked": reason[:200]},
    )
    return certificate
