"""Appeals and re-marks, one view per action: the appeals page (read), file an appeal, rule on
it, prepare a re-mark, apply it (after a confirmation stating the consequence) or cancel it.
Who may do what: ``policies.can_file_appeal_now`` and ``policies.is_arbiter``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jiangxin.accounts.access import get_for_user, reach_of
from jiangxin.audit.services import client_ip
from jiangxin.competitions import policies, services
from jiangxin.competitions.appeal_forms import AppealForm, RemarkForm, RulingForm
from jiangxin.competitions.appeal_rule import appeal_rule
from jiangxin.competitions.models import Appeal, Competition, Remark
from jiangxin.competitions.record import appealable_entries
from jiangxin.core.forms import apply_errors, message_errors
from jiangxin.core.types import AuthedRequest


def _competition(request: AuthedRequest, pk: int) -> tuple[Competition, bool, list]:
    """The competition, whether the user arbitrates, and the entries they may appeal for;
    404 for anyone with neither role (as if there were no appeals page)."""
    competition = get_for_user(Competition.objects.select_related("organiser"), request.user, pk=pk)
    arbiter = policies.is_arbiter(request.user, competition)
    mine = list(appealable_entries(request.user, competition))
    if not arbiter and not mine:
        raise Http404
    return competition, arbiter, mine


def _page(request, competition, arbiter, mine, *, file_form=None, bound=None, status=200):
    appeals = Appeal.objects.filter(competition=competition).select_related(
        "entry__worker", "filed_by"
    )
    if not arbiter:
        appeals = appeals.filter(entry__in=[e.pk for e in mine])
    appeals = list(appeals.prefetch_related("remarks").order_by("-created"))
    open_ = [e for e in mine if policies.can_file_appeal_now(request.user, e)]
    remark_form = RemarkForm(competition=competition) if arbiter else None
    for a in appeals:  # the forms of each appeal; the one just sent keeps its input
        a.ruling_form = RulingForm(auto_id=f"a{a.pk}_%s") if arbiter else None
        a.remark_form = remark_form
        if bound and bound[0] == a.pk:
            setattr(a, bound[1], bound[2])
    response = render(
        request,
        "competitions/appeal_list.html",
        {
            "competition": competition,
            "arbiter": arbiter,
            "appeals": appeals,
            "rule": appeal_rule(competition),
            "file_form": file_form or (AppealForm(entries=open_) if open_ else None),
        },
    )
    response.status_code = status
    return response


def appeal_list(request: AuthedRequest, pk: int) -> HttpResponse:
    competition, arbiter, mine = _competition(request, pk)
    return _page(request, competition, arbiter, mine)


@require_http_methods(["GET", "POST"])
def appeal_file(request: AuthedRequest, pk: int) -> HttpResponse:
    competition, arbiter, mine = _competition(request, pk)
    if request.method != "POST":  # an address opened by hand: the form is on the appeals page
        return redirect("appeal_list", pk=competition.pk)
    open_ = [e for e in mine if policies.can_file_appeal_now(request.user, e)]
    if not open_:
        if mine:
            messages.error(request, appeal_rule(competition))
            return redirect("appeal_list", pk=competition.pk)
        raise PermissionDenied
    form = AppealForm(request.POST, entries=open_)
    if form.is_valid():
        try:
            services.file_appeal(
                by=request.user,
                ip=client_ip(request),
                entry=form.cleaned_data["entry"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as err:
            apply_errors(form, err)
        else:
            messages.success(request, _("申诉已提交，仲裁组裁决后结果会显示在这里。"))
            back = form.cleaned_data.get("back")
            if back == "record" and reach_of(request.user).worker_id:
                return redirect("worker_detail", pk=reach_of(request.user).worker_id)
            if back == "competition":
                return redirect("competition_detail", pk=competition.pk)
            return redirect("appeal_list", pk=competition.pk)
    return _page(request, competition, arbiter, mine, file_form=form, status=400)


def _appeal(request: AuthedRequest, pk: int, appeal: int) -> tuple[Competition, Appeal, list]:
    competition, arbiter, mine = _competition(request, pk)
    if not arbiter:
        raise PermissionDenied
    obj = Appeal.objects.visible_to(request.user).filter(competition=competition, pk=appeal).first()
    if obj is None:
        raise Http404
    return competition, obj, mine


@require_POST
def appeal_rule_view(request: AuthedRequest, pk: int, appeal: int) -> HttpResponse:
    competition, obj, mine = _appeal(request, pk, appeal)
    form = RulingForm(request.POST, auto_id=f"a{obj.pk}_%s")
    if form.is_valid():
        try:
            services.rule_appeal(
                by=request.user,
                ip=client_ip(request),
                appeal=obj,
                upheld=form.cleaned_data["upheld"],
                ruling=form.cleaned_data["ruling"],
            )
        except ValidationError as err:
            message_errors(request, err)
        else:
            messages.success(
                request,
                _("仲裁意见已记录，申诉人可在自己的页面看到。")
                + (_("下一步：准备复核评分。") if form.cleaned_data["upheld"] else ""),
            )
        return redirect("appeal_list", pk=competition.pk)
    return _page(request, competition, True, mine, bound=(obj.pk, "ruling_form", form), status=400)


@require_POST
def remark_prepare(request: AuthedRequest, pk: int, appeal: int) -> HttpResponse:
    competition, obj, mine = _appeal(request, pk, appeal)
    form = RemarkForm(request.POST, competition=competition)
    if form.is_valid():
        try:
            services.prepare_remark(
                by=request.user, ip=client_ip(request), appeal=obj, changes=form.changes()
            )
        except ValidationError as err:
            apply_errors(form, err)
        else:
            messages.success(request, _("复核方案已生成，请查看对名次的影响后执行或取消。"))
            return redirect("appeal_list", pk=competition.pk)
    return _page(request, competition, True, mine, bound=(obj.pk, "remark_form", form), status=400)


def _remark(request: AuthedRequest, pk: int, remark: int) -> tuple[Competition, Remark]:
    competition, arbiter, _mine = _competition(request, pk)
    if not arbiter:
        raise PermissionDenied
    obj = (
        Remark.objects.visible_to(request.user)
        .filter(appeal__competition=competition, pk=remark)
        .select_related("appeal__entry")
        .first()
    )
    if obj is None:
        raise Http404
    return competition, obj


def remark_apply(request: AuthedRequest, pk: int, remark: int) -> HttpResponse:
    """GET: what applying will change, and that it cannot be undone; POST: apply."""
    competition, obj = _remark(request, pk, remark)
    if request.method == "POST":
        try:
            services.apply_remark(by=request.user, ip=client_ip(request), remark=obj)
        except ValidationError as err:
            message_errors(request, err)
        else:
            messages.success(request, _("复核已执行，成绩和名次已重新计算；原评分保留在记录中。"))
        return redirect("appeal_list", pk=competition.pk)
    if obj.status != Remark.Status.PREPARED:
        messages.info(request, _("该复核已执行或已取消。"))
        return redirect("appeal_list", pk=competition.pk)
    return render(
        request, "competitions/remark_apply.html", {"competition": competition, "remark": obj}
    )


@require_POST
def remark_cancel(request: AuthedRequest, pk: int, remark: int) -> HttpResponse:
    competition, obj = _remark(request, pk, remark)
    try:
        services.cancel_remark(by=request.user, ip=client_ip(request), remark=obj)
    except ValidationError as err:
        message_errors(request, err)
    else:
        messages.success(request, _("复核已取消，成绩未改变。"))
    return redirect("appeal_list", pk=competition.pk)
