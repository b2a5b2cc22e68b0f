from __future__ import annotations

import datetime
import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, Value, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from jiangxin.accounts.access import get_for_user, reach_of, require_union_user
from jiangxin.core.cells import safe_cell
from jiangxin.core.downloads import pdf_response, xlsx_response
from jiangxin.core.forms import apply_errors, message_errors
from jiangxin.core.pdf import render_pdf
from jiangxin.dashboards import charts
from jiangxin.mentoring import ledger, services
from jiangxin.mentoring.forms import ProgrammeRulesForm
from jiangxin.mentoring.models import Assessment, MatchRun, Pair, Programme
from jiangxin.organisations.models import Organisation
from jiangxin.workers.models import SkillLevel, Worker


def programme_list(request: HttpRequest) -> HttpResponse:
    reach = require_union_user(request.user)
    if request.method == "POST":
        organisation = (
            Organisation.objects.editable_by(request.user)
            .filter(pk=request.POST.get("organisation") or 0)
            .first()
        )
        try:
            if organisation is None:
                raise ValidationError(_("请选择主办工会"))
            year = int(request.POST.get("year") or 0)
            programme = services.create_programme(
                by=request.user,
                request=request,
                organisation=organisation,
                year=year,
                name=request.POST.get("name", "").strip()
                or _("{org}{year}年名师带高徒").format(org=organisation.name, year=year),
            )
        except ValueError:
            messages.error(request, _("年度应为四位数字"))
        except ValidationError as err:
            message_errors(request, err)
        else:
            messages.success(request, _("项目已设立。"))
            return redirect("programme_detail", pk=programme.pk)
    programmes = (
        Programme.objects.visible_to(request.user)
        .select_related("organisation")
        .order_by("-year", "name")
    )
    return render(
        request,
        "mentoring/programme_list.html",
        {
            "programmes": programmes,
            "nodes": Organisation.objects.editable_by(request.user)
            .exclude(kind=Organisation.Kind.ENTERPRISE)
            .order_by("path")[:200]
            if reach.edit_paths or reach.platform
            else [],
            "this_year": timezone.localdate().year,
        },
    )


def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_for_user(Programme.objects.select_related("organisation"), request.user, pk=pk)
    year = int(request.GET.get("year") or programme.year)
    pairs = Pair.objects.visible_to(request.user).filter(programme=programme)
    figures = pairs.figures(year)
    status = request.GET.get("status", "")
    order = Case(
        *[When(status=s, then=Value(i)) for i, s in enumerate(Pair.Status.values)], default=Value(9)
    )
    rows = (
        pairs.select_related("master__enterprise", "apprentice__enterprise")
        .annotate(status_order=order)
        .order_by("status_order", "-starts_on", "pk")
    )
    if status in Pair.Status.values:
        rows = rows.filter(status=status)
    today = timezone.localdate()
    active = list(pairs.filter(status=Pair.Status.ACTIVE).prefetch_related("checkins"))
    overdue = []
    for p in active:
        late = ledger.overdue(p.starts_on, p.ends_on, today, [c.month for c in p.checkins.all()])
        if late:
            overdue.append({"pair": p, "months": late})
    labels = dict(Pair.Status.choices)
    can_edit = Programme.objects.editable_by(request.user).filter(pk=programme.pk).exists()
    return render(
        request,
        "mentoring/programme_detail.html",
        {
            "programme": programme,
            "figures": figures,
            "page": Paginator(rows, 50).get_page(request.GET.get("page")),
            "status": status,
            "statuses": Pair.Status.choices,
            "overdue": overdue[:50],
            "overdue_count": len(overdue),
            "can_edit": can_edit,
            "months": range(1, 13),
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


def programme_rules(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_for_user(
        Programme.objects.select_related("organisation"), request.user, pk=pk, edit=True
    )
    form = ProgrammeRulesForm(request.POST or None, instance=programme)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_programme(
                by=request.user, request=request, programme=programme, **form.changes()
            )
        except ValidationError as err:
            apply_errors(form, err)
        else:
            messages.success(request, _("项目规则已保存。"))
            return redirect("programme_detail", pk=programme.pk)
    return render(request, "mentoring/programme_rules.html", {"programme": programme, "form": form})


def preferences(request: HttpRequest, pk: int) -> HttpResponse:
    """An apprentice names up to three masters they would like to learn from."""
    programme = Programme.objects.select_related("organisation").filter(pk=pk).first()
    reach = reach_of(request.user)
    me = Worker.objects.filter(pk=reach.worker_id).first() if reach.worker_id else None
    if programme is None or me is None or not me.org_path.startswith(programme.organisation.path):
        raise Http404
    candidates = services.eligible_masters(programme, exclude=me)
    if request.method == "POST":
        chosen_ids = [request.POST.get(f"choice{i}", "") for i in (1, 2, 3)]
        by_id = {str(m.pk): m for m in candidates}
        chosen = [by_id[c] for c in chosen_ids if c in by_id]
        try:
            services.set_preferences(
                by=request.user, request=request, programme=programme, apprentice=me, masters=chosen
            )
        except (ValidationError, PermissionDenied) as err:
            messages.error(request, "；".join(getattr(err, "messages", [str(err)])))
        else:
            messages.success(request, _("拜师志愿已保存，工会匹配时会优先考虑。"))
            return redirect("mentoring_preferences", pk=programme.pk)
    current = list(
        programme.preferences.filter(apprentice=me)
        .order_by("rank")
        .values_list("master_id", flat=True)
    )
    return render(
        request,
        "mentoring/preferences.html",
        {
            "programme": programme,
            "candidates": candidates,
            "slots": [(i, current[i - 1] if i <= len(current) else None) for i in (1, 2, 3)],
        },
    )


def pair_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pair = get_for_user(
        Pair.objects.select_related(
            "programme__organisation", "master__enterprise", "apprentice__enterprise"
        ),
        request.user,
        pk=pk,
    )
    reach = reach_of(request.user)
    is_master = request.user.pk == pair.master.account_id
    is_apprentice = request.user.pk == pair.apprentice.account_id
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "approve":
                services.approve_pair(by=request.user, request=request, pair=pair)
                messages.success(request, _("师徒协议已审批，结对生效。"))
            elif action == "checkin":
                month = datetime.date.fromisoformat(request.POST.get("month", "") + "-01")
                services.record_checkin(
                    by=request.user,
                    request=request,
                    pair=pair,
                    month=month,
                    content=request.POST.get("content", ""),
                    hours=request.POST.get("hours", ""),
                )
                messages.success(request, _("带徒记录已保存。"))
            elif action == "assess":
                services.assess(
                    by=request.user,
                    request=request,
                    pair=pair,
                    kind=request.POST.get("kind", ""),
                    grade=request.POST.get("grade", ""),
                    comment=request.POST.get("comment", ""),
                )
                messages.success(request, _("考核结果已记录。"))
            elif action == "end":
                services.end_pair(
                    by=request.user,
                    request=request,
                    pair=pair,
                    reason=request.POST.get("reason", ""),
                )
                messages.success(request, _("结对已提前终止。"))
            else:
                raise Http404
        except ValueError:
            messages.error(request, _("请选择月份"))
        except ValidationError as err:
            message_errors(request, err)
        except PermissionDenied as err:
            messages.error(request, str(err))
        return redirect("pair_detail", pk=pair.pk)
    checkins = list(pair.checkins.select_related("by").order_by("-month", "role"))
    today = timezone.localdate()
    months = [m for m in ledger.months(pair.starts_on, pair.ends_on) if m <= ledger.first_of(today)]
    return render(
        request,
        "mentoring/pair_detail.html",
        {
            "pair": pair,
            "checkins": checkins,
            "assessments": pair.assessments.select_related("by").order_by("created"),
            "overdue": ledger.overdue(
                pair.starts_on, pair.ends_on, today, [c.month for c in checkins]
            ),
            "months": list(reversed(months)),
            "can_log": (is_master or is_apprentice) and pair.status == Pair.Status.ACTIVE,
            "can_approve": pair.status == Pair.Status.PROPOSED
            and reach.can_edit_path(pair.apprentice.org_path),
            "can_manage": reach.can_edit_path(pair.org_path)
            or reach.can_edit_path(pair.programme.organisation.path),
            "kinds": Assessment.Kind.choices,
            "grades": Pair.Grade.choices,
            "rates": pair.programme.pay_rates,
        },
    )


def pair_agreement(request: HttpRequest, pk: int) -> HttpResponse:
    pair = get_for_user(
        Pair.objects.select_related(
            "programme__organisation",
            "master__enterprise",
            "master__occupation",
            "apprentice__enterprise",
            "apprentice__occupation",
        ),
        request.user,
        pk=pk,
    )
    html = render_to_string(
        "mentoring/agreement_pdf.html",
        {"pair": pair, "months": len(ledger.months(pair.starts_on, pair.ends_on))},
    )
    return pdf_response(render_pdf(html), f"{_('师徒协议')}-{pair.apprentice.name}.pdf")


def match(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_for_user(Programme.objects.select_related("organisation"), request.user, pk=pk)
    reach = reach_of(request.user)
    scopes = list(
        Organisation.objects.editable_by(request.user)
        .filter(path__startswith=programme.organisation.path)
        .order_by("path")[:200]
    )
    if not scopes:
        raise PermissionDenied
    run = None
    if request.method == "POST" and request.POST.get("action") == "run":
        scope = next((o for o in scopes if str(o.pk) == request.POST.get("scope")), None)
        try:
            if scope is None:
                raise ValidationError(_("请选择匹配范围"))
            run = services.run_matching(
                by=request.user,
                request=request,
                programme=programme,
                scope=scope,
                cross_enterprise=request.POST.get("cross") == "on",
            )
        except ValidationError as err:
            message_errors(request, err)
        else:
            return redirect(f"{request.path}?run={run.pk}")
    if request.method == "POST" and request.POST.get("action") == "accept":
        run = MatchRun.objects.filter(programme=programme, pk=request.POST.get("run") or 0).first()
        if run is None or not reach.can_edit_path(run.scope.path):
            raise Http404
        choices = {}
        for key in request.POST.getlist("pick"):
            master = request.POST.get(f"master_{key}", "")
            if key.isdigit() and master.isdigit():
                choices[int(key)] = int(master)
        try:
            starts_on = datetime.date.fromisoformat(request.POST.get("starts_on", ""))
            pairs = services.accept_matching(
                by=request.user, request=request, run=run, choices=choices, starts_on=starts_on
            )
        except ValueError:
            messages.error(request, _("请填写结对开始日期"))
        except ValidationError as err:
            message_errors(request, err)
        else:
            messages.success(
                request,
                _("已生成 {n} 个结对，等待徒弟所在工会审批师徒协议。").format(n=len(pairs)),
            )
            return redirect("programme_detail", pk=programme.pk)
        return redirect(f"{request.path}?run={run.pk}")
    if request.GET.get("run"):
        run = MatchRun.objects.filter(programme=programme, pk=request.GET["run"]).first()
    context = {"programme": programme, "scopes": scopes, "run": run, "today": timezone.localdate()}
    if run:
        ids = {p["apprentice"] for p in run.proposal} | {p["master"] for p in run.proposal}
        ids |= {int(k) for k in run.unpaired}
        people = Worker.objects.select_related("enterprise", "occupation").in_bulk(ids)
        masters = sorted({p["master"] for p in run.proposal})
        context.update(
            {
                "rows": [
                    {**p, "a": people.get(p["apprentice"]), "m": people.get(p["master"])}
                    for p in run.proposal
                ],
                "unpaired": [(people.get(int(k)), v) for k, v in run.unpaired.items()],
                "masters": [people[m] for m in masters if m in people],
            }
        )
    return render(request, "mentoring/match.html", context)


def stipends(request: HttpRequest, pk: int) -> HttpResponse:
    """The stipend statement of a year (or one month of it) as .xlsx."""
    from openpyxl import Workbook

    programme = get_for_user(Programme.objects.all(), request.user, pk=pk, edit=True)
    year = int(request.GET.get("year") or programme.year)
    month = int(request.GET.get("month") or 0)
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
    return xlsx_response(out.getvalue(), f"stipends-{period}.xlsx")
