from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import render

from jiangxin.accounts.access import get_for_user, reach_of, require_union_user
from jiangxin.competitions import policies, services, step_views
from jiangxin.competitions.models import Certificate, Competition
from jiangxin.competitions.record import appeal_panel
from jiangxin.competitions.results_views import named_results
from jiangxin.core.types import AuthedRequest
from jiangxin.organisations.models import Organisation


def competition_list(request: AuthedRequest) -> HttpResponse:
    require_union_user(request.user)
    competitions = (
        Competition.objects.visible_to(request.user)
        .select_related("organiser")
        .annotate(entry_count=Count("entries", filter=Q(entries__status="approved"), distinct=True))
        .order_by("-held_on")
    )
    return render(request, "competitions/competition_list.html", {"competitions": competitions})


def competition_detail(request: AuthedRequest, pk: int) -> HttpResponse:
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
    results, teams = [], []
    if organiser_side or published:  # names as policies.can_see_contestant_name allows
        results = named_results(request.user, competition)
        teams = services.team_results(competition)
    certificates = dict(
        Certificate.objects.visible_to(request.user)
        .filter(competition=competition)
        .values_list("entry_id", "code")
    )
    for r in results:
        r.certificate_code = certificates.get(r.entry_id, "")
    reach = reach_of(request.user)
    components = list(competition.components.select_related("paper"))
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
            "team_points": services.team_points(competition) if teams else {},
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
            "appeal_panel": appeal_panel(request.user, competition),
            **step_views.lifecycle_context(
                request.user, competition, components, has_results=bool(results)
            ),
        },
    )
