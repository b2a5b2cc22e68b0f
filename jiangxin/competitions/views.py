from django.contrib.auth.decorators import login_not_required
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from jiangxin.accounts.access import get_for_user, reach_of, require_union_user
from jiangxin.competitions.models import Competition, Result
from jiangxin.core.masking import mask_name


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
    organiser_side = reach_of(request.user).can_view_path(competition.organiser.path)
    published = competition.status in (Competition.Status.PUBLISHED, Competition.Status.FINAL)
    results = Result.objects.none()
    if organiser_side or published:
        results = (
            Result.objects.filter(competition=competition)
            .select_related("entry__worker__enterprise", "entry__delegation")
            .order_by("rank", "entry__code")
        )
    return render(
        request,
        "competitions/competition_detail.html",
        {
            "competition": competition,
            "components": competition.components.all(),
            "delegations": delegations,
            "results": results,
            "can_edit": Competition.objects.editable_by(request.user)
            .filter(pk=competition.pk)
            .exists(),
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
        request, "competitions/public_results.html", {"competition": competition, "rows": rows}
    )
