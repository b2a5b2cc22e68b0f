"""Appeals and re-marks (the results engineer's pages). The organisers' set-up pages are in
``setup_views``, the lifecycle steps in ``step_views``, the teams' pages in ``team_views``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from jiangxin.accounts.access import get_for_user
from jiangxin.audit.services import client_ip
from jiangxin.competitions import policies, services
from jiangxin.competitions.models import (
    Appeal,
    Aspect,
    Competition,
    Component,
    Entry,
    JudgeAssignment,
    Remark,
)
from jiangxin.core.forms import message_errors
from jiangxin.workers.models import Worker

# --- appeals ---------------------------------------------------------------------------------


def _appealable(user, competition: Competition):
    """The entries this user may appeal for: their own, and their team's if they lead it."""
    worker = Worker.objects.filter(account=user).first() if user.is_authenticated else None
    if worker is None:
        return Entry.objects.none()
    return (
        Entry.objects.filter(competition=competition)
        .exclude(code="")
        .filter(Q(worker=worker) | Q(delegation__leader=worker))
        .select_related("worker")
    )


def appeal_list(request: HttpRequest, pk: int) -> HttpResponse:
    competition = get_for_user(Competition.objects.select_related("organiser"), request.user, pk=pk)
    arbiter = policies.is_arbiter(request.user, competition)
    mine = _appealable(request.user, competition)
    if not arbiter and not mine.exists():
        raise Http404
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "file":
                entry = mine.filter(pk=request.POST.get("entry") or 0).first()
                if entry is None:
                    raise ValidationError(_("请选择申诉的选手"))
                services.file_appeal(
                    by=request.user,
                    ip=client_ip(request),
                    entry=entry,
                    reason=request.POST.get("reason", ""),
                )
                messages.success(request, _("申诉已提交，仲裁组将作出裁决。"))
            elif action == "rule" and arbiter:
                appeal = Appeal.objects.get(competition=competition, pk=request.POST.get("appeal"))
                services.rule_appeal(
                    by=request.user,
                    ip=client_ip(request),
                    appeal=appeal,
                    upheld=request.POST.get("upheld") == "1",
                    ruling=request.POST.get("ruling", ""),
                )
                messages.success(request, _("仲裁意见已记录。"))
            elif action == "prepare" and arbiter:
                appeal = Appeal.objects.get(competition=competition, pk=request.POST.get("appeal"))
                services.prepare_remark(
                    by=request.user,
                    ip=client_ip(request),
                    appeal=appeal,
                    changes=_remark_changes(request, competition),
                )
                messages.success(request, _("复核方案已生成，请查看对名次的影响后执行或取消。"))
            elif action in ("apply", "cancel") and arbiter:
                remark = Remark.objects.get(
                    appeal__competition=competition, pk=request.POST.get("remark")
                )
                if action == "apply":
                    services.apply_remark(by=request.user, ip=client_ip(request), remark=remark)
                    messages.success(
                        request, _("复核已执行，成绩和名次已重新计算；原评分保留在记录中。")
                    )
                else:
                    services.cancel_remark(by=request.user, ip=client_ip(request), remark=remark)
                    messages.success(request, _("复核已取消，成绩未改变。"))
            else:
                raise PermissionDenied
        except (Appeal.DoesNotExist, Remark.DoesNotExist):
            raise Http404 from None
        except ValidationError as err:
            message_errors(request, err)
        return redirect("appeal_list", pk=competition.pk)
    appeals = Appeal.objects.filter(competition=competition).select_related("entry", "filed_by")
    if not arbiter:
        appeals = appeals.filter(entry__in=mine)
    appeals = list(appeals.prefetch_related("remarks").order_by("-created"))
    return render(
        request,
        "competitions/appeal_list.html",
        {
            "competition": competition,
            "arbiter": arbiter,
            "appeals": appeals,
            "mine": list(mine),
            "aspects": Aspect.objects.filter(criterion__component__competition=competition)
            .select_related("criterion__component")
            .order_by("criterion__component__order", "criterion__order", "order"),
            "exam_components": competition.components.filter(rule=Component.Rule.EXAM),
            "judges": JudgeAssignment.objects.filter(competition=competition).select_related(
                "user"
            ),
        },
    )


def _remark_changes(request, competition: Competition) -> list[dict]:
    """One change from the form: a judge's mark for an aspect, or an exam score."""
    code = request.POST.get("code", "").strip().upper()
    entry = Entry.objects.filter(competition=competition, code=code).first()
    if entry is None:
        raise ValidationError(_("没有加密号为“{code}”的选手").format(code=code))
    value = request.POST.get("value", "").strip()
    target = request.POST.get("target", "")
    kind, _sep, ref = target.partition(":")
    if not ref.isdigit():
        raise ValidationError(_("请选择要复核的评分要点或考试"))
    if kind == "exam":
        return [{"entry": entry.pk, "component": int(ref), "value": value}]
    judge = request.POST.get("judge", "")
    if not judge.isdigit():
        raise ValidationError(_("请选择复核评分的裁判"))
    return [{"entry": entry.pk, "aspect": int(ref), "judge": int(judge), "value": value}]
