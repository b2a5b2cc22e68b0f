"""Teams and entries (registration)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .competition import Competition
from .scoping import DelegationQuerySet, EntryQuerySet


class Delegation(models.Model):
    """参赛团/代表队: represents a union node and enters its members."""

    competition = models.ForeignKey(
        Competition, on_delete=models.CASCADE, related_name="delegations"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("代表单位"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("队名"), max_length=60)
    leader = models.ForeignKey(
        "workers.Worker",
        verbose_name=_("领队"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = DelegationQuerySet.as_manager()

    class Meta:
        verbose_name = _("参赛队")
        verbose_name_plural = _("参赛队")
        ordering = ["competition", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["competition", "organisation"], name="delegation_one_per_node"
            ),
        ]

    def __str__(self):
        return self.name


class Entry(models.Model):
    """A worker's entry; judges know it only by its anonymous code."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待工会审核")
        APPROVED = "approved", _("已报名")
        WITHDRAWN = "withdrawn", _("已退赛")

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="entries")
    worker = models.ForeignKey(
        "workers.Worker", on_delete=models.PROTECT, related_name="competition_entries"
    )
    delegation = models.ForeignKey(
        Delegation, on_delete=models.PROTECT, null=True, blank=True, related_name="entries"
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.APPROVED
    )
    code = models.CharField(_("加密号"), max_length=12, blank=True)
    order = models.PositiveSmallIntegerField(_("出场顺序"), null=True, blank=True)
    station = models.CharField(_("工位"), max_length=12, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("报名")
        verbose_name_plural = _("报名")
        ordering = ["competition", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["competition", "worker"], name="entry_once_per_worker"),
            models.UniqueConstraint(
                fields=["competition", "code"], condition=~Q(code=""), name="entry_unique_code"
            ),
        ]

    def __str__(self):
        return self.code or f"#{self.pk}"
