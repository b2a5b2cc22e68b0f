from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jiangxin.accounts.access import ScopedQuerySet, path_and_ancestors, paths_q
from jiangxin.workers.models import SkillLevel


class CompetitionQuerySet(ScopedQuerySet):
    """Visible to the organiser's subtree, to unions inside the eligible area (they enter
    teams), to its judges, and to workers who entered; changed by the organiser's admins."""

    scope_path = "organiser__path"

    def own_q(self, reach, user) -> Q:
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
    min_age = models.PositiveSmallIntegerField(_("最小年龄"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("最大年龄"), null=True, blank=True)
    # Registration
    registration_opens = models.DateTimeField(_("报名开始"))
    registration_closes = models.DateTimeField(_("报名截止"))
    quota_per_delegation = models.PositiveSmallIntegerField(_("每队名额"), default=5)
    allow_individual = models.BooleanField(_("允许个人报名"), default=False)
    held_on = models.DateField(_("比赛日期"))
    # Marking
    allowed_spread = models.PositiveSmallIntegerField(_("评价分允许分差"), default=1)
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
        _("团体统计前 N 名"), default=6, help_text=_("代表队成绩表统计进入前 N 名的人数")
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
    ended_at = models.DateTimeField(_("比赛结束"), null=True, blank=True)
    appeal_window_hours = models.PositiveSmallIntegerField(_("申诉时限（小时）"), default=2)
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
    weight = models.PositiveSmallIntegerField(_("权重（%）"))
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


class Criterion(models.Model):
    """A criterion of a component's marking scheme (WorldSkills style), with its aspects."""

    component = models.ForeignKey(Component, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("评分项"), max_length=80)
    order = models.PositiveSmallIntegerField(default=0)

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
    max_mark = models.DecimalField(_("分值"), max_digits=5, decimal_places=2)
    descriptors = models.JSONField(_("评价分档描述（0–3）"), default=list, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

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


class Score(models.Model):
    """A judge's mark for one aspect of one entry. Rows are never changed: a re-score adds a
    row and retires the previous one, so the history stays."""

    aspect = models.ForeignKey(Aspect, on_delete=models.PROTECT, related_name="scores")
    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="scores")
    judge = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(_("得分"), max_digits=5, decimal_places=2)
    outcome = models.CharField(max_length=6, blank=True)  # measurement: full / zero / deduct
    deductions = models.JSONField(default=list, blank=True)
    current = models.BooleanField(default=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("评分")
        verbose_name_plural = _("评分")
        constraints = [
            models.UniqueConstraint(
                fields=["aspect", "entry", "judge"],
                condition=Q(current=True),
                name="score_one_current_per_judge",
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="score_not_negative"),
        ]
        indexes = [models.Index(fields=["entry", "current"], name="score_entry_current")]

    def __str__(self):
        return f"{self.entry} · {self.aspect} · {self.value}"


class ExamScore(models.Model):
    """A theory (exam) component's score out of 100: marked automatically online, or entered
    by hand from a paper exam."""

    class Source(models.TextChoices):
        PAPER = "paper", _("纸笔考试，手工录入")
        ONLINE = "online", _("在线考试，自动评分")

    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="exam_scores")
    component = models.ForeignKey(Component, on_delete=models.PROTECT, related_name="exam_scores")
    score = models.DecimalField(_("成绩"), max_digits=5, decimal_places=2)
    source = models.CharField(max_length=6, choices=Source.choices, default=Source.PAPER)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    current = models.BooleanField(default=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("考试成绩")
        verbose_name_plural = _("考试成绩")
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "component"],
                condition=Q(current=True),
                name="exam_score_one_current",
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=100), name="exam_score_range"
            ),
        ]

    def __str__(self):
        return f"{self.entry} · {self.component} · {self.score}"


class Result(models.Model):
    """An entry's computed result: component scores, weighted total, rank, award."""

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="results")
    entry = models.OneToOneField(Entry, on_delete=models.CASCADE, related_name="result")
    component_scores = models.JSONField(default=dict)
    total = models.DecimalField(_("总成绩"), max_digits=6, decimal_places=2)
    rank = models.PositiveIntegerField(_("名次"))
    award = models.CharField(_("奖项"), max_length=20, blank=True)
    computed = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("成绩")
        verbose_name_plural = _("成绩")
        ordering = ["competition", "rank", "entry"]
        indexes = [models.Index(fields=["competition", "rank"], name="result_rank")]

    def __str__(self):
        return f"{self.entry} · {self.rank}"


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

    class Meta:
        verbose_name = _("复核")
        verbose_name_plural = _("复核")

    def __str__(self):
        return f"{self.appeal} · {self.get_status_display()}"


def new_certificate_code() -> str:
    """12 characters from an alphabet without look-alikes (60 bits): unguessable, and easy to
    read out over the phone."""
    import secrets

    alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
    return "".join(secrets.choice(alphabet) for _ in range(12))


class CertificateQuerySet(ScopedQuerySet):
    """Seen by the organiser's subtree, by the winner's own unions and by the winner; issued
    and revoked by the organiser's admins. Anyone may check one by its code (``by_code``)."""

    scope_path = "competition__organiser__path"

    def own_q(self, reach, user) -> Q:
        q = paths_q("entry__worker__org_path", reach.view_paths)
        if reach.worker_id:
            q |= Q(entry__worker_id=reach.worker_id)
        return q

    def by_code(self, code: str):
        """The certificate for a code as typed: spaces, dashes and case do not matter."""
        cleaned = "".join(ch for ch in (code or "").upper() if ch.isalnum())
        return self.filter(code=cleaned).first() if len(cleaned) == 12 else None


class Certificate(models.Model):
    """A certificate as printed: what it says is kept as it was issued, so the public check
    confirms the paper in the holder's hand."""

    competition = models.ForeignKey(
        Competition, on_delete=models.PROTECT, related_name="certificates"
    )
    entry = models.OneToOneField(Entry, on_delete=models.PROTECT, related_name="certificate")
    code = models.CharField(_("验证码"), max_length=12, unique=True, default=new_certificate_code)
    name = models.CharField(_("姓名"), max_length=50)
    unit = models.CharField(_("单位"), max_length=100, blank=True)
    award = models.CharField(_("奖项"), max_length=20)
    rank = models.PositiveIntegerField(_("名次"))
    issued_at = models.DateTimeField(_("颁发时间"))
    dated = models.DateField(_("证书落款日期"), null=True, blank=True)  # as printed
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("作废时间"), null=True, blank=True)
    revoke_reason = models.CharField(_("作废原因"), max_length=200, blank=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("证书")
        verbose_name_plural = _("证书")
        ordering = ["competition", "rank", "entry"]

    def __str__(self):
        return self.display_code

    @property
    def display_code(self) -> str:
        return "-".join(self.code[i : i + 4] for i in range(0, 12, 4))
