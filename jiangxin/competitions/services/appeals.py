"""Appeals and re-marks: filed by the contestant or their team leader within the window, ruled
by the arbitration group, re-marked with the effect on the ranking shown first; applying a
re-mark keeps the old marks (retired) and recomputes the results."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiangxin.audit.models import AuditEntry
from jiangxin.competitions import policies
from jiangxin.competitions.appeal_rule import appeal_closed_message, appeal_window_open
from jiangxin.competitions.marking import (
    MarkingError,
    cents,
    check_judgement_score,
)
from jiangxin.competitions.models import (
    Appeal,
    Aspect,
    Competition,
    Component,
    Entry,
    ExamScore,
    JudgeAssignment,
    Remark,
    Result,
    Score,
)
from jiangxin.competitions.services._common import _log
from jiangxin.competitions.services.judging import store_exam_score
from jiangxin.competitions.services.results import (
    _store_results,
    component_scores,
    ranked_results,
)

if TYPE_CHECKING:
    from jiangxin.accounts.models import User


@transaction.atomic
def file_appeal(*, by: User, ip: str | None = None, entry: Entry, reason: str) -> Appeal:
    """A contestant, or their team's leader, appeals in writing within the window
    (``appeal_rule``: from the end of the competition until the public notice ends)."""
    entry = (
        Entry.objects.select_for_update(of=("self",))
        .select_related("competition__organiser", "worker", "delegation__leader")
        .get(pk=entry.pk)
    )
    competition = entry.competition
    if not policies.can_file_appeal(by, entry):
        raise PermissionDenied(_("只有选手本人或其参赛队领队可以提出申诉"))
    if not appeal_window_open(competition):
        raise ValidationError(appeal_closed_message(competition))
    reason = reason.strip()
    if len(reason) < 10:
        raise ValidationError({"reason": _("请写明申诉的事实与理由（至少 10 个字）")})
    # The same appeal sent twice (double click, two tabs) is filed once.
    same = Appeal.objects.filter(
        entry=entry, filed_by=by, reason=reason, status=Appeal.Status.FILED
    ).first()
    if same is not None:
        return same
    appeal = Appeal.objects.create(competition=competition, entry=entry, filed_by=by, reason=reason)
    _log(
        competition,
        by=by,
        ip=ip,
        action=AuditEntry.Action.CREATE,
        obj=appeal,
        object_repr=f"{competition.title}：{entry.code}",
    )
    return appeal


@transaction.atomic
def rule_appeal(
    *, by: User, ip: str | None = None, appeal: Appeal, upheld: bool, ruling: str
) -> Appeal:
    appeal = (
        Appeal.objects.select_for_update()
        .select_related("competition__organiser")
        .get(pk=appeal.pk)
    )
    if not policies.is_arbiter(by, appeal.competition):
        raise PermissionDenied(_("只有仲裁组（主办单位管理员、裁判长）可以处理申诉"))
    if appeal.status != Appeal.Status.FILED:
        raise ValidationError(_("该申诉已有仲裁结果"))
    if not ruling.strip():
        raise ValidationError({"ruling": _("请写明仲裁意见")})
    appeal.status = Appeal.Status.UPHELD if upheld else Appeal.Status.REJECTED
    appeal.ruling, appeal.ruled_by, appeal.ruled_at = ruling.strip(), by, timezone.now()
    appeal.save()
    _log(
        appeal.competition,
        by=by,
        ip=ip,
        action=AuditEntry.Action.UPDATE,
        obj=appeal,
        changes={"status": ["filed", appeal.status]},
    )
    return appeal


def _number(value) -> Decimal:
    try:
        return Decimal(str(value).strip())
    except ArithmeticError:
        raise ValidationError(_("分数应为数字，收到“{value}”").format(value=value)) from None


def _remark_overrides(competition: Competition, changes: Sequence[dict]):
    """Validate a re-mark's changes; return them as component_scores overrides."""
    marks: dict[tuple[int, int, int], Decimal] = {}
    exams: dict[tuple[int, int], Decimal] = {}
    for change in changes:
        entry = Entry.objects.filter(pk=change.get("entry"), competition=competition).first()
        if entry is None:
            raise ValidationError(_("复核内容中的选手不属于本竞赛"))
        if change.get("component"):
            component = Component.objects.filter(
                pk=change["component"], competition=competition, rule=Component.Rule.EXAM
            ).first()
            if component is None:
                raise ValidationError(_("复核内容中的考试项目不属于本竞赛"))
            value = _number(change.get("value"))
            if not Decimal(0) <= value <= Decimal(100):
                raise ValidationError(_("考试成绩应为 0–100"))
            exams[(entry.pk, component.pk)] = cents(value)
            continue
        aspect = Aspect.objects.filter(
            pk=change.get("aspect"), criterion__component__competition=competition
        ).first()
        if aspect is None:
            raise ValidationError(_("复核内容中的评分要点不属于本竞赛"))
        if not JudgeAssignment.objects.filter(
            competition=competition, user_id=change.get("judge")
        ).exists():
            raise ValidationError(_("复核内容中的裁判不是本竞赛的裁判"))
        value = _number(change.get("value"))
        if aspect.kind == Aspect.Kind.JUDGEMENT:
            if value != int(value):
                raise ValidationError(_("评价分只能是 0、1、2、3 中的整数"))
            check_judgement_score(int(value))
        elif not Decimal(0) <= value <= aspect.max_mark:
            raise ValidationError(
                _("“{description}”的得分应在 0 到 {max_mark} 之间").format(
                    description=aspect.description, max_mark=aspect.max_mark
                )
            )
        marks[(entry.pk, aspect.pk, int(change["judge"]))] = cents(value)
    return marks, exams


@transaction.atomic
def prepare_remark(
    *, by: User, ip: str | None = None, appeal: Appeal, changes: Sequence[dict]
) -> Remark:
    """A re-mark for an upheld appeal, with its effect on the ranking computed in advance."""
    appeal = (
        Appeal.objects.select_for_update()
        .select_related("competition__organiser")
        .get(pk=appeal.pk)
    )
    competition = appeal.competition
    if not policies.is_arbiter(by, competition):
        raise PermissionDenied(_("只有仲裁组（主办单位管理员、裁判长）可以处理申诉"))
    if appeal.status != Appeal.Status.UPHELD:
        raise ValidationError(_("申诉成立后才能复核评分"))
    if not changes:
        raise ValidationError(_("复核至少要有一项评分变更"))
    # The same re-mark sent twice (double click, two tabs) is prepared once.
    same = appeal.remarks.filter(status=Remark.Status.PREPARED, changes=list(changes)).first()
    if same is not None:
        return same
    try:
        marks, exams = _remark_overrides(competition, changes)
    except MarkingError as err:
        raise ValidationError(str(err)) from None
    before = {r.entry_id: (r.rank, r.total) for r in Result.objects.filter(competition=competition)}
    ranked, _given = ranked_results(
        competition, component_scores(competition, marks_override=marks, exam_override=exams)
    )
    codes = dict(Entry.objects.filter(competition=competition).values_list("pk", "code"))
    preview = [
        {
            "entry": r.id,
            "code": codes[r.id],
            "rank_before": before.get(r.id, (None, None))[0],
            "rank_after": r.rank,
            "total_before": str(before.get(r.id, (None, ""))[1]),
            "total_after": str(r.total),
        }
        for r in ranked
        if before.get(r.id, (None, None)) != (r.rank, r.total)
    ]
    remark = Remark.objects.create(
        appeal=appeal, changes=list(changes), preview=preview, prepared_by=by
    )
    _log(
        competition,
        by=by,
        ip=ip,
        action=AuditEntry.Action.CREATE,
        obj=remark,
        changes={"changes": list(changes)},
    )
    return remark


@transaction.atomic
def apply_remark(*, by: User, ip: str | None = None, remark: Remark) -> Remark:
    """Record the re-mark as new marks (the old ones stay, retired) and recompute the results."""
    remark = (
        Remark.objects.select_for_update()
        .select_related("appeal__competition__organiser")
        .get(pk=remark.pk)
    )
    competition = remark.appeal.competition
    if not policies.is_arbiter(by, competition):
        raise PermissionDenied(_("只有仲裁组（主办单位管理员、裁判长）可以处理申诉"))
    if remark.status != Remark.Status.PREPARED:
        raise ValidationError(_("该复核已执行或已取消"))
    try:
        marks, exams = _remark_overrides(competition, remark.changes)
    except MarkingError as err:
        raise ValidationError(str(err)) from None
    for (entry_id, aspect_id, judge_id), value in marks.items():
        Score.objects.filter(
            entry_id=entry_id, aspect_id=aspect_id, judge_id=judge_id, current=True
        ).update(current=False)
        Score.objects.create(
            entry_id=entry_id, aspect_id=aspect_id, judge_id=judge_id, value=value, outcome="remark"
        )
    entries = Entry.objects.in_bulk([e for e, _c in exams])
    parts = Component.objects.in_bulk([c for _e, c in exams])
    for (entry_id, component_id), value in exams.items():
        store_exam_score(
            entry=entries[entry_id],
            component=parts[component_id],
            score=value,
            source=ExamScore.Source.PAPER,
            by=by,
        )
    remark.status, remark.decided_at = Remark.Status.APPLIED, timezone.now()
    remark.save(update_fields=["status", "decided_at"])
    _store_results(Competition.objects.select_for_update().get(pk=competition.pk), by=by, ip=ip)
    return remark


@transaction.atomic
def cancel_remark(*, by: User, ip: str | None = None, remark: Remark) -> Remark:
    remark = (
        Remark.objects.select_for_update()
        .select_related("appeal__competition__organiser")
        .get(pk=remark.pk)
    )
    if not policies.is_arbiter(by, remark.appeal.competition):
        raise PermissionDenied(_("只有仲裁组（主办单位管理员、裁判长）可以处理申诉"))
    if remark.status != Remark.Status.PREPARED:
        raise ValidationError(_("该复核已执行或已取消"))
    remark.status, remark.decided_at = Remark.Status.CANCELLED, timezone.now()
    remark.save(update_fields=["status", "decided_at"])
    return remark
