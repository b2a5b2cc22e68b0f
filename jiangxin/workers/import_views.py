from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jiangxin.accounts.access import get_for_user, require_union_user
from jiangxin.audit.services import client_ip
from jiangxin.core import uploads
from jiangxin.core.downloads import xlsx_response
from jiangxin.core.forms import message_errors
from jiangxin.core.types import AuthedRequest
from jiangxin.workers import import_jobs, importing, policies
from jiangxin.workers.import_template import template_workbook
from jiangxin.workers.models import ImportJob


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("名册文件"),
        help_text=gettext_lazy("支持 .xlsx、.xls、.csv（UTF-8 或 GBK 编码）"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.csv"}),
        error_messages={
            "required": gettext_lazy("请选择要上传的名册文件。"),
            "empty": gettext_lazy("上传的文件是空的，请选择填好的名册文件。"),
        },
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        uploads.check_spreadsheet_upload(upload, max_bytes=settings.IMPORT_MAX_BYTES)
        return upload


def _require_import(user) -> None:
    require_union_user(user)
    if not policies.can_import(user):
        raise PermissionDenied(_("只读账号不能导入职工，请联系上级工会管理员"))


def import_list(request: AuthedRequest) -> HttpResponse:
    require_union_user(request.user)
    jobs = import_jobs.fail_stale(
        ImportJob.objects.visible_to(request.user).select_related("created_by")[:50]
    )
    return render(
        request,
        "workers/import_list.html",
        {"jobs": jobs, "can_import": policies.can_import(request.user)},
    )


def import_new(request: AuthedRequest) -> HttpResponse:
    _require_import(request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            importing.check_upload_size(upload.size)  # before reading it into memory
            job = importing.start_import(
                by=request.user, ip=client_ip(request), name=upload.name, content=upload.read()
            )
        except ValidationError as err:
            form.add_error("file", err)
        else:
            return redirect("import_detail", job.pk)
    return render(request, "workers/import_new.html", {"form": form})


def import_template(request: AuthedRequest) -> HttpResponse:
    _require_import(request.user)
    return xlsx_response(template_workbook(request.user), _("职工名册导入模板.xlsx"))


def import_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    require_union_user(request.user)
    job = import_jobs.fail_if_stale(get_for_user(ImportJob.objects, request.user, pk=pk))
    context = {
        "job": job,
        "errors": job.errors[:100],
        "can_confirm": policies.can_confirm_import(request.user, job),
        "can_cancel": policies.can_cancel_import(request.user, job),
        "can_retry": policies.can_retry_import(request.user, job),
        "can_import": policies.can_import(request.user),
    }
    if request.htmx:
        return render(request, "workers/import_status.html", context)
    return render(request, "workers/import_detail.html", context)


def import_errors(request: AuthedRequest, pk: int) -> HttpResponse:
    require_union_user(request.user)
    job = get_for_user(ImportJob.objects, request.user, pk=pk)
    return xlsx_response(importing.error_report(job), _("导入错误报告-{pk}.xlsx").format(pk=job.pk))


@require_POST
def import_confirm(request: AuthedRequest, pk: int) -> HttpResponse:
    require_union_user(request.user)
    job = get_for_user(ImportJob.objects, request.user, pk=pk, edit=True)
    try:
        import_jobs.confirm_import(by=request.user, ip=client_ip(request), job=job)
    except ValidationError as err:
        message_errors(request, err)
    return redirect("import_detail", job.pk)


@require_POST
def import_cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    require_union_user(request.user)
    job = get_for_user(ImportJob.objects, request.user, pk=pk, edit=True)
    try:
        import_jobs.cancel_import(by=request.user, ip=client_ip(request), job=job)
    except ValidationError as err:
        message_errors(request, err)
        return redirect("import_detail", job.pk)
    messages.success(request, _("已取消该导入，名册没有变化。"))
    return redirect("import_list")


@require_POST
def import_retry(request: AuthedRequest, pk: int) -> HttpResponse:
    require_union_user(request.user)
    job = get_for_user(ImportJob.objects, request.user, pk=pk, edit=True)
    try:
        import_jobs.retry_import(by=request.user, ip=client_ip(request), job=job)
    except ValidationError as err:
        message_errors(request, err)
    else:
        messages.success(request, _("已重新开始校验该文件，校验通过后请再次确认导入。"))
    return redirect("import_detail", job.pk)
