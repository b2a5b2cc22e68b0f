"""个人信息 pages: the notice and accepting it, a worker's 我的数据 (see, download, ask for a
correction), and the union's correction queue. One view per action, each binding a form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiangxin.accounts import twofactor
from jiangxin.accounts.access import get_for_user
from jiangxin.accounts.twofactor_views import reauth_redirect
from jiangxin.audit.services import client_ip
from jiangxin.core.downloads import XLSX, content_disposition
from jiangxin.core.forms import apply_errors, message_errors
from jiangxin.core.landing import landing_url
from jiangxin.core.types import AuthedRequest
from jiangxin.privacy import holdings, notice, policies, services
from jiangxin.privacy.forms import (
    AcceptNoticeForm,
    CorrectionForm,
    CorrectionsFilterForm,
    DecisionForm,
)
from jiangxin.privacy.models import Consent, CorrectionRequest
from jiangxin.workers.models import Worker


def _notice_page(request, form: AcceptNoticeForm | None, *, status: int = 200) -> HttpResponse:
    user = request.user
    asks = user.is_authenticated and policies.asks_for_notice(user)
    if asks and form is None:
        form = AcceptNoticeForm(initial={"next": request.GET.get("next", "")})
    return render(
        request,
        "privacy/notice.html",
        {
            "version": notice.current_version(),
            "text": notice.text(),
            "form": form if asks else None,
        },
        status=status,
    )


@login_not_required
def notice_page(request: HttpRequest) -> HttpResponse:
    """The notice, for anyone; an account that has yet to accept it gets the form."""
    return _notice_page(request, None)


@require_POST
def notice_accept(request: AuthedRequest) -> HttpResponse:
    form = AcceptNoticeForm(request.POST)
    if not form.is_valid():
        return _notice_page(request, form, status=400)
    services.record_consent(by=request.user, ip=client_ip(request), via=Consent.Via.NOTICE)
    return redirect(form.next_url(request) or landing_url(request.user))


def _own_worker(request) -> Worker:
    """The roster record bound to the account; 404 for anyone without one."""
    worker_id = policies.own_worker_id(request.user)
    if worker_id is None:
        raise Http404
    return get_for_user(
        Worker.objects.select_related("organisation", "enterprise", "occupation"),
        request.user,
        pk=worker_id,
    )


def my_data(request: AuthedRequest) -> HttpResponse:
    worker = _own_worker(request)
    data = holdings.collect(worker=worker, user=request.user, clear=False)
    return render(
        request,
        "privacy/my_data.html",
        {
            "worker": worker,
            "may_unmask": True,  # their own (workers.policies.may_unmask)
            "sections": [s for s in data.sections if s.key != "corrections"],
            "corrections": CorrectionRequest.objects.filter(worker=worker),
        },
    )


def _download(request: AuthedRequest, file_format: str) -> HttpResponse:
    worker = _own_worker(request)
    if not twofactor.recently_authenticated(request.session):
        return reauth_redirect(request)  # the clear ID number: the password again first
    content = services.export_own_data(
        by=request.user, ip=client_ip(request), file_format=file_format
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    name = _("我的数据-{name}-{stamp}").format(name=worker.name, stamp=stamp)
    response = HttpResponse(
        content, content_type=XLSX if file_format == "xlsx" else "application/json"
    )
    response["Content-Disposition"] = content_disposition(f"{name}.{file_format}")
    response["Cache-Control"] = "private, no-store"  # it holds their ID number in clear
    return response


def my_data_xlsx(request: AuthedRequest) -> HttpResponse:
    return _download(request, "xlsx")


def my_data_json(request: AuthedRequest) -> HttpResponse:
    return _download(request, "json")


def correction_new(request: AuthedRequest) -> HttpResponse:
    worker = _own_worker(request)
    form = CorrectionForm(request.POST or None, initial={"item": request.GET.get("item", "")})
    if request.method == "POST" and form.is_valid():
        try:
            services.request_correction(by=request.user, ip=client_ip(request), **form.cleaned_data)
        except ValidationError as err:
            apply_errors(form, err)
        else:
            messages.success(
                request,
                _("更正申请已提交给{union}，处理结果会显示在本页。").format(
                    union=worker.organisation.name
                ),
            )
            return redirect("my_data")
    return render(
        request,
        "privacy/correction_form.html",
        {"form": form, "worker": worker},
        status=400 if form.is_bound else 200,
    )


def correction_list(request: AuthedRequest) -> HttpResponse:
    if not policies.can_handle_corrections(request.user):
        raise Http404
    form = CorrectionsFilterForm(request.GET or None)
    rows = (
        CorrectionRequest.objects.editable_by(request.user)
        .filter(status=form.status_value)
        .select_related("worker__organisation", "decided_by")[:200]
    )
    return render(request, "privacy/correction_list.html", {"rows": rows, "form": form})


def _correction_for(request, pk: int) -> CorrectionRequest:
    if not policies.can_handle_corrections(request.user):
        raise Http404
    return get_for_user(
        CorrectionRequest.objects.select_related("worker__organisation", "decided_by"),
        request.user,
        pk=pk,
        edit=True,
    )


def correction_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    correction = _correction_for(request, pk)
    return render(
        request,
        "privacy/correction_detail.html",
        {
            "c": correction,
            "can_decide": policies.can_decide_correction(request.user, correction),
            "form": DecisionForm(),
        },
    )


def _decide(request: AuthedRequest, pk: int, status: str) -> HttpResponse:
    correction = _correction_for(request, pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.decide_correction(
                by=request.user,
                ip=client_ip(request),
                correction=correction,
                status=status,
                note=form.cleaned_data["note"],
            )
        except ValidationError as err:
            message_errors(request, err)
        else:
            messages.success(
                request,
                _("已处理 {name} 的更正申请：{status}。").format(
                    name=correction.worker.name, status=CorrectionRequest.Status(status).label
                ),
            )
            return redirect("correction_list")
    else:
        message_errors(request, ValidationError(list(form.errors["note"])))
    return redirect("correction_detail", correction.pk)


@require_POST
def correction_resolve(request: AuthedRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, CorrectionRequest.Status.RESOLVED)


@require_POST
def correction_reject(request: AuthedRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, CorrectionRequest.Status.REJECTED)
