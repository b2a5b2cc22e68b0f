"""A studio's breakthrough projects (技术攻关) and its subsidies.

A project belongs to its studio and is seen wherever the studio is (the host union's
subtree-above, the studio's lead and members) and by the workers on its team, who may come from
other enterprises. Its milestones, team rows and files go with it. A milestone is *overdue* when
its due date has passed and it is not 完成 (a 延期 milestone whose date passed is overdue too).

A subsidy grant (命名补助, 年度补助, 专项补助) gives a studio an amount in 元 for a year; spending
lines draw on the same studio and year, and the balance of a studio's year is its grants less its
lines (``SubsidyGrant.objects.balance``). Both are seen like the studio.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import models
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jiangxin.accounts.access import Reach, ScopedQuerySet
from jiangxin.core import bounds
from jiangxin.core.validators import event_dates, in_range, years
from jiangxin.innovation.models.studios import Studio, StudioQuerySet

# Budget, spend and saving of a project in 万元 (two decimals); a subsidy in 元.
WAN = (0, 1_000_000)
YUAN = (Decimal("0.01"), Decimal("100000000"))
CENT = Decimal("0.01")


def _studio_own(reach: Reach, user, prefix: str = "studio") -> Q:
    return Q(**{f"{prefix}__in": Studio.objects.filter(StudioQuerySet().own_q(reach, user))})


class ProjectQuerySet(ScopedQuerySet):
    """Seen like its studio, and by the workers on its team."""

    scope_path = "studio__org_path"

    def own_q(self, reach: Reach, user) -> Q:
        if not reach.worker_id:
            return Q(pk__in=[])
        team = ProjectMember.objects.filter(worker_id=reach.worker_id).values("project_id")
        return _studio_own(reach, user) | Q(pk__in=team)


class Project(models.Model):
    class State(models.TextChoices):
        UNDERWAY = "underway", _("进行中")
        CLOSED = "closed", _("已结题")

    studio = models.ForeignKey(
        Studio, verbose_name=_("工作室"), on_delete=models.CASCADE, related_name="projects"
    )
    title = models.CharField(_("项目名称"), max_length=100)
    goal = models.TextField(_("攻关目标"), max_length=2000)
    start = models.DateField(_("开始日期"), validators=event_dates())
    end = models.DateField(_("计划完成日期"), validators=event_dates())
    budget_wan = models.DecimalField(
        _("预算（万元）"), max_digits=9, decimal_places=2, default=0, validators=in_range(WAN)
    )
    spent_wan = models.DecimalField(
        _("已支出（万元）"), max_digits=9, decimal_places=2, default=0, validators=in_range(WAN)
    )
    outcome = models.TextField(_("攻关成果"), max_length=2000, blank=True)
    saving_wan = models.DecimalField(
        _("创效（万元）"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=in_range(WAN),
    )
    method = models.CharField(_("形成的操作法/工法"), max_length=100, blank=True)
    patent_numbers = models.CharField(
        _("相关专利号"), max_length=200, blank=True, help_text=_("多个专利号用逗号分隔")
    )
    state = models.CharField(
        _("状态"), max_length=10, choices=State.choices, default=State.UNDERWAY
    )
    closed_on = models.DateField(_("结题日期"), null=True, blank=True, validators=event_dates())
    closed_by = models.CharField(_("结题人"), max_length=150, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("攻关项目")
        verbose_name_plural = _("攻关项目")
        ordering = ["state", "-start", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="project_ends"),
            models.CheckConstraint(
                condition=Q(state="underway") | Q(closed_on__isnull=False),
                name="project_closed_has_date",
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("计划完成日期不能早于开始日期")})

    @property
    def is_closed(self) -> bool:
        return self.state == self.State.CLOSED


class ProjectMemberQuerySet(ScopedQuerySet):
    scope_path = "project__studio__org_path"

    def own_q(self, reach: Reach, user) -> Q:
        return Q(project__in=Project.objects.filter(ProjectQuerySet().own_q(reach, user)))


class ProjectMember(models.Model):
    """A worker on a project's team, from any enterprise (the studio's lead leads every
    project and is not a row here)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="team")
    worker = models.ForeignKey(
        "workers.Worker",
        verbose_name=_("职工"),
        on_delete=models.PROTECT,
        related_name="project_memberships",
    )
    task = models.CharField(_("分工"), max_length=100, blank=True)

    objects = ProjectMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("项目成员")
        verbose_name_plural = _("项目成员")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "worker"], name="project_member_once"),
        ]

    def __str__(self):
        return f"{self.project}：{self.worker}"


class MilestoneQuerySet(ProjectMemberQuerySet):
    def overdue(self, today: datetime.date | None = None) -> MilestoneQuerySet:
        """Due before ``today`` and not done, in projects still under way."""
        today = today or timezone.localdate()
        return self.filter(due__lt=today, project__state=Project.State.UNDERWAY).exclude(
            state=Milestone.State.DONE
        )


class Milestone(models.Model):
    class State(models.TextChoices):
        PLANNED = "planned", _("计划")
        UNDERWAY = "underway", _("进行中")
        DONE = "done", _("完成")
        DELAYED = "delayed", _("延期")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("节点"), max_length=100)
    due = models.DateField(_("计划完成日期"), validators=event_dates())
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.PLANNED)
    done_on = models.DateField(_("完成日期"), null=True, blank=True, validators=event_dates())
    note = models.CharField(_("说明"), max_length=200, blank=True)

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        verbose_name = _("项目节点")
        verbose_name_plural = _("项目节点")
        ordering = ["due", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="done") | Q(done_on__isnull=False),
                name="milestone_done_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.project}：{self.title}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.state == self.State.DONE and not self.done_on:
            raise ValidationError({"done_on": _("完成的节点须填写完成日期")})
        if self.state != self.State.DONE and self.done_on:
            raise ValidationError({"done_on": _("未完成的节点不填完成日期")})
        today = timezone.localdate()
        if self.done_on and self.done_on > today:
            raise ValidationError(
                {
                    "done_on": _(
                        "完成日期 {day} 晚于今天（{today}）：节点完成后再标记完成，或改填实际完成日期"
                    ).format(day=self.done_on, today=today)
                }
            )

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.state != self.State.DONE and self.due < today

    def days_overdue(self, today: datetime.date | None = None) -> int:
        today = today or timezone.localdate()
        return max(0, (today - self.due).days) if self.state != self.State.DONE else 0


class ProjectFile(models.Model):
    """A PDF, JPG or PNG attached to a project, checked on upload (``core.uploads``), stored
    under MEDIA_ROOT and handed back only as an attachment of its checked type."""

    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        JPEG = "jpeg", "JPG"
        PNG = "png", "PNG"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to="innovation/projects/%Y/%m/", max_length=200)
    name = models.CharField(_("文件名"), max_length=120)
    kind = models.CharField(max_length=4, choices=Kind.choices)
    size = models.PositiveIntegerField()
    uploaded = models.DateTimeField(auto_now_add=True)

    objects = ProjectMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("项目附件")
        verbose_name_plural = _("项目附件")
        ordering = ["uploaded", "pk"]

    def __str__(self):
        return self.name


# --- subsidies ---------------------------------------------------------------------------------


class SubsidyQuerySet(ScopedQuerySet):
    """Seen like the studio."""

    scope_path = "studio__org_path"

    def own_q(self, reach: Reach, user) -> Q:
        return _studio_own(reach, user) if reach.worker_id else Q(pk__in=[])

    def total(self) -> Decimal:
        total = self.aggregate(t=Sum("amount"))["t"] or Decimal("0")
        return total.quantize(CENT)  # SQLite's sum drops the scale


class SubsidyGrant(models.Model):
    class Kind(models.TextChoices):
        NAMING = "naming", _("命名补助")
        ANNUAL = "annual", _("年度补助")
        SPECIAL = "special", _("专项补助")

    studio = models.ForeignKey(
        Studio, verbose_name=_("工作室"), on_delete=models.PROTECT, related_name="grants"
    )
    year = models.PositiveSmallIntegerField(
        _("年度"), validators=years((bounds.EARLIEST_EVENT_YEAR, bounds.LATEST_EVENT_YEAR))
    )
    amount = models.DecimalField(
        _("金额（元）"), max_digits=12, decimal_places=2, validators=in_range(YUAN)
    )
    kind = models.CharField(_("类别"), max_length=8, choices=Kind.choices)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    # the naming it came with (a naming batch's application), for 命名补助
    application = models.OneToOneField(
        "innovation.StudioApplication",
        verbose_name=_("命名申报"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grant",
    )
    created = models.DateTimeField(auto_now_add=True)

    objects = SubsidyQuerySet.as_manager()

    class Meta:
        verbose_name = _("补助拨付")
        verbose_name_plural = _("补助拨付")
        ordering = ["year", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="grant_positive")]

    def __str__(self):
        return f"{self.studio} {self.year} {self.get_kind_display()} {self.amount}"


class SubsidyLine(models.Model):
    """A spending of a studio's subsidy of ``year`` (on ``spent_on``, in that year or after),
    optionally on one of the studio's projects (then not before the project's start)."""

    studio = models.ForeignKey(
        Studio, verbose_name=_("工作室"), on_delete=models.PROTECT, related_name="subsidy_lines"
    )
    year = models.PositiveSmallIntegerField(
        _("补助年度"), validators=years((bounds.EARLIEST_EVENT_YEAR, bounds.LATEST_EVENT_YEAR))
    )
    spent_on = models.DateField(_("支出日期"), validators=event_dates())
    item = models.CharField(_("支出事项"), max_length=100)
    amount = models.DecimalField(
        _("金额（元）"), max_digits=12, decimal_places=2, validators=in_range(YUAN)
    )
    voucher = models.CharField(_("凭证说明"), max_length=200, blank=True)
    # the studio's breakthrough project the money went to, if any: spent on or after its start
    project = models.ForeignKey(
        Project,
        verbose_name=_("攻关项目"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="subsidy_lines",
    )
    created = models.DateTimeField(auto_now_add=True)

    objects = SubsidyQuerySet.as_manager()

    class Meta:
        verbose_name = _("补助支出")
        verbose_name_plural = _("补助支出")
        ordering = ["year", "spent_on", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="line_positive")]

    def __str__(self):
        return f"{self.studio} {self.spent_on} {self.item} {self.amount}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.spent_on and self.year and self.spent_on.year < self.year:
            raise ValidationError({"spent_on": _("支出日期不能早于补助年度")})
        if self.project_id is None:
            return
        if self.project.studio_id != self.studio_id:
            raise ValidationError({"project": _("只能选择本工作室的攻关项目")})
        if self.spent_on and self.spent_on < self.project.start:
            raise ValidationError(
                {
                    "spent_on": _(
                        "支出日期 {day} 早于攻关项目“{title}”的开始日期 {start}，请核对日期或项目"
                    ).format(day=self.spent_on, title=self.project.title, start=self.project.start)
                }
            )
