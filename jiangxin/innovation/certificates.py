"""The naming certificate: its part in the public check (``core.verification``) and its PDF (one
A4 landscape page in the shipped fonts, with the code and a QR code leading to the check).
A studio is a public matter once named, so the check shows its name, host and lead in full."""

from __future__ import annotations

from django.utils.translation import gettext as _

from jiangxin.core.verification import VerifiedDocument, documents_pdf


def naming_document(code: str) -> VerifiedDocument | None:
    from jiangxin.innovation.models import NamingCertificate

    certificate = NamingCertificate.objects.filter(code=code).first()
    if certificate is None:
        return None
    return VerifiedDocument(
        code=certificate.code,
        kind=_("创新工作室命名证书"),
        title=certificate.studio_name,
        holder_label=_("工作室"),
        holder=certificate.studio_name,
        issuer=certificate.issuer,
        dated=certificate.dated,
        lines=(
            (_("类别"), certificate.kind_label),
            (_("依托企业"), certificate.enterprise_name),
            (_("领办人"), certificate.lead_name),
            (_("牌匾编号"), certificate.plaque_number),
        ),
        revoked_at=certificate.revoked_at,
        revoke_reason=certificate.revoke_reason,
    )


def naming_certificate_pdf(request, certificate) -> bytes:
    return documents_pdf(request, "innovation/batches_certificate_pdf.html", [certificate])
