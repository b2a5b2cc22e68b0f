"""Certificates as issued, and checking one by its code."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jiangxin.accounts.access import ScopedQuerySet, paths_q
from jiangxin.core import verification

from .competition import Competition
from .registration import Entry


def new_certificate_code() -> str:
    """A fresh code (``core.verification.new_code``; the name stays for the migrations)."""
    return verification.new_code()


class CertificateQuerySet(ScopedQuerySet):
    """Seen by the organiser's subtree, by the winner's own unions and by the winner; issued
    and revoked by the organiser's admins. Anyone may check one by its code (``by_code``)."""

    scope_path = "competition__organiser__path"

    def own_q(self, reach, user) -> Q:
        q = paths_q("entry__worker__org_path", reach.view_paths)
        if reach.worker_id:
            q |= Q(entry__worker_id=reach.worker_id)
        return q

    def by_code(self, code: str):
        """The certificate for a code as typed: spaces, dashes and case do not matter."""
        cleaned = verification.normalise(code)
        return self.filter(code=cleaned).first() if cleaned else None


class Certificate(models.Model):
    """A certificate as printed: what it says is kept as it was issued, so the public check
    confirms the paper in the holder's hand."""

    competition = models.ForeignKey(
        Competition, on_delete=models.PROTECT, related_name="certificates"
    )
    entry = models.OneToOneField(Entry, on_delete=models.PROTECT, related_name="certificate")
    code = models.CharField(_("验证码"), max_length=12, unique=True, default=new_certificate_code)
    name = models.CharField(_("姓名"), max_length=50)
    unit = models.CharField(_("单位"), max_length=100, blank=True)
    award = models.CharField(_("奖项"), max_length=20)
    rank = models.PositiveIntegerField(_("名次"))
    issued_at = models.DateTimeField(_("颁发时间"))
    dated = models.DateField(_("证书落款日期"), null=True, blank=True)  # as printed
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("作废时间"), null=True, blank=True)
    revoke_reason = models.CharField(_("作废原因"), max_length=200, blank=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("证书")
        verbose_name_plural = _("证书")
        ordering = ["competition", "rank", "entry"]

    def __str__(self):
        return self.display_code

    @property
    def display_code(self) -> str:
        return verification.display(self.code)
