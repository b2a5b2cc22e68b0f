"""The 五小 contest's review side (models only in this stage; the services and pages build on
them): each level's pool of experts, declared conflicts, the assignment of experts to
applications (k per application, previewed then published), blind reviews scored per criterion,
each level's decision list (rank, recommended upward or not) and the awards at the final level.

Conflicts of interest are typed (``ConflictKind``): the automatic ones (same enterprise as a
completer, a completer themself, a master–apprentice link with a completer, the same studio) are
read from the records when assigning; the declared ones are ``DeclaredConflict`` rows. No
assignment is ever stored against a conflict (checked by the service, by hand or automatic).

Who sees what: the pool, assignments, decisions and awards go with the level's node (its
subtree-above); an expert sees their own pool rows, assignments (once published) and reviews;
an application's decisions and award go with the application.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jiangxin.accounts.access import Reach, ScopedQuerySet
from jiangxin.core.validators import in_range
from jiangxin.innovation.models.contest import (
    ContestApplication,
    ContestEdition,
    Criterion,
    EditionLevel,
    PrizeTier,
)


class ConflictKind(models.TextChoices):
    SAME_ENTERPRISE = "enterprise", _("与完成人同一企业")
    COMPLETER = "completer", _("本人是完成人")
    MENTORING = "mentoring", _("与完成人有师徒关系")
    STUDIO = "studio", _("同一创新工作室")
    DECLARED = "declared", _("本人申报回避")


class _NodeQuerySet(ScopedQuerySet):
    scope_path = "node__path"


class PoolQuerySet(_NodeQuerySet):
    def own_q(self, reach: Reach, user) -> Q:
        if user is None or not user.is_authenticated:
            return Q(pk__in=[])
        return Q(account_id=user.pk)


class ExpertPoolMember(models.Model):
    """An account in the pool of a level's node (a town's pool reviews the town's applicants),
    with expertise tags (categories and industries) that the assignment fits to."""

    level = models.ForeignKey(EditionLevel, on_delete=models.CASCADE, related_name="pool")
    node = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("评审单位"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("专家账号"),
        on_delete=models.PROTECT,
        related_name="contest_pools",
    )
    expertise = models.JSONField(_("专长"), default=list, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    objects = PoolQuerySet.as_manager()

    class Meta:
        verbose_name = _("评审专家库")
        verbose_name_plural = _("评审专家库")
        ordering = ["level", "node", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["level", "node", "account"], name="contest_pool_member_once"
            )
        ]

    def __str__(self):
        return f"{self.node_id}：{self.account_id}"


class DeclaredConflict(models.Model):
    """An expert's declared conflict with one application or with a whole enterprise."""

    edition = models.ForeignKey(ContestEdition, on_delete=models.CASCADE, related_name="+")
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contest_conflicts"
    )
    application = models.ForeignKey(
        ContestApplication, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    enterprise = models.ForeignKey(
        "organisations.Enterprise",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.CharField(_("回避原因"), max_length=200)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("申报回避")
        verbose_name_plural = _("申报回避")
        ordering = ["edition", "expert", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(application__isnull=True, enterprise__isnull=False)
                | Q(application__isnull=False, enterprise__isnull=True),
                name="contest_conflict_one_target",
            ),
            models.UniqueConstraint(
                fields=["expert", "application"],
                condition=Q(application__isnull=False),
                name="contest_conflict_application_once",
            ),
            models.UniqueConstraint(
                fields=["edition", "expert", "enterprise"],
                condition=Q(enterprise__isnull=False),
                name="contest_conflict_enterprise_once",
            ),
        ]

    def __str__(self):
        return self.reason


class AssignmentQuerySet(_NodeQuerySet):
    def own_q(self, reach: Reach, user) -> Q:
        if user is None or not user.is_authenticated:
            return Q(pk__in=[])
        return Q(expert_id=user.pk, published=True)


class ReviewAssignment(models.Model):
    class Source(models.TextChoices):
        AUTO = "auto", _("自动分配")
        MANUAL = "manual", _("手工调整")

    application = models.ForeignKey(
        ContestApplication, on_delete=models.CASCADE, related_name="assignments"
    )
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="contest_assignments"
    )
    level = models.ForeignKey(EditionLevel, on_delete=models.CASCADE, related_name="assignments")
    node = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(max_length=6, choices=Source.choices, default=Source.AUTO)
    fit = models.SmallIntegerField(_("专长匹配度"), default=0)
    published = models.BooleanField(_("已发布"), default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("评审分配")
        verbose_name_plural = _("评审分配")
        ordering = ["level", "application", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "expert", "level"], name="contest_assignment_once"
            ),
            models.CheckConstraint(
                condition=Q(published=False) | Q(published_at__isnull=False),
                name="contest_assignment_published_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.application_id} → {self.expert_id}"


class ReviewQuerySet(ScopedQuerySet):
    scope_path = "assignment__node__path"

    def own_q(self, reach: Reach, user) -> Q:
        if user is None or not user.is_authenticated:
            return Q(pk__in=[])
        return Q(assignment__expert_id=user.pk)


class Review(models.Model):
    """An expert's review of one assignment: a score per criterion (``ReviewScore``) and a
    comment; a draft until ``submitted_at``."""

    assignment = models.OneToOneField(
        ReviewAssignment, on_delete=models.CASCADE, related_name="review"
    )
    comment = models.TextField(_("评审意见"), max_length=2000, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated = models.DateTimeField(auto_now=True)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("专家评审")
        verbose_name_plural = _("专家评审")
        ordering = ["assignment", "pk"]

    def __str__(self):
        return f"{self.assignment}"


class ReviewScore(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(
        _("得分"), max_digits=5, decimal_places=1, validators=in_range((0, 100))
    )

    class Meta:
        verbose_name = _("指标得分")
        verbose_name_plural = _("指标得分")
        ordering = ["review", "criterion__order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="contest_score_once"),
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=100), name="contest_score_range"
            ),
        ]

    def __str__(self):
        return f"{self.criterion_id}: {self.score}"


class LevelDecision(models.Model):
    """A level node's decision on one application: its rank in the node's list, the raw and
    standardised means it was ranked on, recommended upward (within the quota) or not, and the
    discussion note."""

    application = models.ForeignKey(
        ContestApplication, on_delete=models.CASCADE, related_name="decisions"
    )
    level = models.ForeignKey(EditionLevel, on_delete=models.CASCADE, related_name="decisions")
    node = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    rank = models.PositiveIntegerField(_("名次"), null=True, blank=True)
    raw_mean = models.DecimalField(
        _("原始均分"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    standard_mean = models.DecimalField(
        _("标准化均分"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    recommended = models.BooleanField(_("推荐至上一级"), default=False)
    note = models.TextField(_("讨论意见"), max_length=2000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = _NodeQuerySet.as_manager()

    class Meta:
        verbose_name = _("层级评审结果")
        verbose_name_plural = _("层级评审结果")
        ordering = ["level", "node", "rank", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["application", "level"], name="contest_decision_once"),
            models.UniqueConstraint(
                fields=["level", "node", "rank"],
                condition=Q(rank__isnull=False),
                name="contest_decision_rank_once",
            ),
        ]

    def __str__(self):
        return f"{self.application_id} @ {self.level_id}"


class Award(models.Model):
    application = models.OneToOneField(
        ContestApplication, on_delete=models.PROTECT, related_name="award"
    )
    tier = models.ForeignKey(PrizeTier, on_delete=models.PROTECT, related_name="awards")
    amount = models.DecimalField(_("奖金（元）"), max_digits=10, decimal_places=2)
    certificate_code = models.CharField(_("证书编号"), max_length=20, unique=True)
    awarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    awarded_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoke_reason = models.CharField(_("作废原因"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("获奖")
        verbose_name_plural = _("获奖")
        ordering = ["tier__order", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="contest_award_amount"),
        ]

    def __str__(self):
        return f"{self.tier}：{self.application}"


__all__ = [
    "Award",
    "ConflictKind",
    "DeclaredConflict",
    "ExpertPoolMember",
    "LevelDecision",
    "Review",
    "ReviewAssignment",
    "ReviewScore",
]
