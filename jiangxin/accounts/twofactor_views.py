"""The second-factor pages: verify after the password, enrol (required or by choice), new
recovery codes, and re-authentication before a sensitive action."""

from __future__ import annotations

import functools
from urllib.parse import quote, urlencode

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth import authenticate
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jiangxin.accounts import twofactor
from jiangxin.accounts.models import TotpDevice
from jiangxin.audit.services import client_ip
from jiangxin.core.landing import landing_url
from jiangxin.core.types import AuthedRequest

# A wrong code, one already used, or one whose half-minute has passed look the same to the
# check; a person who typed the code just used to sign in needs the app's next one.
WRONG_CODE = gettext_lazy("验证码不正确、已使用或已过期，请等待验证器显示下一个验证码后重试。")


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("动态验证码或恢复码"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class EnrolForm(forms.Form):
    """Confirming a new authenticator: only its code (recovery codes come after)."""

    code = forms.CharField(
        label=gettext_lazy("动态验证码"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class ReauthForm(forms.Form):
    password = forms.CharField(label=gettext_lazy("密码"), widget=forms.PasswordInput)
    code = forms.CharField(label=gettext_lazy("动态验证码或恢复码"), max_length=20, required=False)


def _safe_next(request: HttpRequest, url: str | None) -> str:
    if url and url_has_allowed_host_and_scheme(url, {request.get_host()}):
        return url
    return landing_url(request.user)


def _finish(request: HttpRequest) -> HttpResponse:
    request.session.pop(twofactor.PENDING, None)
    twofactor.mark_authenticated(request.session)
    request.session.cycle_key()
    return redirect(_safe_next(request, request.session.pop("jx_next", None)))


def verify(request: AuthedRequest) -> HttpResponse:
    if request.session.get(twofactor.PENDING) != "verify":
        return redirect(landing_url(request.user))
    form = CodeForm(request.POST or None)
    if form.is_valid():
        if twofactor.verify(
            user=request.user, code=form.cleaned_data["code"], ip=client_ip(request)
        ):
            return _finish(request)
        form.add_error("code", WRONG_CODE)
    return render(request, "accounts/two_factor_verify.html", {"form": form})


def _qr_data_url(uri: str) -> str:
    # A standalone SVG (with its xmlns, which an inline one lacks and an <img> needs to draw).
    return segno.make(uri, error="m").svg_data_uri(scale=4)


def enrol(request: AuthedRequest) -> HttpResponse:
    user = request.user
    if twofactor.confirmed_device(user):
        messages.info(request, _("您已启用双因素认证。"))
        return redirect(landing_url(user))
    form = EnrolForm(request.POST or None)
    if form.is_valid():
        codes = twofactor.confirm_enrolment(
            user=user, code=form.cleaned_data["code"], ip=client_ip(request)
        )
        if codes is not None:
            request.session.pop(twofactor.PENDING, None)
            twofactor.mark_authenticated(request.session)
            nxt = _safe_next(request, request.session.pop("jx_next", None))
            return _recovery_page(request, codes, nxt)
        form.add_error("code", _("验证码不正确，请核对手机时间后重新输入。"))
    # The same secret until confirmed: a reload after scanning must not change it.
    device = TotpDevice.objects.filter(user=user).first() or twofactor.start_enrolment(user=user)
    uri = twofactor.otpauth_uri(device)
    context = {
        "form": form,
        "qr": _qr_data_url(uri),
        "secret": twofactor.base32_secret(device),
        "required": twofactor.requires_2fa(user),
    }
    return render(request, "accounts/two_factor_enrol.html", context)


@require_POST
def recovery_codes(request: AuthedRequest) -> HttpResponse:
    """New codes replace the old ones, after re-authentication (asked for on 我的账号, which
    the page returns to)."""
    if not twofactor.recently_authenticated(request.session):
        return reauth_redirect(request)
    if not twofactor.confirmed_device(request.user):
        return redirect("two_factor_enrol")
    codes = twofactor.new_recovery_codes(user=request.user, ip=client_ip(request))
    return _recovery_page(request, codes, reverse("my_account"))


def _recovery_page(request: HttpRequest, codes: list[str], nxt: str) -> HttpResponse:
    """The codes, shown once: with a print button and the same list as a .txt download. The
    file is the page's own text in a data: link (nothing is kept on the server to fetch it
    again), so it works without JavaScript."""
    generated = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    lines = [
        _("匠心 职工素质提升平台 恢复码"),
        _("账号：{username}").format(username=request.user.get_username()),
        _("生成时间：{at}").format(at=generated),
        _("手机丢失时，每个恢复码可代替动态验证码使用一次；重新生成后这一组作废。"),
        "",
        *codes,
        "",
    ]
    # A BOM and CRLF: Windows Notepad shows the Chinese and the line breaks as written.
    text = "\ufeff" + "\r\n".join(lines)
    context = {
        "codes": codes,
        "next": nxt,
        "download": "data:text/plain;charset=utf-8," + quote(text),
        "filename": "jiangxin-recovery-codes-{}.txt".format(
            timezone.localdate().strftime("%Y%m%d")
        ),
    }
    return render(request, "accounts/recovery_codes.html", context)


def reauth(request: AuthedRequest) -> HttpResponse:
    user = request.user
    device = twofactor.confirmed_device(user)
    form = ReauthForm(request.POST or None)
    if form.is_valid():
        ok = authenticate(
            request, username=user.get_username(), password=form.cleaned_data["password"]
        )
        if ok is None or ok.pk != user.pk:
            form.add_error("password", _("密码不正确。"))
        elif device and not twofactor.verify(
            user=user, code=form.cleaned_data["code"], device=device, ip=client_ip(request)
        ):
            form.add_error("code", WRONG_CODE)
        else:
            twofactor.mark_authenticated(request.session)
            return redirect(_safe_next(request, request.GET.get("next")))
    return render(request, "accounts/reauth.html", {"form": form, "device": device})


def recent_auth_required(view):
    """Ask for the password again (and the code, if enrolled) when the session's last proof
    is older than REAUTH_MINUTES. A POST is never replayed: the person goes back to the page
    the form was on, with a message, and sends it again."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if twofactor.recently_authenticated(request.session):
            return view(request, *args, **kwargs)
        return reauth_redirect(request)

    return wrapped


def reauth_redirect(request: HttpRequest) -> HttpResponse:
    """To the re-authentication page, then back: to this URL for a GET, to the form's page
    (with a message to send it again) for a POST."""
    if request.method in ("GET", "HEAD"):
        back = request.get_full_path()
    else:
        back = _safe_next(request, request.headers.get("referer"))
        messages.warning(request, _("为保护数据安全，请先确认身份，然后重新提交。"))
    return redirect(reverse("reauth") + "?" + urlencode({"next": back}))
