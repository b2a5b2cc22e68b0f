from django import forms
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from jiangxin.accounts.policies import can_read_audit
from jiangxin.audit.models import AuditEntry
from jiangxin.audit.policies import can_open_audit_log
from jiangxin.core.forms import EventDateField, PageField
from jiangxin.core.types import AuthedRequest


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(
        label=_("操作"), choices=[("", _("全部")), *AuditEntry.Action.choices], required=False
    )
    actor = forms.CharField(label=_("操作人"), required=False)
    target = forms.CharField(label=_("对象"), required=False)
    since = EventDateField(label=_("起始日期"), required=False)
    until = EventDateField(label=_("截止日期"), required=False)
    page = PageField()


def audit_list(request: AuthedRequest) -> HttpResponse:
    if not can_open_audit_log(request.user):
        raise Http404
    form = AuditFilterForm(request.GET or None)
    qs = AuditEntry.objects.visible_to(request.user)
    if form.is_valid():
        d = form.cleaned_data
        if d["action"]:
            qs = qs.filter(action=d["action"])
        if d["actor"]:
            qs = qs.filter(actor_label__contains=d["actor"])
        if d["target"]:
            qs = qs.filter(object_repr__contains=d["target"])
        if d["since"]:
            qs = qs.filter(at__date__gte=d["since"])
        if d["until"]:
            qs = qs.filter(at__date__lte=d["until"])
    page = Paginator(qs, 50).get_page(form.cleaned_data.get("page") if form.is_valid() else 1)
    return render(
        request,
        "audit/audit_list.html",
        {"form": form, "page": page, "whole_log": can_read_audit(request.user)},
    )
