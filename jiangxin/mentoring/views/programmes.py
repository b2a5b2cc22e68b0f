"""Programmes: the list, setting one up, its page (figures, overdue logs, pairs), its rules, an
apprentice's preferences, the stipend statement."""

from __future__ import annotations

import datetime
import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, Value, When
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from jiangxin.accounts.access import get_for_user, reach_of, require_union_user
from jiangxin.audit.services import client_ip
from jiangxin.core.cells import safe_cell
from jiangxin.core.downloads import xlsx_response
from jiangxin.core.forms import apply_errors, query_errors, query_form, values
from jiangxin.core.types import AuthedRequest
from jiangxin.dashboards import charts
from jiangxin.mentoring import ledger, policies, services
from jiangxin.mentoring.forms import (
    PreferencesForm,
    ProgrammeCreateForm,
    ProgrammeFilterForm,
    ProgrammeRulesForm,
    StipendForm,
)
from jiangxin.mentoring.models import Pair, Programme
from jiangxin.organisations.models import Organisation
from jiangxin.workers.models import SkillLevel, Worker


def _nodes(user) -> list[Organisation]:
    """The union nodes the user may set a programme up in (enterprises hold none)."""
    if not policies.can_create_programme(user):
        return []
    return list(
        Organisation.objects.editable_by(user)
        .exclude(kind=Organisation.Kind.ENTERPRISE)
        .order_by("path")[:200]
    )


def _list_page(request: AuthedRequest, form: ProgrammeCreateForm | None) -> HttpResponse:
    programmes = (
        Programme.objects.visible_to(request.user)
        .select_related("organisation")
        .order_by("-year", "name")
    )
    return render(
        request,
        "mentoring/programme_list.html",
        {"programmes": programmes, "form": form},
        status=400 if form is not None and form.is_bound else 200,
    )


def programme_list(request: AuthedRequest) -> HttpResponse:
    require_union_user(request.user)
    nodes = _nodes(request.user)
    form = (
        ProgrammeCreateForm(nodes=nodes, initial={"year": timezone.localdate().year})
        if nodes
        else None
    )
    return _list_page(request, form)


@require_http_methods(["GET", "POST"])
def programme_create(request: AuthedRequest) -> HttpResponse:
    require_union_user(request.user)
    nodes = _nodes(request.user)
    if not nodes:
        raise PermissionDenied(_("只有工会管理员可以设立名师带高徒项目"))
    if request.method == "GET":
        return redirect("programme_list")
    form = ProgrammeCreateForm(request.POST, nodes=nodes)
    if form.is_valid():
        organisation = next(o for o in nodes if o.pk == form.cleaned_data["organisation"])
        year = form.cleaned_data["year"]
        try:
            programme = services.create_programme(
                by=request.user,
                ip=client_ip(request),
                organisation=organisation,
                year=year,
                name=form.cleaned_data["name"].strip()
                or _("{org}{year}年名师带高徒").format(org=organisation.name, year=year),
            )
        except ValidationError as err:
            apply_errors(form, err)
        else:
            messages.success(request, _("项目已设立。"))
            return redirect("programme_detail", pk=programme.pk)
    return _list_page(request, form)


def programme_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    programme = get_for_user(Programme.objects.select_related("organisation"), request.user, pk=pk)
    query = query_form(ProgrammeFilterForm, request, initial={"year": programme.year})
    chosen = values(query)
    year, status = chosen["year"], chosen["status"] or ""
    pairs = Pair.objects.visible_to(request.user).filter(programme=programme)
    figures = pairs.figures(year)
    order = Case(
        *[When(status=s, then=Value(i)) for i, s in enumerate(Pair.Status.values)], default=Value(9)
    )
    rows = (
        pairs.select_related("master__enterprise", "apprentice__enterprise")
        .annotate(status_order=order)
        .order_by("status_order", "-starts_on", "pk")
    )
    if status:
        rows = rows.filter(status=status)
    today = timezone.localdate()
    overdue = []
    for p in (
        pairs.filter(status=Pair.Status.ACTIVE)
        .select_related("master", "apprentice")
        .prefetch_related("checkins")
    ):
        late = ledger.overdue(p.starts_on, p.ends_on, today, [c.month for c in p.checkins.all()])
        if late:
            overdue.append({"pair": p, "months": late})
    labels = dict(Pair.Status.choices)
    can_edit = policies.can_edit_programme(request.user, programme)
    return render(
        request,
        "mentoring/programme_detail.html",
        {
            "programme": programme,
            "figures": figures,
            "query": query,
            "query_errors": query_errors(query),
            "page": Paginator(rows, 50).get_page(chosen["page"]),
            "status": status,
            "statuses": Pair.Status.choices,
            "overdue": overdue[:50],
            "overdue_count": len(overdue),
            "can_edit": can_edit,
            "can_match": policies.can_run_matching(request.user, programme),
            "stipend_form": StipendForm(initial={"year": year}) if can_edit else None,
            "level_names": dict(SkillLevel.choices),
            "charts": {
                "enterprise": charts.bar(
                    [(name or _("无单位"), n) for name, n in figures["by_enterprise"][:12]],
                    horizontal=True,
                ),
                "status": charts.pie(
                    [(str(labels[s]), n) for s, n in figures["status"].items() if n]
                ),
                "industry": charts.bar(
                    [(name or _("未分行业"), n) for name, n in figures["by_industry"][:10]]
                ),
                "mode": charts.pie(
                    [
                        (_("一对一"), figures["one_to_one"]),
                        (_("一对多"), figures["one_to_many"]),
                    ]
                ),
            },
        },
    )


@require_http_methods(["GET", "POST"])
def programme_rules(request: AuthedRequest, pk: int) -> HttpResponse:
    programme = get_for_user(Programme.objects.select_related("organisation"), request.user, pk=pk)
    if not policies.can_edit_programme(request.user, programme):
        raise PermissionDenied(_("只有项目主办工会的管理员可以修改项目规则"))
    form = ProgrammeRulesForm(request.POST or None, instance=programme)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_programme(
                by=request.user, ip=client_ip(request), programme=programme, **form.changes()
            )
        except ValidationError as err:
            apply_errors(form, err)
        else:
            messages.success(request, _("项目规则已保存。"))
            return redirect("programme_detail", pk=programme.pk)
    return render(request, "mentoring/programme_rules.html", {"programme": programme, "form": form})


@require_http_methods(["GET", "POST"])
def preferences(request: AuthedRequest, pk: int) -> HttpResponse:
    """An apprentice names up to three masters they would like to learn from."""
    programme = Programme.objects.select_related("organisation").filter(pk=pk).first()
    reach = reach_of(request.user)
    me = Worker.objects.filter(pk=reach.worker_id).first() if reach.worker_id else None
    if programme is None or me is None or not me.org_path.startswith(programme.organisation.path):
        raise Http404
    if not policies.can_set_preferences(request.user, me):
        raise PermissionDenied
    candidates = services.eligible_masters(programme, exclude=me)
    current = list(
        programme.preferences.filter(apprentice=me)
        .order_by("rank")
        .values_list("master_id", flat=True)
    )
    form = PreferencesForm(
        request.POST or None,
        candidates=candidates,
        initial={f"choice{i}": m for i, m in enumerate(current, start=1)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.set_preferences(
                by=request.user,
                ip=client_ip(request),
                programme=programme,
                apprentice=me,
                masters=form.masters(),
            )
        except ValidationError as err:
            apply_errors(form, err)
        else:
            messages.success(request, _("拜师志愿已保存，工会匹配时会优先考虑。"))
            return redirect("mentoring_preferences", pk=programme.pk)
    return render(request, "mentoring/preferences.html", {"programme": programme, "form": form})


def stipends(request: AuthedRequest, pk: int) -> HttpResponse:
    """The stipend statement of a year (or one month of it) as .xlsx."""
    from openpyxl import Workbook

    programme = get_for_user(Programme.objects.select_related("organisation"), request.user, pk=pk)
    if not policies.can_edit_programme(request.user, programme):
        raise PermissionDenied(_("带徒津贴发放表只有项目主办工会的管理员可以导出"))
    form = StipendForm(request.GET or {"year": programme.year})
    if not form.is_valid():
        for message in query_errors(form):
            messages.error(request, message)
        return redirect("programme_detail", pk=programme.pk)
    year, month = form.cleaned_data["year"], form.cleaned_data["month"]
    first = datetime.date(year, month or 1, 1)
    last = datetime.date(year, month or 12, 28)
    pairs = {
        p.pk: p
        for p in Pair.objects.visible_to(request.user)
        .filter(programme=programme)
        .select_related("programme", "master__enterprise", "apprentice__enterprise")
    }
    lines = services.stipend_statement(pairs.values(), first=first, last=last)
    wb = Workbook()
    ws = wb.active
    ws.title = _("带徒津贴")
    ws.append(
        [
            _("月份"),
            _("师傅"),
            _("师傅单位"),
            _("徒弟"),
            _("状态"),
            _("月津贴（元）"),
            _("发放比例"),
            _("应发（元）"),
        ]
    )
    for line in lines:
        p = pairs[line.pair]
        ws.append(
            [
                line.month.strftime("%Y-%m"),
                safe_cell(p.master.name),
                safe_cell(p.master.enterprise.name if p.master.enterprise else ""),
                safe_cell(p.apprentice.name),
                str(p.get_status_display()),
                float(line.base),
                f"{line.rate}%" if line.rate is not None else _("待考核"),
                float(line.payable) if line.payable is not None else None,
            ]
        )
    ws.append([])
    ws.append([_("合计"), "", "", "", "", "", "", float(sum((x.payable or 0) for x in lines))])
    out = io.BytesIO()
    wb.save(out)
    period = f"{year}-{month:02d}" if month else str(year)
    return xlsx_response(out.getvalue(), _("带徒津贴-{period}.xlsx").format(period=period))
