"""What follows a batch's decision: objections raised during the 公示 and their answers, the
naming certificate (checked publicly through ``core.verification``) and the subsidy grant.

An objection is seen by the batch's union subtree-above and by whoever raised it; a certificate
and a grant go with the studio (its union's subtree-above, its lead and members)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jiangxin.accounts.access import Reach, ScopedQuerySet
from jiangxin.core import verification
from jiangxin.core.validators import event_dates
from jiangxin.innovation.models.batches import StudioApplication
from jiangxin.innovation.models.studios import Studio, StudioQuerySet


def new_naming_code() -> str:
    return verification.new_code()


class ObjectionQuerySet(ScopedQuerySet):
    scope_path = "application__batch__org_path"

    def own_q(self, reach: Reach, user) -> Q:
        if user is None or not user.is_authenticated:
            return Q(pk__in=[])
        return Q(raised_by_id=user.pk)

    def unanswered(self) -> ObjectionQuerySet:
        return self.filter(answered_at__isnull=True)


class Objection(models.Model):
    application = models.ForeignKey(
        StudioApplication, on_delete=models.CASCADE, related_name="objections"
    )
    text = models.TextField(_("异议内容"), max_length=1000)
    contact = models.CharField(_("联系方式"), max_length=50, blank=True)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    raised_at = models.DateTimeField(auto_now_add=True)
    answer = models.TextField(_("答复"), max_length=1000, blank=True)
    upheld = models.BooleanField(_("异议成立"), default=False)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    objects = ObjectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("公示异议")
        verbose_name_plural = _("公示异议")
        ordering = ["application", "raised_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | ~Q(answer=""),
                name="objection_answer_has_text",
            )
        ]

    def __str__(self):
        return f"{self.application}：{self.text[:20]}"


class _StudioOwnedQuerySet(ScopedQuerySet):
    scope_path = "studio__org_path"

    def own_q(self, reach: Reach, user) -> Q:
        return Q(studio__in=Studio.objects.filter(StudioQuerySet().own_q(reach, user)))


class NamingCertificate(models.Model):
    """The naming certificate as printed: its words are kept as issued, so the public check
    confirms the paper on the wall."""

    application = models.OneToOneField(
        StudioApplication, on_delete=models.PROTECT, related_name="certificate"
    )
    studio = models.ForeignKey(Studio, on_delete=models.PROTECT, related_name="certificates")
    code = models.CharField(_("验证码"), max_length=12, unique=True, default=new_naming_code)
    studio_name = models.CharField(_("工作室"), max_length=100)
    kind_label = models.CharField(_("类别"), max_length=20)
    enterprise_name = models.CharField(_("依托企业"), max_length=100)
    lead_name = models.CharField(_("领办人"), max_length=50)
    plaque_number = models.CharField(_("牌匾编号"), max_length=40)
    issuer = models.CharField(_("命名单位"), max_length=100)
    dated = models.DateField(_("命名日期"), validators=event_dates())
    issued_at = models.DateTimeField(_("颁发时间"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("作废时间"), null=True, blank=True)
    revoke_reason = models.CharField(_("作废原因"), max_length=200, blank=True)

    objects = _StudioOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("命名证书")
        verbose_name_plural = _("命名证书")
        ordering = ["-dated", "pk"]

    def __str__(self):
        return self.display_code

    @property
    def display_code(self) -> str:
        return verification.display(self.code)


__all__ = ["NamingCertificate", "Objection"]
