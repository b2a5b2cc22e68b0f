"""Stored documents: the fields every checked upload of the innovation app keeps
(``StoredDocument``: ``core.uploads`` checked it, stored it under a name of our making, and a view
with the access check hands it back), and ``NamingEvidence`` — the naming document, the plaque's
photo — of a naming recorded from outside the platform (登记既有命名), which goes with its studio
(``StudioRecordQuerySet``: the host union's subtree-above, the lead and current members)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jiangxin.innovation.models.record import StudioEvent, StudioRecordQuerySet
from jiangxin.innovation.models.studios import Studio


class StoredDocument(models.Model):
    """A PDF, JPG or PNG checked by its content; ``file`` names it under ``MEDIA_ROOT``."""

    file = models.FileField(max_length=200)
    original_name = models.CharField(_("文件名"), max_length=100)
    kind = models.CharField(max_length=4)  # pdf / jpeg / png, from the content
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.original_name


class NamingEvidence(StoredDocument):
    """One of the 1–5 files that prove a naming recorded from outside the platform (the naming
    document, the plaque's photo), kept with the recording's ``StudioEvent``."""

    MAX_FILES = 5

    studio = models.ForeignKey(Studio, on_delete=models.CASCADE, related_name="naming_evidence")
    event = models.ForeignKey(StudioEvent, on_delete=models.CASCADE, related_name="evidence")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = StudioRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("命名文件")
        verbose_name_plural = _("命名文件")
        ordering = ["studio", "pk"]
