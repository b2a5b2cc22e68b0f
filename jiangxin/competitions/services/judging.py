"""Judging: a judge's marks (only within their assignment, never for a contestant they must
avoid — 执裁回避), the spread check and exam scores. A later mark replaces an earlier one, which
stays in the history. What is missing before a lock, and the lock itself: ``locking``."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from jiangxin.competitions import policies
from jiangxin.competitions.marking import (
    MarkingError,
    cents,
    check_judgement_score,
    measurement_mark,
    spread_exceeded,
)
from jiangxin.competitions.models import (
    Aspect,
    Competition,
    Component,
    Entry,
    ExamScore,
    JudgeAssignment,
    Score,
)
from jiangxin.competitions.services._common import S
from jiangxin.mentoring.models import Pair
from jiangxin.workers.models import Worker

if TYPE_CHECKING:
    from jiangxin.accounts.models import User


def exclusion_reason(judge, entry: Entry) -> str | None:
    """执裁回避: why this judge may not mark this entry, or None. A judge on the roster may not
    mark a contestant of their own enterprise or of the delegation their union belongs to, nor
    one they are or were linked to as master or apprentice (名师带高徒, in any state)."""
    judge_worker = Worker.objects.filter(account=judge).first()
    if judge_worker is None:
        return None
    contestant = entry.worker
    if judge_worker.pk == contestant.pk:
        return _("裁判不能为自己评分")
    if judge_worker.enterprise_id and judge_worker.enterprise_id == contestant.enterprise_id:
        return _("裁判与选手同属一个企业，须回避")
    if entry.delegation_id and judge_worker.org_path.startswith(entry.delegation.organisation.path):
        return _("裁判属于该选手所在参赛队的单位，须回避")
    link = Pair.objects.between(judge_worker, contestant).first()
    if link is not None:
        return (
            _("裁判是该选手的师傅，须回避")
            if link.master_id == judge_worker.pk
            else _("裁判是该选手的徒弟，须回避")
        )
    return None


def excluded_entry_ids(judge, entries) -> set[int]:
    """The entries this judge must avoid (执裁回避), by the rules of ``exclusion_reason``, for
    a list at once: ``entries`` with their worker and ``delegation__organisation`` loaded."""
    judge_worker = Worker.objects.filter(account=judge).first()
    if judge_worker is None:
        return set()
    linked: set[int] = set()
    for master_id, apprentice_id in Pair.objects.filter(
        Q(master=judge_worker) | Q(apprentice=judge_worker)
    ).values_list("master_id", "apprentice_id"):
        linked |= {master_id, apprentice_id}
    linked.discard(judge_worker.pk)
    out = set()
    for e in entries:
        if (
            e.worker_id == judge_worker.pk
            or e.worker_id in linked
            or (judge_worker.enterprise_id and judge_worker.enterprise_id == e.worker.enterprise_id)
            or (
                e.delegation_id and judge_worker.org_path.startswith(e.delegation.organisation.path)
            )
        ):
            out.add(e.pk)
    return out


def _assignment(
    judge, competition: Competition, component: Component, entry: Entry
) -> JudgeAssignment:
    assignments = list(
        JudgeAssignment.objects.filter(
            competition=competition, user=judge, role=JudgeAssignment.Role.JUDGE
        ).filter(Q(component__isnull=True) | Q(component=component))
    )
    if not assignments:
        raise PermissionDenied(_("您不是该竞赛该项目的裁判，不能评分"))
    for assignment in assignments:
        if assignment.covers(entry):
            return assignment
    raise PermissionDenied(
        _("{code}在{station}，不在您执裁的工位").format(code=entry.code, station=entry.station)
    )


@transaction.atomic
def record_score(
    *,
    by: User,
    ip: str | None = None,
    entry: Entry,
    aspect: Aspect,
    value: int | None = None,
    outcome: str = "",
    deductions: Sequence = (),
) -> Score:
    """A judge's mark for one aspect of one entry. A later mark by the same judge replaces the
    earlier one, which stays in the history."""
    entry = Entry.objects.select_related("competition", "worker", "delegation__organisation").get(
        pk=entry.pk
    )
    aspect = Aspect.objects.select_related("criterion__component").get(pk=aspect.pk)
    component = aspect.criterion.component
    competition = entry.competition
    if component.competition_id != competition.pk:
        raise ValidationError(_("该评分要点不属于这位选手参加的竞赛"))
    _assignment(by, competition, component, entry)
    if competition.status != S.RUNNING:
        raise ValidationError(
            _("比赛未在进行中，不能评分（当前：{status}）").format(
                status=competition.get_status_display()
            )
        )
    if component.locked_at is not None:
        raise ValidationError(
            _("“{name}”的成绩已由裁判长锁定，如需更改请通过申诉复核").format(name=component.name)
        )
    if entry.status != Entry.Status.APPROVED or not entry.code:
        raise ValidationError(_("该选手未完成检录，不能评分"))
    reason = exclusion_reason(by, entry)
    if reason:
        raise PermissionDenied(reason)
    try:
        if aspect.kind == Aspect.Kind.JUDGEMENT:
            mark = cents(Decimal(check_judgement_score(value)))
            outcome, deductions = "", []
        else:
            deductions = check_deductions(aspect, deductions)
            mark = measurement_mark(aspect.max_mark, outcome=outcome, deductions=deductions)
    except (MarkingError, ArithmeticError, ValueError) as err:
        raise ValidationError(str(err)) from None
    # Two saves at once (a double click, two tabs, a retried API call): the entry's row lock
    # makes the second wait for the first, then re-score over it — one current mark, never
    # the unique index's error.
    Entry.objects.select_for_update().filter(pk=entry.pk).values_list("pk", flat=True).first()
    Score.objects.filter(aspect=aspect, entry=entry, judge=by, current=True).update(current=False)
    try:
        with transaction.atomic():
            return Score.objects.create(
                aspect=aspect,
                entry=entry,
                judge=by,
                value=mark,
                outcome=outcome,
                deductions=[str(d) for d in deductions],
            )
    except IntegrityError:
        raise ValidationError(
            _("{code} 的这项评分刚刚已由另一次提交保存，请刷新后核对").format(code=entry.code)
        ) from None


def parse_mark(raw, *, description: str, what: str) -> Decimal:
    """A typed number as a finite Decimal, or a ValidationError in Chinese (NaN, inf, text)."""
    text = str(raw).strip() if raw is not None else ""
    try:
        number = Decimal(text)
    except (ArithmeticError, ValueError):
        number = None
    if number is None or not number.is_finite():
        raise ValidationError(
            _("“{description}”：{what}应为数字，如 0.5").format(description=description, what=what)
        )
    return number


def check_deductions(aspect: Aspect, deductions: Sequence) -> list[Decimal]:
    """The one rule for a measurement's deductions, for the page and the API alike: numbers
    (never NaN or inf), none negative, none over the aspect's maximum (several that add up to
    more leave the mark at 0, as ``marking.measurement_mark`` says)."""
    checked = [parse_mark(d, description=aspect.description, what=_("扣分")) for d in deductions]
    if any(d < 0 for d in checked):
        raise ValidationError(
            _("“{description}”：扣分不能为负数").format(description=aspect.description)
        )
    if any(d > aspect.max_mark for d in checked):
        raise ValidationError(
            _("“{description}”：扣分不能超过分值 {max_mark}").format(
                description=aspect.description, max_mark=aspect.max_mark
            )
        )
    return checked


def spread_flags(competition: Competition) -> list[tuple[Entry, Aspect, list[int]]]:
    """Judgement aspects whose judges' scores are further apart than allowed: to be discussed
    and re-scored before the chief judge can lock."""
    scores: dict[tuple[int, int], list[int]] = {}
    for entry_id, aspect_id, value in Score.objects.filter(
        entry__competition=competition, current=True, aspect__kind=Aspect.Kind.JUDGEMENT
    ).values_list("entry_id", "aspect_id", "value"):
        scores.setdefault((entry_id, aspect_id), []).append(int(value))
    flagged = [
        (key, values)
        for key, values in scores.items()
        if spread_exceeded(values, competition.allowed_spread)
    ]
    entries = Entry.objects.in_bulk([k[0] for k, _v in flagged])
    aspects = Aspect.objects.in_bulk([k[1] for k, _v in flagged])
    return [(entries[e], aspects[a], values) for (e, a), values in flagged]


@transaction.atomic
def record_exam_score(
    *,
    by: User,
    ip: str | None = None,
    entry: Entry,
    component: Component,
    score,
    source: str = ExamScore.Source.PAPER,
) -> ExamScore:
    """A theory score out of 100 (a paper exam's mark, entered by the organiser or a judge)."""
    component = Component.objects.select_related("competition__organiser").get(pk=component.pk)
    competition = component.competition
    if not policies.can_record_exam_score(by, competition):
        raise PermissionDenied(_("只有主办单位管理员或本竞赛的裁判可以录入考试成绩"))
    if component.rule != Component.Rule.EXAM:
        raise ValidationError(_("“{name}”不是考试项目").format(name=component.name))
    if entry.competition_id != competition.pk:
        raise ValidationError(_("该选手不属于本竞赛"))
    frozen = exam_marks_frozen(component)
    if frozen:
        raise ValidationError(frozen)
    value = exam_score_value(score)
    return store_exam_score(entry=entry, component=component, score=value, source=source, by=by)


def exam_score_value(score) -> Decimal:
    """A typed theory score as a Decimal out of 100, or a ValidationError in Chinese."""
    text = str(score).strip() if score is not None else ""
    try:
        value = Decimal(text)
    except (ArithmeticError, ValueError):
        value = None
    if value is None or not value.is_finite():
        raise ValidationError(_("成绩应为 0–100 之间的数字，收到 {score}").format(score=text))
    if not Decimal(0) <= value <= Decimal(100):
        raise ValidationError(_("成绩应为 0–100 之间的数字，收到 {score}").format(score=text))
    if value != value.quantize(Decimal("0.01")):
        raise ValidationError(_("成绩最多保留两位小数，收到 {score}").format(score=text))
    return value


def exam_marks_frozen(component: Component) -> str:
    """Why a theory component's marks cannot be entered now ("" when they can): they are
    entered after the draw (the codes exist) until the chief judge locks the component."""
    competition = component.competition
    if component.locked_at is not None:
        return _("“{name}”的成绩已于 {at} 由裁判长锁定，如需更改请通过申诉复核").format(
            name=component.name,
            at=timezone.localtime(component.locked_at).strftime("%Y-%m-%d %H:%M"),
        )
    if competition.status not in (S.DRAWN, S.RUNNING):
        return _("“{name}”的成绩在抽签之后、锁定之前录入（当前：{status}）").format(
            name=component.name, status=competition.get_status_display()
        )
    return ""


def store_exam_score(
    *, entry: Entry, component: Component, score: Decimal, source: str, by: User
) -> ExamScore:
    """The entry's current exam score becomes ``score``; the previous one is kept, retired.
    Callers check who may record it (``record_exam_score``; the online exam's submission).
    Two saves at once: the entry's row lock makes the second wait, then replace the first."""
    Entry.objects.select_for_update().filter(pk=entry.pk).values_list("pk", flat=True).first()
    ExamScore.objects.filter(entry=entry, component=component, current=True).update(current=False)
    try:
        with transaction.atomic():
            return ExamScore.objects.create(
                entry=entry, component=component, score=cents(score), source=source, recorded_by=by
            )
    except IntegrityError:
        raise ValidationError(
            _("{code} 的成绩刚刚已由另一次提交保存，请刷新后核对").format(code=entry.code)
        ) from None
