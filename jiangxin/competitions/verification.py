"""The competitions' part in the public check (``core.verification``): a certificate found by its
code, shown with the winner's name masked — enough to match the paper in hand, not to learn who
won from a code."""

from __future__ import annotations

from django.utils.translation import gettext as _

from jiangxin.core.masking import mask_name
from jiangxin.core.verification import VerifiedDocument


def certificate_document(code: str) -> VerifiedDocument | None:
    from jiangxin.competitions.models import Certificate

    certificate = Certificate.objects.select_related("competition__organiser").by_code(code)
    if certificate is None:
        return None
    competition = certificate.competition
    lines = []
    if certificate.unit:
        lines.append((_("工作单位"), certificate.unit))
    lines += [
        (_("竞赛"), competition.title),
        (
            _("奖项"),
            _("{award}（第 {rank} 名）").format(award=certificate.award, rank=certificate.rank),
        ),
    ]
    return VerifiedDocument(
        code=certificate.code,
        kind=_("竞赛获奖证书"),
        title=competition.title,
        holder_label=_("获奖人"),
        holder=mask_name(certificate.name),
        issuer=competition.organiser.name,
        dated=certificate.dated or competition.held_on,
        lines=tuple(lines),
        revoked_at=certificate.revoked_at,
        revoke_reason=certificate.revoke_reason,
        note=_("获奖人姓名已部分隐去，请与纸质证书核对。"),
    )
