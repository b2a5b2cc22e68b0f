"""A paper theory exam's marks page (手工录入): every contestant of the component, one field
each (by code until the codes are opened), typed or pasted as a column from Excel, or imported
from the workbook the page hands out. The organiser's admins only; frozen by the lock."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiangxin.accounts.access import get_for_user
from jiangxin.audit.services import client_ip
from jiangxin.competitions import policies
from jiangxin.competitions.judging_forms import TheoryImportForm, TheoryMarksForm
from jiangxin.competitions.models import Competition, Component
from jiangxin.competitions.services import theory_marks as marks
from jiangxin.competitions.services.judging import exam_marks_frozen
from jiangxin.core.downloads import xlsx_response
from jiangxin.core.forms import apply_errors
from jiangxin.core.types import AuthedRequest


def _component(request, pk: int, component: int) -> Component:
    competition = get_for_user(Competition.objects.select_related("organiser"), request.user, pk=pk)
    target = get_for_user(
        Component.objects.select_related("paper").filter(competition=competition),
        request.user,
        pk=component,
    )
    target.competition = competition
    if not policies.can_enter_paper_marks(request.user, target):
        raise PermissionDenied(_("只有主办单位的工会管理员可以录入纸笔考试成绩"))
    return target


def _page(request, component: Component, form=None, upload=None, status: int = 200):
    entries = marks.contestants(component)
    scores = marks.current_scores(component)
    frozen = exam_marks_frozen(component)
    form = form or TheoryMarksForm(entries=entries, scores=scores, read_only=bool(frozen))
    rows = [{"entry": e, "field": form[f"m{e.pk}"], "current": scores.get(e.pk)} for e in entries]
    return render(
        request,
        "competitions/theory_marks.html",
        {
            "competition": component.competition,
            "component": component,
            "form": form,
            "upload": upload or TheoryImportForm(),
            "rows": rows,
            "frozen": frozen,
            "names": marks.names_shown(component),
            "entered": len(scores),
            "complete": bool(entries) and all(e.pk in scores for e in entries),
        },
        status=status,
    )


def theory_marks(request: AuthedRequest, pk: int, component: int) -> HttpResponse:
    """The page, and saving what was typed or pasted into it: all or nothing."""
    target = _component(request, pk, component)
    if request.method != "POST":
        return _page(request, target)
    entries = marks.contestants(target)
    form = TheoryMarksForm(request.POST, entries=entries, scores=marks.current_scores(target))
    if form.is_valid():
        try:
            changed = marks.save_theory_marks(
                by=request.user, ip=client_ip(request), component=target, rows=form.rows()
            )
        except ValidationError as err:
            apply_errors(form, err)
        else:
            messages.success(request, _("已保存，{n} 位选手的成绩有变化。").format(n=changed))
            return redirect("theory_marks", pk=pk, component=component)
    return _page(request, target, form=form, status=200)


def theory_marks_template(request: AuthedRequest, pk: int, component: int) -> HttpResponse:
    """The workbook to fill in offline: the contestants in order, their current scores."""
    target = _component(request, pk, component)
    filename = _("{title}-{name}-成绩录入表.xlsx").format(
        title=target.competition.title, name=target.name
    )
    return xlsx_response(marks.marks_workbook(target), filename)


@require_POST
def theory_marks_import(request: AuthedRequest, pk: int, component: int) -> HttpResponse:
    """The filled-in workbook read back by code: all rows or none, errors by row."""
    target = _component(request, pk, component)
    upload = TheoryImportForm(request.POST, request.FILES)
    if upload.is_valid():
        try:
            rows = marks.rows_from_workbook(upload.cleaned_data["file"].read())
            changed = marks.save_theory_marks(
                by=request.user, ip=client_ip(request), component=target, rows=rows
            )
        except ValidationError as err:
            apply_errors(upload, err)
        else:
            messages.success(
                request,
                _("已导入，{n} 位选手的成绩有变化。").format(n=changed),
            )
            return redirect("theory_marks", pk=pk, component=component)
    return _page(request, target, upload=upload)
