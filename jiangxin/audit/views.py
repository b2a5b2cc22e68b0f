from typing import NamedTuple

from django import forms
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from jiangxin.accounts.policies import can_read_audit
from jiangxin.audit import labels
from jiangxin.audit.models import AuditEntry
from jiangxin.audit.policies import can_open_audit_log
from jiangxin.core.forms import EventDateField, PageField
from jiangxin.core.types import AuthedRequest
from jiangxin.organisations.models import Organisation


class AuditFilterForm(forms.Form):
    # An action code, or a kind of object (every change to grants, to platform roles).
    action = forms.ChoiceField(
        label=_("操作"),
        choices=labels.filter_choices,
        required=False,
        error_messages={"invalid_choice": _("没有这种操作，请从列表中选择")},
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
        if d["action"] in labels.SUBJECTS:
            qs = qs.filter(object_type=labels.SUBJECTS[d["action"]][0])
        elif d["action"]:
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
        {
            "form": form,
            "page": page,
            "rows": _rows(page),
            "whole_log": can_read_audit(request.user),
        },
    )


class Row(NamedTuple):
    entry: AuditEntry
    action: str
    warn: bool
    details: list[tuple[str, str]]


def _rows(page) -> list[Row]:
    """The page's entries with their action's label and their details in Chinese; the unions
    that grants were filed under named in one query."""
    entries = list(page)
    grant_paths = {
        e.org_path for e in entries if e.object_type == labels.SUBJECTS["grants"][0] and e.org_path
    }
    union_names = dict(
        Organisation.objects.filter(path__in=grant_paths).values_list("path", "name")
    )
    return [
        Row(
            e,
            labels.action_label(e.action, e.object_type),
            e.action in labels.WARN_ACTIONS,
            labels.details(e, union_names),
        )
        for e in entries
    ]
