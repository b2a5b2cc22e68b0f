"""The naming batch pages up to the decision: the list of batches, opening one, a batch's page,
applying, an application's page (every step with who took it and what froze it), its files
(attachments, nosniff, to who may see the application), endorsing, an expert's score sheet
(phone-friendly) and the decision. Views fetch through ``get_for_user`` and ask
``policies_batches``; services refuse, the view shows it on the form."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jiangxin.accounts.access import get_for_user, reach_of
from jiangxin.audit.services import client_ip
from jiangxin.core.downloads import stored_document
from jiangxin.core.forms import apply_errors, message_errors, query_errors
from jiangxin.core.types import AuthedRequest
from jiangxin.innovation import batch_rules, services_batches
from jiangxin.innovation import policies_batches as policies
from jiangxin.innovation.forms_batches import (
    AnswerForm,
    ApplicationForm,
    BatchForm,
    DecisionForm,
    EndorseForm,
    PublicityForm,
    RevokeForm,
    ScoreForm,
)
from jiangxin.innovation.models import (
    ApplicationFile,
    ExpertScore,
    NamingBatch,
    Objection,
    Studio,
    StudioApplication,
)


def _require_batch_user(user) -> None:
    """Batches are for union staff and appointed experts (others: 404)."""
    reach = reach_of(user)
    if not (reach.is_union_user or reach.has("studio_expert")):
        raise Http404


def batch_list(request: AuthedRequest) -> HttpResponse:
    _require_batch_user(request.user)
    batches = NamingBatch.objects.visible_to(request.user).select_related("organisation")
    return render(
        request,
        "innovation/batches_list.html",
        {"batches": batches, "can_open": policies.can_open_batch(request.user)},
    )


@require_http_methods(["GET", "POST"])
def batch_new(request: AuthedRequest) -> HttpResponse:
    _require_batch_user(request.user)
    if not policies.can_open_batch(request.user):
        raise PermissionDenied(_("只有总工会的管理员可以开启命名批次"))
    form = BatchForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            batch = services_batches.open_batch(
                by=request.user, ip=client_ip(request), **form.cleaned_data
            )
        except ValidationError as err:
            apply_errors(form, err)
        else:
            messages.success(request, _("命名批次已开启，企业工会现在可以申报。"))
            return redirect("batch_detail", pk=batch.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "innovation/batches_form.html", {"form": form}, status=status)


def batch_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    batch = get_for_user(NamingBatch.objects.select_related("organisation"), request.user, pk=pk)
    return batch_page(request, batch)


def batch_page(
    request: AuthedRequest, batch: NamingBatch, *, publicity_form=None, status: int = 200
) -> HttpResponse:
    """The batch's page; ``publicity_form`` bound when a 发布公示 was refused (its message on
    the field)."""
    today = timezone.localdate()
    applications = (
        StudioApplication.objects.visible_to(request.user)
        .filter(batch=batch)
        .select_related("studio__enterprise")
        .order_by("state", "-score", "submitted_at", "pk")
    )
    # the expert's own total beside each application they scored (every item: a total)
    mine = services_batches.my_totals(batch, request.user)
    rows = list(applications)
    for application in rows:
        application.my_total = mine.get(application.pk)
    return render(
        request,
        "innovation/batches_detail.html",
        {
            "batch": batch,
            "items": batch.items.all(),
            "experts": batch.experts.select_related("account"),
            "applications": rows,
            "is_expert": policies.is_expert(request.user, batch),
            "can_apply": policies.can_apply(request.user, batch),
            "apply_frozen": policies.apply_frozen(batch),
            "can_run": policies.can_run_batch(request.user, batch),
            "publicity_frozen": policies.publicity_frozen(batch),
            "publicity_form": publicity_form or PublicityForm(initial={"first_day": today}),
            # 公示 ends the intake: the confirmation says so while the deadline is still ahead
            "closes_early": batch.deadline >= today,
            "last_day": batch_rules.publicity_last_day(batch.publicity_from, batch.publicity_days)
            if batch.publicity_from
            else None,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def application_new(request: AuthedRequest, pk: int) -> HttpResponse:
    batch = get_for_user(NamingBatch.objects.all(), request.user, pk=pk)
    if not policies.can_apply(request.user, batch):
        raise PermissionDenied(policies.apply_frozen(batch) or _("只有企业工会可以申报"))
    max_mb = settings.STUDIO_ATTACHMENT_MAX_BYTES // 1048576
    form = ApplicationForm(
        request.POST or None, request.FILES or None, user=request.user, batch=batch, max_mb=max_mb
    )
    if request.method == "POST" and form.is_valid():
        try:
            application = services_batches.apply_for_studio(
                by=request.user, ip=client_ip(request), batch=batch, **form.cleaned_data
            )
        except ValidationError as err:
            apply_errors(form, err)
        else:
            messages.success(request, _("申报已提交，下一步：等待上级工会推荐。"))
            return redirect("application_detail", pk=application.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "innovation/batches_apply.html", {"form": form, "batch": batch}, status=status
    )


def _application(request, pk: int) -> StudioApplication:
    return get_for_user(
        StudioApplication.objects.select_related(
            "batch__organisation",
            "studio__enterprise",
            "studio__lead",
            "submitted_by",
            "endorsed_by",
            "decided_by",
        ),
        request.user,
        pk=pk,
    )


def application_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    batch, user = application.batch, request.user
    can_run = policies.can_run_batch(user, batch)
    totals = services_batches.expert_totals(application)
    objections = Objection.objects.visible_to(user).filter(application=application)
    certificate = getattr(application, "certificate", None)
    return render(
        request,
        "innovation/batches_application.html",
        {
            "a": application,
            "batch": batch,
            "files": application.files.all(),
            "can_run": can_run,
            # each expert's total to the batch's staff; how many have scored, and who has not
            # yet, to everyone on the page (the expert included), from the same scores
            "totals": totals if can_run else [],
            "done_count": len(totals),
            "missing": policies.missing_experts(application),
            "average": batch_rules.average_of_totals(t for _e, t in totals),
            "experts_count": batch.experts.count(),
            "endorse_form": EndorseForm() if policies.can_endorse(user, application) else None,
            "endorse_frozen": policies.endorse_frozen(application),
            "can_score": policies.can_score(user, application),
            "my_total": next((t for e, t in totals if e.pk == user.pk), None),
            "sees_studio": Studio.objects.visible_to(user)
            .filter(pk=application.studio_id)
            .exists(),
            "score_frozen": policies.score_frozen(application),
            "decision_form": DecisionForm() if policies.can_decide(user, application) else None,
            "decide_frozen": policies.decide_frozen(application),
            "objections": objections.select_related("raised_by"),
            "answer_form": AnswerForm() if can_run else None,
            "can_object": policies.can_object(user, application),
            "naming_frozen": policies.naming_frozen(application),
            "can_name": policies.can_name(user, application),
            "certificate": certificate,
            "revoke_form": RevokeForm()
            if certificate and policies.can_revoke_certificate(user, certificate)
            else None,
            "grant": getattr(application, "grant", None),
        },
    )


@require_GET
def application_file(request: AuthedRequest, pk: int, file_pk: int) -> FileResponse:
    """A material, to who may see the application: an attachment, its type from the checked
    content, never sniffed."""
    application = _application(request, pk)
    doc = get_for_user(
        ApplicationFile.objects.all(), request.user, pk=file_pk, application=application
    )
    return stored_document(doc.file.name, doc.kind, doc.original_name)


@require_POST
def application_endorse(request: AuthedRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    if not policies.can_endorse(request.user, application):
        raise PermissionDenied(policies.endorse_frozen(application) or _("由上级工会推荐"))
    form = EndorseForm(request.POST)
    if form.is_valid():
        try:
            services_batches.endorse_application(
                by=request.user, ip=client_ip(request), application=application, **form.cleaned_data
            )
        except ValidationError as err:
            message_errors(request, err)
        else:
            messages.success(request, _("已推荐，下一步：专家评分。"))
    else:
        for message in query_errors(form):
            messages.error(request, message)
    return redirect("application_detail", pk=application.pk)


@require_http_methods(["GET", "POST"])
def application_score(request: AuthedRequest, pk: int) -> HttpResponse:
    """An expert's sheet: one number per item, each within its maximum (works on a phone)."""
    application = _application(request, pk)
    if not policies.is_expert(request.user, application.batch):
        raise Http404
    items = list(application.batch.items.all())
    mine = {
        s.item_id: s.points
        for s in ExpertScore.objects.filter(application=application, expert=request.user)
    }
    initial = {f"item_{k}": v for k, v in mine.items()}
    form = ScoreForm(request.POST or None, items=items, initial=initial)
    frozen = policies.score_frozen(application)
    if request.method == "POST" and form.is_valid():
        try:
            total = services_batches.record_scores(
                by=request.user,
                ip=client_ip(request),
                application=application,
                points=form.points(),
            )
        except ValidationError as err:
            apply_errors(form, err)
        else:
            messages.success(request, _("评分已保存，合计 {total:.1f} 分。").format(total=total))
            return redirect("batch_detail", pk=application.batch_id)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "innovation/batches_score.html",
        {"a": application, "form": form, "frozen": frozen, "scored": bool(mine)},
        status=status,
    )


@require_POST
def application_decide(request: AuthedRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    if not policies.can_run_batch(request.user, application.batch):
        raise PermissionDenied
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services_batches.decide_application(
                by=request.user, ip=client_ip(request), application=application, **form.cleaned_data
            )
        except ValidationError as err:
            message_errors(request, err)
        else:
            messages.success(request, _("已作出决定。全部申报决定后，在批次页发布公示。"))
    else:
        for message in query_errors(form):
            messages.error(request, message)
    return redirect("application_detail", pk=application.pk)


def studio_batches(studio, user) -> dict:
    """The studio page's section: its applications, naming certificates and grants, as far as
    the viewer may see them."""
    from jiangxin.innovation.models import NamingCertificate

    return {
        "batch_applications": StudioApplication.objects.visible_to(user)
        .filter(studio=studio)
        .select_related("batch")
        .order_by("-submitted_at"),
        "naming_certificates": NamingCertificate.objects.visible_to(user).filter(studio=studio),
    }
