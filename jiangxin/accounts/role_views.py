"""The platform roles page (三员分立): the security administrator gives and takes back the
system, security and audit administrators' duties. Anyone else meets a page that isn't there."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from jiangxin.accounts import policies, services
from jiangxin.accounts.forms import PlatformRoleForm
from jiangxin.accounts.models import PlatformRole, User
from jiangxin.accounts.twofactor_views import recent_auth_required
from jiangxin.audit.services import client_ip
from jiangxin.core.forms import apply_errors, message_errors
from jiangxin.core.types import AuthedRequest


def _require_security_admin(user) -> None:
    if not policies.can_assign_platform_roles(user):
        raise Http404


def _page(request: AuthedRequest, form: PlatformRoleForm) -> HttpResponse:
    holders = PlatformRole.objects.select_related("user", "granted_by").order_by(
        "role", "user__username"
    )
    superusers = User.objects.filter(is_superuser=True, is_active=True).order_by("username")
    accounts = [*superusers, *(r.user for r in holders)]
    may_reset = {u.pk for u in accounts if policies.can_issue_password_reset(request.user, u)}
    return render(
        request,
        "accounts/platformrole_list.html",
        {"form": form, "holders": holders, "superusers": superusers, "may_reset": may_reset},
    )


def platform_role_list(request: AuthedRequest) -> HttpResponse:
    _require_security_admin(request.user)
    return _page(request, PlatformRoleForm())


@require_POST
@recent_auth_required
def platform_role_assign(request: AuthedRequest) -> HttpResponse:
    _require_security_admin(request.user)
    form = PlatformRoleForm(request.POST)
    if form.is_valid():
        try:
            row = services.assign_platform_role(
                by=request.user,
                ip=client_ip(request),
                user=form.user,
                role=form.cleaned_data["role"],
            )
        except ValidationError as err:
            apply_errors(form, err)
        else:
            messages.success(
                request,
                _("{name} 现为{role}。").format(name=row.user, role=row.get_role_display()),
            )
            return redirect("platform_role_list")
    return _page(request, form)


# What the holder can no longer do once the duty is taken back: the confirm page says it.
LOSES = {
    PlatformRole.Role.SYSTEM: _l("管理平台的数据与配置、全部工会节点"),
    PlatformRole.Role.SECURITY: _l("管理授权、平台角色、账号、API 令牌和登录锁定"),
    PlatformRole.Role.AUDIT: _l("查阅全平台的审计日志"),
}


@recent_auth_required
def platform_role_revoke(request: AuthedRequest, pk: int) -> HttpResponse:
    """GET: what revoking does (a confirm page, without JavaScript); POST: revoke."""
    _require_security_admin(request.user)
    row = get_object_or_404(PlatformRole.objects.select_related("user"), pk=pk)
    if request.method == "POST":
        try:
            services.revoke_platform_role(by=request.user, ip=client_ip(request), platform_role=row)
        except ValidationError as err:
            message_errors(request, err)
        else:
            messages.success(
                request,
                _("已撤销 {name} 的{role}。").format(name=row.user, role=row.get_role_display()),
            )
        return redirect("platform_role_list")
    others = PlatformRole.objects.filter(role=row.role).exclude(pk=row.pk).count()
    context = {
        "row": row,
        "loses": LOSES[PlatformRole.Role(row.role)],
        "own": row.user_id == request.user.pk,
        # The system administrator's duty is also every superuser's.
        "last": not others
        and not (
            row.role == PlatformRole.Role.SYSTEM
            and User.objects.filter(is_superuser=True, is_active=True).exists()
        ),
    }
    return render(request, "accounts/platformrole_revoke.html", context)
