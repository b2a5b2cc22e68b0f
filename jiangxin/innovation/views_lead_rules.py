"""领办人资格规则: each kind of studio's lead rule in words (the stored one or the built-in
default), its form, and the reset to the default. Only for those ``policies.can_set_lead_rules``
allows; anyone else meets a page that isn't there (404), like the platform administrators'
other pages. The views only route: the form and ``services_lead_rules`` validate."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jiangxin.audit.services import client_ip
from jiangxin.core.forms import apply_errors, message_errors
from jiangxin.core.types import AuthedRequest
from jiangxin.innovation import policies, services_lead_rules
from jiangxin.innovation.forms_lead_rules import LeadRuleForm
from jiangxin.innovation.models import Studio


def _allowed(request: AuthedRequest, kind: str | None = None) -> None:
    if not policies.can_set_lead_rules(request.user):
        raise Http404
    if kind is not None and kind not in Studio.Kind.values:
        raise Http404


def lead_rule_list(request: AuthedRequest) -> HttpResponse:
    _allowed(request)
    return render(
        request,
        "innovation/lead_rules_list.html",
        {"rules": services_lead_rules.effective_rules()},
    )


@require_http_methods(["GET", "POST"])
def lead_rule_edit(request: AuthedRequest, kind: str) -> HttpResponse:
    _allowed(request, kind)
    current = services_lead_rules.effective_rule(kind)
    if request.method == "GET":
        form = LeadRuleForm(rule=current.rule)
        status = 200
    else:
        form = LeadRuleForm(request.POST)
        if form.is_valid():
            try:
                services_lead_rules.set_lead_rule(
                    by=request.user, ip=client_ip(request), kind=kind, **form.rule_data()
                )
            except ValidationError as err:
                apply_errors(form, err)
            else:
                messages.success(
                    request,
                    _("{kind}的领办人资格规则已保存，此后登记或更换领办人时按新规则核对。").format(
                        kind=current.label
                    ),
                )
                return redirect("lead_rule_list")
        status = 400
    return render(
        request,
        "innovation/lead_rules_form.html",
        {"form": form, "current": current},
        status=status,
    )


@require_POST
def lead_rule_reset(request: AuthedRequest, kind: str) -> HttpResponse:
    _allowed(request, kind)
    try:
        services_lead_rules.reset_lead_rule(by=request.user, ip=client_ip(request), kind=kind)
    except ValidationError as err:
        message_errors(request, err)
    else:
        label = Studio.Kind(kind).label
        messages.success(request, _("{kind}已恢复默认规则。").format(kind=label))
    return redirect("lead_rule_list")
