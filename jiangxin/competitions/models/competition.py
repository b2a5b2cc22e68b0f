"""The competition and its components (set-up)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jiangxin.accounts.access import ScopedQuerySet, path_and_ancestors
from jiangxin.core import bounds
from jiangxin.core.validators import event_dates, in_range
from jiangxin.workers.models import SkillLevel

from .scoping import ComponentQuerySet


class CompetitionQuerySet(ScopedQuerySet):
    """Visible to the organiser's subtree, to unions inside the eligible area (they enter
    teams), to its judges, and to workers who entered; changed by the organiser's admins."""

    scope_path = "organiser__path"

    def own_q(self, reach, user) -> Q:
        from .registration import Entry  # defined after Competition, which they refer to
        from .scheme import JudgeAssignment

        q = Q(pk__in=[])
        for (
            path
        ) in reach.view_paths:  # a union inside the eligible area: its path extends the root's
            q |= Q(eligible_root__path__in=path_and_ancestors(path))
        if user.is_authenticated:
            q |= Q(pk__in=JudgeAssignment.objects.filter(user=user).values("competition_id"))
        if reach.worker_id:
            q |= Q(pk__in=Entry.objects.filter(worker_id=reach.worker_id).values("competition_id"))
        return q

    def published(self):
        return self.filter(status__in=[Competition.Status.PUBLISHED, Competition.Status.FINAL])


class Competition(models.Model):
    """劳动和技能竞赛 / 岗位练兵: organised by a union node, for the workers of a subtree."""

    class Level(models.TextChoices):
        CITY = "city", _("市级")
        COUNTY = "county", _("县级")
        TOWN = "town", _("镇级")
        ENTERPRISE = "enterprise", _("企业级")

    class Kind(models.TextChoices):
        SKILLS = "skills", _("职业技能竞赛")
        DRILL = "drill", _("岗位练兵")
        WOMEN = "women", _("女职工技能竞赛")
        PLATFORM = "platform", _("新就业形态劳动者竞赛")

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        OPEN = "open", _("报名中")
        CLOSED = "closed", _("报名截止")
        DRAWN = "drawn", _("已抽签")
        RUNNING = "running", _("比赛进行中")
        LOCKED = "locked", _("成绩已锁定")
        PUBLISHED = "published", _("结果公示中")
        FINAL = "final", _("结果已确认")

    class NameDisplay(models.TextChoices):
        FULL = "full", _("显示全名")
        MASKED = "masked", _("姓名脱敏（如 柯**）")
        HIDDEN = "hidden", _("只显示单位")

    class CertificateDate(models.TextChoices):
        HELD_ON = "held_on", _("比赛日期")
        FINALISED = "finalised", _("结果确认日期")

    title = models.CharField(_("竞赛名称"), max_length=120)
    level = models.CharField(_("级别"), max_length=12, choices=Level.choices)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices, default=Kind.SKILLS)
    organiser = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("主办单位"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    occupation = models.ForeignKey(
        "workers.Occupation",
        verbose_name=_("竞赛职业（工种）"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    # Eligibility
    eligible_root = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("参赛范围"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("该组织及其下属的职工可以参赛"),
    )
    same_occupation = models.BooleanField(_("限本职业（工种）"), default=False)
    gender = models.CharField(
        _("性别限制"), max_length=1, blank=True, choices=[("M", _("男")), ("F", _("女"))]
    )
    employment_forms = models.JSONField(_("用工形式限制"), default=list, blank=True)
    front_line_only = models.BooleanField(_("限一线职工"), default=False)
    min_level = models.PositiveSmallIntegerField(
        _("最低技能等级"), choices=SkillLevel.choices, null=True, blank=True
    )
    max_level = models.PositiveSmallIntegerField(
        _("最高技能等级"), choices=SkillLevel.choices, null=True, blank=True
    )
    min_age = models.PositiveSmallIntegerField(
        _("最小年龄"), null=True, blank=True, validators=in_range(bounds.AGE)
    )
    max_age = models.PositiveSmallIntegerField(
        _("最大年龄"), null=True, blank=True, validators=in_range(bounds.AGE)
    )
    # Registration
    registration_opens = models.DateTimeField(_("报名开始"), validators=event_dates())
    registration_closes = models.DateTimeField(_("报名截止"), validators=event_dates())
    quota_per_delegation = models.PositiveSmallIntegerField(
        _("每队名额"), default=5, validators=in_range(bounds.QUOTA)
    )
    allow_individual = models.BooleanField(_("允许个人报名"), default=False)
    held_on = models.DateField(_("比赛日期"), validators=event_dates())
    # Marking
    allowed_spread = models.PositiveSmallIntegerField(
        _("评价分允许分差"), default=1, validators=in_range(bounds.SPREAD)
    )
    tie_breakers = models.JSONField(
        _("同分排序依据"),
        default=list,
        blank=True,
        help_text=_("依次比较的项目类型，如 practical、theory"),
    )
    award_rules = models.JSONField(
        _("奖项设置"),
        default=list,
        blank=True,
        help_text=_('如 [{"name": "一等奖", "count": 1}, {"name": "二等奖", "share": "0.2"}]'),
    )
    team_top_n = models.PositiveSmallIntegerField(
        _("团体统计前 N 名"),
        default=6,
        help_text=_("代表队成绩表统计进入前 N 名的人数"),
        validators=in_range(bounds.TEAM_TOP_N),
    )
    award_points = models.JSONField(
        _("团体计分"),
        default=dict,
        blank=True,
        help_text=_('每个奖项计入代表队的分数，如 {"一等奖": 5, "二等奖": 3}'),
    )
    # Results
    name_display = models.CharField(
        _("公示姓名方式"), max_length=8, choices=NameDisplay.choices, default=NameDisplay.MASKED
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    publicity_until = models.DateTimeField(_("公示截止"), null=True, blank=True)
    publicity_days = models.PositiveSmallIntegerField(
        _("公示期（天）"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text=_("结果公示的天数（1–30 天），期满后才能确认结果"),
    )
    ended_at = models.DateTimeField(_("比赛结束"), null=True, blank=True)
    appeal_window_hours = models.PositiveSmallIntegerField(
        _("申诉时限（小时）"), default=2, validators=in_range(bounds.APPEAL_HOURS)
    )
    finalised_at = models.DateTimeField(_("结果确认时间"), null=True, blank=True)
    certificate_date = models.CharField(
        _("证书落款日期"),
        max_length=10,
        choices=CertificateDate.choices,
        default=CertificateDate.HELD_ON,
        help_text=_("证书上印的日期：比赛日期，或结果确认（公示期满）的日期"),
    )
    draw_seed = models.CharField(max_length=64, blank=True, editable=False)
    created = models.DateTimeField(auto_now_add=True)

    objects = CompetitionQuerySet.as_manager()

    class Meta:
        verbose_name = _("竞赛")
        verbose_name_plural = _("竞赛")
        ordering = ["-held_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(registration_opens__lt=models.F("registration_closes")),
                name="competition_registration_window",
            ),
            models.CheckConstraint(
                condition=Q(min_level__isnull=True)
                | Q(max_level__isnull=True)
                | Q(min_level__lte=models.F("max_level")),
                name="competition_level_range",
            ),
        ]

    def __str__(self):
        return self.title


class Component(models.Model):
    """A part of a competition with its weight: theory 30 + practical 70, or 25 + 55 + 20."""

    class Kind(models.TextChoices):
        THEORY = "theory", _("理论知识考试")
        PRACTICAL = "practical", _("技能操作考核")
        DEFENCE = "defence", _("答辩")

    class Rule(models.TextChoices):
        SCHEME = "scheme", _("评分标准（测量分 + 评价分）")
        TRIMMED = "trimmed", _("去掉最高分和最低分取平均")
        EXAM = "exam", _("考试自动评分 / 手工录入")

    competition = models.ForeignKey(
        Competition, on_delete=models.CASCADE, related_name="components"
    )
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("名称"), max_length=50)
    weight = models.PositiveSmallIntegerField(_("权重（%）"), validators=in_range(bounds.PERCENT))
    rule = models.CharField(_("评分方式"), max_length=8, choices=Rule.choices)
    order = models.PositiveSmallIntegerField(default=0)
    locked_at = models.DateTimeField(_("锁定时间"), null=True, blank=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("锁定人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ComponentQuerySet.as_manager()

    class Meta:
        verbose_name = _("竞赛项目")
        verbose_name_plural = _("竞赛项目")
        ordering = ["competition", "order"]
        constraints = [
            models.UniqueConstraint(fields=["competition", "kind"], name="component_one_per_kind"),
            models.CheckConstraint(
                condition=Q(weight__gt=0) & Q(weight__lte=100), name="component_weight_range"
            ),
        ]

    def __str__(self):
        return f"{self.name}（{self.weight}%）"
