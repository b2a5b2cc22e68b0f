"""The 五小 contest's edition pages: the list (union staff), opening and editing an edition
(levels, review form, prize tiers), the edition's page (its settings; for union staff
"收到申报项目共计 N 个" at their level, by category and by enterprise, and the applications they
see), the enterprise union's endorsement queue, and 我的申报 (a worker's drafts and
applications, and the editions open to them). Views fetch through ``get_for_user`` and ask
``policies_contest``; the services refuse, the view shows it on the form."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from jiangxin.accounts.access import get_for_user, reach_of, require_union_user
from jiangxin.audit.services import client_ip
from jiangxin.core.forms import apply_errors
from jiangxin.core.types import AuthedRequest
from jiangxin.innovation import policies_contest as policies
from jiangxin.innovation import services_contest
from jiangxin.innovation.forms_contest import EditionForm
from jiangxin.innovation.models import ContestApplication, ContestEdition


@require_GET
def contest_edition_list(request: AuthedRequest) -> HttpResponse:
    require_union_user(request.user)
    editions = ContestEdition.objects.visible_to(request.user).select_related("organisation")
    return render(
        request,
        "innovation/contest_edition_list.html",
        {"editions": editions, "can_open": policies.can_open_edition(request.user)},
    )


def _edition_form_page(request, form, edition=None, status=200) -> HttpResponse:
    return render(
        request,
        "innovation/contest_edition_form.html",
        {"form": form, "edition": edition},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def contest_edition_new(request: AuthedRequest) -> HttpResponse:
    require_union_user(request.user)
    if not policies.can_open_edition(request.user):
        raise PermissionDenied(_("只有总工会（镇及以上）的管理员可以举办大赛"))
    form = EditionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            edition = services_contest.open_edition(
                by=request.user, ip=client_ip(request), **form.service_kwargs()
            )
        except ValidationError as err:
            apply_errors(form, err)
        else:
            messages.success(request, _("大赛已开启，职工和企业工会现在可以填写申报。"))
            return redirect("contest_edition_detail", pk=edition.pk)
    return _edition_form_page(request, form, status=400 if request.method == "POST" else 200)


@require_http_methods(["GET", "POST"])
def contest_edition_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    edition = get_for_user(ContestEdition.objects.all(), request.user, pk=pk, edit=True)
    form = EditionForm(request.POST or None, user=request.user, edition=edition)
    if request.method == "POST" and form.is_valid():
        try:
            services_contest.update_edition(
                by=request.user, ip=client_ip(request), edition=edition, **form.service_kwargs()
            )
        except ValidationError as err:
            apply_errors(form, err)
        else:
            messages.success(request, _("大赛设置已保存。"))
            return redirect("contest_edition_detail", pk=edition.pk)
    return _edition_form_page(
        request, form, edition, status=400 if request.method == "POST" else 200
    )


@require_GET
def contest_edition_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    edition = get_for_user(
        ContestEdition.objects.select_related("organisation"), request.user, pk=pk
    )
    user = request.user
    staff = reach_of(user).is_union_user
    applications = (
        ContestApplication.objects.visible_to(user)
        .filter(edition=edition)
        .select_related("enterprise", "current_level")
        .order_by("state", "-submitted_at", "pk")
    )
    to_endorse = [a for a in applications if policies.can_endorse(user, a)] if staff else []
    return render(
        request,
        "innovation/contest_edition_detail.html",
        {
            "edition": edition,
            "levels": edition.levels.all(),
            "criteria": edition.criteria.all(),
            "tiers": edition.tiers.all(),
            "received": services_contest.received(user, edition) if staff else None,
            "applications": applications,
            "to_endorse": len(to_endorse),
            "can_edit": policies.can_edit_edition(user, edition),
            "can_apply": policies.can_apply(user, edition),
            "apply_frozen": policies.apply_frozen(edition),
        },
    )


@require_GET
def contest_endorsement_queue(request: AuthedRequest, pk: int) -> HttpResponse:
    """The enterprise union's queue: the submitted applications it may endorse or return."""
    edition = get_for_user(ContestEdition.objects.all(), request.user, pk=pk)
    require_union_user(request.user)
    pending = (
        ContestApplication.objects.editable_by(request.user)
        .filter(edition=edition, state=ContestApplication.State.SUBMITTED)
        .select_related("enterprise")
        .prefetch_related("completers__worker")
        .order_by("submitted_at", "pk")
    )
    rows = [a for a in pending if policies.is_enterprise_union_admin(request.user, a)]
    return render(
        request,
        "innovation/contest_endorsement_queue.html",
        {"edition": edition, "applications": rows},
    )


@require_GET
def contest_my_applications(request: AuthedRequest) -> HttpResponse:
    """我的申报: what the user wrote or is a completer of, and the editions open to them."""
    reach = reach_of(request.user)
    if not reach.worker_id:
        raise Http404
    mine = Q(created_by=request.user) | Q(completers__worker_id=reach.worker_id)
    applications = (
        ContestApplication.objects.filter(mine)
        .distinct()
        .select_related("edition", "enterprise")
        .order_by("-created", "pk")
    )
    editions = [
        e
        for e in ContestEdition.objects.visible_to(request.user).filter(state="open")
        if policies.can_apply(request.user, e)
    ]
    return render(
        request,
        "innovation/contest_my_applications.html",
        {"applications": applications, "editions": editions},
    )
