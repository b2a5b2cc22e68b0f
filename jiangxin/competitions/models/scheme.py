"""The marking scheme (criteria, aspects) and the judges who mark it."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jiangxin.core import bounds
from jiangxin.core.validators import in_range

from .competition import Competition, Component
from .scoping import AspectQuerySet, CriterionQuerySet, JudgeAssignmentQuerySet


class Criterion(models.Model):
    """A criterion of a component's marking scheme (WorldSkills style), with its aspects."""

    component = models.ForeignKey(Component, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("评分项"), max_length=80)
    order = models.PositiveSmallIntegerField(default=0)

    objects = CriterionQuerySet.as_manager()

    class Meta:
        verbose_name = _("评分项")
        verbose_name_plural = _("评分项")
        ordering = ["component", "order"]

    def __str__(self):
        return self.name


class Aspect(models.Model):
    """One thing marked: a measurement (full / zero / deductions) or a judgement (0–3 from
    each of three judges against written descriptors)."""

    class Kind(models.TextChoices):
        MEASUREMENT = "measurement", _("测量分")
        JUDGEMENT = "judgement", _("评价分")

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="aspects")
    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices)
    description = models.CharField(_("评分要点"), max_length=200)
    max_mark = models.DecimalField(
        _("分值"),
        max_digits=5,
        decimal_places=2,
        validators=in_range((Decimal("0.01"), bounds.MARK[1])),
    )
    descriptors = models.JSONField(_("评价分档描述（0–3）"), default=list, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    objects = AspectQuerySet.as_manager()

    class Meta:
        verbose_name = _("评分要点")
        verbose_name_plural = _("评分要点")
        ordering = ["criterion", "order"]
        constraints = [
            models.CheckConstraint(condition=Q(max_mark__gt=0), name="aspect_max_positive")
        ]

    def __str__(self):
        return self.description


class JudgeAssignment(models.Model):
    """A judge appointed to a competition (all components, or one) and stations (all, or some:
    the entries drawn to those places)."""

    class Role(models.TextChoices):
        JUDGE = "judge", _("裁判")
        CHIEF = "chief", _("裁判长")

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="judges")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="judgings"
    )
    role = models.CharField(_("角色"), max_length=6, choices=Role.choices, default=Role.JUDGE)
    component = models.ForeignKey(
        Component, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    stations = models.JSONField(
        _("执裁工位"), default=list, blank=True, help_text=_("工位号列表；为空表示全部工位")
    )

    objects = JudgeAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("裁判")
        verbose_name_plural = _("裁判")
        constraints = [
            models.UniqueConstraint(
                fields=["competition", "user", "component"], name="judge_once_per_component"
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()}"

    def covers(self, entry) -> bool:
        """Whether the judge marks this entry's station (every station when none are set)."""
        return not self.stations or entry.order in self.stations
