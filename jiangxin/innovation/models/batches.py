"""Naming batches (命名批次): a union node opens a batch, enterprises' unions apply for their
studios with materials, a higher union endorses, the batch's experts score each application
item by item, the batch's admins decide, publish (公示) and name.

Who sees what (``visible_to``):
- a batch: its union's subtree-above (the staff who run it), the unions inside its subtree (they
  apply to it: a batch of town A is unseen by town B) and the experts appointed to it;
- an application, its files and its scores: the applying enterprise union's subtree-above (which
  holds the batch's union, the batch being above the applicant), and the batch's experts once it
  is endorsed (an expert sees only their own scores);
- objections (``batches_naming``): the batch's union subtree-above, and whoever raised them.
Every change goes through ``services_batches`` / ``services_naming`` and ``policies_batches``.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jiangxin.accounts.access import Reach, ScopedQuerySet, path_and_ancestors
from jiangxin.core import bounds
from jiangxin.core.validators import event_dates, in_range, years
from jiangxin.innovation.models.documents import StoredDocument
from jiangxin.innovation.models.studios import Studio

TEAM = (1, 100)
PUBLICITY_DAYS = (1, 30)
SUBSIDY = (0, 10_000_000)


def _expert_batches(user):
    return BatchExpert.objects.filter(account_id=user.pk).values("batch_id")


class NamingBatchQuerySet(ScopedQuerySet):
    scope_path = "org_path"

    def own_q(self, reach: Reach, user) -> Q:
        above = {a for p in reach.view_paths for a in path_and_ancestors(p)}
        q = Q(org_path__in=sorted(above)) if above else Q(pk__in=[])
        if user is not None and user.is_authenticated:
            q |= Q(pk__in=_expert_batches(user))
        return q


class NamingBatch(models.Model):
    class State(models.TextChoices):
        OPEN = "open", _("受理申报")
        PUBLICITY = "publicity", _("公示")
        CLOSED = "closed", _("已结束")

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("命名单位"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    org_path = models.CharField(max_length=255, editable=False)
    title = models.CharField(_("批次名称"), max_length=100)
    year = models.PositiveSmallIntegerField(_("年度"), validators=years())
    kinds = models.JSONField(_("受理类别"), default=list)
    deadline = models.DateField(_("申报截止日期"), validators=event_dates())
    min_team = models.PositiveSmallIntegerField(
        _("团队最少人数（含领办人）"), default=3, validators=in_range(TEAM)
    )
    min_area = models.DecimalField(
        _("场所最小面积（平方米）"),
        max_digits=8,
        decimal_places=1,
        default=Decimal(20),
        validators=in_range(bounds.FLOOR_AREA),
    )
    needs_yearly_project = models.BooleanField(_("须有年度攻关项目"), default=True)
    subsidy_new = models.DecimalField(
        _("新命名补助（元）"),
        max_digits=12,
        decimal_places=2,
        default=Decimal(50000),
        validators=in_range(SUBSIDY),
    )
    subsidy_reconfirmed = models.DecimalField(
        _("复核确认补助（元）"),
        max_digits=12,
        decimal_places=2,
        default=Decimal(30000),
        validators=in_range(SUBSIDY),
    )
    publicity_days = models.PositiveSmallIntegerField(
        _("公示天数"), default=5, validators=in_range(PUBLICITY_DAYS)
    )
    plaque_prefix = models.CharField(
        _("牌匾编号字头"),
        max_length=20,
        help_text=_("如“安海工作室”，编号为 安海工作室〔2025〕1号"),
    )
    plaques_issued = models.PositiveIntegerField(default=0, editable=False)
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.OPEN)
    publicity_from = models.DateField(_("公示开始"), null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    objects = NamingBatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("命名批次")
        verbose_name_plural = _("命名批次")
        ordering = ["-year", "-created", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "title"], name="batch_unique_title"),
            models.CheckConstraint(
                condition=Q(state="open") | Q(publicity_from__isnull=False),
                name="batch_publicity_has_start",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def level(self) -> str:
        """The naming level: the batch's union's (a town's batch names town-level studios)."""
        return self.organisation.kind

    def kind_labels(self) -> list[str]:
        names = dict(Studio.Kind.choices)
        return [str(names.get(k, k)) for k in self.kinds]


class ScoreItem(models.Model):
    batch = models.ForeignKey(NamingBatch, on_delete=models.CASCADE, related_name="items")
    name = models.CharField(_("评分项"), max_length=20)
    max_points = models.PositiveSmallIntegerField(_("分值"), validators=in_range((1, 100)))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("评分项")
        verbose_name_plural = _("评分项")
        ordering = ["batch", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "name"], name="score_item_unique_name")
        ]

    def __str__(self):
        return f"{self.name}（{self.max_points}）"


class BatchExpert(models.Model):
    """An account appointed to score the batch's applications."""

    batch = models.ForeignKey(NamingBatch, on_delete=models.CASCADE, related_name="experts")
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="studio_batches"
    )

    class Meta:
        verbose_name = _("评审专家")
        verbose_name_plural = _("评审专家")
        ordering = ["batch", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "account"], name="batch_expert_once")
        ]

    def __str__(self):
        return f"{self.batch}：{self.account}"


SCORED_STATES = ("endorsed", "approved", "rejected", "named")


class ApplicationQuerySet(ScopedQuerySet):
    scope_path = "org_path"

    def own_q(self, reach: Reach, user) -> Q:
        if user is None or not user.is_authenticated:
            return Q(pk__in=[])
        return Q(batch_id__in=_expert_batches(user), state__in=SCORED_STATES)

    def published(self) -> ApplicationQuerySet:
        """Approved applications of a batch in 公示: public (the window itself is checked by
        ``policies_batches.in_publicity``)."""
        return self.filter(state="approved", batch__state="publicity")


class StudioApplication(models.Model):
    class Basis(models.TextChoices):
        NEW = "new", _("新申报")
        RECONFIRM = "reconfirm", _("复核确认")

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("已提交，待推荐")
        ENDORSED = "endorsed", _("已推荐，评审中")
        APPROVED = "approved", _("评审通过")
        REJECTED = "rejected", _("未通过")
        NAMED = "named", _("已命名")

    batch = models.ForeignKey(NamingBatch, on_delete=models.PROTECT, related_name="applications")
    studio = models.ForeignKey(Studio, on_delete=models.PROTECT, related_name="applications")
    org_path = models.CharField(max_length=255, editable=False)  # the studio's union's
    basis = models.CharField(_("申报类型"), max_length=10, choices=Basis.choices)
    state = models.CharField(
        _("状态"), max_length=10, choices=State.choices, default=State.SUBMITTED
    )
    yearly_project = models.CharField(_("年度攻关项目"), max_length=200, blank=True)
    statement = models.TextField(_("申报说明"), max_length=2000, blank=True)
    # the base conditions as checked when submitted: team, area
    team_size = models.PositiveSmallIntegerField(_("团队人数（含领办人）"))
    floor_area = models.DecimalField(_("场所面积（平方米）"), max_digits=8, decimal_places=1)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField()
    endorsement = models.CharField(_("推荐意见"), max_length=500, blank=True)
    endorsed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    endorsed_at = models.DateTimeField(null=True, blank=True)
    score = models.DecimalField(
        _("评审得分"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    decision_reason = models.CharField(_("决定理由"), max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    named_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    named_at = models.DateTimeField(null=True, blank=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("工作室命名申报")
        verbose_name_plural = _("工作室命名申报")
        ordering = ["batch", "-score", "submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "studio"], name="application_once"),
            models.CheckConstraint(
                condition=Q(state="submitted") | Q(endorsed_at__isnull=False),
                name="application_endorsed_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(state__in=["approved", "rejected", "named"])
                | Q(decided_at__isnull=False),
                name="application_decided_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.batch}：{self.studio}"


class ApplicationFileQuerySet(ScopedQuerySet):
    scope_path = "application__org_path"

    def own_q(self, reach: Reach, user) -> Q:
        seen = StudioApplication.objects.filter(ApplicationQuerySet().own_q(reach, user))
        return Q(application__in=seen)


class ApplicationFile(StoredDocument):
    """One of an application's 1–5 materials (PDF, JPG, PNG), checked by content; stored under
    ``MEDIA_ROOT`` under a name of our making, served only as an attachment to who may see the
    application."""

    MAX_FILES = 5

    application = models.ForeignKey(
        StudioApplication, on_delete=models.CASCADE, related_name="files"
    )

    objects = ApplicationFileQuerySet.as_manager()

    class Meta:
        verbose_name = _("申报材料")
        verbose_name_plural = _("申报材料")
        ordering = ["application", "pk"]


class ExpertScoreQuerySet(ScopedQuerySet):
    """The batch's staff see every expert's scores; an expert sees their own."""

    scope_path = "application__org_path"

    def own_q(self, reach: Reach, user) -> Q:
        if user is None or not user.is_authenticated:
            return Q(pk__in=[])
        return Q(expert_id=user.pk)


class ExpertScore(models.Model):
    application = models.ForeignKey(
        StudioApplication, on_delete=models.CASCADE, related_name="scores"
    )
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    item = models.ForeignKey(ScoreItem, on_delete=models.PROTECT, related_name="scores")
    points = models.DecimalField(
        _("得分"), max_digits=5, decimal_places=1, validators=in_range((0, 100))
    )
    scored_at = models.DateTimeField(auto_now=True)

    objects = ExpertScoreQuerySet.as_manager()

    class Meta:
        verbose_name = _("专家评分")
        verbose_name_plural = _("专家评分")
        ordering = ["application", "expert", "item__order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "expert", "item"], name="expert_score_once"
            )
        ]

    def __str__(self):
        return f"{self.application}：{self.item.name} {self.points}"


__all__ = [
    "ApplicationFile",
    "BatchExpert",
    "ExpertScore",
    "NamingBatch",
    "ScoreItem",
    "StudioApplication",
]
