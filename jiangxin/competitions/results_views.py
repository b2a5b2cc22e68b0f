"""The results as others see them: the public results list and page, certificates (issue,
print; their public check is ``core.verify_views``, through ``competitions/verification.py``). Names follow ``names.contestant_name``: in full to the
organiser and the contestant's own unions, as the organiser chose for everyone else."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiangxin.accounts.access import get_for_user
from jiangxin.audit.services import client_ip
from jiangxin.competitions import services
from jiangxin.competitions.appeal_rule import appeal_rule
from jiangxin.competitions.certificates import certificates_pdf
from jiangxin.competitions.models import Certificate, Competition, Result
from jiangxin.competitions.names import contestant_name, contestant_unit, public_name
from jiangxin.competitions.results_forms import PublicResultsFilter, ResultRowsFilter
from jiangxin.core.downloads import pdf_response
from jiangxin.core.masking import mask_name
from jiangxin.core.pdf import uncovered
from jiangxin.core.types import AuthedRequest

PAGE_SIZE = 50


def named_results(user, competition: Competition) -> list[Result]:
    """The competition's results in rank order, each with ``name`` and ``unit`` as this user
    may see them. Three queries whatever the number of rows."""
    results = list(
        Result.objects.filter(competition=competition)
        .select_related("entry__worker__enterprise", "entry__delegation")
        .order_by("rank", "entry__code")
    )
    for r in results:
        r.entry.competition = competition  # loaded once, with its organiser
        r.name = contestant_name(user, r.entry)
        r.unit = contestant_unit(r.entry)
    return results


@login_not_required
def public_results_list(request: HttpRequest) -> HttpResponse:
    form = PublicResultsFilter(request.GET)
    competitions = Competition.objects.published().select_related("organiser")
    if form.is_valid():
        if form.cleaned_data["year"]:
            competitions = competitions.filter(held_on__year=form.cleaned_data["year"])
        if form.cleaned_data["q"]:
            competitions = competitions.filter(title__icontains=form.cleaned_data["q"].strip())
    page = Paginator(competitions.order_by("-held_on", "pk"), PAGE_SIZE).get_page(
        form.cleaned_data.get("page") if form.is_valid() else 1
    )
    return render(request, "competitions/public_results_list.html", {"form": form, "page": page})


@login_not_required
def public_results(request: HttpRequest, pk: int) -> HttpResponse:
    competition = Competition.objects.published().select_related("organiser").filter(pk=pk).first()
    if competition is None:
        raise Http404
    form = ResultRowsFilter(request.GET)
    rows = named_results(request.user, competition)
    teams = services.team_results(competition)
    return render(
        request,
        "competitions/public_results.html",
        {
            "competition": competition,
            "form": form,
            "rows": [r for r in rows if form.matches(r)],
            "teams": teams,
            "team_points": services.team_points(competition) if teams else {},
            "award_names": [r["name"] for r in competition.award_rules],
            "rule": appeal_rule(competition),
            "public_names": public_names_note(competition, rows),
        },
    )


def public_names_note(competition: Competition, rows: list[Result]) -> str:
    """For a user who sees full names where the public does not: what the public sees."""
    unmasked = [
        r for r in rows if r.name and r.name != public_name(competition, r.entry.worker.name)
    ]
    if not unmasked:
        return ""
    display = competition.name_display
    if display == Competition.NameDisplay.MASKED:
        shown = _("脱敏（如 {example}）").format(example=mask_name(unmasked[0].entry.worker.name))
    else:  # HIDDEN (FULL shows everyone the same names)
        shown = _("不显示，只显示工作单位")
    return _("您可以看到全名；公众看到的姓名：{shown}").format(shown=shown)


# --- certificates ----------------------------------------------------------------------------


def certificate_pdf(request: AuthedRequest, code: str) -> HttpResponse:
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


def competition_certificates_pdf(request: AuthedRequest, pk: int) -> HttpResponse:
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
def competition_issue_certificates(request: AuthedRequest, pk: int) -> HttpResponse:
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
