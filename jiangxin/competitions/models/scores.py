"""Judges' scores, exam scores and the computed results."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .competition import Competition, Component
from .registration import Entry
from .scheme import Aspect
from .scoping import ExamScoreQuerySet, ResultQuerySet, ScoreQuerySet


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

    objects = ScoreQuerySet.as_manager()

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

    objects = ExamScoreQuerySet.as_manager()

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

    objects = ResultQuerySet.as_manager()

    class Meta:
        verbose_name = _("成绩")
        verbose_name_plural = _("成绩")
        ordering = ["competition", "rank", "entry"]
        indexes = [models.Index(fields=["competition", "rank"], name="result_rank")]

    def __str__(self):
        return f"{self.entry} · {self.rank}"
