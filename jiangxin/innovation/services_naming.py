"""A batch after its decisions: the 公示, objections and their answers, and naming — which
issues the plaque number (the batch's own sequence), sets the studio named through
``services.update_studio``, and issues the naming certificate and the subsidy grant. Same
contract as ``services_batches``: keyword-only, ``by`` and ``ip``, one transaction, audited,
a Chinese ``ValidationError`` or ``PermissionDenied`` and nothing written. And its undoing:
``revoke_naming`` (撤销命名) takes the name away with its certificates."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiangxin.audit.models import AuditEntry
from jiangxin.audit.services import save_audited
from jiangxin.innovation import assessing, batch_rules, services, services_subsidies
from jiangxin.innovation import policies as studio_policies
from jiangxin.innovation import policies_batches as policies
from jiangxin.innovation.models import (
    NamingBatch,
    NamingCertificate,
    Objection,
    Studio,
    StudioApplication,
    StudioEvent,
    SubsidyGrant,
)

if TYPE_CHECKING:
    from jiangxin.accounts.models import User


@transaction.atomic
def start_publicity(
    *, by: User, ip: str | None = None, batch: NamingBatch, first_day: datetime.date | None = None
) -> NamingBatch:
    """Publish the approved applications for the batch's window, from ``first_day`` (today)."""
    batch = NamingBatch.objects.select_for_update().get(pk=batch.pk)
    if not policies.can_run_batch(by, batch):
        raise PermissionDenied(_("由本批次所属工会的管理员发布公示"))
    if frozen := policies.publicity_frozen(batch):
        raise ValidationError(frozen)
    batch.state = batch.State.PUBLICITY
    batch.publicity_from = first_day or timezone.localdate()
    last = batch_rules.publicity_last_day(batch.publicity_from, batch.publicity_days)
    return save_audited(
        batch,
        by=by,
        ip=ip,
        org_path=batch.org_path,
        changes={
            "state": ["open", "publicity"],
            "publicity": ["", f"{batch.publicity_from}–{last}"],
        },
    )


@transaction.atomic
def raise_objection(
    *, by: User, ip: str | None = None, application: StudioApplication, text: str, contact: str = ""
) -> Objection:
    application = StudioApplication.objects.select_related("batch").get(pk=application.pk)
    if frozen := policies.object_frozen(application):
        raise ValidationError(frozen)
    if not text.strip():
        raise ValidationError({"text": _("请写明异议的事实和理由")})
    objection = Objection(
        application=application, text=text.strip(), contact=contact.strip(), raised_by=by
    )
    return save_audited(objection, by=by, ip=ip, org_path=application.batch.org_path)


@transaction.atomic
def answer_objection(
    *, by: User, ip: str | None = None, objection: Objection, answer: str, upheld: bool = False
) -> Objection:
    """The batch's answer. An objection upheld turns the application down, with the answer as
    the reason (the studio is then not named)."""
    objection = (
        Objection.objects.select_for_update()
        .select_related("application__batch")
        .get(pk=objection.pk)
    )
    if objection.answered_at is not None:
        raise ValidationError(_("该异议已答复"))
    if not policies.can_answer(by, objection):
        raise PermissionDenied(_("由本批次所属工会的管理员答复异议"))
    if not answer.strip():
        raise ValidationError({"answer": _("请填写答复")})
    objection.answer = answer.strip()
    objection.upheld = upheld
    objection.answered_by = by
    objection.answered_at = timezone.now()
    application = objection.application
    save_audited(
        objection,
        by=by,
        ip=ip,
        org_path=application.batch.org_path,
        changes={"answer": ["", objection.answer], "upheld": [False, upheld]},
    )
    if upheld and application.state == application.State.APPROVED:
        application.state = application.State.REJECTED
        application.decision_reason = _("公示异议成立：{answer}").format(answer=objection.answer)[
            :500
        ]
        application.decided_by = by
        application.decided_at = timezone.now()
        save_audited(
            application,
            by=by,
            ip=ip,
            org_path=application.batch.org_path,
            action=AuditEntry.Action.REJECT,
            changes={
                "state": ["approved", "rejected"],
                "reason": ["", application.decision_reason],
            },
        )
    return objection


@transaction.atomic
def name_studio(
    *, by: User, ip: str | None = None, application: StudioApplication
) -> NamingCertificate:
    """Name the studio: the next plaque number of the batch (its row locked: one number each),
    the studio named by the batch's union at its level, a certificate, the subsidy grant."""
    application = StudioApplication.objects.select_for_update().get(pk=application.pk)
    batch = (
        NamingBatch.objects.select_for_update()
        .select_related("organisation")
        .get(pk=application.batch_id)
    )
    application.batch = batch
    if not policies.can_run_batch(by, batch):
        raise PermissionDenied(_("由本批次所属工会的管理员命名"))
    if frozen := policies.naming_frozen(application):
        raise ValidationError(frozen)
    today = timezone.localdate()
    batch.plaques_issued += 1
    plaque = batch_rules.plaque_number(batch.plaque_prefix, batch.year, batch.plaques_issued)
    save_audited(batch, by=by, ip=ip, org_path=batch.org_path, changes={"plaque": ["", plaque]})
    studio = services.update_studio(
        by=by,
        ip=ip,
        studio=application.studio,
        state="named",
        named_on=today,
        naming_body=batch.organisation,
        naming_level=batch.level,
        plaque_number=plaque,
    )
    application.state = application.State.NAMED
    application.named_by = by
    application.named_at = timezone.now()
    save_audited(
        application,
        by=by,
        ip=ip,
        org_path=application.org_path,
        changes={"state": ["approved", "named"], "plaque": ["", plaque]},
    )
    certificate = NamingCertificate(
        application=application,
        studio=studio,
        studio_name=studio.name,
        kind_label=studio.get_kind_display(),
        enterprise_name=studio.enterprise.name,
        lead_name=studio.lead.name,
        plaque_number=plaque,
        issuer=batch.organisation.name,
        dated=today,
        issued_by=by,
    )
    save_audited(certificate, by=by, ip=ip, org_path=studio.org_path)
    new = application.basis == application.Basis.NEW
    services_subsidies.grant_subsidy(
        by=by,
        ip=ip,
        studio=studio,
        year=batch.year,
        amount=batch.subsidy_new if new else batch.subsidy_reconfirmed,
        kind=SubsidyGrant.Kind.NAMING,
        note=f"{application.get_basis_display()} {plaque}"[:200],
        application=application,
    )
    if not batch.applications.filter(state=StudioApplication.State.APPROVED).exists():
        batch.state = batch.State.CLOSED
        save_audited(
            batch, by=by, ip=ip, org_path=batch.org_path, changes={"state": ["publicity", "closed"]}
        )
    return certificate


@transaction.atomic
def revoke_certificate(
    *, by: User, ip: str | None = None, certificate: NamingCertificate, reason: str
) -> NamingCertificate:
    """Revoke (作废) a naming certificate, once, with the reason the public check shows beside
    "已作废". The studio's state is not changed here: taking its name away is the studio's own
    step (the assessment's 摘牌, or ``revoke_naming``, which revokes its standing certificates
    through this function); a certificate alone is revoked when the paper itself must no longer
    be relied on (issued in error, superseded)."""
    certificate = (
        NamingCertificate.objects.select_for_update()
        .select_related("application__batch")
        .get(pk=certificate.pk)
    )
    if frozen := policies.revoke_frozen(certificate):
        raise ValidationError(frozen)
    if not policies.can_revoke_certificate(by, certificate):
        raise PermissionDenied(_("由颁发该证书的批次所属工会的管理员作废"))
    if not reason.strip():
        raise ValidationError({"reason": _("请写明作废原因（公开核验时显示）")})
    certificate.revoked_at = timezone.now()
    certificate.revoke_reason = reason.strip()
    return save_audited(
        certificate,
        by=by,
        ip=ip,
        org_path=certificate.application.batch.org_path,
        action=AuditEntry.Action.UPDATE,
        changes={"revoked": ["", certificate.revoke_reason]},
    )


def revoke_bar(day: datetime.date) -> datetime.date | None:
    """The day until which a studio whose naming is revoked on ``day`` may not apply again
    (``STUDIO_REVOKE_BAR_MONTHS``; none when 0)."""
    months = settings.STUDIO_REVOKE_BAR_MONTHS
    return assessing.add_months(day, months) if months else None


@transaction.atomic
def revoke_naming(*, by: User, ip: str | None = None, studio: Studio, reason: str) -> Studio:
    """撤销命名: a studio holding its name loses it today, with ``reason`` (e.g. 申报材料弄虚作假).
    In one transaction: each standing naming certificate revoked through ``revoke_certificate``
    (the public check shows 已作废 with the reason), the studio set 已撤销 with ``delisted_on``
    and ``barred_until`` (``revoke_bar``) through ``services.update_studio`` — so it leaves the
    named count and the public showcase — and a ``StudioEvent`` giving the body, the reason, the
    certificates and the bar. Who: ``policies.can_revoke_naming``."""
    studio = (
        Studio.objects.select_for_update(of=("self",)).select_related("naming_body", "organisation")
    ).get(pk=studio.pk)
    if not studio.is_current:
        raise ValidationError(_("只有已命名或整改中的工作室可以撤销命名"))
    if not studio_policies.can_revoke_naming(by, studio):
        raise PermissionDenied(
            _("由命名单位（不在本平台的，由工作室所在镇、街道总工会）及上级工会的管理员撤销命名")
        )
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("请写明撤销命名的原因，如“申报材料弄虚作假”")})
    day = timezone.localdate()
    codes = []
    for certificate in studio.certificates.filter(revoked_at__isnull=True).order_by("pk"):
        revoke_certificate(
            by=by,
            ip=ip,
            certificate=certificate,
            reason=_("工作室命名已撤销：{reason}").format(reason=reason)[:200],
        )
        codes.append(certificate.display_code)
    barred = revoke_bar(day)
    body = studio.naming_body.name if studio.naming_body else _("命名单位")
    studio = services.update_studio(
        by=by,
        ip=ip,
        studio=studio,
        state=Studio.State.REVOKED,
        delisted_on=day,
        barred_until=barred,
    )
    text = _("{body}撤销命名，原因：{reason}。").format(body=body, reason=reason)
    if codes:
        text += _("命名证书 {codes} 同时作废。").format(codes="、".join(codes))
    if barred:
        text += _("{day} 前不得再申报。").format(day=barred)
    save_audited(
        StudioEvent(studio=studio, kind=StudioEvent.Kind.REVOKED, day=day, reason=text, by=by),
        by=by,
        ip=ip,
        org_path=studio.org_path,
    )
    return studio
