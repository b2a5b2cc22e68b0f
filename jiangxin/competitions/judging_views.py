"""The judges' pages: phone-sized, contestants by anonymous code only."""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiangxin.audit.services import client_ip
from jiangxin.competitions import policies, services
from jiangxin.competitions.models import (
    Aspect,
    Competition,
    Component,
    Entry,
    JudgeAssignment,
    Score,
)


def _judging(request, pk: int) -> tuple[Competition, list[JudgeAssignment]]:
    assignments = list(
        JudgeAssignment.objects.filter(competition_id=pk, user=request.user).select_related(
            "competition", "component"
        )
    )
    if not assignments:
        raise Http404
    return assignments[0].competition, assignments


def _components(competition: Competition, assignments) -> list[Component]:
    if any(a.component_id is None for a in assignments):
        return list(competition.components.exclude(rule=Component.Rule.EXAM))
    return [a.component for a in assignments if a.component.rule != Component.Rule.EXAM]


def judging_list(request: HttpRequest) -> HttpResponse:
    competitions = (
        Competition.objects.filter(judges__user=request.user).distinct().order_by("-held_on")
    )
    return render(request, "competitions/judging_list.html", {"competitions": competitions})


def judging_entries(request: HttpRequest, pk: int) -> HttpResponse:
    competition, assignments = _judging(request, pk)
    components = _components(competition, assignments)
    aspects = list(Aspect.objects.filter(criterion__component__in=components))
    mine = set(
        Score.objects.filter(
            entry__competition=competition, judge=request.user, current=True
        ).values_list("entry_id", "aspect_id")
    )
    flagged = {e.pk for e, a, _v in services.spread_flags(competition) if a in aspects}
    entries = [
        {
            "entry": e,
            "done": sum(1 for a in aspects if (e.pk, a.pk) in mine),
            "flagged": e.pk in flagged,
        }
        for e in competition.entries.filter(status=Entry.Status.APPROVED)
        .exclude(code="")
        .order_by("order")
        if any(a.covers(e) for a in assignments)
    ]
    is_chief = policies.can_lock(request.user, competition)
    return render(
        request,
        "competitions/judging_entries.html",
        {
            "competition": competition,
            "entries": entries,
            "total": len(aspects),
            "is_chief": is_chief,
            "codes_open": competition.status
            not in (Competition.Status.DRAWN, Competition.Status.RUNNING),
        },
    )


def judging_entry(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    competition, assignments = _judging(request, pk)
    entry = get_object_or_404(
        Entry, competition=competition, code=code, status=Entry.Status.APPROVED
    )
    components = _components(competition, assignments)
    aspects = list(
        Aspect.objects.filter(criterion__component__in=components).select_related(
            "criterion__component"
        )
    )
    if request.method == "POST":
        try:
            with transaction.atomic():  # all of the form's marks, or none
                for aspect in aspects:
                    raw = request.POST.get(f"a{aspect.pk}", "").strip()
                    if raw == "":
                        continue
                    if aspect.kind == Aspect.Kind.JUDGEMENT:
                        if not raw.isdigit():
                            raise ValidationError(
                                _("“{description}”：请选择 0、1、2、3 中的一档").format(
                                    description=aspect.description
                                )
                            )
                        services.record_score(
                            by=request.user,
                            ip=client_ip(request),
                            entry=entry,
                            aspect=aspect,
                            value=int(raw),
                        )
                    else:
                        deduction = raw
                        try:
                            deduction = Decimal(raw)
                        except ArithmeticError:
                            raise ValidationError(
                                _("“{description}”：扣分应为数字").format(
                                    description=aspect.description
                                )
                            ) from None
                        if deduction > aspect.max_mark:
                            raise ValidationError(
                                _("“{description}”：扣分不能超过分值 {max_mark}").format(
                                    description=aspect.description, max_mark=aspect.max_mark
                                )
                            )
                        services.record_score(
                            by=request.user,
                            ip=client_ip(request),
                            entry=entry,
                            aspect=aspect,
                            outcome="deduct",
                            deductions=[deduction],
                        )
        except (ValidationError, PermissionDenied) as err:
            messages.error(request, "；".join(getattr(err, "messages", [str(err)])))
        else:
            messages.success(request, _("{code} 的评分已保存。").format(code=entry.code))
            return redirect("judging_entry", pk=competition.pk, code=entry.code)
    current = {
        s.aspect_id: s for s in Score.objects.filter(entry=entry, judge=request.user, current=True)
    }
    all_scores: dict[int, list[int]] = {}
    for aspect_id, value in Score.objects.filter(
        entry=entry, current=True, aspect__kind=Aspect.Kind.JUDGEMENT
    ).values_list("aspect_id", "value"):
        all_scores.setdefault(aspect_id, []).append(int(value))
    rows = []
    for aspect in aspects:
        mine = current.get(aspect.pk)
        others = all_scores.get(aspect.pk, [])
        rows.append(
            {
                "aspect": aspect,
                "mine": mine,
                "deducted": (aspect.max_mark - mine.value)
                if mine and aspect.kind == Aspect.Kind.MEASUREMENT
                else None,
                "flagged": len(others) > 1
                and max(others) - min(others) > competition.allowed_spread,
                "others": sorted(others),
            }
        )
    return render(
        request,
        "competitions/judging_entry.html",
        {"competition": competition, "entry": entry, "rows": rows},
    )


def judging_lock(request: HttpRequest, pk: int) -> HttpResponse:
    competition, _assignments = _judging(request, pk)
    if not policies.can_lock(request.user, competition):
        raise PermissionDenied
    components = [
        {"component": c, "problems": [] if c.locked_at else services.missing_marks(c)}
        for c in competition.components.all()
    ]
    return render(
        request,
        "competitions/judging_lock.html",
        {"competition": competition, "components": components},
    )


@require_POST
def judging_lock_component(request: HttpRequest, pk: int, component: int) -> HttpResponse:
    competition, _assignments = _judging(request, pk)
    target = get_object_or_404(Component, competition=competition, pk=component)
    try:
        services.lock_component(by=request.user, ip=client_ip(request), component=target)
    except ValidationError as err:
        messages.error(request, "；".join(err.messages))
    else:
        messages.success(request, _("“{name}”的成绩已锁定。").format(name=target.name))
    return redirect("judging_lock", pk=competition.pk)
