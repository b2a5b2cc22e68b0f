"""The 五小 innovation contest (职工“五小”创新大赛): a federation node opens a yearly edition with
its chain of levels (enterprise → town → county → city → province, any subset ending at the
organiser's own level), its prize tiers and its review form; workers or their enterprise union
fill applications (draft → submitted), the enterprise union endorses them (or returns them for
correction) and each level above reviews its own applicants in turn (``contest_review``).

A level maps to union nodes: each node of that level inside the organiser's subtree reviews the
applications of its own subtree (the enterprise level is the applying union itself; the last
level is the organiser). An application keeps ``current_level``: the furthest level it reached.

Who sees what (``visible_to``):
- an edition: its organiser's subtree-above, the unions inside its subtree, the roster workers
  inside its subtree (they may apply) and the experts of its pool;
- an application, its completers and attachments: the applying union's subtree-above once it is
  submitted (a draft only when the union keeps it, ``by_union``), its author and its completers
  (through their roster record), and the experts it is assigned to once the assignment is
  published (the review pages hide the names);
Every change goes through ``services_contest*`` and ``policies_contest``.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jiangxin.accounts.access import Reach, ScopedQuerySet, path_and_ancestors
from jiangxin.core.validators import event_dates, in_range, years
from jiangxin.innovation.models.contest_choices import (
    BLOCK,
    LEVEL_RANK,
    BenefitKind,
    Category,
    Exclusion,
    LevelKind,
    ProjectType,
    default_exclusion_modes,
)

BENEFIT_WAN = (Decimal(0), Decimal("1000000"))  # up to 100 亿元
PRIZE_YUAN = (Decimal(0), Decimal("10000000"))
PRIZE_COUNT = (1, 100_000)
WEIGHT = (1, 100)
SHARE = (1, 100)
QUOTA_NUMBER = (1, 100_000)
REVIEWS = (1, 10)
LOAD = (1, 1000)
MAX_COMPLETERS = 5
MAX_ATTACHMENTS = 5


def _pool_editions(user):
    from jiangxin.innovation.models.contest_review import ExpertPoolMember

    return ExpertPoolMember.objects.filter(account_id=user.pk).values("level__edition_id")


class EditionQuerySet(ScopedQuerySet):
    scope_path = "org_path"

    def own_q(self, reach: Reach, user) -> Q:
        above = {a for p in reach.view_paths for a in path_and_ancestors(p)}
        if reach.worker_id:
            from jiangxin.workers.models import Worker

            path = Worker.objects.filter(pk=reach.worker_id).values_list("org_path", flat=True)
            above.update(a for p in path for a in path_and_ancestors(p))
        q = Q(org_path__in=sorted(above)) if above else Q(pk__in=[])
        if user is not None and user.is_authenticated:
            q |= Q(pk__in=_pool_editions(user))
        return q


class ContestEdition(models.Model):
    class State(models.TextChoices):
        OPEN = "open", _("受理申报")
        REVIEWING = "reviewing", _("评审中")
        FINISHED = "finished", _("已结束")

    class Completion(models.TextChoices):
        IN_YEAR = "in_year", _("须在申报年度内完成")
        IN_YEAR_OR_BENEFIT = "benefit", _("申报年度内完成，或此前完成且在申报年度产生效益")

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("主办单位"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    org_path = models.CharField(max_length=255, editable=False)
    year = models.PositiveSmallIntegerField(_("年度"), validators=years())
    title = models.CharField(_("大赛名称"), max_length=100)
    completion_rule = models.CharField(
        _("完成时间要求"),
        max_length=10,
        choices=Completion.choices,
        default=Completion.IN_YEAR_OR_BENEFIT,
    )
    show_comments = models.BooleanField(_("向申报人公开专家评语（不含姓名）"), default=False)
    exclusion_modes = models.JSONField(_("不予受理情形"), default=default_exclusion_modes)
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.OPEN)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    objects = EditionQuerySet.as_manager()

    class Meta:
        verbose_name = _("“五小”创新大赛")
        verbose_name_plural = _("“五小”创新大赛")
        ordering = ["-year", "-created", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="contest_edition_year"),
        ]

    def __str__(self):
        return self.title

    def blocks(self, code: str) -> bool:
        return self.exclusion_modes.get(code, BLOCK) == BLOCK


class EditionLevel(models.Model):
    """One level of the chain: its deadline for passing applications upward, the quota it may
    recommend (a number, or a share of what it received, in percent) and whether it reviews
    (experts score) or only endorses. The enterprise level always comes first, the organiser's
    own level last."""

    class Mode(models.TextChoices):
        REVIEW = "review", _("组织评审")
        ENDORSE = "endorse", _("审核推荐")

    class Quota(models.TextChoices):
        NUMBER = "number", _("名额（项）")
        SHARE = "share", _("比例（%）")

    edition = models.ForeignKey(ContestEdition, on_delete=models.CASCADE, related_name="levels")
    level = models.CharField(_("层级"), max_length=10, choices=LevelKind.choices)
    order = models.PositiveSmallIntegerField(_("顺序"))
    deadline = models.DateField(_("截止日期"), validators=event_dates())
    quota_kind = models.CharField(
        _("推荐限额方式"), max_length=6, choices=Quota.choices, default=Quota.SHARE
    )
    quota = models.PositiveIntegerField(
        _("推荐限额"), null=True, blank=True, validators=in_range(QUOTA_NUMBER)
    )
    mode = models.CharField(_("方式"), max_length=7, choices=Mode.choices, default=Mode.REVIEW)
    reviews_per_application = models.PositiveSmallIntegerField(
        _("每个项目评审专家数"), default=3, validators=in_range(REVIEWS)
    )
    max_load = models.PositiveSmallIntegerField(
        _("每位专家最多评审项目数"), default=30, validators=in_range(LOAD)
    )

    class Meta:
        verbose_name = _("大赛层级")
        verbose_name_plural = _("大赛层级")
        ordering = ["edition", "order"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "level"], name="contest_level_once"),
            models.UniqueConstraint(fields=["edition", "order"], name="contest_level_order"),
            models.CheckConstraint(
                condition=~Q(quota_kind="share") | Q(quota__isnull=True) | Q(quota__lte=100),
                name="contest_level_share_percent",
            ),
        ]

    def __str__(self):
        return f"{self.edition}：{self.get_level_display()}"

    @property
    def rank(self) -> int:
        return LEVEL_RANK[self.level]

    def quota_text(self) -> str:
        if self.quota is None:
            return str(_("不限"))
        if self.quota_kind == self.Quota.SHARE:
            return f"{self.quota}%"
        return str(_("{n} 项")).format(n=self.quota)


class PrizeTier(models.Model):
    edition = models.ForeignKey(ContestEdition, on_delete=models.CASCADE, related_name="tiers")
    name = models.CharField(_("奖项"), max_length=20)
    order = models.PositiveSmallIntegerField(default=0)
    count = models.PositiveIntegerField(_("名额"), validators=in_range(PRIZE_COUNT))
    amount = models.DecimalField(
        _("奖金（元）"), max_digits=10, decimal_places=2, validators=in_range(PRIZE_YUAN)
    )

    class Meta:
        verbose_name = _("奖项等级")
        verbose_name_plural = _("奖项等级")
        ordering = ["edition", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "name"], name="contest_tier_name"),
        ]

    def __str__(self):
        return self.name


class Criterion(models.Model):
    """An item of the review form: scored 0–100, weighted (the weights of an edition sum to
    100); ``descriptors`` tell the expert what each band means."""

    edition = models.ForeignKey(ContestEdition, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("评审指标"), max_length=20)
    weight = models.PositiveSmallIntegerField(_("权重（%）"), validators=in_range(WEIGHT))
    descriptors = models.CharField(_("评分说明"), max_length=500, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("评审指标")
        verbose_name_plural = _("评审指标")
        ordering = ["edition", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "name"], name="contest_criterion_name"),
        ]

    def __str__(self):
        return f"{self.name}（{self.weight}%）"


def _assigned_applications(user):
    from jiangxin.innovation.models.contest_review import ReviewAssignment

    return ReviewAssignment.objects.filter(expert_id=user.pk, published=True).values(
        "application_id"
    )


class ContestApplicationQuerySet(ScopedQuerySet):
    scope_path = "org_path"

    def _unions_q(self, paths: tuple[str, ...]) -> Q:
        from jiangxin.accounts.access import paths_q

        # a worker's own draft is theirs until submitted; a draft the union keeps is the union's
        return paths_q(self.scope_path, paths) & (~Q(state="draft") | Q(by_union=True))

    def own_q(self, reach: Reach, user) -> Q:
        if user is None or not user.is_authenticated:
            return Q(pk__in=[])
        q = Q(created_by_id=user.pk) | Q(pk__in=_assigned_applications(user))
        if reach.worker_id:
            from jiangxin.innovation.models.contest_parts import ApplicationCompleter

            mine = ApplicationCompleter.objects.filter(worker_id=reach.worker_id)
            q |= Q(pk__in=mine.values("application_id"))
        return q

    def visible_to(self, user):
        from jiangxin.accounts.access import reach_of

        reach = reach_of(user)
        if reach.platform:
            return self.all()
        return self.filter(self._unions_q(reach.view_paths) | self.own_q(reach, user))

    def editable_by(self, user):
        from jiangxin.accounts.access import reach_of

        reach = reach_of(user)
        if reach.platform:
            return self.all()
        return self.filter(self._unions_q(reach.edit_paths))

    def received_at(self, level: EditionLevel) -> ContestApplicationQuerySet:
        """The applications that reached ``level``: submitted (not drafts) and at or past it."""
        return self.filter(edition_id=level.edition_id, current_level__order__gte=level.order)


class ContestApplication(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("已提交，待企业工会推荐")
        RETURNED = "returned", _("已退回修改")
        ENDORSED = "endorsed", _("企业已推荐")
        NOT_RECOMMENDED = "stopped", _("未获推荐")
        AWARDED = "awarded", _("已获奖")

    edition = models.ForeignKey(
        ContestEdition, on_delete=models.PROTECT, related_name="applications"
    )
    enterprise = models.ForeignKey(
        "organisations.Enterprise",
        verbose_name=_("申报单位"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    union = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", editable=False
    )
    org_path = models.CharField(max_length=255, editable=False)  # the union's
    by_union = models.BooleanField(default=False, editable=False)  # filled by the union
    title = models.CharField(_("项目名称"), max_length=100)
    category = models.CharField(_("类别"), max_length=10, choices=Category.choices)
    project_type = models.CharField(_("项目类型"), max_length=10, choices=ProjectType.choices)
    benefit_kind = models.CharField(_("效益类型"), max_length=10, choices=BenefitKind.choices)
    started_on = models.DateField(_("开始日期"), validators=event_dates())
    completed_on = models.DateField(_("完成日期"), validators=event_dates())
    background = models.TextField(_("项目背景"), max_length=2000, blank=True)
    content = models.TextField(_("主要内容"), max_length=3000, blank=True)
    innovation_points = models.TextField(_("创新点"), max_length=2000, blank=True)
    results = models.TextField(_("应用成果"), max_length=2000, blank=True)
    benefit_amount = models.DecimalField(
        _("经济效益（万元）"),
        max_digits=10,
        decimal_places=2,
        default=Decimal(0),
        validators=in_range(BENEFIT_WAN),
    )
    benefit_basis = models.TextField(_("效益计算方法"), max_length=1000, blank=True)
    # when the benefit ran: the completion window of a project finished before the edition's
    # year reads them (``contest_eligibility.window_problem``)
    benefit_from = models.DateField(
        _("效益开始日期"), null=True, blank=True, validators=event_dates()
    )
    benefit_until = models.DateField(
        _("效益结束日期"), null=True, blank=True, validators=event_dates()
    )
    studio = models.ForeignKey(
        "innovation.Studio",
        verbose_name=_("所属创新工作室"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contest_applications",
    )
    studio_project = models.ForeignKey(
        "innovation.Project",
        verbose_name=_("工作室攻关项目"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contest_applications",
    )
    # the applicant's declarations, answered by the eligibility check before submission
    in_gov_plan = models.BooleanField(_("已列入政府科技计划"), default=False)
    gov_awarded = models.BooleanField(_("已获政府奖励"), default=False)
    involves_secret = models.BooleanField(_("涉及商业秘密"), default=False)
    national_security = models.BooleanField(_("涉及国家安全"), default=False)
    ip_dispute = models.BooleanField(_("存在知识产权纠纷"), default=False)
    # the eligibility check's warnings accepted at submission ({"key", "label", "message"}),
    # kept as answered then for the endorsing union
    eligibility_warnings = models.JSONField(default=list, blank=True, editable=False)
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.DRAFT)
    current_level = models.ForeignKey(
        EditionLevel,
        verbose_name=_("当前层级"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    endorsement = models.CharField(_("推荐意见"), max_length=500, blank=True)
    return_reason = models.CharField(_("退回原因"), max_length=500, blank=True)
    endorsed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    endorsed_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = ContestApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("“五小”申报项目")
        verbose_name_plural = _("“五小”申报项目")
        ordering = ["edition", "-submitted_at", "-created", "pk"]
        indexes = [models.Index(fields=["edition", "state"], name="contest_app_edition_state")]
        constraints = [
            models.CheckConstraint(
                condition=Q(completed_on__gte=models.F("started_on")),
                name="contest_app_completed_after_start",
            ),
            models.CheckConstraint(
                condition=Q(benefit_amount__gte=0), name="contest_app_benefit_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(benefit_from__isnull=True)
                | Q(benefit_until__isnull=True)
                | Q(benefit_until__gte=models.F("benefit_from")),
                name="contest_app_benefit_period",
            ),
            models.CheckConstraint(
                condition=Q(state="draft") | Q(submitted_at__isnull=False),
                name="contest_app_submitted_has_time",
            ),
            models.CheckConstraint(
                condition=Q(state="draft") | Q(current_level__isnull=False),
                name="contest_app_submitted_has_level",
            ),
            models.CheckConstraint(
                condition=Q(state__in=["draft", "submitted", "returned"])
                | Q(endorsed_at__isnull=False),
                name="contest_app_endorsed_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(state="returned") | ~Q(return_reason=""),
                name="contest_app_returned_has_reason",
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        start, end = self.benefit_from, self.benefit_until
        if start and end and end < start:
            raise ValidationError({"benefit_until": _("效益结束日期不能早于开始日期")})

    @property
    def is_draft(self) -> bool:
        return self.state in (self.State.DRAFT, self.State.RETURNED)


__all__ = [
    "BenefitKind",
    "Category",
    "ContestApplication",
    "ContestEdition",
    "Criterion",
    "EditionLevel",
    "Exclusion",
    "LevelKind",
    "PrizeTier",
    "ProjectType",
]
