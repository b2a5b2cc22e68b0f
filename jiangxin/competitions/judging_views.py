"""The judges' pages: phone-sized (390 px), contestants by anonymous code only. A judge's home
is their scoring tasks; an entry's form saves all of its marks or none, then stays or goes to
the next entry still to be scored; after the chief judge's lock it is read-only and says why."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jiangxin.accounts.access import get_for_user
from jiangxin.audit.services import client_ip
from jiangxin.competitions import judging_queries as q
from jiangxin.competitions import policies, services
from jiangxin.competitions.judging_forms import ScoreForm
from jiangxin.competitions.marking import cents
from jiangxin.competitions.models import (
    Aspect,
    Competition,
    Component,
    Entry,
    JudgeAssignment,
    Score,
)
from jiangxin.competitions.setup_forms import ConfirmForm
from jiangxin.core.forms import message_errors
from jiangxin.core.types import AuthedRequest


def _judging(request, pk: int) -> tuple[Competition, list[JudgeAssignment]]:
    """The competition and the user's appointments to score it (a chief judge's own
    appointment is to chair, not to score); 404 for anyone not appointed."""
    assignments = list(
        JudgeAssignment.objects.filter(competition_id=pk, user=request.user).select_related(
            "competition__organiser", "component"
        )
    )
    if not assignments or not policies.can_judge(request.user, assignments[0].competition):
        raise Http404
    scoring = [a for a in assignments if a.role == JudgeAssignment.Role.JUDGE]
    return assignments[0].competition, scoring


def judging_list(request: AuthedRequest) -> HttpResponse:
    """The judge's home: one line per appointment to score, with how many entries are left;
    for a chief judge, the judges' progress per component and the lock."""
    return render(
        request,
        "competitions/judging_list.html",
        {"tasks": q.tasks(request.user), "chairs": q.chief_boards(request.user)},
    )


def judging_entries(request: AuthedRequest, pk: int) -> HttpResponse:
    competition, assignments = _judging(request, pk)
    board = q.board(request.user, assignments)
    rows = q.entry_rows(request.user, competition, assignments, board)
    flagged = {e.pk for e, _a, _v in services.spread_flags(competition)}
    for row in rows:
        row["flagged"] = row["entry"].pk in flagged and not row["closed"]
    is_chief = policies.can_lock(request.user, competition)
    open_rows = [r for r in rows if not r["excluded"] and not r["closed"]]
    return render(
        request,
        "competitions/judging_entries.html",
        {
            "competition": competition,
            "rows": rows,
            "scoring": bool(assignments),
            "components": q.my_components(competition, assignments, board),
            "is_chief": is_chief,
            "chairs": [
                b for b in q.chief_boards(request.user) if b["competition"].pk == competition.pk
            ]
            if is_chief
            else [],
            "closed": bool(rows) and not open_rows,
            "left": sum(1 for r in open_rows if r["done"] < r["total"]),
            "flagged_any": any(row["flagged"] for row in rows),
        },
    )


def _frozen_reasons(competition: Competition, components: list[Component]) -> dict[int, str]:
    """component id → why its marks can no longer (or not yet) be changed."""
    S = Competition.Status
    if competition.status in (S.DRAFT, S.OPEN, S.CLOSED, S.DRAWN):
        reason = _("比赛开始后才能评分（当前：{status}）").format(
            status=competition.get_status_display()
        )
        return {c.pk: reason for c in components}
    out = {}
    for c in components:
        if c.locked_at:
            out[c.pk] = _(
                "“{name}”的成绩已由{who}于 {at} 锁定，不能再修改；如有异议请通过申诉复核。"
            ).format(
                name=c.name,
                who=_("裁判长 {name} ").format(name=c.locked_by) if c.locked_by else _("裁判长"),
                at=timezone.localtime(c.locked_at).strftime("%Y-%m-%d %H:%M"),
            )
        elif competition.status != Competition.Status.RUNNING:
            out[c.pk] = _("比赛已结束评分（当前：{status}）").format(
                status=competition.get_status_display()
            )
    return out


def judging_entry(request: AuthedRequest, pk: int, code: str) -> HttpResponse:
    competition, assignments = _judging(request, pk)
    board = q.board(request.user, assignments)
    rows = q.entry_rows(request.user, competition, assignments, board)
    row = next((r for r in rows if r["entry"].code == code), None)
    if row is None:
        get_for_user(
            Entry.objects.filter(competition=competition, status="approved"),
            request.user,
            code=code,
        )
        raise Http404  # an entry at a station the judge does not score
    entry = row["entry"]
    components = [
        c
        for c in q.my_components(competition, assignments, board)
        if q._covered(assignments, c, entry)
    ]
    aspects = [a for c in components for a in board.aspects.get(c.pk, [])]
    frozen = _frozen_reasons(competition, components)
    avoid = services.exclusion_reason(request.user, entry) if row["excluded"] else None
    read_only = bool(avoid) or (bool(components) and all(c.pk in frozen for c in components))
    open_aspects = [a for a in aspects if a.criterion.component_id not in frozen]
    form = ScoreForm(request.POST or None, aspects=aspects, read_only=read_only)
    for a in aspects:
        if a.criterion.component_id in frozen:
            form.fields[f"a{a.pk}"].disabled = True
    if (
        request.method == "POST"
        and not read_only
        and form.is_valid()
        and not _refuse_empty(form, open_aspects)
        and _save(request, form, entry, open_aspects)
    ):
        return _after_save(request, competition, assignments, entry, form, open_aspects)
    current = {
        s.aspect_id: s for s in Score.objects.filter(entry=entry, judge=request.user, current=True)
    }
    if request.method != "POST":
        form.initial = _initial(aspects, current)
    spread = _spreads(competition, entry)
    cards = [
        {
            "aspect": a,
            "field": form[f"a{a.pk}"],
            "choices": list(
                zip(
                    form[f"a{a.pk}"],
                    [*a.descriptors, "", "", "", ""][:4],
                    [cents(a.max_mark * level / 3) for level in range(4)],
                    strict=True,
                )
            )
            if a.kind == Aspect.Kind.JUDGEMENT
            else [],
            "mine": current.get(a.pk),
            "spread": spread.get(a.pk, ""),
        }
        for a in aspects
    ]
    following = q.next_to_score(entry, rows) if any(c["spread"] for c in cards) else None
    return render(
        request,
        "competitions/judging_entry.html",
        {
            "competition": competition,
            "entry": entry,
            "form": form,
            "cards": cards,
            "frozen": sorted(set(frozen.values())),
            "avoid": avoid,
            "read_only": read_only,
            "done": row["done"],
            "total": row["total"],
            "following": following,
        },
    )


def _spreads(competition: Competition, entry: Entry) -> dict[int, str]:
    """aspect id → the spread warning of the judges' scores for this entry ("" within it),
    naming the outlying scores by judge number (judges see numbers, never names)."""
    numbers = services.judge_numbers([competition.pk])
    marks: dict[int, list[tuple[int, int]]] = {}
    for aspect_id, value, judge_id in Score.objects.filter(
        entry=entry, current=True, aspect__kind=Aspect.Kind.JUDGEMENT
    ).values_list("aspect_id", "value", "judge_id"):
        marks.setdefault(aspect_id, []).append((int(value), judge_id))
    return {
        aspect_id: q.spread_message(
            [v for v, _j in pairs],
            competition.allowed_spread,
            [services.judge_label(numbers.get((competition.pk, j))) for _v, j in pairs],
        )
        for aspect_id, pairs in marks.items()
    }


def _refuse_empty(form: ScoreForm, open_aspects: list[Aspect]) -> bool:
    """Nothing chosen or typed: nothing is saved, and each open aspect's field says what to do."""
    allowed = {a.pk for a in open_aspects}
    if any(aspect.pk in allowed for aspect, _v, _d in form.marks()):
        return False
    for aspect in open_aspects:
        form.add_error(
            f"a{aspect.pk}",
            _("请为“{aspect}”选择评分（0–3 档）").format(aspect=aspect.description)
            if aspect.kind == Aspect.Kind.JUDGEMENT
            else _("请为“{aspect}”填写扣分（满分不扣填 0）").format(aspect=aspect.description),
        )
    form.add_error(None, _("没有保存：还没有选择任何评分。"))
    return True


def _initial(aspects: list[Aspect], current: dict[int, Score]) -> dict[str, str]:
    out = {}
    for a in aspects:
        mine = current.get(a.pk)
        if mine is None:
            continue
        if a.kind == Aspect.Kind.JUDGEMENT:
            out[f"a{a.pk}"] = str(int(mine.value))
        else:
            out[f"a{a.pk}"] = f"{(a.max_mark - mine.value).normalize():f}"
    return out


def _save(request, form: ScoreForm, entry: Entry, open_aspects: list[Aspect]) -> bool:
    """All of the form's marks, or none; a refused mark's message goes on its field."""
    allowed = {a.pk for a in open_aspects}
    try:
        with transaction.atomic():
            for aspect, value, deduction in form.marks():
                if aspect.pk not in allowed:
                    continue
                try:
                    services.record_score(
                        by=request.user,
                        ip=client_ip(request),
                        entry=entry,
                        aspect=aspect,
                        value=value,
                        outcome="" if value is not None else "deduct",
                        deductions=[] if deduction is None else [deduction],
                    )
                except ValidationError as err:
                    form.add_error(f"a{aspect.pk}", err)
            if form.errors:
                transaction.set_rollback(True)
                return False
    except PermissionDenied as err:
        messages.error(request, str(err) or _("您不能为该选手评分"))
        return False
    return True


def _after_save(request, competition, assignments, entry: Entry, form: ScoreForm, open_aspects):
    """Says what was saved and what is still missing; stays on the entry while something is
    missing or a spread concerns it (the warning is shown there, with a link onward)."""
    allowed = {a.pk for a in open_aspects}
    saved = [a.description for a, _v, _d in form.marks() if a.pk in allowed]
    have = set(
        Score.objects.filter(entry=entry, judge=request.user, current=True).values_list(
            "aspect_id", flat=True
        )
    )
    missing = [a.description for a in open_aspects if a.pk not in have]
    if missing:
        messages.warning(
            request,
            _("{code}：已保存 {saved}；尚未评 {missing}，请补评。").format(
                code=entry.code, saved="、".join(saved), missing="、".join(missing)
            ),
        )
        return redirect("judging_entry", pk=competition.pk, code=entry.code)
    messages.success(request, _("{code} 的评分已保存。").format(code=entry.code))
    spread = _spreads(competition, entry)
    flagged = [a.description for a in open_aspects if spread.get(a.pk)]
    if flagged:
        messages.warning(
            request,
            _("{code}“{aspects}”的分差超出允许范围，见下方说明。").format(
                code=entry.code, aspects="、".join(flagged)
            ),
        )
        return redirect("judging_entry", pk=competition.pk, code=entry.code)
    if form.cleaned_data.get("then") == "next":
        board = q.board(request.user, assignments)
        rows = q.entry_rows(request.user, competition, assignments, board)
        following = q.next_to_score(entry, rows)
        if following is not None:
            return redirect("judging_entry", pk=competition.pk, code=following.code)
        messages.info(request, _("您负责的选手已全部评完。"))
        return redirect("judging_entries", pk=competition.pk)
    return redirect("judging_entry", pk=competition.pk, code=entry.code)


def judging_lock(request: AuthedRequest, pk: int) -> HttpResponse:
    """Each component's lock, or what it lacks: contestants with too few judges after 执裁回避
    first (the lock is refused until another judge is appointed), then missing marks, spreads."""
    competition, _assignments = _judging(request, pk)
    if not policies.can_lock(request.user, competition):
        raise PermissionDenied
    components = []
    for c in competition.components.select_related("locked_by"):
        judged = not c.locked_at and c.rule != Component.Rule.EXAM
        status = services.mark_status(c) if judged else None
        components.append(
            {
                "component": c,
                "problems": [] if c.locked_at else services.missing_marks(c),
                "status": status,
                "short_of_judges": status["short_of_judges"] if status else [],
                "consequence": services.short_of_judges_consequence(c) if status else "",
            }
        )
    return render(
        request,
        "competitions/judging_lock.html",
        {"competition": competition, "components": components},
    )


def judging_lock_component(request: AuthedRequest, pk: int, component: int) -> HttpResponse:
    """GET asks the chief judge to confirm, stating the consequence; POST locks."""
    competition, _assignments = _judging(request, pk)
    if not policies.can_lock(request.user, competition):
        raise PermissionDenied
    target = get_for_user(
        Component.objects.filter(competition=competition), request.user, pk=component
    )
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if target.locked_at is not None:  # pressed twice, or in two tabs: the first one counted
        messages.info(request, _("“{name}”的成绩已锁定。").format(name=target.name))
        return redirect("judging_lock", pk=competition.pk)
    if request.method != "POST" or not form.is_valid():
        problems = services.missing_marks(target)
        return render(
            request,
            "competitions/confirm.html",
            {
                "competition": competition,
                "title": _("确认锁定“{name}”").format(name=target.name),
                "question": _("锁定后本项目所有成绩不能再修改，只能通过申诉复核。"),
                "consequence": "；".join(problems)
                if problems
                else _("“{name}”的全部成绩已录齐，没有超出允许分差的评分。").format(
                    name=target.name
                ),
                "button": _("确认锁定"),
                "possible": not problems,
                "back_url": reverse("judging_lock", args=[competition.pk]),
                "form": form,
            },
        )
    try:
        services.lock_component(by=request.user, ip=client_ip(request), component=target)
    except ValidationError as err:
        message_errors(request, err)
    else:
        messages.success(request, _("“{name}”的成绩已锁定。").format(name=target.name))
    return redirect("judging_lock", pk=competition.pk)
