from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from jiangxin.accounts.access import get_for_user, require_union_user
from jiangxin.core.downloads import xlsx_response
from jiangxin.workers import importing
from jiangxin.workers.models import ImportJob


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("名册文件"),
        help_text=_("支持 .xlsx、.xls、.csv（UTF-8 或 GBK 编码）"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.csv"}),
        error_messages={
            "required": _("请选择要上传的名册文件。"),
            "empty": _("上传的文件是空的，请选择填好的名册文件。"),
        },
    )


def import_list(request: HttpRequest) -> HttpResponse:
    require_union_user(request.user)
    jobs = ImportJob.objects.visible_to(request.user).select_related("created_by")[:50]
    return render(request, "workers/import_list.html", {"jobs": jobs})


def import_new(request: HttpRequest) -> HttpResponse:
    require_union_user(request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            importing.check_upload_size(upload.size)  # before reading it into memory
            job = importing.start_import(
                by=request.user, request=request, name=upload.name, content=upload.read()
            )
        except ValidationError as err:
            form.add_error("file", err)
        else:
            return redirect("import_detail", job.pk)
    return render(request, "workers/import_new.html", {"form": form})


def import_template(request: HttpRequest) -> HttpResponse:
    require_union_user(request.user)
    return xlsx_response(importing.template_workbook(request.user), "workers-import-template.xlsx")


def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_union_user(request.user)
    job = get_for_user(ImportJob.objects, request.user, pk=pk)
    context = {"job": job, "errors": job.errors[:100]}
    if request.htmx:
        return render(request, "workers/import_status.html", context)
    return render(request, "workers/import_detail.html", context)


def import_errors(request: HttpRequest, pk: int) -> HttpResponse:
    require_union_user(request.user)
    job = get_for_user(ImportJob.objects, request.user, pk=pk)
    return xlsx_response(importing.error_report(job), f"import-{job.pk}-errors.xlsx")


@require_POST
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    require_union_user(request.user)
    job = get_for_user(ImportJob.objects, request.user, pk=pk, edit=True)
    try:
        importing.confirm_import(by=request.user, request=request, job=job)
    except ValidationError as err:
        messages.error(request, "；".join(err.messages))
    return redirect("import_detail", job.pk)


@require_POST
def import_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    require_union_user(request.user)
    job = get_for_user(ImportJob.objects, request.user, pk=pk, edit=True)
    try:
        importing.cancel_import(by=request.user, job=job)
    except ValidationError as err:
        messages.error(request, "；".join(err.messages))
    else:
        messages.success(request, _("已取消该导入，名册没有变化。"))
    return redirect("import_list")
