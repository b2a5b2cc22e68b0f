from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import LoginView
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiangxin.accounts import services
from jiangxin.accounts.access import require_union_user
from jiangxin.accounts.forms import (
    LoginForm,
    RegistrationFilterForm,
    RegistrationForm,
    RejectForm,
    TokenForm,
)
from jiangxin.accounts.models import Registration
from jiangxin.audit.services import client_ip
from jiangxin.core import throttle
from jiangxin.core.forms import apply_errors, message_errors
from jiangxin.core.landing import landing_url
from jiangxin.core.types import AuthedRequest
from jiangxin.privacy.models import Consent
from jiangxin.privacy.services import record_consent


class JiangxinLoginView(LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        return landing_url(self.request.user)


def _registration_throttled(request: HttpRequest) -> bool:
    return not throttle.hit(
        "register",
        client_ip(request),
        limit=settings.REGISTRATION_RATE_LIMIT,
        window_seconds=settings.REGISTRATION_RATE_WINDOW_MINUTES * 60,
    )


@login_not_required
def register(request: HttpRequest) -> HttpResponse:
    if request.method == "POST" and _registration_throttled(request):
        messages.error(
            request,
            _("该网络地址提交注册过于频繁，请 {minutes} 分钟后再试。").format(
                minutes=settings.REGISTRATION_RATE_WINDOW_MINUTES
            ),
        )
        kept = {k: v for k, v in request.POST.items() if not k.startswith("password")}
        form = RegistrationForm(initial=kept)
        return render(request, "accounts/register.html", {"form": form}, status=429)
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            registration = services.register_worker(
                ip=client_ip(request),
                name=data["name"],
                id_number=data["id_number"],
                mobile=data["mobile"],
                username=data["username"],
                enterprise=data["enterprise"],
                password=data["password"],
            )
        except ValidationError as err:
            apply_errors(form, err)
        else:
            record_consent(
                by=registration.user, ip=client_ip(request), via=Consent.Via.REGISTRATION
            )
            login(
                request,
                registration.user,
                backend="jiangxin.accounts.backends.UsernameOrMobileBackend",
            )
            messages.success(
                request,
                _(
                    "注册已提交，请等待所在企业工会审核。您的用户名是 {username}，请记下："
                    "审核通过前请用用户名登录，通过后也可以用手机号登录并查看个人档案。"
                ).format(username=registration.user.username),
            )
            return redirect("registration_status")
    return render(request, "accounts/register.html", {"form": form})


def registration_status(request: AuthedRequest) -> HttpResponse:
    registration = (
        Registration.objects.filter(user=request.user).select_related("enterprise", "user").first()
    )
    return render(request, "accounts/registration_status.html", {"registration": registration})


def registration_list(request: AuthedRequest) -> HttpResponse:
    require_union_user(request.user)
    form = RegistrationFilterForm(request.GET or None)
    status = form.status_value
    rows = (
        Registration.objects.visible_to(request.user)
        .filter(status=status)
        .with_conflicts()
        .select_related("enterprise", "user", "decided_by")[:200]
    )
    editable = set(
        Registration.objects.editable_by(request.user)
        .filter(status=status)
        .values_list("pk", flat=True)
    )
    return render(
        request,
        "accounts/registration_list.html",
        {
            "rows": rows,
            "editable": editable,
            "form": form,
        },
    )


def _registration_for(request, pk: int) -> Registration:
    return get_object_or_404(Registration.objects.editable_by(request.user), pk=pk)


@require_POST
def registration_approve(request: AuthedRequest, pk: int) -> HttpResponse:
    require_union_user(request.user)
    registration = _registration_for(request, pk)
    try:
        worker = services.approve_registration(
            by=request.user, ip=client_ip(request), registration=registration
        )
    except ValidationError as err:
        message_errors(request, err)
    else:
        messages.success(
            request, _("已通过 {name} 的注册，账号已绑定职工档案。").format(name=registration.name)
        )
        return redirect("worker_detail", worker.pk)
    return redirect("registration_list")


@require_POST
def registration_reject(request: AuthedRequest, pk: int) -> HttpResponse:
    require_union_user(request.user)
    registration = _registration_for(request, pk)
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            services.reject_registration(
                by=request.user,
                ip=client_ip(request),
                registration=registration,
                note=form.cleaned_data["note"],
            )
        except ValidationError as err:
            message_errors(request, err)
        else:
            messages.success(
                request, _("已驳回 {name} 的注册申请。").format(name=registration.name)
            )
    else:
        messages.error(request, _("驳回时请写明原因，方便职工修改后重新申请。"))
    return redirect("registration_list")


def token_list(request: AuthedRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        _, new_token = services.create_api_token(
            by=request.user, ip=client_ip(request), name=form.cleaned_data["name"]
        )
        form = TokenForm()
    tokens = request.user.api_tokens.order_by("-created")
    return render(
        request,
        "accounts/token_list.html",
        {
            "form": form,
            "tokens": tokens,
            "new_token": new_token,
            "token_days": settings.API_TOKEN_DAYS,
        },
    )


@require_POST
def token_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(request.user.api_tokens, pk=pk)
    services.revoke_api_token(by=request.user, ip=client_ip(request), token=token)
    messages.success(request, _("已吊销令牌“{name}”。").format(name=token.name))
    return redirect("token_list")


def lockout_response(request, original_response=None, credentials=None) -> HttpResponse:
    """What a locked-out login gets (django-axes): JSON for the API, a page otherwise. The API
    token endpoint locks the account from the caller's address only, and says so."""
    from django.http import JsonResponse

    minutes = int(settings.AXES_COOLOFF_TIME * 60)
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": api_lockout_message()}, status=403)
    return render(
        request,
        "accounts/locked_out.html",
        {
            "cooloff_time": _("{minutes} 分钟").format(minutes=minutes),
            "failure_limit": settings.AXES_FAILURE_LIMIT,
        },
        status=429,
    )


def api_lockout_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME * 60)
    return _(
        "从该网络地址以此账号换取令牌的失败次数过多，已暂时锁定，请 {minutes} 分钟后再试。"
    ).format(minutes=minutes)
