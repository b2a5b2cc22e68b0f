"""The 五小 contest's application pages: filling one (a worker for their enterprise, a union for
one of its enterprises — chosen first when it has several), its page (its state, what the
eligibility check answers, the steps each with who took it), editing, deleting a draft, its
attachments (added, removed, handed back as attachments with nosniff to who may see it),
submitting (a confirmation page with the eligibility answers), the enterprise union's
endorsement and return. Phone-friendly (390 px). Views fetch through ``get_for_user`` and ask
``policies_contest``; the services refuse, the view shows it on the form."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jiangxin.accounts.access import get_for_user, reach_of
from jiangxin.audit.services import client_ip
from jiangxin.core.downloads import content_disposition
from jiangxin.core.forms import apply_errors, message_errors, query_errors
from jiangxin.core.types import AuthedRequest
from jiangxin.core.uploads import DOCUMENT_TYPES
from jiangxin.innovation import policies_contest as policies
from jiangxin.innovation import services_contest_applications as services
from jiangxin.innovation.contest_eligibility import BLOCK, WARN
from jiangxin.innovation.forms_contest import (
    ApplicationForm,
    AttachmentForm,
    EndorseForm,
    EnterpriseForm,
    ReturnForm,
    SubmitForm,
)
from jiangxin.innovation.models import ApplicationAttachment, ContestApplication, ContestEdition
from jiangxin.innovation.services_contest_eligibility import name_mentions


def _max_mb() -> int:
    return settings.STUDIO_ATTACHMENT_MAX_BYTES // 1048576


def _application(request, pk: int) -> ContestApplication:
    return get_for_user(
        ContestApplication.objects.select_related("edition__organisation", "enterprise", "union"),
        request.user,
        pk=pk,
    )


def _form_page(request, form, *, edition, application=None, status=200) -> HttpResponse:
    return render(
        request,
        "innovation/contest_application_form.html",
        {
            "form": form,
            "edition": edition,
            "a": application,
            "enterprise": form.enterprise,
            "attachments": application.attachments.all() if application else [],
            "mentions": name_mentions(application) if application else [],
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def contest_application_new(request: AuthedRequest, pk: int) -> HttpResponse:
    edition = get_for_user(ContestEdition.objects.all(), request.user, pk=pk)
    if not policies.can_apply(request.user, edition):
        raise PermissionDenied(policies.apply_frozen(edition) or _("只能为本人所在企业申报"))
    enterprises = policies.applicant_enterprises(request.user, edition).order_by("name")
    choose = EnterpriseForm(request.GET or None, enterprises=enterprises)
    only = list(enterprises[:2])
    if len(only) == 1:
        enterprise = only[0]
    elif choose.is_bound and choose.is_valid():
        enterprise = choose.cleaned_data["enterprise"]
    else:
        return render(
            request,
            "innovation/contest_application_choose.html",
            {"edition": edition, "form": choose},
            status=400 if choose.is_bound else 200,
        )
    form = ApplicationForm(
        request.POST or None, request.FILES or None, enterprise=enterprise, max_mb=_max_mb()
    )
    if request.method == "GET":
        own = form.workers.get(reach_of(request.user).worker_id or 0)
        if own is not None:  # the worker themself, by default, at 100%
            form.initial.update({"completer_1": own.pk, "share_1": 100})
    if request.method == "POST" and form.is_valid():
        try:
            application = services.create_draft(
                by=request.user,
                ip=client_ip(request),
                edition=edition,
                enterprise=enterprise,
                **form.service_kwargs(),
            )
        except ValidationError as err:
            apply_errors(form, err)
        else:
            messages.success(request, _("草稿已保存。检查无误后点击“提交申报”。"))
            return redirect("contest_application_detail", pk=application.pk)
    status = 400 if request.method == "POST" else 200
    return _form_page(request, form, edition=edition, status=status)


@require_http_methods(["GET", "POST"])
def contest_application_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    if not policies.can_edit_application(request.user, application):
        raise PermissionDenied(policies.edit_frozen(application) or _("只有申报人可以修改"))
    initial = {f: getattr(application, f) for f in services.FORM_FIELDS}
    for row in application.completers.all():
        initial |= {f"completer_{row.order}": row.worker_id, f"share_{row.order}": row.share}
    form = ApplicationForm(
        request.POST or None,
        request.FILES or None,
        enterprise=application.enterprise,
        max_mb=_max_mb(),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_draft(
                by=request.user,
                ip=client_ip(request),
                application=application,
                **form.service_kwargs(),
            )
        except ValidationError as err:
            apply_errors(form, err)
        else:
            messages.success(request, _("已保存。"))
            return redirect("contest_application_detail", pk=application.pk)
    status = 400 if request.method == "POST" else 200
    return _form_page(
        request, form, edition=application.edition, application=application, status=status
    )


@require_GET
def contest_application_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    user = request.user
    editable = policies.can_edit_application(user, application)
    answers = services.eligibility(application) if application.is_draft else []
    return render(
        request,
        "innovation/contest_application_detail.html",
        {
            "a": application,
            "edition": application.edition,
            "completers": application.completers.select_related("worker"),
            "attachments": application.attachments.all(),
            "answers": answers,
            "blocked": any(a.outcome == BLOCK for a in answers),
            "mentions": name_mentions(application),
            "missing": services.submit_problems(application) if application.is_draft else {},
            "can_edit": editable,
            "can_delete": policies.can_delete_application(user, application),
            "attachment_form": AttachmentForm() if editable else None,
            "endorse_form": EndorseForm() if policies.can_endorse(user, application) else None,
            "return_form": ReturnForm() if policies.can_endorse(user, application) else None,
            "max_mb": _max_mb(),
        },
    )


@require_http_methods(["GET", "POST"])
def contest_application_submit(request: AuthedRequest, pk: int) -> HttpResponse:
    """The confirmation: what the eligibility check answers, then 提交申报 (a warning needs
    the box ticked; a blocking answer leaves no button)."""
    application = _application(request, pk)
    if not policies.can_edit_application(request.user, application):
        raise PermissionDenied(policies.edit_frozen(application) or _("只有申报人可以提交"))
    form = SubmitForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_application(
                by=request.user,
                ip=client_ip(request),
                application=application,
                **form.cleaned_data,
            )
        except ValidationError as err:
            apply_errors(form, err)
        else:
            messages.success(request, _("申报已提交，下一步：等待企业工会推荐。"))
            return redirect("contest_application_detail", pk=application.pk)
    answers = services.eligibility(application)
    return render(
        request,
        "innovation/contest_application_submit.html",
        {
            "a": application,
            "form": form,
            "answers": answers,
            "blocked": any(a.outcome == BLOCK for a in answers),
            "warned": any(a.outcome == WARN for a in answers),
            "mentions": name_mentions(application),
            "missing": services.submit_problems(application),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def contest_application_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    if not policies.can_delete_application(request.user, application):
        raise PermissionDenied(policies.delete_frozen(application) or _("只有申报人可以删除"))
    services.delete_draft(by=request.user, ip=client_ip(request), application=application)
    messages.success(request, _("草稿已删除。"))
    if reach_of(request.user).worker_id:
        return redirect("contest_my_applications")
    return redirect("contest_edition_detail", pk=application.edition_id)


@require_POST
def contest_attachment_add(request: AuthedRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    if not policies.can_edit_application(request.user, application):
        raise PermissionDenied(policies.edit_frozen(application) or _("只有申报人可以上传"))
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_attachments(
                by=request.user,
                ip=client_ip(request),
                application=application,
                files=form.cleaned_data["files"] or [],
                cover=form.cleaned_data["cover"],
            )
        except ValidationError as err:
            message_errors(request, err)
        else:
            messages.success(request, _("附件已上传。"))
    else:
        for message in query_errors(form):
            messages.error(request, message)
    return redirect("contest_application_detail", pk=application.pk)


def _attachment(request, pk: int, file_pk: int):
    application = _application(request, pk)
    return application, get_for_user(
        ApplicationAttachment.objects.all(), request.user, pk=file_pk, application=application
    )


@require_GET
def contest_attachment(request: AuthedRequest, pk: int, file_pk: int) -> FileResponse:
    """An attachment, to who may see the application: its type from the checked content,
    never sniffed."""
    _a, doc = _attachment(request, pk, file_pk)
    try:
        handle = default_storage.open(doc.file.name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, content_type=DOCUMENT_TYPES.get(doc.kind, "application/octet-stream")
    )
    response["Content-Disposition"] = content_disposition(doc.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def contest_attachment_delete(request: AuthedRequest, pk: int, file_pk: int) -> HttpResponse:
    application, doc = _attachment(request, pk, file_pk)
    if not policies.can_edit_application(request.user, application):
        raise PermissionDenied(policies.edit_frozen(application) or _("只有申报人可以删除附件"))
    services.remove_attachment(by=request.user, ip=client_ip(request), attachment=doc)
    messages.success(request, _("已删除“{name}”。").format(name=doc.original_name))
    return redirect("contest_application_detail", pk=application.pk)


@require_POST
def contest_application_endorse(request: AuthedRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    if not policies.can_endorse(request.user, application):
        raise PermissionDenied(policies.endorse_frozen(application) or _("由申报企业的工会推荐"))
    form = EndorseForm(request.POST)
    if form.is_valid():
        try:
            services.endorse_application(
                by=request.user, ip=client_ip(request), application=application, **form.cleaned_data
            )
        except ValidationError as err:
            message_errors(request, err)
        else:
            messages.success(request, _("已推荐，项目已报送上一级评审。"))
    else:
        for message in query_errors(form):
            messages.error(request, message)
    return redirect("contest_application_detail", pk=application.pk)


@require_POST
def contest_application_return(request: AuthedRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    if not policies.can_endorse(request.user, application):
        raise PermissionDenied(policies.endorse_frozen(application) or _("由申报企业的工会退回"))
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            services.return_application(
                by=request.user, ip=client_ip(request), application=application, **form.cleaned_data
            )
        except ValidationError as err:
            message_errors(request, err)
        else:
            messages.success(request, _("已退回，申报人修改后可重新提交。"))
    else:
        for message in query_errors(form):
            messages.error(request, message)
    return redirect("contest_application_detail", pk=application.pk)
