"""我的账号: every signed-in person's own account — the password, the second factor, links to
their API tokens and (a worker) their data. Each page acts on ``request.user`` alone, so there
is nothing to look up and no one else's account to refuse."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import authenticate, update_session_auth_hash
from django.contrib.auth.password_validation import (
    password_validators_help_texts,
    validate_password,
)
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jiangxin.accounts import self_service, twofactor
from jiangxin.accounts.access import reach_of
from jiangxin.accounts.models import RecoveryCode
from jiangxin.accounts.twofactor_views import recent_auth_required
from jiangxin.audit.services import client_ip
from jiangxin.core.types import AuthedRequest


class PasswordChangeForm(forms.Form):
    """The current password is checked through ``authenticate``, so a wrong one is counted by
    the login's lockout (django-axes, per account) and a locked account is refused here too."""

    current = forms.CharField(
        label=gettext_lazy("当前密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )
    password = forms.CharField(
        label=gettext_lazy("新密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    again = forms.CharField(
        label=gettext_lazy("再次输入新密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, request: AuthedRequest, *args, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)

    def clean_current(self) -> str:
        current = self.cleaned_data["current"]
        user = self.request.user
        found = authenticate(self.request, username=user.get_username(), password=current)
        if found is None or found.pk != user.pk:
            raise ValidationError(_("当前密码不正确。"))
        return current

    def clean(self):
        data = super().clean()
        password, again = data.get("password"), data.get("again")
        if password is None:
            return data
        if again is not None and password != again:
            self.add_error("again", _("两次输入的新密码不一致。"))
        elif data.get("current") and password == data["current"]:
            self.add_error("password", _("新密码不能与当前密码相同。"))
        else:
            try:
                validate_password(password, self.request.user)
            except ValidationError as err:
                self.add_error("password", err)
        return data


def my_account(request: AuthedRequest) -> HttpResponse:
    user = request.user
    device = twofactor.confirmed_device(user)
    context = {
        "device": device,
        "required": twofactor.requires_2fa(user),
        "codes_left": (
            RecoveryCode.objects.filter(user=user, used_at__isnull=True).count() if device else 0
        ),
        "is_worker": reach_of(user).worker_id is not None,
    }
    return render(request, "accounts/my_account.html", context)


def password_change(request: AuthedRequest) -> HttpResponse:
    form = PasswordChangeForm(request, request.POST or None)
    if form.is_valid():
        user = request.user
        try:
            self_service.change_password(
                user=user, password=form.cleaned_data["password"], ip=client_ip(request)
            )
        except ValidationError as err:
            form.add_error("password", err)
        else:
            # This session stays: the new password's hash (and a new key) and the new generation;
            # every other session of the account fails one or the other and is logged out.
            update_session_auth_hash(request, user)
            request.session[twofactor.GENERATION] = user.session_generation
            messages.success(
                request,
                _("密码已修改。在其他电脑或手机上的登录已退出，请在那里用新密码重新登录。"),
            )
            return redirect("my_account")
    return render(
        request,
        "accounts/password_change.html",
        {"form": form, "rules": password_validators_help_texts()},
    )


@require_POST
@recent_auth_required
def two_factor_remove(request: AuthedRequest) -> HttpResponse:
    try:
        self_service.remove_two_factor(user=request.user, ip=client_ip(request))
    except (PermissionDenied, ValidationError) as err:
        messages.error(request, str(err.args[0]) if err.args else _("不能关闭双因素认证。"))
    else:
        messages.success(request, _("已关闭双因素认证，登录时只需密码。可以随时在本页重新启用。"))
    return redirect("my_account")
