"""The public check of an issued document (证书核验): anyone holding a paper, or its QR code,
confirms it here. The page asks every app's registered lookup (``core.verification``) and shows
the neutral document it returns; an unknown code is a 404 page saying what to check."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from jiangxin.core import verification


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("证书验证码"),
        max_length=30,
        error_messages={
            "required": _("请输入证书上的验证码"),
            "max_length": _("验证码共 12 位（可带横线），请核对后重新输入"),
        },
    )


@login_not_required
def verify(request: HttpRequest, code: str = "") -> HttpResponse:
    # the first visit asks nothing; a sent form with no code says what to type
    form = VerifyForm({"code": code} if code else request.GET if request.GET else None)
    code = form.cleaned_data["code"].strip() if form.is_valid() else ""
    document = verification.find(code) if code else None
    response = render(
        request, "core/verify.html", {"form": form, "code": code, "document": document}
    )
    if code and document is None:
        response.status_code = 404
    return response
