from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jiangxin.accounts.access import ScopedQuerySet, path_and_ancestors, reach_of
from jiangxin.competitions.models import Entry
from jiangxin.core import bounds
from jiangxin.core.validators import in_range


class QuestionQuerySet(ScopedQuerySet):
    """A bank belongs to a union node: its subtree sees it, its admins change it."""

    scope_path = "organisation__path"

    def usable_by(self, organisation):
        """The questions a competition organised by ``organisation`` may draw from: its own
        bank and those of the unions above it."""
        return self.filter(
            organisation__path__in=path_and_ancestors(organisation.path), active=True
        )

    def above(self, user):
        """The banks of the unions above the user's own nodes: their competitions may draw
        from them, but the user does not see (nor change) them."""
        reach = reach_of(user)
        if reach.platform:
            return self.none()
        paths = {a for p in reach.view_paths for a in path_and_ancestors(p)[:-1]}
        return self.filter(organisation__path__in=paths, active=True)


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("单选题")
        MULTIPLE = "multiple", _("多选题")
        TRUE_FALSE = "truefalse", _("判断题")

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    occupation = models.ForeignKey(
        "workers.Occupation", on_delete=models.PROTECT, related_name="questions"
    )
    kind = models.CharField(_("题型"), max_length=10, choices=Kind.choices)
    topic = models.CharField(_("知识点"), max_length=50, blank=True)
    stem = models.TextField(_("题干"))
    options = models.JSONField(_("选项"), default=list)
    answer = models.JSONField(_("答案"), default=list)  # option indices
    explanation = models.CharField(_("解析"), max_length=500, blank=True)
    active = models.BooleanField(_("启用"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated = models.DateTimeField(auto_now=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("试题")
        verbose_name_plural = _("试题")
        ordering = ["occupation", "kind", "topic", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "occupation", "kind", "stem"], name="question_unique_stem"
            )
        ]

    def __str__(self):
        return self.stem[:40]

    def lettered_options(self) -> list[tuple[str, str]]:
        if self.kind == self.Kind.TRUE_FALSE:
            return []
        return list(zip("ABCDEF", self.options, strict=False))

    def answer_text(self) -> str:
        if self.kind == self.Kind.TRUE_FALSE:
            return str(_("正确") if self.answer == [0] else _("错误"))
        return "".join("ABCDEF"[i] for i in self.answer)


class PaperQuerySet(ScopedQuerySet):
    """A paper belongs to its competition's organiser: that subtree sees it, its admins set
    it up; a contestant with a coded entry sees the paper of their competition."""

    scope_path = "component__competition__organiser__path"

    def own_q(self, reach, user) -> Q:
        if not reach.worker_id:
            return Q(pk__in=[])
        return Q(
            component__competition__in=Entry.objects.filter(
                worker_id=reach.worker_id, status=Entry.Status.APPROVED
            )
            .exclude(code="")
            .values("competition_id")
        )

    def sat_by(self, user):
        """The papers the user sits as a contestant: those of the competitions where their
        own entry is approved and drawn. (Other entries without a code do not matter.)"""
        reach = reach_of(user)
        return self.filter(self.own_q(reach, user)) if reach.worker_id else self.none()


class Paper(models.Model):
    """The online theory exam of a competition's theory component: the drawing rules, the
    time allowed, whether each contestant gets a shuffled copy, and the drawn questions."""

    component = models.OneToOneField(
        "competitions.Component", on_delete=models.CASCADE, related_name="paper"
    )
    rules = models.JSONField(_("组卷规则"), default=list)  # [{kind, topic, count, points}]
    duration_minutes = models.PositiveSmallIntegerField(
        _("考试时长（分钟）"), default=60, validators=in_range(bounds.EXAM_MINUTES)
    )
    shuffle = models.BooleanField(_("每人乱序"), default=True)
    items = models.JSONField(default=list, editable=False)  # [[question id, "points"], …]
    seed = models.CharField(max_length=64, blank=True, editable=False)
    drawn_at = models.DateTimeField(_("组卷时间"), null=True, blank=True)

    objects = PaperQuerySet.as_manager()

    class Meta:
        verbose_name = _("试卷")
        verbose_name_plural = _("试卷")

    def __str__(self):
        return str(self.component)

    @property
    def total_points(self):
        from decimal import Decimal

        return sum((Decimal(p) for _q, p in self.items), Decimal(0))


class SittingQuerySet(ScopedQuerySet):
    """A sitting belongs to the paper's organiser (who collects it); the contestant sees their
    own."""

    scope_path = "paper__component__competition__organiser__path"

    def own_q(self, reach, user) -> Q:
        if not reach.worker_id:
            return Q(pk__in=[])
        return Q(entry__worker_id=reach.worker_id)


class Sitting(models.Model):
    """One contestant's exam: the arrangement they see, the deadline fixed when they start
    (so a reload keeps the clock), the answers saved as they go, the mark."""

    paper = models.ForeignKey(Paper, on_delete=models.PROTECT, related_name="sittings")
    entry = models.ForeignKey(
        "competitions.Entry", on_delete=models.PROTECT, related_name="sittings"
    )
    arrangement = models.JSONField(default=list)  # [[question id, [option order]], …]
    answers = models.JSONField(default=dict)  # {question id: [option indices, bank numbering]}
    started_at = models.DateTimeField(_("开考时间"))
    deadline = models.DateTimeField(_("交卷截止"))
    submitted_at = models.DateTimeField(_("交卷时间"), null=True, blank=True)
    auto_submitted = models.BooleanField(_("到时自动交卷"), default=False)
    earned = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    score = models.DecimalField(_("成绩"), max_digits=5, decimal_places=2, null=True, blank=True)

    objects = SittingQuerySet.as_manager()

    class Meta:
        verbose_name = _("考试记录")
        verbose_name_plural = _("考试记录")
        constraints = [
            models.UniqueConstraint(fields=["paper", "entry"], name="sitting_once_per_entry"),
            models.CheckConstraint(
                condition=Q(deadline__gt=models.F("started_at")),
                name="sitting_deadline_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.entry} · {self.paper}"
