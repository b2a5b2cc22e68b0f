"""A studio's living record and its annual assessment.

- ``QuarterlyReport``: what the lead files each quarter (free text and the figures they count:
  activities, participants, problems solved); the figures the platform already knows (apprentices,
  awards, outputs) are read, never typed (``innovation.figures``), and kept on the report when the
  union accepts it — which freezes it.
- ``StudioOutput``: one output (a patent, paper, standard, method named after a worker, award,
  economic benefit in 万元, people trained), added by the lead or the union's admin and
  correctable until frozen (``policies_record.output_frozen_reason``).
- ``AssessmentSheet`` / ``AssessmentItem``: a union node's indicator sheet (items, points, the
  figure a read item takes and its deduction rule, band thresholds, rectification and bar periods);
  a studio is assessed on the nearest sheet up its union path, else the default one.
- ``StudioAssessment``: one assessment (annual, or the re-check after rectification), its lines
  kept as scored; ``StudioEvent``: each state change the assessment makes, logged with its reason.

All of them go with their studio: seen by whoever sees it (``StudioRecordQuerySet``).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jiangxin.accounts.access import Reach, ScopedQuerySet, path_and_ancestors
from jiangxin.core import bounds
from jiangxin.core.validators import event_dates, in_range, years
from jiangxin.innovation import assessing
from jiangxin.innovation.models.studios import Studio, StudioQuerySet

EVENT_YEARS = (bounds.EARLIEST_EVENT_YEAR, bounds.LATEST_EVENT_YEAR)
BENEFIT_WAN = (Decimal("0.01"), Decimal("1000000"))  # up to 100 亿元
PEOPLE = (1, 1_000_000)
TALLY = (0, 100_000)
POINTS = (Decimal("0.5"), Decimal(100))
THRESHOLD = (Decimal(1), Decimal(100))
RECTIFY_MONTHS = (1, 24)
BAR_MONTHS = (0, 120)


class StudioRecordQuerySet(ScopedQuerySet):
    """Goes with its studio: the host union's subtree-above, the lead and current members."""

    scope_path = "studio__org_path"

    def own_q(self, reach: Reach, user) -> Q:
        if not reach.worker_id:
            return Q(pk__in=[])
        return Q(studio__in=Studio.objects.filter(StudioQuerySet().own_q(reach, user)))


class Source(models.TextChoices):
    """The figures an indicator item may read from the record (``innovation.figures``)."""

    APPRENTICES = "apprentices", _("带徒人数（名师带高徒）")
    LEVEL_RISES = "level_rises", _("徒弟技能晋级人数")
    COMPETITION_AWARDS = "competition_awards", _("成员竞赛获奖")
    WUXIAO = "wuxiao", _("“五小”申报项目")
    PATENTS = "patents", _("专利")
    WRITINGS = "writings", _("论文、标准、操作法")
    AWARDS = "awards", _("获奖成果")
    BENEFIT_WAN = "benefit_wan", _("经济效益（万元）")
    PEOPLE_TRAINED = "people_trained", _("培训职工（人次）")
    REPORTS = "reports", _("季度报告报送")


class QuarterlyReport(models.Model):
    studio = models.ForeignKey(Studio, on_delete=models.CASCADE, related_name="reports")
    year = models.PositiveSmallIntegerField(_("年度"), validators=years(EVENT_YEARS))
    quarter = models.PositiveSmallIntegerField(
        _("季度"),
        choices=[(1, _("第一季度")), (2, _("第二季度")), (3, _("第三季度")), (4, _("第四季度"))],
    )
    summary = models.TextField(_("本季度工作情况"), max_length=4000)
    activities = models.PositiveIntegerField(
        _("开展活动（次）"), default=0, validators=in_range(TALLY)
    )
    participants = models.PositiveIntegerField(
        _("参与职工（人次）"), default=0, validators=in_range(TALLY)
    )
    problems_solved = models.PositiveIntegerField(
        _("解决技术难题（项）"), default=0, validators=in_range(TALLY)
    )
    next_plan = models.TextField(_("下季度计划"), max_length=2000, blank=True)
    read_figures = models.JSONField(default=dict, blank=True, editable=False)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    filed_at = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    accepted_at = models.DateTimeField(null=True, blank=True)

    objects = StudioRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("季度报告")
        verbose_name_plural = _("季度报告")
        ordering = ["-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["studio", "year", "quarter"], name="studio_report_once"
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="studio_report_quarter"
            ),
        ]

    def __str__(self):
        return f"{self.studio} {self.year}Q{self.quarter}"

    @property
    def label(self) -> str:
        return _("{year}年{quarter}").format(year=self.year, quarter=self.get_quarter_display())

    def span(self) -> tuple[datetime.date, datetime.date]:
        return quarter_span(self.year, self.quarter)


def quarter_span(year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    start = datetime.date(year, 3 * quarter - 2, 1)
    return start, assessing.add_months(start, 3) - datetime.timedelta(days=1)


def quarter_of(day: datetime.date) -> int:
    return (day.month - 1) // 3 + 1


class StudioOutput(models.Model):
    class Kind(models.TextChoices):
        PATENT = "patent", _("专利")
        PAPER = "paper", _("论文")
        STANDARD = "standard", _("标准")
        METHOD = "method", _("以职工命名的操作法")
        AWARD = "award", _("获奖")
        BENEFIT = "benefit", _("经济效益")
        TRAINING = "training", _("培训职工")

    class PatentKind(models.TextChoices):
        INVENTION = "invention", _("发明专利")
        UTILITY = "utility", _("实用新型")
        DESIGN = "design", _("外观设计")

    class PatentStatus(models.TextChoices):
        FILED = "filed", _("已受理")
        GRANTED = "granted", _("已授权")
        LAPSED = "lapsed", _("已失效")

    studio = models.ForeignKey(Studio, on_delete=models.CASCADE, related_name="outputs")
    kind = models.CharField(_("成果类别"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("名称"), max_length=200)
    date = models.DateField(_("日期"), validators=event_dates())
    patent_kind = models.CharField(
        _("专利类型"), max_length=10, choices=PatentKind.choices, blank=True
    )
    number = models.CharField(
        _("编号"), max_length=40, blank=True, help_text=_("专利号、标准号或刊号")
    )
    status = models.CharField(
        _("专利状态"), max_length=10, choices=PatentStatus.choices, blank=True
    )
    benefit_wan = models.DecimalField(
        _("经济效益（万元）"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=in_range(BENEFIT_WAN),
    )
    people_trained = models.PositiveIntegerField(
        _("培训人次"), null=True, blank=True, validators=in_range(PEOPLE)
    )
    note = models.CharField(_("说明"), max_length=300, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = StudioRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("工作室成果")
        verbose_name_plural = _("工作室成果")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["studio", "date"], name="studio_output_date")]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.title}"

    def clean(self):
        errors = {}
        if self.kind == self.Kind.PATENT:
            if not self.patent_kind:
                errors["patent_kind"] = _("专利须选择类型（发明、实用新型或外观设计）")
            if not self.number:
                errors["number"] = _("专利须填写专利号或申请号")
            if not self.status:
                errors["status"] = _("专利须选择状态")
        else:
            self.patent_kind = self.status = ""
        if self.kind == self.Kind.BENEFIT and self.benefit_wan is None:
            errors["benefit_wan"] = _("经济效益须填写金额（万元，保留两位小数）")
        if self.kind == self.Kind.TRAINING and not self.people_trained:
            errors["people_trained"] = _("培训职工须填写人次")
        if errors:
            raise ValidationError(errors)

    @property
    def quarter(self) -> int:
        return quarter_of(self.date)


class AssessmentSheetQuerySet(ScopedQuerySet):
    scope_path = "organisation__path"

    def current(self) -> AssessmentSheetQuerySet:
        return self.filter(superseded_at__isnull=True)


class AssessmentSheet(models.Model):
    """A union node's indicator sheet: it applies to the studios of its subtree unless a node
    below has its own. A node has one current sheet; once an assessment has used it, it is
    frozen (the assessments keep their lines as scored, but a year's studios must be measured
    alike), and a change is a new edition copied from it (``superseded_at`` set on the old)."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("工会"),
        on_delete=models.CASCADE,
        related_name="studio_sheets",
    )
    name = models.CharField(_("名称"), max_length=100)
    edition = models.PositiveSmallIntegerField(_("版本"), default=1)
    superseded_at = models.DateTimeField(_("停用时间"), null=True, blank=True, editable=False)
    excellent_from = models.DecimalField(
        _("优秀分数线"), max_digits=5, decimal_places=2, default=85, validators=in_range(THRESHOLD)
    )
    pass_from = models.DecimalField(
        _("合格分数线"), max_digits=5, decimal_places=2, default=60, validators=in_range(THRESHOLD)
    )
    rectify_months = models.PositiveSmallIntegerField(
        _("整改期（月）"), default=3, validators=in_range(RECTIFY_MONTHS)
    )
    bar_months = models.PositiveSmallIntegerField(
        _("摘牌后不得再申报（月）"), default=24, validators=in_range(BAR_MONTHS)
    )
    updated = models.DateTimeField(auto_now=True)

    objects = AssessmentSheetQuerySet.as_manager()

    class Meta:
        verbose_name = _("工作室考核指标表")
        verbose_name_plural = _("工作室考核指标表")
        ordering = ["organisation__path", "-edition"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(superseded_at__isnull=True),
                name="one_current_sheet_per_node",
            ),
            models.UniqueConstraint(fields=["organisation", "edition"], name="sheet_edition_once"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        low, high = self.pass_from, self.excellent_from
        if low is not None and high is not None and low >= high:
            raise ValidationError({"pass_from": _("合格分数线须低于优秀分数线")})

    def as_items(self) -> list[assessing.Item]:
        return [
            assessing.Item(str(i.pk), i.name, i.max_points, i.source, i.target, i.per_missing)
            for i in self.items.all()
        ]

    @staticmethod
    def for_studio(studio: Studio) -> AssessmentSheet | None:
        """The nearest sheet up the studio's union path (None: the default sheet)."""
        paths = path_and_ancestors(studio.org_path)
        sheets = (
            AssessmentSheet.objects.current()
            .filter(organisation__path__in=paths)
            .select_related("organisation")
        )
        return max(sheets, key=lambda s: len(s.organisation.path), default=None)


class AssessmentItem(models.Model):
    sheet = models.ForeignKey(AssessmentSheet, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    name = models.CharField(_("指标"), max_length=100)
    max_points = models.DecimalField(
        _("分值"), max_digits=5, decimal_places=2, validators=in_range(POINTS)
    )
    source = models.CharField(
        _("读取数据"),
        max_length=20,
        choices=Source.choices,
        blank=True,
        help_text=_("留空则由考核人打分"),
    )
    target = models.DecimalField(
        _("目标值"), max_digits=10, decimal_places=2, default=0, validators=in_range((0, 10**6))
    )
    per_missing = models.DecimalField(
        _("每少一个单位扣分"),
        max_digits=6,
        decimal_places=2,
        default=0,
        validators=in_range((0, 100)),
    )

    class Meta:
        verbose_name = _("考核指标")
        verbose_name_plural = _("考核指标")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.name


def default_items() -> list[assessing.Item]:
    """The sheet used where no union has set one (100 points)."""
    D = Decimal
    S = Source
    rows = [
        ("team", _("团队建设与管理制度"), 15, "", 0, 0),
        ("apprentices", _("带徒传技：年带徒≥10人，每少1人扣1分"), 15, S.APPRENTICES, 10, 1),
        ("rises", _("徒弟技能晋级≥3人，每少1人扣2分"), 10, S.LEVEL_RISES, 3, 2),
        ("patents", _("专利≥2项，每少1项扣5分"), 10, S.PATENTS, 2, 5),
        ("writings", _("论文、标准、操作法≥2项，每少1项扣5分"), 10, S.WRITINGS, 2, 5),
        ("benefit", _("经济效益≥50万元，每少10万元扣2分"), 10, S.BENEFIT_WAN, 50, D("0.2")),
        ("training", _("培训职工≥100人次，每少10人次扣1分"), 10, S.PEOPLE_TRAINED, 100, D("0.1")),
        ("awards", _("成员竞赛获奖≥1项，未获奖扣5分"), 5, S.COMPETITION_AWARDS, 1, 5),
        ("reports", _("季度报告按时报送4次，每缺1次扣2.5分"), 10, S.REPORTS, 4, D("2.5")),
        ("funds", _("经费使用与台账"), 5, "", 0, 0),
    ]
    return [
        assessing.Item(key, str(name), D(top), str(src), D(target), D(per))
        for key, name, top, src, target, per in rows
    ]


class StudioAssessment(models.Model):
    class Kind(models.TextChoices):
        ANNUAL = "annual", _("年度考核")
        RECHECK = "recheck", _("整改复核")

    class Band(models.TextChoices):
        EXCELLENT = assessing.EXCELLENT, _("优秀")
        PASS = assessing.PASS, _("合格")
        FAIL = assessing.FAIL, _("不合格")

    studio = models.ForeignKey(Studio, on_delete=models.CASCADE, related_name="assessments")
    year = models.PositiveSmallIntegerField(_("考核年度"), validators=years(EVENT_YEARS))
    kind = models.CharField(_("类别"), max_length=8, choices=Kind.choices, default=Kind.ANNUAL)
    assessed_on = models.DateField(_("考核日期"), validators=event_dates())
    # The days whose record was read: the calendar year, or for a re-check the 12 months up to it.
    period_start = models.DateField(_("考核期自"), validators=event_dates())
    period_end = models.DateField(_("考核期至"), validators=event_dates())
    sheet_name = models.CharField(_("指标表"), max_length=100)
    # the union's sheet it was scored on (None: the default sheet); a used sheet is frozen
    sheet = models.ForeignKey(
        "AssessmentSheet",
        verbose_name=_("指标表"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assessments",
    )
    lines = models.JSONField(_("各项得分"), default=list)
    score = models.DecimalField(_("得分"), max_digits=5, decimal_places=2)
    band = models.CharField(_("等次"), max_length=10, choices=Band.choices)
    note = models.TextField(_("考核意见"), max_length=1000, blank=True)
    rectify_until = models.DateField(_("整改期限"), null=True, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    objects = StudioRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("工作室考核")
        verbose_name_plural = _("工作室考核")
        ordering = ["-year", "-assessed_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["studio", "year", "kind"], name="studio_assessment_once"
            ),
        ]

    def __str__(self):
        return f"{self.studio} {self.year} {self.title}"

    @property
    def title(self) -> str:
        """ "2024 年度考核", "2022 年度考核的整改复核" — the year said once."""
        if self.kind == self.Kind.RECHECK:
            return gettext("{year} 年度考核的整改复核").format(year=self.year)
        return gettext("{year} 年度考核").format(year=self.year)


class StudioEvent(models.Model):
    """A step in a studio's history, with its reason (the assessment that made it, if any)."""

    class Kind(models.TextChoices):
        RECTIFYING = "rectifying", _("责令整改")
        RESTORED = "restored", _("整改合格")
        DELISTED = "delisted", _("摘牌")
        RECORDED = "recorded", _("登记既有命名")
        REVOKED = "revoked", _("撤销命名")

    studio = models.ForeignKey(Studio, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("事项"), max_length=12, choices=Kind.choices)
    day = models.DateField(_("日期"), validators=event_dates())
    reason = models.TextField(_("原因"), max_length=1500)
    assessment = models.ForeignKey(
        StudioAssessment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    objects = StudioRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("工作室大事记")
        verbose_name_plural = _("工作室大事记")
        ordering = ["-day", "-pk"]

    def __str__(self):
        return f"{self.studio} {self.day} {self.get_kind_display()}"
