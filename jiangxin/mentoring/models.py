from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from jiangxin.accounts.access import ScopedQuerySet, paths_q
from jiangxin.core import bounds
from jiangxin.core.validators import event_dates, in_range, years
from jiangxin.workers.models import SkillLevel


def default_honours() -> list[str]:
    return ["model_worker", "craftsman", "skill_master", "tech_expert"]


def default_posts() -> list[str]:
    return ["key", "important", "hightech"]


def default_pay_rates() -> dict[str, int]:
    return {"excellent": 100, "pass": 50, "fail": 0}


class Programme(models.Model):
    """名师带高徒 of one union node and year, with its rules."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("主办工会"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(
        _("年度"), validators=years((bounds.EARLIEST_EVENT_YEAR, bounds.LATEST_EVENT_YEAR))
    )
    name = models.CharField(_("项目名称"), max_length=80)
    master_min_level = models.PositiveSmallIntegerField(
        _("师傅最低技能等级"), choices=SkillLevel.choices, default=SkillLevel.L2
    )
    master_honours = models.JSONField(_("可替代等级的荣誉"), default=default_honours, blank=True)
    master_min_years = models.PositiveSmallIntegerField(
        _("师傅最低工龄（年）"), default=5, validators=in_range(bounds.MASTER_YEARS)
    )
    posts = models.JSONField(_("面向岗位"), default=default_posts, blank=True)
    term_months = models.PositiveSmallIntegerField(
        _("默认带徒期限（月）"), default=12, validators=in_range(bounds.TERM_MONTHS)
    )
    stipend_monthly = models.DecimalField(
        _("默认带徒津贴（元/月）"),
        max_digits=8,
        decimal_places=2,
        default=300,
        validators=in_range(bounds.STIPEND),
    )
    capacity = models.PositiveSmallIntegerField(
        _("每位师傅最多带徒"), default=3, validators=in_range(bounds.CAPACITY)
    )
    pay_rates = models.JSONField(_("按考核等次发放比例（%）"), default=default_pay_rates)
    weights = models.JSONField(
        _("匹配代价权重"), default=dict, blank=True, help_text=_("为空时用默认权重")
    )
    created = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("名师带高徒项目")
        verbose_name_plural = _("名师带高徒项目")
        ordering = ["-year", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "name"], name="programme_unique"
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1), name="programme_capacity_positive"
            ),
        ]

    def __str__(self):
        return self.name


class PairQuerySet(ScopedQuerySet):
    """Seen by the apprentice's unions, the master's, the programme's and the two workers."""

    scope_path = "org_path"

    def own_q(self, reach, user) -> Q:
        q = paths_q("programme__organisation__path", reach.view_paths) | paths_q(
            "master__org_path", reach.view_paths
        )
        if reach.worker_id:
            q |= Q(master_id=reach.worker_id) | Q(apprentice_id=reach.worker_id)
        return q

    def current(self):
        return self.filter(status__in=[Pair.Status.PROPOSED, Pair.Status.ACTIVE])

    def formed(self):
        """Pairs that were approved (active, graduated, failed or ended since)."""
        return self.exclude(status=Pair.Status.PROPOSED)

    def figures(self, year: int) -> dict:
        """The programme's figures for pairs formed (started) in ``year``; each master–apprentice
        link counts as one pair, as the article counts."""
        from django.db.models import Count, F

        formed = self.formed().filter(starts_on__year=year)
        status = dict(formed.values_list("status").annotate(n=Count("pk")).order_by())
        per_master = list(
            formed.values("master").annotate(n=Count("pk")).values_list("n", flat=True)
        )
        graduated = status.get(Pair.Status.GRADUATED, 0)
        failed = status.get(Pair.Status.FAILED, 0)
        return {
            "year": year,
            "pairs": sum(status.values()),
            "status": {
                s: status.get(s, 0) for s in Pair.Status.values if s != Pair.Status.PROPOSED
            },
            "one_to_one": sum(1 for n in per_master if n == 1),
            "one_to_many": sum(n for n in per_master if n > 1),
            "masters": len(per_master),
            "graduation_rate": round(100 * graduated / (graduated + failed))
            if graduated + failed
            else None,
            "level_rises": formed.filter(apprentice__skill_level__gt=F("start_level")).count(),
            "by_enterprise": list(
                formed.values_list("apprentice__enterprise__name")
                .annotate(n=Count("pk"))
                .order_by("-n", "apprentice__enterprise__name")
            ),
            "by_industry": list(
                formed.values_list("apprentice__enterprise__industry__name")
                .annotate(n=Count("pk"))
                .order_by("-n")
            ),
        }

    def lineage(self, worker) -> dict:
        """The worker's masters, apprentices and apprentices' apprentices (pairs in this
        queryset), with each apprentice's level then and now and their competition awards."""
        from jiangxin.competitions.models import Competition, Result

        related = self.select_related("master", "apprentice", "programme").order_by("starts_on")
        masters = list(related.filter(apprentice=worker).exclude(status=Pair.Status.PROPOSED))
        taught = list(related.filter(master=worker).exclude(status=Pair.Status.PROPOSED))
        second: dict[int, list] = {}
        for p in related.filter(master__in=[t.apprentice_id for t in taught]).exclude(
            status=Pair.Status.PROPOSED
        ):
            second.setdefault(p.master_id, []).append(p)
        awards: dict[int, list] = {}
        for r in (
            Result.objects.filter(
                entry__worker__in=[t.apprentice_id for t in taught],
                competition__status__in=[Competition.Status.PUBLISHED, Competition.Status.FINAL],
            )
            .exclude(award="")
            .select_related("competition", "entry")
        ):
            awards.setdefault(r.entry.worker_id, []).append(r)
        return {
            "masters": masters,
            "apprentices": [
                {
                    "pair": t,
                    "next": second.get(t.apprentice_id, []),
                    "awards": awards.get(t.apprentice_id, []),
                }
                for t in taught
            ],
        }

    def between(self, a, b):
        """Pairs ever formed between the two workers, either way round."""
        return self.filter(Q(master=a, apprentice=b) | Q(master=b, apprentice=a))


class PairChildQuerySet(ScopedQuerySet):
    """Rows of a pair (its logs, its assessments): seen by whoever sees the pair."""

    scope_path = "pair__org_path"

    def own_q(self, reach, user) -> Q:
        q = paths_q("pair__programme__organisation__path", reach.view_paths) | paths_q(
            "pair__master__org_path", reach.view_paths
        )
        if reach.worker_id:
            q |= Q(pair__master_id=reach.worker_id) | Q(pair__apprentice_id=reach.worker_id)
        return q


class PreferenceQuerySet(ScopedQuerySet):
    """An apprentice's wishes: seen by their unions, the programme's, and the apprentice."""

    scope_path = "apprentice__org_path"

    def own_q(self, reach, user) -> Q:
        q = paths_q("programme__organisation__path", reach.view_paths)
        if reach.worker_id:
            q |= Q(apprentice_id=reach.worker_id)
        return q


class ExclusionQuerySet(ScopedQuerySet):
    """Seen and changed by the unions of either worker."""

    scope_path = "first__org_path"

    def own_q(self, reach, user) -> Q:
        return paths_q("second__org_path", reach.view_paths)

    def editable_by(self, user):
        from jiangxin.accounts.access import reach_of

        reach = reach_of(user)
        if reach.platform:
            return self.all()
        return self.filter(
            paths_q("first__org_path", reach.edit_paths)
            | paths_q("second__org_path", reach.edit_paths)
        )


class MatchRunQuerySet(ScopedQuerySet):
    """A matcher's run belongs to the node it was run over."""

    scope_path = "scope__path"


class Pair(models.Model):
    """One master–apprentice link under an agreement (师徒协议)."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("待审批")
        ACTIVE = "active", _("带徒中")
        GRADUATED = "graduated", _("已出师")
        FAILED = "failed", _("未出师")
        ENDED = "ended", _("提前终止")

    class Grade(models.TextChoices):
        EXCELLENT = "excellent", _("优秀")
        PASS = "pass", _("合格")
        FAIL = "fail", _("不合格")

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="pairs")
    master = models.ForeignKey(
        "workers.Worker", verbose_name=_("师傅"), on_delete=models.PROTECT, related_name="as_master"
    )
    apprentice = models.ForeignKey(
        "workers.Worker",
        verbose_name=_("徒弟"),
        on_delete=models.PROTECT,
        related_name="as_apprentice",
    )
    org_path = models.CharField(max_length=255, editable=False)  # the apprentice's union, for scope
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    starts_on = models.DateField(_("开始日期"), validators=event_dates())
    ends_on = models.DateField(_("结束日期"), validators=event_dates())
    target_level = models.PositiveSmallIntegerField(
        _("目标技能等级"), choices=SkillLevel.choices, null=True, blank=True
    )
    skills = models.CharField(_("传授技能"), max_length=300, blank=True)
    start_level = models.PositiveSmallIntegerField(
        _("结对时徒弟等级"), choices=SkillLevel.choices, default=SkillLevel.NONE
    )
    stipend_monthly = models.DecimalField(
        _("带徒津贴（元/月）"), max_digits=8, decimal_places=2, validators=in_range(bounds.STIPEND)
    )
    final_grade = models.CharField(_("出师考核"), max_length=10, choices=Grade.choices, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    objects = PairQuerySet.as_manager()

    class Meta:
        verbose_name = _("师徒结对")
        verbose_name_plural = _("师徒结对")
        ordering = ["-created"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(master=models.F("apprentice")), name="pair_not_oneself"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")), name="pair_ends_after_start"
            ),
            models.UniqueConstraint(
                fields=["apprentice"],
                condition=Q(status__in=["proposed", "active"]),
                name="pair_one_master_per_apprentice",
            ),
        ]
        indexes = [models.Index(fields=["org_path"], name="pair_org_path")]

    def __str__(self):
        return f"{self.master} → {self.apprentice}"


class Preference(models.Model):
    """An apprentice's wish for a master in a programme (up to three, first choice first)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="preferences")
    apprentice = models.ForeignKey("workers.Worker", on_delete=models.CASCADE, related_name="+")
    master = models.ForeignKey("workers.Worker", on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField(_("志愿"))

    objects = PreferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("拜师志愿")
        verbose_name_plural = _("拜师志愿")
        ordering = ["programme", "apprentice", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "apprentice", "rank"], name="preference_rank_once"
            ),
            models.UniqueConstraint(
                fields=["programme", "apprentice", "master"], name="preference_master_once"
            ),
            models.CheckConstraint(
                condition=Q(rank__gte=1) & Q(rank__lte=3), name="preference_rank_1_3"
            ),
        ]

    def __str__(self):
        return f"{self.apprentice_id} → {self.master_id} ({self.rank})"


class Exclusion(models.Model):
    """Two workers who must not be paired (relatives, a dispute…), either way round."""

    first = models.ForeignKey("workers.Worker", on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey("workers.Worker", on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("回避原因"), max_length=100)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    objects = ExclusionQuerySet.as_manager()

    class Meta:
        verbose_name = _("结对回避")
        verbose_name_plural = _("结对回避")
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="exclusion_once"),
            models.CheckConstraint(
                condition=Q(first__lt=models.F("second")), name="exclusion_ordered"
            ),
        ]

    def __str__(self):
        return f"{self.first_id} ↔ {self.second_id}"


# A month's mentoring cannot credibly exceed a month's working hours: 8 h a day × about 23 working
# days = 184 h. More than that is a typing slip (80 for 8, 800 for 80), so it is refused and the
# author asked to give the month's real hours.
MAX_MONTHLY_HOURS = Decimal(184)


def hours_limit_message() -> str:
    return format_lazy(
        _(
            "学时应在 0.1–{most} 之间：一个月的带徒学时不会超过当月工作时间（约 23 天 × 8 小时），"
            "请填写本月实际学时，如 8 或 7.5"
        ),
        most=MAX_MONTHLY_HOURS,
    )


class CheckIn(models.Model):
    """The monthly log: what was taught and for how long, by the master or the apprentice."""

    class Role(models.TextChoices):
        MASTER = "master", _("师傅")
        APPRENTICE = "apprentice", _("徒弟")

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="checkins")
    month = models.DateField(_("月份"), validators=event_dates())  # the first of the month
    role = models.CharField(_("填写人"), max_length=10, choices=Role.choices)
    content = models.TextField(_("传授内容"))
    hours = models.DecimalField(_("学时"), max_digits=5, decimal_places=1)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    objects = PairChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("带徒记录")
        verbose_name_plural = _("带徒记录")
        ordering = ["pair", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["pair", "month", "role"], name="checkin_once_a_month"),
            models.CheckConstraint(condition=Q(hours__gt=0), name="checkin_hours_positive"),
        ]

    def __str__(self):
        return f"{self.pair_id} {self.month:%Y-%m} {self.role}"


class Assessment(models.Model):
    class Kind(models.TextChoices):
        MIDTERM = "mid", _("中期考核")
        FINAL = "final", _("出师考核")

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="assessments")
    kind = models.CharField(_("考核"), max_length=6, choices=Kind.choices)
    grade = models.CharField(_("等次"), max_length=10, choices=Pair.Grade.choices)
    comment = models.CharField(_("评语"), max_length=300, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    objects = PairChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("带徒考核")
        verbose_name_plural = _("带徒考核")
        constraints = [models.UniqueConstraint(fields=["pair", "kind"], name="assessment_once")]

    def __str__(self):
        return f"{self.pair_id} {self.kind} {self.grade}"


class MatchRun(models.Model):
    """A matcher's proposal kept for the admin to accept all, some, or edited."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="match_runs")
    scope = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("范围"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    cross_enterprise = models.BooleanField(_("允许跨企业结对"), default=False)
    proposal = models.JSONField(default=list)  # [{apprentice, master, cost, reasons}]
    unpaired = models.JSONField(default=dict)  # {apprentice id: reason}
    cost = models.IntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    objects = MatchRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("智能匹配")
        verbose_name_plural = _("智能匹配")
        ordering = ["-created"]

    def __str__(self):
        return f"{self.programme_id} · {self.scope_id} · {self.created:%Y-%m-%d %H:%M}"
