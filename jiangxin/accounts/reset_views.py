"""The two pages of the password reset path (accounts.reset)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jiangxin.accounts import policies, reset
from jiangxin.accounts.models import User
from jiangxin.accounts.twofactor_views import recent_auth_required
from jiangxin.audit.services import client_ip
from jiangxin.core.types import AuthedRequest


class NewPasswordForm(forms.Form):
    password = forms.CharField(label=gettext_lazy("新密码"), widget=forms.PasswordInput)
    again = forms.CharField(label=gettext_lazy("再次输入新密码"), widget=forms.PasswordInput)

    def clean(self):
        data = super().clean()
        if data.get("password") != data.get("again"):
            raise ValidationError(_("两次输入的密码不一致。"))
        return data


@require_POST
@recent_auth_required
def reset_link(request: AuthedRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(User, pk=pk)
    if not policies.can_issue_password_reset(request.user, user):
        raise Http404  # refused like a missing page
    path = reset.issue_reset_link(by=request.user, ip=client_ip(request), user=user)
    link = request.build_absolute_uri(path)
    hours = settings.PASSWORD_RESET_TIMEOUT // 3600
    return render(
        request, "accounts/reset_link.html", {"link": link, "account": user, "hours": hours}
    )


@login_not_required
def reset_confirm(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    user = reset.user_for_link(uidb64, token)
    if user is None:
        return render(request, "accounts/reset_confirm.html", {"dead": True}, status=404)
    form = NewPasswordForm(request.POST or None)
    if form.is_valid():
        try:
            reset.reset_password(
                user=user,
                token=token,
                password=form.cleaned_data["password"],
                ip=client_ip(request),
            )
        except ValidationError as err:
            form.add_error("password", err)
        else:
            return redirect("login")
    return render(request, "accounts/reset_confirm.html", {"form": form})
