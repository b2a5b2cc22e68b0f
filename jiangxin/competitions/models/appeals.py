"""Appeals and the re-marks they lead to."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .competition import Competition
from .registration import Entry
from .scoping import AppealQuerySet, RemarkQuerySet


class Appeal(models.Model):
    """申诉: filed by the contestant or the team leader within the window after the end."""

    class Status(models.TextChoices):
        FILED = "filed", _("待仲裁")
        UPHELD = "upheld", _("申诉成立")
        REJECTED = "rejected", _("申诉不成立")

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="appeals")
    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="appeals")
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("申诉理由"))
    status = models.CharField(_("状态"), max_length=8, choices=Status.choices, default=Status.FILED)
    ruling = models.TextField(_("仲裁意见"), blank=True)
    ruled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ruled_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    objects = AppealQuerySet.as_manager()

    class Meta:
        verbose_name = _("申诉")
        verbose_name_plural = _("申诉")
        ordering = ["-created"]

    def __str__(self):
        return f"{self.competition} · {self.entry}"


class Remark(models.Model):
    """复核: a prepared set of mark changes, previewed with its effect on the ranking, then
    applied (new score rows; the old ones stay) or cancelled."""

    class Status(models.TextChoices):
        PREPARED = "prepared", _("待确认")
        APPLIED = "applied", _("已执行")
        CANCELLED = "cancelled", _("已取消")

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="remarks")
    changes = models.JSONField(default=list)  # [{"entry", "aspect"|"component", "judge", "value"}]
    preview = models.JSONField(
        default=list
    )  # [{"entry", "code", "rank_before", "rank_after", "total_before", "total_after"}]
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PREPARED)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = RemarkQuerySet.as_manager()

    class Meta:
        verbose_name = _("复核")
        verbose_name_plural = _("复核")

    def __str__(self):
        return f"{self.appeal} · {self.get_status_display()}"
