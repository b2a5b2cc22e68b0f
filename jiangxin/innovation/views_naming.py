"""The naming batch pages after the decision: publishing the 公示, the public 公示 page (anyone
reads it; objecting needs a sign-in), raising and answering an objection, naming, the
naming certificate's PDF, and the files of a naming recorded from outside the platform
(登记既有命名), to whoever may see the studio."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jiangxin.accounts.access import get_for_user
from jiangxin.audit.services import client_ip
from jiangxin.core.downloads import pdf_response, stored_document
from jiangxin.core.forms import apply_errors, message_errors, query_errors
from jiangxin.core.types import AuthedRequest
from jiangxin.innovation import batch_rules, services_naming
from jiangxin.innovation import policies_batches as policies
from jiangxin.innovation.certificates import naming_certificate_pdf
from jiangxin.innovation.forms_batches import (
    AnswerForm,
    ConfirmForm,
    ObjectionForm,
    PublicityForm,
    RevokeForm,
)
from jiangxin.innovation.models import (
    NamingBatch,
    NamingCertificate,
    NamingEvidence,
    Objection,
    Studio,
    StudioApplication,
)


def _form_messages(request, form) -> None:
    for message in query_errors(form):
        messages.error(request, message)


@require_POST
def batch_publicity(request: AuthedRequest, pk: int) -> HttpResponse:
    batch = get_for_user(
        NamingBatch.objects.select_related("organisation"), request.user, pk=pk, edit=True
    )
    form = PublicityForm(request.POST)
    if not form.is_valid():  # the message on the field, on the batch's page
        from jiangxin.innovation.views_batches import batch_page

        return batch_page(request, batch, publicity_form=form, status=400)
    try:
        services_naming.start_publicity(
            by=request.user, ip=client_ip(request), batch=batch, **form.cleaned_data
        )
    except ValidationError as err:
        message_errors(request, err)
    else:
        messages.success(
            request, _("公示已发布，本批次停止受理申报；公示期满且异议均已答复后即可命名。")
        )
    return redirect("batch_detail", pk=batch.pk)


@login_not_required
def publicity(request: HttpRequest) -> HttpResponse:
    """公示: the approved applications of every batch whose window is open today — the studio,
    its host, kind, lead and score; nothing else about a person."""
    today = timezone.localdate()
    batches = [
        b
        for b in NamingBatch.objects.filter(state=NamingBatch.State.PUBLICITY).select_related(
            "organisation"
        )
        if batch_rules.in_publicity(b.publicity_from, b.publicity_days, today)
    ]
    rows = (
        StudioApplication.objects.filter(batch__in=batches, state=StudioApplication.State.APPROVED)
        .select_related("studio__enterprise", "studio__lead")
        .order_by("batch", "-score", "pk")
    )
    shown = [
        {
            "batch": b,
            "last_day": batch_rules.publicity_last_day(b.publicity_from, b.publicity_days)
            if b.publicity_from
            else None,
            "rows": [r for r in rows if r.batch_id == b.pk],
        }
        for b in batches
    ]
    return render(request, "innovation/batches_publicity.html", {"batches": shown})


@require_http_methods(["GET", "POST"])
def objection_new(request: AuthedRequest, pk: int) -> HttpResponse:
    """Any signed-in person objects to an application in 公示 (it need not be theirs to see)."""
    application = get_object_or_404(
        StudioApplication.objects.published().select_related("batch", "studio__enterprise"), pk=pk
    )
    if policies.object_frozen(application):
        raise PermissionDenied(policies.object_frozen(application))
    form = ObjectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services_naming.raise_objection(
                by=request.user, ip=client_ip(request), application=application, **form.cleaned_data
            )
        except ValidationError as err:
            apply_errors(form, err)
        else:
            messages.success(request, _("异议已提交，命名单位将在命名前答复。"))
            return redirect("studio_publicity")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "innovation/batches_objection.html",
        {"a": application, "form": form},
        status=status,
    )


@require_POST
def objection_answer(request: AuthedRequest, pk: int) -> HttpResponse:
    objection = get_for_user(
        Objection.objects.select_related("application__batch"), request.user, pk=pk
    )
    if not policies.can_answer(request.user, objection):
        raise PermissionDenied(_("由本批次所属工会的管理员答复，且每条异议只答复一次"))
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services_naming.answer_objection(
                by=request.user, ip=client_ip(request), objection=objection, **form.cleaned_data
            )
        except ValidationError as err:
            message_errors(request, err)
        else:
            messages.success(request, _("异议已答复。"))
    else:
        _form_messages(request, form)
    return redirect("application_detail", pk=objection.application_id)


@require_POST
def application_name(request: AuthedRequest, pk: int) -> HttpResponse:
    application = get_for_user(
        StudioApplication.objects.select_related("batch"), request.user, pk=pk
    )
    if not policies.can_run_batch(request.user, application.batch):
        raise PermissionDenied(_("由本批次所属工会的管理员命名"))
    form = ConfirmForm(request.POST)
    if form.is_valid():
        try:
            certificate = services_naming.name_studio(
                by=request.user, ip=client_ip(request), application=application
            )
        except ValidationError as err:
            message_errors(request, err)
        else:
            messages.success(
                request,
                _("已命名，牌匾编号 {plaque}，命名证书验证码 {code}。").format(
                    plaque=certificate.plaque_number, code=certificate.display_code
                ),
            )
    return redirect("application_detail", pk=application.pk)


def naming_certificate(request: AuthedRequest, pk: int) -> HttpResponse:
    certificate = get_for_user(NamingCertificate.objects.all(), request.user, pk=pk)
    return pdf_response(
        naming_certificate_pdf(request, certificate),
        f"{certificate.studio_name}-{_('命名证书')}-{certificate.display_code}.pdf",
    )


@require_POST
def naming_certificate_revoke(request: AuthedRequest, pk: int) -> HttpResponse:
    """作废: the batch's union admins, once, with a reason the public check shows."""
    certificate = get_for_user(
        NamingCertificate.objects.select_related("application__batch"), request.user, pk=pk
    )
    if not policies.can_run_batch(request.user, certificate.application.batch):
        raise PermissionDenied(_("由颁发该证书的批次所属工会的管理员作废"))
    form = RevokeForm(request.POST)
    if form.is_valid():
        try:
            services_naming.revoke_certificate(
                by=request.user, ip=client_ip(request), certificate=certificate, **form.cleaned_data
            )
        except ValidationError as err:
            message_errors(request, err)
        else:
            messages.success(
                request,
                _("证书 {code} 已作废；公开核验将显示“已作废”及原因。").format(
                    code=certificate.display_code
                ),
            )
    else:
        _form_messages(request, form)
    return redirect("application_detail", pk=certificate.application_id)


@require_GET
def studio_evidence_file(request: AuthedRequest, pk: int, file_pk: int) -> FileResponse:
    """A file of a recorded naming (the naming document, the plaque's photo), to whoever may
    see the studio (404 otherwise, as the studio page): an attachment of its checked type."""
    studio = get_for_user(Studio.objects.all(), request.user, pk=pk)
    doc = get_for_user(NamingEvidence.objects.all(), request.user, pk=file_pk, studio=studio)
    return stored_document(doc.file.name, doc.kind, doc.original_name)
