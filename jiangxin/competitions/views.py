from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiangxin.accounts.access import get_for_user, reach_of, require_union_user
from jiangxin.audit.services import client_ip
from jiangxin.competitions import policies, services, step_views
from jiangxin.competitions.certificates import certificates_pdf
from jiangxin.competitions.models import Certificate, Competition, Result
from jiangxin.core.downloads import pdf_response
from jiangxin.core.masking import mask_name
from jiangxin.core.pdf import uncovered
from jiangxin.organisations.models import Organisation


def competition_list(request: HttpRequest) -> HttpResponse:
    require_union_user(request.user)
    competitions = (
        Competition.objects.visible_to(request.user)
        .select_related("organiser")
        .annotate(entry_count=Count("entries", filter=Q(entries__status="approved"), distinct=True))
        .order_by("-held_on")
    )
    return render(request, "competitions/competition_list.html", {"competitions": competitions})


def competition_detail(request: HttpRequest, pk: int) -> HttpResponse:
    competition = get_for_user(
        Competition.objects.select_related("organiser", "eligible_root", "occupation"),
        request.user,
        pk=pk,
    )
    delegations = competition.delegations.select_related("organisation").annotate(
        entry_count=Count("entries", filter=~Q(entries__status="withdrawn"))
    )
    # Results stay with the organiser until they are published.
    organiser_side = policies.sees_organiser_side(request.user, competition)
    published = competition.status in (Competition.Status.PUBLISHED, Competition.Status.FINAL)
    results, teams = Result.objects.none(), []
    if organiser_side or published:
        results = (
            Result.objects.filter(competition=competition)
            .select_related("entry__worker__enterprise", "entry__delegation")
            .order_by("rank", "entry__code")
        )
        teams = services.team_results(competition)
    certificates = dict(
        Certificate.objects.visible_to(request.user)
        .filter(competition=competition)
        .values_list("entry_id", "code")
    )
    results = list(results)
    for r in results:
        r.certificate_code = certificates.get(r.entry_id, "")
        # outside the organiser's subtree, names show as on the public page
        r.display_name = (
            r.entry.worker.name
            if organiser_side
            else _public_name(competition, r.entry.worker.name)
        )
    reach = reach_of(request.user)
    components = list(competition.components.all())
    delegations = list(delegations)
    for d in delegations:  # a team's page opens to its own union and the organiser's subtree
        d.can_open = organiser_side or policies.can_view_delegation(request.user, d)
    can_edit = policies.can_manage_competition(request.user, competition)
    S = Competition.Status
    entries = []
    if organiser_side:
        entries = list(
            competition.entries.select_related("worker__enterprise", "delegation").order_by(
                "order", "delegation__name", "pk"
            )
        )
    pending = [
        e
        for e in competition.entries.filter(status="pending").select_related("worker")
        if policies.can_approve_entry(request.user, e)
    ]
    team_nodes = []
    if competition.status == S.OPEN and reach.edit_paths:
        taken = {d.organisation_id for d in delegations}
        team_nodes = [
            o
            for o in Organisation.objects.editable_by(request.user)
            .filter(path__startswith=competition.eligible_root.path)
            .order_by("path")[:200]
            if o.pk not in taken
        ]
    worker = reach.worker_id
    return render(
        request,
        "competitions/competition_detail.html",
        {
            "competition": competition,
            "components": components,
            "delegations": delegations,
            "results": results,
            "teams": teams,
            "has_exam": any(c.rule == "exam" for c in components),
            "award_names": [r["name"] for r in competition.award_rules],
            "certificates": certificates,
            "can_edit": can_edit,
            "organiser_side": organiser_side,
            "entries": entries,
            "pending": pending,
            "team_nodes": team_nodes,
            "can_enter_self": bool(
                worker
                and competition.allow_individual
                and competition.status == S.OPEN
                and not competition.entries.filter(worker_id=worker).exists()
            ),
            "can_appeal": policies.may_see_appeals_link(request.user, competition),
            **step_views.lifecycle_context(
                request.user, competition, components, has_results=bool(results)
            ),
        },
    )


def _public_name(competition: Competition, name: str) -> str:
    if competition.name_display == Competition.NameDisplay.FULL:
        return name
    if competition.name_display == Competition.NameDisplay.MASKED:
        return mask_name(name)
    return ""


@login_not_required
def public_results_list(request: HttpRequest) -> HttpResponse:
    competitions = Competition.objects.published().select_related("organiser").order_by("-held_on")
    return render(request, "competitions/public_results_list.html", {"competitions": competitions})


@login_not_required
def public_results(request: HttpRequest, pk: int) -> HttpResponse:
    competition = Competition.objects.published().select_related("organiser").filter(pk=pk).first()
    if competition is None:
        raise Http404
    rows = [
        {
            "rank": r.rank,
            "name": _public_name(competition, r.entry.worker.name),
            "unit": r.entry.worker.enterprise.name if r.entry.worker.enterprise else "",
            "team": r.entry.delegation.name if r.entry.delegation else "",
            "total": r.total,
            "award": r.award,
        }
        for r in Result.objects.filter(competition=competition)
        .select_related("entry__worker__enterprise", "entry__delegation")
        .order_by("rank", "entry__code")
    ]
    return render(
        request,
        "competitions/public_results.html",
        {
            "competition": competition,
            "rows": rows,
            "teams": services.team_results(competition),
            "award_names": [r["name"] for r in competition.award_rules],
        },
    )


# --- certificates ----------------------------------------------------------------------------


def certificate_pdf(request: HttpRequest, code: str) -> HttpResponse:
    certificate = Certificate.objects.visible_to(request.user).by_code(code)
    if certificate is None:
        raise Http404
    certificate = Certificate.objects.select_related("competition__organiser").get(
        pk=certificate.pk
    )
    return pdf_response(
        certificates_pdf(request, [certificate]),
        f"{certificate.name}-{certificate.award}-{certificate.display_code}.pdf",
    )


def competition_certificates_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """Every certificate of the competition the user may see, one per page, for printing."""
    competition = get_for_user(Competition.objects.all(), request.user, pk=pk)
    certificates = list(
        Certificate.objects.visible_to(request.user)
        .filter(competition=competition)
        .select_related("competition__organiser")
        .order_by("rank", "entry__code")
    )
    if not certificates:
        messages.info(request, _("还没有可打印的证书。"))
        return redirect("competition_detail", pk=competition.pk)
    return pdf_response(
        certificates_pdf(request, certificates), f"{competition.title}-{_('证书')}.pdf"
    )


@require_POST
def competition_issue_certificates(request: HttpRequest, pk: int) -> HttpResponse:
    competition = get_for_user(Competition.objects.all(), request.user, pk=pk, edit=True)
    try:
        count = services.issue_certificates(
            by=request.user, ip=client_ip(request), competition=competition
        )
    except ValidationError as err:
        messages.error(request, err.messages[0])
    else:
        messages.success(
            request,
            _("已颁发 {count} 张证书。可下载打印，获奖者也可在个人页面下载。").format(count=count)
            if count
            else _("获奖者都已有证书，没有新颁发。"),
        )
        rare = [
            c.name
            for c in Certificate.objects.filter(competition=competition)
            if uncovered(c.name + c.unit)
        ]
        if rare:
            messages.warning(
                request,
                _("以下获奖者的姓名或单位含证书字体未收录的生僻字，打印前请核对：{names}").format(
                    names="、".join(rare)
                ),
            )
    return redirect("competition_detail", pk=competition.pk)


@login_not_required
def certificate_verify(request: HttpRequest, code: str = "") -> HttpResponse:
    """The public check: anyone holding a certificate (or its QR code) confirms it here. The
    name is shown masked: enough to match the paper, not to learn who won from a code."""
    code = code or request.GET.get("code", "")
    certificate = (
        Certificate.objects.select_related("competition__organiser").by_code(code) if code else None
    )
    response = render(
        request,
        "competitions/certificate_verify.html",
        {
            "code": code,
            "certificate": certificate,
            "masked_name": mask_name(certificate.name) if certificate else "",
        },
    )
    if code and certificate is None:
        response.status_code = 404
    return response
