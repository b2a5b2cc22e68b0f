"""考核指标表: a union's assessment indicator sheets — the list, one sheet (its items, bands,
periods, whether it is frozen and why), creating, editing until an assessment uses it, and
copying a used sheet into a new edition. Union staff only (others: 404); kept by the node's
admins and above (``policies_sheets``)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jiangxin.accounts.access import get_for_user, require_union_user
from jiangxin.audit.services import client_ip
from jiangxin.core.forms import apply_errors, message_errors
from jiangxin.core.types import AuthedRequest
from jiangxin.innovation import policies_sheets as policies
from jiangxin.innovation import services_sheets
from jiangxin.innovation.forms_batches import ConfirmForm
from jiangxin.innovation.forms_sheets import ItemFormSet, SheetForm, item_initial
from jiangxin.innovation.models import AssessmentSheet
from jiangxin.organisations.models import Organisation


def _can_create(user) -> bool:
    taken = AssessmentSheet.objects.current().values("organisation")
    return any(
        policies.can_keep_sheet(user, o)
        for o in Organisation.objects.editable_by(user).exclude(pk__in=taken)
    )


def sheet_list(request: AuthedRequest) -> HttpResponse:
    require_union_user(request.user)
    sheets = (
        AssessmentSheet.objects.visible_to(request.user)
        .select_related("organisation")
        .prefetch_related("items")
    )
    return render(
        request,
        "innovation/sheets_list.html",
        {"sheets": sheets, "can_create": _can_create(request.user)},
    )


def sheet_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    require_union_user(request.user)
    sheet = get_for_user(
        AssessmentSheet.objects.select_related("organisation"), request.user, pk=pk
    )
    return render(
        request,
        "innovation/sheets_detail.html",
        {
            "sheet": sheet,
            "items": sheet.items.all(),
            "frozen": policies.sheet_frozen_reason(sheet),
            "used": sheet.assessments.count(),
            "can_change": policies.can_change_sheet(request.user, sheet),
            "can_copy": policies.can_copy_sheet(request.user, sheet),
            "editions": AssessmentSheet.objects.visible_to(request.user)
            .filter(organisation=sheet.organisation)
            .order_by("-edition"),
        },
    )


def _items(formset) -> list[services_sheets.ItemRow]:
    return [row for form in formset.forms if (row := form.row()) is not None]


def _save(form, formset, save) -> AssessmentSheet | None:
    """Bind, call the service, show its refusal on the form (the items' on top)."""
    if not (form.is_valid() and formset.is_valid()):
        return None
    try:
        return save(items=_items(formset), **form.cleaned_data)
    except ValidationError as err:
        if hasattr(err, "error_dict"):  # the items as a whole: above the form
            for e in err.error_dict.pop("items", []):
                form.add_error(None, e)
        apply_errors(form, err)
    return None


@require_http_methods(["GET", "POST"])
def sheet_new(request: AuthedRequest) -> HttpResponse:
    require_union_user(request.user)
    if not _can_create(request.user):
        raise PermissionDenied(_("您管理的工会都已有考核指标表，或您不是镇及以上总工会的管理员"))
    data = request.POST or None
    form = SheetForm(
        data,
        user=request.user,
        new=True,
        initial={
            "name": _("创新工作室年度考核指标"),
            "excellent_from": 85,
            "pass_from": 60,
            "rectify_months": 3,
            "bar_months": 24,
        },
    )
    formset = ItemFormSet(data, initial=item_initial(None), prefix="items")
    if request.method == "POST":

        def save(**kw):
            return services_sheets.create_sheet(by=request.user, ip=client_ip(request), **kw)

        if sheet := _save(form, formset, save):
            messages.success(request, _("考核指标表已保存，此后的考核按此表评分。"))
            return redirect("sheet_detail", pk=sheet.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "innovation/sheets_form.html",
        {"form": form, "formset": formset, "sheet": None},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def sheet_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    require_union_user(request.user)
    sheet = get_for_user(
        AssessmentSheet.objects.select_related("organisation"), request.user, pk=pk, edit=True
    )
    if frozen := policies.sheet_frozen_reason(sheet):
        raise PermissionDenied(frozen)
    data = request.POST or None
    form = SheetForm(data, initial={f: getattr(sheet, f) for f in services_sheets.SHEET_FIELDS})
    formset = ItemFormSet(data, initial=item_initial(sheet), prefix="items")
    if request.method == "POST":

        def save(**kw):
            return services_sheets.update_sheet(
                by=request.user, ip=client_ip(request), sheet=sheet, **kw
            )

        if _save(form, formset, save):
            messages.success(request, _("考核指标表已保存，此后的考核按此表评分。"))
            return redirect("sheet_detail", pk=sheet.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "innovation/sheets_form.html",
        {"form": form, "formset": formset, "sheet": sheet},
        status=status,
    )


@require_POST
def sheet_copy(request: AuthedRequest, pk: int) -> HttpResponse:
    require_union_user(request.user)
    sheet = get_for_user(
        AssessmentSheet.objects.select_related("organisation"), request.user, pk=pk, edit=True
    )
    form = ConfirmForm(request.POST)
    if form.is_valid():
        try:
            new = services_sheets.copy_sheet(by=request.user, ip=client_ip(request), sheet=sheet)
        except ValidationError as err:
            message_errors(request, err)
        else:
            messages.success(
                request,
                _(
                    "已复制为第 {n} 版：修改后用于此后的考核；第 {old} 版保留，已有考核不变。"
                ).format(n=new.edition, old=sheet.edition),
            )
            return redirect("sheet_edit", pk=new.pk)
    return redirect("sheet_detail", pk=sheet.pk)
