"""The matcher's page: run it over a scope, then accept all, some or edited pairs of the
proposal, shown in groups (by the apprentice's enterprise or occupation) that fold away."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiangxin.accounts.access import get_for_user
from jiangxin.audit.services import client_ip
from jiangxin.core.forms import apply_errors, query_errors, values
from jiangxin.core.types import AuthedRequest
from jiangxin.mentoring import policies, services
from jiangxin.mentoring.forms import (
    MatchAcceptForm,
    MatchRunForm,
    MatchViewForm,
)
from jiangxin.mentoring.matching import occupation_group
from jiangxin.mentoring.models import MatchRun, Programme
from jiangxin.organisations.models import Organisation
from jiangxin.workers.models import Worker


def _scopes(request: AuthedRequest, programme: Programme) -> list[Organisation]:
    return list(
        Organisation.objects.editable_by(request.user)
        .filter(path__startswith=programme.organisation.path)
        .order_by("path")[:200]
    )


def _programme(request: AuthedRequest, pk: int) -> Programme:
    programme = get_for_user(Programme.objects.select_related("organisation"), request.user, pk=pk)
    if not policies.can_run_matching(request.user, programme):
        raise PermissionDenied(_("智能匹配只有本项目范围内的工会管理员可以使用"))
    return programme


def _proposal(run: MatchRun) -> tuple[list[dict], list, dict[int, Worker]]:
    """The run's rows with their people, the masters each row may be given instead (the same
    小类 of occupation; the same enterprise unless the run allowed crossing), and the unpaired."""
    ids = {p["apprentice"] for p in run.proposal} | {p["master"] for p in run.proposal}
    ids |= {int(k) for k in run.unpaired}
    people = Worker.objects.select_related("enterprise", "occupation").in_bulk(ids)
    masters = sorted(
        {people[p["master"]] for p in run.proposal if p["master"] in people},
        key=lambda w: (w.name, w.pk),
    )
    by_group: dict[str, list[Worker]] = {}
    for w in masters:
        by_group.setdefault(occupation_group(w.occupation.code if w.occupation else ""), []).append(
            w
        )
    rows = []
    for p in run.proposal:
        a, m = people.get(p["apprentice"]), people.get(p["master"])
        if a is None or m is None:
            continue
        group = occupation_group(a.occupation.code if a.occupation else "")
        options = [
            o
            for o in by_group.get(group, [m])
            if run.cross_enterprise or o.enterprise_id == a.enterprise_id
        ] or [m]
        rows.append({**p, "a": a, "m": m, "options": options})
    unpaired = [(people.get(int(k)), v) for k, v in run.unpaired.items()]
    return rows, unpaired, people


def _accept_form(run: MatchRun, rows: list[dict], data=None) -> MatchAcceptForm:
    return MatchAcceptForm(
        data,
        rows=[
            (
                r["apprentice"],
                [
                    (o.pk, _("{name}（{unit}）").format(name=o.name, unit=o.enterprise or "—"))
                    for o in r["options"]
                ],
            )
            for r in rows
        ],
        initial={"starts_on": timezone.localdate()},
    )


def _grouped(rows: list[dict], form: MatchAcceptForm, group: str) -> list[dict]:
    """The rows in groups, largest first, each row with its pick and master as the form has
    them (the proposal's, or what the user sent back)."""
    picked = (
        {str(x) for x in form.data.getlist("pick")} if form.is_bound else None
    )  # unbound: every row picked
    groups: dict[str, dict] = {}
    for r in rows:
        a = r["a"]
        if group == "occupation":
            key, label = (
                (a.occupation.code, a.occupation.name) if a.occupation else ("", _("未填职业"))
            )
        else:
            key, label = (
                (str(a.enterprise_id), a.enterprise.name) if a.enterprise else ("", _("无单位"))
            )
        chosen = form.data.get(f"master_{r['apprentice']}") if form.is_bound else None
        g = groups.setdefault(key, {"key": key or "none", "label": label, "rows": []})
        g["rows"].append(
            {
                **r,
                "picked": picked is None or str(r["apprentice"]) in picked,
                "chosen": int(chosen) if chosen and chosen.isdigit() else r["master"],
            }
        )
    return sorted(groups.values(), key=lambda g: (-len(g["rows"]), g["label"]))


def _match_page(
    request: AuthedRequest,
    programme: Programme,
    *,
    run: MatchRun | None,
    group: str = "enterprise",
    run_form: MatchRunForm | None = None,
    accept_form: MatchAcceptForm | None = None,
    notes: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    scopes = _scopes(request, programme)
    if run_form is None:
        initial = {"scope": run.scope_id, "cross": run.cross_enterprise} if run else {}
        run_form = MatchRunForm(scopes=scopes, initial=initial)
    context = {
        "programme": programme,
        "run_form": run_form,
        "run": run,
        "group": group,
        "query_errors": notes or [],
    }
    if run:
        rows, unpaired, _people = _proposal(run)
        form = accept_form or _accept_form(run, rows)
        context.update(
            {
                "accept_form": form,
                "groups": _grouped(rows, form, group),
                "row_count": len(rows),
                "unpaired": unpaired,
                "can_accept": policies.can_accept_matching(request.user, run),
            }
        )
    return render(request, "mentoring/match.html", context, status=status)


def match(request: AuthedRequest, pk: int) -> HttpResponse:
    programme = _programme(request, pk)
    query = MatchViewForm(request.GET)
    chosen = values(query)
    run = None
    if chosen["run"]:
        run = (
            MatchRun.objects.visible_to(request.user)
            .filter(programme=programme, pk=chosen["run"])
            .select_related("scope")
            .first()
        )
    notes = query_errors(query)
    if chosen["run"] and run is None:
        notes.append(_("没有找到该匹配方案，请重新生成"))
    return _match_page(
        request, programme, run=run, group=chosen["group"] or "enterprise", notes=notes
    )


@require_POST
def match_run(request: AuthedRequest, pk: int) -> HttpResponse:
    programme = _programme(request, pk)
    form = MatchRunForm(request.POST, scopes=_scopes(request, programme))
    if form.is_valid():
        scope = Organisation.objects.get(pk=form.cleaned_data["scope"])
        try:
            run = services.run_matching(
                by=request.user,
                ip=client_ip(request),
                programme=programme,
                scope=scope,
                cross_enterprise=form.cleaned_data["cross"],
            )
        except ValidationError as err:
            apply_errors(form, err)
        else:
            return redirect(f"{reverse('programme_match', args=[programme.pk])}?run={run.pk}")
    return _match_page(request, programme, run=None, run_form=form, status=400)


@require_POST
def match_accept(request: AuthedRequest, pk: int) -> HttpResponse:
    run = get_for_user(
        MatchRun.objects.select_related("programme__organisation", "scope"), request.user, pk=pk
    )
    programme = run.programme
    if run.accepted_at is None and not policies.can_accept_matching(request.user, run):
        raise PermissionDenied(_("只能采纳本单位范围内的匹配方案"))
    rows, _unpaired, _people = _proposal(run)
    form = _accept_form(run, rows, data=request.POST)
    valid = form.is_valid()
    group = form.cleaned_data.get("group") or "enterprise"
    if valid:
        try:
            pairs = services.accept_matching(
                by=request.user,
                ip=client_ip(request),
                run=run,
                choices=form.cleaned_data["choices"],
                starts_on=form.cleaned_data["starts_on"],
            )
        except ValidationError as err:
            apply_errors(form, err)
        else:
            messages.success(
                request,
                _("已生成 {n} 个结对，等待徒弟所在工会审批师徒协议。").format(n=len(pairs)),
            )
            return redirect("programme_detail", pk=programme.pk)
    run.refresh_from_db()
    return _match_page(request, programme, run=run, group=group, accept_form=form, status=400)
