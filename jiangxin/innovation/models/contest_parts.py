"""An application's parts in the 五小 contest: its completers (ordered, with their shares) and
its attachments (1–5 materials and a cover). Both are seen exactly where their application is."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jiangxin.accounts.access import ScopedQuerySet
from jiangxin.core.validators import in_range
from jiangxin.innovation.models.contest import SHARE, ContestApplication


class CompleterQuerySet(ScopedQuerySet):
    scope_path = "application__org_path"

    def visible_to(self, user):
        return self.filter(application__in=ContestApplication.objects.visible_to(user))


class ApplicationCompleter(models.Model):
    """A worker who did the work, in order of contribution; the shares (whole percent) of an
    application sum to 100 (checked by the service, which replaces them together)."""

    application = models.ForeignKey(
        ContestApplication, on_delete=models.CASCADE, related_name="completers"
    )
    worker = models.ForeignKey(
        "workers.Worker", verbose_name=_("完成人"), on_delete=models.PROTECT, related_name="+"
    )
    order = models.PositiveSmallIntegerField(_("排序"))
    share = models.PositiveSmallIntegerField(_("贡献占比（%）"), validators=in_range(SHARE))

    objects = CompleterQuerySet.as_manager()

    class Meta:
        verbose_name = _("完成人")
        verbose_name_plural = _("完成人")
        ordering = ["application", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "worker"], name="contest_completer_once"
            ),
            models.UniqueConstraint(
                fields=["application", "order"], name="contest_completer_order"
            ),
            models.CheckConstraint(
                condition=Q(share__gte=1) & Q(share__lte=100), name="contest_completer_share"
            ),
        ]

    def __str__(self):
        return f"{self.application}：{self.worker_id}（{self.share}%）"


class AttachmentQuerySet(ScopedQuerySet):
    scope_path = "application__org_path"

    def visible_to(self, user):
        return self.filter(application__in=ContestApplication.objects.visible_to(user))


class ApplicationAttachment(models.Model):
    """One of an application's 1–5 materials (PDF, JPG, PNG) or its cover image (JPG, PNG),
    checked by content (``core.uploads``), stored under a name of our making, served only as an
    attachment to who may see the application."""

    class Role(models.TextChoices):
        MATERIAL = "material", _("申报材料")
        COVER = "cover", _("封面图片")

    application = models.ForeignKey(
        ContestApplication, on_delete=models.CASCADE, related_name="attachments"
    )
    role = models.CharField(max_length=8, choices=Role.choices, default=Role.MATERIAL)
    file = models.FileField(max_length=200)
    original_name = models.CharField(_("文件名"), max_length=100)
    kind = models.CharField(max_length=4)  # pdf / jpeg / png, from the content
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("申报附件")
        verbose_name_plural = _("申报附件")
        ordering = ["application", "role", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application"], condition=Q(role="cover"), name="contest_one_cover"
            ),
            models.CheckConstraint(
                condition=~Q(role="cover") | Q(kind__in=["jpeg", "png"]),
                name="contest_cover_is_image",
            ),
        ]

    def __str__(self):
        return self.original_name


__all__ = ["ApplicationAttachment", "ApplicationCompleter"]
