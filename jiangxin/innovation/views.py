"""The studio pages: the registry of a union's subtree (filters, figures, charts each with its
table), a studio's page, registering and editing a studio, adding and removing members, and the
public showcase 劳模工匠风采. Views fetch through ``get_for_user`` (404 when not visible, 403 when
visible but not changeable) and ask ``innovation.policies`` what to refuse and what to offer."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, Count, Prefetch, Q, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jiangxin.accounts.access import get_for_user, reach_of, require_union_user
from jiangxin.audit.services import client_ip
from jiangxin.core.forms import apply_errors, message_errors, query_errors, query_form, values
from jiangxin.core.types import AuthedRequest
from jiangxin.dashboards import charts
from jiangxin.innovation import figures, policies, services, services_naming, views_record
from jiangxin.innovation.forms import (
    ExistingNamingForm,
    MemberForm,
    MemberRemoveForm,
    RegistryFilterForm,
    RevokeNamingForm,
    ShowcaseFilterForm,
    StudioForm,
)
from jiangxin.innovation.models import NamingEvidence, Studio, StudioMember, StudioOutput
from jiangxin.innovation.models.studios import lead_verdict
from jiangxin.innovation.sections_projects import registry_overdue, studio_section
from jiangxin.innovation.views_batches import studio_batches
from jiangxin.workers.models import Honour


def _tally(rows, field: str, labels: dict) -> list[tuple[str, int]]:
    """(label, count) per value of ``field``: in the choices' order when there are choices (the
    kinds, the levels), else the largest first."""
    counts = dict(rows.values_list(field).annotate(n=Count("pk")).order_by())
    if labels:
        return [(str(label), counts[k]) for k, label in labels.items() if counts.get(k)]
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0] or ""))
    return [(k or _("未分行业"), n) for k, n in ordered if n]


def _pie(pairs: list[tuple[str, int]]) -> dict:
    option = charts.pie(pairs)
    # No legend: in half a card it becomes a scroller; the table beside names each colour.
    option["legend"] = {"show": False}
    option["series"][0]["center"] = ["50%", "50%"]
    return option


def _registry_query(chosen: dict, **over) -> str:
    """The registry's query string for the filters ``chosen``, with ``over`` changed."""
    params = {key: chosen[key] for key in ("kind", "level", "state", "warning", "output_year")}
    params["industry"] = chosen["industry"].pk if chosen["industry"] else ""
    params.update(over)
    return "?" + urlencode({k: v for k, v in params.items() if v not in (None, "")})


def _outputs_chart(charted, chosen: dict, state: Studio.State) -> dict | None:
    """成果（按年份）: the outputs of the charted studios per year, stacked by kind, and its table
    — a row a year (the parts with their colours, the total), linking the studios counted."""
    years = figures.outputs_by_year(charted)
    if not years:
        return None
    kinds = [k for k in StudioOutput.Kind if any(counts.get(k) for _y, counts in years)]
    series = [(str(k.label), [counts.get(k, 0) for _y, counts in years]) for k in kinds]
    title = _("{state}工作室成果（按年份）").format(state=state.label)
    return {
        "title": title,
        "option": charts.stacked_bar([str(y) for y, _c in years], series),
        "rows": [
            {
                "year": year,
                "parts": [(i, k.label, counts[k]) for i, k in enumerate(kinds) if counts.get(k)],
                "total": sum(counts.values()),
                "url": _registry_query(chosen, state=state.value, output_year=year),
            }
            for year, counts in years
        ],
    }


STATE_ORDER = Case(
    *[When(state=s, then=Value(i)) for i, s in enumerate(Studio.State.values)], default=Value(9)
)


def studio_list(request: AuthedRequest) -> HttpResponse:
    """The registry of the user's subtree: figures by state, charts by kind, level and industry
    (each with its table), and the studios, filtered."""
    require_union_user(request.user)
    query = query_form(RegistryFilterForm, request)
    chosen = values(query)
    studios = Studio.objects.visible_to(request.user)
    for key, lookup in (
        ("kind", "kind"),
        ("level", "naming_level"),
        ("industry", "enterprise__industry"),
    ):
        if chosen[key]:
            studios = studios.filter(**{lookup: chosen[key]})
    today = timezone.localdate()
    if chosen["warning"]:  # the 12-month warning (innovation.figures)
        studios = studios.filter(pk__in=figures.warned_ids(today))
    if chosen["output_year"]:  # a row of the 成果（按年份） table: who recorded outputs that year
        span = figures.year_span(chosen["output_year"])
        studios = studios.filter(
            pk__in=StudioOutput.objects.filter(date__range=span).values("studio")
        )
    by_state = dict(studios.values_list("state").annotate(n=Count("pk")).order_by())
    # The charts count one state, named in their titles: the one filtered on, else 已命名 —
    # the headline's figure, so a delisted or applying studio never swells the pie.
    charted_state = Studio.State(chosen["state"] or Studio.State.NAMED)
    charted = studios.filter(state=charted_state)
    if chosen["state"]:
        studios = studios.filter(state=chosen["state"])
    tallies = {
        "kind": _tally(charted, "kind", dict(Studio.Kind.choices)),
        "level": _tally(charted, "naming_level", dict(Studio.Level.choices)),
        "industry": _tally(charted, "enterprise__industry__name", {}),
    }
    rows = (
        studios.select_related("enterprise__industry", "lead")
        .annotate(state_order=STATE_ORDER)
        .order_by("state_order", "kind", "enterprise__name", "name", "pk")
    )
    page = Paginator(rows, 50).get_page(chosen["page"])
    return render(
        request,
        "innovation/studio_list.html",
        {
            "query": query,
            "query_errors": query_errors(query),
            "figures": {s: by_state.get(s, 0) for s in Studio.State.values},
            "tallies": [
                {
                    "key": key,
                    "title": title.format(state=charted_state.label),
                    "column": column,
                    "rows": tallies[key],
                    "option": _pie(tallies[key]) if key == "kind" else charts.bar(tallies[key]),
                    "swatches": key == "kind",
                }
                for key, title, column in (
                    ("kind", _("{state}工作室按类别"), _("类别")),
                    ("level", _("{state}工作室按命名级别"), _("命名级别")),
                    ("industry", _("{state}工作室按行业"), _("行业")),
                )
            ],
            "charted_count": by_state.get(charted_state, 0),
            "outputs_chart": _outputs_chart(charted, chosen, charted_state),
            "output_year": chosen["output_year"],
            "all_years_url": _registry_query(chosen, output_year=""),
            "page": page,
            "can_register": policies.can_register_studio(request.user),
            "warned": set(
                figures.warned_ids(today)
                .filter(pk__in=[s.pk for s in page])
                .values_list("pk", flat=True)
            ),
            "warned_count": studios.filter(pk__in=figures.warned_ids(today)).count(),
            "overdue_milestones": registry_overdue(request.user),
        },
    )


def _form_page(request, form, studio=None, status=200) -> HttpResponse:
    return render(
        request, "innovation/studio_form.html", {"form": form, "studio": studio}, status=status
    )


def _enterprise_hint(request) -> int | None:
    """``?enterprise=`` on a form's page: which enterprise's workers the lead list shows."""
    raw = request.GET.get("enterprise", "")
    return int(raw) if raw.isdigit() and len(raw) < 19 else None


def _kind_hint(request) -> str:
    """``?kind=``: whose qualification the lead list marks (HTMX, when the kind changes)."""
    kind = request.GET.get("kind", "")
    return kind if kind in Studio.Kind.values else ""


@require_http_methods(["GET", "POST"])
def studio_new(request: AuthedRequest) -> HttpResponse:
    require_union_user(request.user)
    if not policies.can_register_studio(request.user):
        raise PermissionDenied(_("只有工会管理员可以登记工作室"))
    url = reverse("studio_new")
    if request.method == "GET":
        form = StudioForm(
            user=request.user,
            enterprise_id=_enterprise_hint(request),
            kind=_kind_hint(request),
            lead_url=url,
            initial={"enterprise": _enterprise_hint(request), "kind": _kind_hint(request)},
        )
        return _form_page(request, form)
    form = StudioForm(request.POST, user=request.user, lead_url=url)
    if form.is_valid():
        try:
            studio = services.create_studio(
                by=request.user, ip=client_ip(request), **form.cleaned_data
            )
        except ValidationError as err:
            apply_errors(form, err)
        else:
            messages.success(request, _("工作室已登记。下一步：添加团队成员。"))
            return redirect("studio_detail", pk=studio.pk)
    return _form_page(request, form, status=400)


def _studio_form(studio: Studio, *args, **kwargs) -> StudioForm:
    """The edit form: the naming level is the level applied for, so only while 申报中."""
    form = StudioForm(*args, **kwargs)
    if studio.state != Studio.State.APPLYING:
        del form.fields["naming_level"]
    return form


@require_http_methods(["GET", "POST"])
def studio_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    studio = get_for_user(
        Studio.objects.select_related("enterprise"), request.user, pk=pk, edit=True
    )
    url = reverse("studio_edit", args=[studio.pk])
    if request.method == "GET":
        initial = {f: getattr(studio, f) for f in services.FORM_FIELDS}
        hint = _enterprise_hint(request)
        form = _studio_form(
            studio,
            user=request.user,
            enterprise_id=hint or studio.enterprise_id,
            kind=_kind_hint(request) or studio.kind,
            lead_url=url,
            initial=initial,
        )
        return _form_page(request, form, studio)
    form = _studio_form(studio, request.POST, user=request.user, lead_url=url)
    if form.is_valid():
        try:
            services.edit_studio(
                by=request.user, ip=client_ip(request), studio=studio, **form.cleaned_data
            )
        except ValidationError as err:
            apply_errors(form, err)
        else:
            messages.success(request, _("工作室信息已保存。"))
            return redirect("studio_detail", pk=studio.pk)
    return _form_page(request, form, studio, status=400)


def studio_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    studio = get_for_user(
        Studio.objects.select_related(
            "enterprise__industry", "organisation", "naming_body", "lead__enterprise"
        ).prefetch_related(Prefetch("lead__honours", queryset=Honour.objects.order_by("-year"))),
        request.user,
        pk=pk,
    )
    members = list(
        StudioMember.objects.visible_to(request.user)
        .filter(studio=studio)
        .select_related("worker__enterprise")
        .order_by("left", "role", "joined", "pk")
    )
    may_manage = policies.can_manage_members(request.user, studio)
    return render(
        request,
        "innovation/studio_detail.html",
        {
            "studio": studio,
            "verdict": lead_verdict(studio.kind, studio.lead),
            "current": [m for m in members if m.left is None],
            "former": [m for m in members if m.left is not None],
            "can_edit": policies.can_edit_studio(request.user, studio),
            "can_record_naming": policies.can_record_existing_naming(request.user, studio),
            "can_revoke_naming": policies.can_revoke_naming(request.user, studio),
            "can_view_registry": policies.can_view_registry(request.user),
            "evidence": NamingEvidence.objects.visible_to(request.user).filter(studio=studio),
            "member_form": MemberForm(
                studio=studio, user=request.user, initial={"joined": timezone.localdate()}
            )
            if may_manage
            else None,
            "may_manage": may_manage,
            **views_record.record_context(request, studio),
            "projects_section": studio_section(request.user, studio),
            **studio_batches(studio, request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def studio_record_naming(request: AuthedRequest, pk: int) -> HttpResponse:
    """登记既有命名 (``policies.can_record_existing_naming``; others who see the studio: 403)."""
    studio = get_for_user(Studio.objects.select_related("enterprise"), request.user, pk=pk)
    if not policies.can_record_existing_naming(request.user, studio):
        raise PermissionDenied(
            _("只有申报中的工作室可以登记既有命名，由命名单位或镇（街道）及以上工会的管理员登记")
        )
    bodies = policies.existing_naming_bodies(request.user, studio)
    form = ExistingNamingForm(
        request.POST or None,
        request.FILES or None,
        bodies=bodies,
        max_mb=settings.STUDIO_ATTACHMENT_MAX_BYTES // 1048576,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_existing_naming(
                by=request.user, ip=client_ip(request), studio=studio, **form.cleaned_data
            )
        except ValidationError as err:
            apply_errors(form, err)
        else:
            messages.success(request, _("已登记既有命名，工作室计入已命名工作室。"))
            return redirect("studio_detail", pk=studio.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "innovation/studio_record_naming.html",
        {"form": form, "studio": studio},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def studio_revoke_naming(request: AuthedRequest, pk: int) -> HttpResponse:
    """撤销命名 (``policies.can_revoke_naming``; others who see the studio: 403): the page says
    what follows and asks before the POST."""
    studio = get_for_user(Studio.objects.select_related("naming_body"), request.user, pk=pk)
    if not policies.can_revoke_naming(request.user, studio):
        raise PermissionDenied(
            _("只有已命名或整改中的工作室可以撤销命名，由命名单位及上级工会的管理员撤销")
        )
    form = RevokeNamingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services_naming.revoke_naming(
                by=request.user, ip=client_ip(request), studio=studio, **form.cleaned_data
            )
        except ValidationError as err:
            apply_errors(form, err)
        else:
            messages.success(request, _("已撤销命名：工作室不再计入已命名工作室，命名证书已作废。"))
            return redirect("studio_detail", pk=studio.pk)
    return render(
        request,
        "innovation/studio_revoke_naming.html",
        {
            "form": form,
            "studio": studio,
            "certificates": list(
                studio.certificates.filter(revoked_at__isnull=True).order_by("pk")
            ),
            "barred_until": services_naming.revoke_bar(timezone.localdate()),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def studio_member_add(request: AuthedRequest, pk: int) -> HttpResponse:
    studio = get_for_user(Studio.objects.all(), request.user, pk=pk, edit=True)
    form = MemberForm(request.POST, studio=studio, user=request.user)
    if form.is_valid():
        try:
            member = services.add_member(
                by=request.user, ip=client_ip(request), studio=studio, **form.cleaned_data
            )
        except ValidationError as err:
            message_errors(request, err)
        else:
            messages.success(request, _("已添加成员 {name}。").format(name=member.worker.name))
    else:
        for message in query_errors(form):
            messages.error(request, message)
    return redirect("studio_detail", pk=studio.pk)


@require_POST
def studio_member_remove(request: AuthedRequest, pk: int, member_pk: int) -> HttpResponse:
    studio = get_for_user(Studio.objects.all(), request.user, pk=pk, edit=True)
    member = get_for_user(
        StudioMember.objects.select_related("worker"), request.user, pk=member_pk, studio=studio
    )
    form = MemberRemoveForm(request.POST)
    if form.is_valid():
        try:
            services.remove_member(
                by=request.user,
                ip=client_ip(request),
                member=member,
                left=form.cleaned_data["left"],
            )
        except ValidationError as err:
            message_errors(request, err)
        else:
            messages.success(request, _("{name}已退出本工作室。").format(name=member.worker.name))
    else:
        for message in query_errors(form):
            messages.error(request, message)
    return redirect("studio_detail", pk=studio.pk)


def my_studios(request: AuthedRequest) -> HttpResponse:
    """我的工作室: the studios the user leads or belongs to (the menu links a single one
    directly)."""
    ids = [int(v) for k, v in reach_of(request.user).duties if k == "studio"]
    studios = (
        Studio.objects.visible_to(request.user)
        .filter(pk__in=ids)
        .select_related("enterprise")
        .order_by("name", "pk")
    )
    return render(request, "innovation/my_studios.html", {"studios": studios})


@login_not_required
def showcase(request: HttpRequest) -> HttpResponse:
    """劳模工匠风采: named studios, with their lead's name, post and honours — nothing else
    about a person (no ID number, no mobile, no birth date, no members' names)."""
    query = query_form(ShowcaseFilterForm, request)
    chosen = values(query)
    studios = (
        Studio.objects.public()
        .select_related("enterprise", "lead")
        .prefetch_related(Prefetch("lead__honours", queryset=Honour.objects.order_by("-year")))
    )
    if chosen["kind"]:
        studios = studios.filter(kind=chosen["kind"])
    # the team as a batch counts it: the lead and the current members ("团队（含领办人）")
    studios = studios.annotate(
        team=Count("members", filter=Q(members__left__isnull=True)) + 1
    ).order_by("kind", "-named_on", "name", "pk")
    return render(
        request,
        "innovation/showcase.html",
        {
            "query": query,
            "query_errors": query_errors(query),
            "page": Paginator(studios, 24).get_page(chosen["page"]),
            "kinds": Studio.Kind.choices,
            "kind": chosen["kind"],
        },
    )
