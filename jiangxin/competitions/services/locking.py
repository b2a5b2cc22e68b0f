"""The chief judge's lock: what each judged component still lacks (marks per judge, spreads,
contestants with too few judges left after 执裁回避), and the lock itself.

How many judges an entry needs (``judges_needed``): three for a judgement aspect (0–3 scores,
``marking``) and for a component marked by dropping the highest and lowest (``trimmed_mean``
needs three); one for a measurement aspect of a scheme. A contestant whose appointed judges
(covering their station, not recused) are fewer than that can never be marked completely, so
the component cannot be locked — nor the results computed — until the organiser appoints
another judge (allowed until the lock, ``lifecycle.judges_frozen``). The lock is refused then,
as for any incomplete mark, and the lock page names those contestants first, with what is
needed (``mark_status``' ``short_of_judges``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiangxin.audit.models import AuditEntry
from jiangxin.competitions import policies
from jiangxin.competitions.models import (
    Aspect,
    Competition,
    Component,
    ExamScore,
    JudgeAssignment,
    Score,
)
from jiangxin.competitions.services._common import S, _entries, _log, _set_status
from jiangxin.competitions.services.judging import excluded_entry_ids, exclusion_reason
from jiangxin.competitions.services.spread import judge_label, judge_numbers, spread_text
from jiangxin.core.masking import mask_name

if TYPE_CHECKING:
    from jiangxin.accounts.models import User


def judges_needed(component: Component, kind: str) -> int:
    """How many judges must mark an aspect of ``kind`` in ``component`` (see the module)."""
    if kind == Aspect.Kind.JUDGEMENT or component.rule == Component.Rule.TRIMMED:
        return 3
    return 1


def _shortfall(entry, *, eligible: int, required: int, recused: list[tuple[str, Any]]) -> dict:
    """One contestant with too few judges: code, masked name (judges mark codes; the chief
    judge tells the organiser whom it concerns without the full name), judges eligible and
    required, and each recused judge by number with the reason."""
    return {
        "code": entry.code,
        "name": mask_name(entry.worker.name),
        "eligible": eligible,
        "required": required,
        "recused": [
            _("{judge}：{reason}").format(judge=label, reason=exclusion_reason(user, entry))
            for label, user in recused
        ],
    }


def mark_status(component: Component) -> dict:
    """A judged component's marks for the chief judge: how many entries are complete, for each
    incomplete one which judges' marks are missing ("A001：裁判2号未评"), each spread beyond
    the allowed one with whose scores they are, and the incomplete entries that have fewer
    judges able to mark them than they need (``short_of_judges``: they cannot be completed
    until another judge is appointed)."""
    competition = component.competition
    entries = list(
        _entries(competition).select_related("worker", "delegation__organisation").order_by("code")
    )
    aspects = list(Aspect.objects.filter(criterion__component=component).order_by("pk"))
    judges = [
        a
        for a in JudgeAssignment.objects.filter(
            competition=competition, role=JudgeAssignment.Role.JUDGE
        ).select_related("user")
        if a.component_id in (None, component.pk)
    ]
    numbers = judge_numbers([competition.pk])
    excluded = {a.pk: excluded_entry_ids(a.user, entries) for a in judges}
    given: dict[tuple[int, int], set[int]] = {}  # (entry, judge) → aspects marked
    judged: dict[tuple[int, int], list[tuple[int, int]]] = {}  # (entry, aspect) → (value, judge)
    marks_per: dict[tuple[int, int], int] = {}  # (entry, aspect) → how many judges marked it
    for entry_id, judge_id, aspect_id, value, kind in Score.objects.filter(
        aspect__criterion__component=component, current=True
    ).values_list("entry_id", "judge_id", "aspect_id", "value", "aspect__kind"):
        given.setdefault((entry_id, judge_id), set()).add(aspect_id)
        marks_per[(entry_id, aspect_id)] = marks_per.get((entry_id, aspect_id), 0) + 1
        if kind == Aspect.Kind.JUDGEMENT:
            judged.setdefault((entry_id, aspect_id), []).append((int(value), judge_id))
    need = {kind: judges_needed(component, kind) for kind in Aspect.Kind.values}
    lacking: list[str] = []
    short_of_judges: list[dict] = []
    spreads: list[str] = []
    complete = 0
    done: dict[int, int] = {j.pk: 0 for j in judges}
    total: dict[int, int] = {j.pk: 0 for j in judges}
    for e in entries:
        counts = {a.pk: marks_per.get((e.pk, a.pk), 0) for a in aspects}
        short = [a for a in aspects if counts[a.pk] < need[a.kind]]
        missing = []
        eligible = [j for j in judges if j.covers(e) and e.pk not in excluded[j.pk]]
        # marks given stay (a judge removed later); the eligible judges yet to mark add to them
        cannot = [
            need[a.kind]
            for a in short
            if counts[a.pk]
            + sum(1 for j in eligible if a.pk not in given.get((e.pk, j.user_id), set()))
            < need[a.kind]
        ]
        if cannot:
            recused = [
                (judge_label(numbers.get((competition.pk, j.user_id))), j.user)
                for j in judges
                if j.covers(e) and e.pk in excluded[j.pk]
            ]
            short_of_judges.append(
                _shortfall(e, eligible=len(eligible), required=max(cannot), recused=recused)
            )
        for j in judges:
            if j in eligible:
                marked = given.get((e.pk, j.user_id), set())
                total[j.pk] += 1
                done[j.pk] += int(len(marked) >= len(aspects))
                label = judge_label(numbers.get((competition.pk, j.user_id)))
                unmarked = [x.description for x in short if x.pk not in marked]
                if short and not marked:
                    missing.append(_("{judge}未评").format(judge=label))
                elif unmarked:
                    missing.append(
                        _("{judge}未评“{aspects}”").format(judge=label, aspects="、".join(unmarked))
                    )
        if short and not missing:
            missing = [
                _("“{aspect}”仅 {have} 位裁判评分，需 {need} 位").format(
                    aspect=a.description, have=counts[a.pk], need=need[a.kind]
                )
                for a in short
            ]
        elif not short:
            missing = []
        if missing:
            lacking.append(_("{code}：{missing}").format(code=e.code, missing="、".join(missing)))
        else:
            complete += 1
        for a in aspects:
            marks = judged.get((e.pk, a.pk), [])
            text = spread_text(
                [v for v, _j in marks],
                competition.allowed_spread,
                [judge_label(numbers.get((competition.pk, j))) for _v, j in marks],
            )
            if text:
                spreads.append(
                    _("{code}“{aspect}”：{text}").format(
                        code=e.code, aspect=a.description, text=text
                    )
                )
    return {
        "entries": len(entries),
        "complete": complete,
        "lacking": lacking,
        "spreads": spreads,
        "short_of_judges": short_of_judges,
        "judges": [
            {
                "label": judge_label(numbers.get((competition.pk, j.user_id))),
                "name": str(j.user),
                "done": done[j.pk],
                "total": total[j.pk],
            }
            for j in judges
        ],
    }


def missing_marks(component: Component) -> list[str]:
    """What is still missing before the component can be locked, as Chinese sentences."""
    entries = list(_entries(component.competition).values_list("pk", "code"))
    problems: list[str] = []
    if component.rule == Component.Rule.EXAM:
        have = set(
            ExamScore.objects.filter(component=component, current=True).values_list(
                "entry_id", flat=True
            )
        )
        lacking = [code for pk, code in entries if pk not in have]
        if lacking:
            problems.append(
                _("以下选手没有{name}成绩：{codes}").format(
                    name=component.name, codes="、".join(lacking[:10])
                )
            )
        return problems
    status = mark_status(component)
    if status["short_of_judges"]:
        problems.append(short_of_judges_text(component, status))
    if status["lacking"]:
        more = len(status["lacking"]) - 10
        problems.append(
            _("以下选手的评分不完整：{lines}").format(lines="；".join(status["lacking"][:10]))
            + (_("；另有 {n} 位").format(n=more) if more > 0 else "")
        )
    if status["spreads"]:
        problems.append(
            _("以下评价分分差超出允许范围，须裁判合议后重新评分：{lines}").format(
                lines="；".join(status["spreads"][:10])
            )
        )
    return problems


def short_of_judges_consequence(component: Component) -> str:
    """What too few judges means for the result, for the lock page: the rule, then the step."""
    rule = (
        _("本项目去掉最高分和最低分后取平均，每位选手至少需要 3 位裁判的评分。")
        if component.rule == Component.Rule.TRIMMED
        else _("评价分须由 3 位裁判按 0–3 档评分，测量分至少 1 位裁判评分。")
    )
    return rule + _(
        "以下选手因执裁回避（同企业、所在参赛单位、师徒关系），能为其评分的裁判少于所需人数，"
        "成绩无法录齐：在增派裁判之前“{name}”不能锁定，比赛不能结束，结果也无法计算和公布。"
        "请联系主办单位为本项目增派无需回避的裁判（锁定前都可以增派），新裁判评分后即可锁定。"
    ).format(name=component.name)


def short_of_judges_text(component: Component, status: dict) -> str:
    """The refusal in one sentence: who lacks judges, and what must happen before the lock."""
    lines = [
        _("{code}（{name}）可评分裁判 {eligible} 位，需 {required} 位").format(**x)
        for x in status["short_of_judges"][:10]
    ]
    more = len(status["short_of_judges"]) - 10
    return (
        _("以下选手因裁判回避，可评分的裁判不足：{lines}").format(lines="；".join(lines))
        + (_("；另有 {n} 位").format(n=more) if more > 0 else "")
        + _("。须由主办单位为“{name}”增派无需回避的裁判，评分录齐后才能锁定。").format(
            name=component.name
        )
    )


@transaction.atomic
def lock_component(*, by: User, ip: str | None = None, component: Component) -> Component:
    """The chief judge locks a component once every mark is in and no spread is flagged; when
    every component is locked the competition's scores are locked."""
    component = (
        Component.objects.select_for_update()
        .select_related("competition__organiser")
        .get(pk=component.pk)
    )
    competition = component.competition
    if not policies.can_lock(by, competition):
        raise PermissionDenied(_("只有裁判长可以锁定成绩"))
    if competition.status != S.RUNNING:
        raise ValidationError(_("比赛未在进行中，不能锁定成绩"))
    if component.locked_at is not None:
        raise ValidationError(_("“{name}”已经锁定").format(name=component.name))
    problems = missing_marks(component)
    if problems:
        raise ValidationError(problems)
    component.locked_at = timezone.now()
    component.locked_by = by
    component.save(update_fields=["locked_at", "locked_by"])
    _log(
        competition,
        by=by,
        ip=ip,
        action=AuditEntry.Action.UPDATE,
        obj=component,
        object_repr=f"{competition.title}：{component.name}",
        changes={"locked": True},
    )
    if not competition.components.filter(locked_at__isnull=True).exists():
        # The last lock ends the competition: the appeal window runs from here.
        ended = Competition.objects.select_for_update().get(pk=competition.pk)
        ended.ended_at = timezone.now()
        _set_status(ended, S.LOCKED, by=by, ip=ip, ended_at=ended.ended_at.isoformat())
    return component
