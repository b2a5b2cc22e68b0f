"""账号与授权: the security administrator's account pages — find an account and see its grants,
platform duty and state; create one; grant, change and revoke roles on union nodes; deactivate,
reactivate and unlock. Each page and action is the security administrator's alone
(``policies.can_manage_accounts``: anyone else meets a page that isn't there) and asks for the
password again when the session's last proof is older than REAUTH_MINUTES. The views route;
the forms and the services (``services``, ``account_services``, ``reset``) check and audit."""

from __future__ import annotations

import functools

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiangxin.accounts import account_services, policies, reset, services, twofactor
from jiangxin.accounts.forms import AccountCreateForm, AccountSearchForm, GrantForm, GrantRoleForm
from jiangxin.accounts.models import Grant, TotpDevice, User
from jiangxin.accounts.twofactor_views import reauth_redirect
from jiangxin.audit.services import client_ip
from jiangxin.core import crypto
from jiangxin.core.forms import apply_errors, message_errors, query_errors, query_form, values
from jiangxin.core.types import AuthedRequest
from jiangxin.workers.models import Worker

PAGE_SIZE = 50


def security_admin_only(view):
    """404 for anyone but the security administrator; then a recent proof of identity (the
    re-authentication page, and back)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not policies.can_manage_accounts(request.user):
            raise Http404
        if not twofactor.recently_authenticated(request.session):
            return reauth_redirect(request)
        return view(request, *args, **kwargs)

    return wrapped


def _accounts():
    grants = Grant.objects.select_related("organisation").order_by("organisation__path")
    return (
        User.objects.select_related("platform_role")
        .annotate(
            two_factor=Exists(TotpDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
            has_worker=Exists(Worker.objects.filter(account=OuterRef("pk"))),
        )
        .prefetch_related(Prefetch("grants", queryset=grants))
    )


def _search(qs, q: str):
    if not q:
        return qs
    match = Q(username__icontains=q) | Q(display_name__icontains=q)
    compact = q.replace(" ", "").replace("-", "")
    if len(compact) == 11 and compact.isdigit():  # a full mobile: by its keyed hash, as in login
        match |= Q(mobile_hash__in=crypto.lookup_hashes(compact))
    return qs.filter(match)


@security_admin_only
def account_list(request: AuthedRequest) -> HttpResponse:
    form = query_form(AccountSearchForm, request)
    given = values(form)  # a bad value alone falls back to its default, with its message
    q = (given["q"] or "").strip()
    qs = _search(_accounts(), q).order_by("username")
    page = Paginator(qs, PAGE_SIZE).get_page(given["page"] or 1)
    accounts = list(page.object_list)
    locked = account_services.locked_usernames(a.username for a in accounts)
    for account in accounts:
        account.locked = account.username in locked
    context = {
        "form": form,
        "page": page,
        "accounts": accounts,
        "q": q,
        "query_errors": query_errors(form),  # each naming its field (the page's is hidden)
    }
    return render(request, "accounts/account_list.html", context)


@security_admin_only
def account_new(request: AuthedRequest) -> HttpResponse:
    form = AccountCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            account = account_services.create_account(
                by=request.user,
                ip=client_ip(request),
                username=data["username"],
                display_name=data["display_name"],
                organisation=data["organisation"],
                role=data["role"],
            )
        except ValidationError as err:
            apply_errors(form, err)
        else:
            path = reset.issue_reset_link(by=request.user, ip=client_ip(request), user=account)
            context = {
                "account": account,
                "link": request.build_absolute_uri(path),
                "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
            }
            return render(request, "accounts/account_created.html", context)
    return render(request, "accounts/account_form.html", {"form": form})


def _detail(request: AuthedRequest, account: User, grant_form: GrantForm, status: int = 200):
    account = _accounts().get(pk=account.pk)
    holds_duty = account.is_superuser or hasattr(account, "platform_role")
    context = {
        "account": account,
        "grants": account.grants.all(),
        "grant_form": grant_form,
        "role_choices": Grant.Role.choices,
        "holds_duty": holds_duty,
        "locked": bool(account_services.locked_usernames([account.username])),
        "can_set_active": policies.can_set_account_active(request.user, account),
        "can_reset": account.is_active and policies.can_issue_password_reset(request.user, account),
    }
    return render(request, "accounts/account_detail.html", context, status=status)


@security_admin_only
def account_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    return _detail(request, get_object_or_404(User, pk=pk), GrantForm())


@require_POST
@security_admin_only
def account_grant(request: AuthedRequest, pk: int) -> HttpResponse:
    account = get_object_or_404(User, pk=pk)
    form = GrantForm(request.POST)
    if form.is_valid():
        node = form.cleaned_data["organisation"]
        try:
            grant = services.grant_role(
                by=request.user,
                ip=client_ip(request),
                user=account,
                organisation=node,
                role=form.cleaned_data["role"],
            )
        except ValidationError as err:
            apply_errors(form, err)
        else:
            messages.success(
                request,
                _("{name} 现为{node}的{role}。").format(
                    name=account, node=node, role=grant.get_role_display()
                ),
            )
            return redirect("account_detail", account.pk)
    return _detail(request, account, form)


def _grant_of(pk: int, grant_pk: int) -> Grant:
    return get_object_or_404(
        Grant.objects.select_related("user", "organisation"), pk=grant_pk, user_id=pk
    )


@require_POST
@security_admin_only
def grant_role_change(request: AuthedRequest, pk: int, grant_pk: int) -> HttpResponse:
    grant = _grant_of(pk, grant_pk)
    form = GrantRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择角色：工会管理员或查看者。"))
        return redirect("account_detail", pk)
    try:
        changed = services.grant_role(
            by=request.user,
            ip=client_ip(request),
            user=grant.user,
            organisation=grant.organisation,
            role=form.cleaned_data["role"],
        )
    except ValidationError as err:
        message_errors(request, err)
    else:
        messages.success(
            request,
            _("{name} 在{node}的角色现为{role}。").format(
                name=grant.user, node=grant.organisation, role=changed.get_role_display()
            ),
        )
    return redirect("account_detail", pk)


@security_admin_only
def grant_revoke(request: AuthedRequest, pk: int, grant_pk: int) -> HttpResponse:
    """GET: what revoking means, and the button; POST: revoke."""
    grant = _grant_of(pk, grant_pk)
    if request.method != "POST":
        return render(request, "accounts/grant_revoke.html", {"grant": grant})
    services.revoke_grant(by=request.user, ip=client_ip(request), grant=grant)
    messages.success(
        request,
        _("已撤销 {name} 在{node}的{role}授权，其登录已被退出。").format(
            name=grant.user, node=grant.organisation, role=grant.get_role_display()
        ),
    )
    return redirect("account_detail", pk)


def _status_action(request: AuthedRequest, pk: int, action, done: str) -> HttpResponse:
    account = get_object_or_404(User, pk=pk)
    try:
        action(by=request.user, ip=client_ip(request), user=account)
    except ValidationError as err:
        message_errors(request, err)
    else:
        messages.success(request, done.format(name=account))
    return redirect("account_detail", pk)


@require_POST
@security_admin_only
def account_deactivate(request: AuthedRequest, pk: int) -> HttpResponse:
    return _status_action(
        request,
        pk,
        account_services.deactivate_account,
        _("已停用 {name} 的账号，其登录已被退出。"),
    )


@require_POST
@security_admin_only
def account_reactivate(request: AuthedRequest, pk: int) -> HttpResponse:
    return _status_action(
        request, pk, account_services.reactivate_account, _("已重新启用 {name} 的账号。")
    )


@require_POST
@security_admin_only
def account_unlock(request: AuthedRequest, pk: int) -> HttpResponse:
    return _status_action(
        request,
        pk,
        account_services.unlock_account,
        _("已解除 {name} 的登录锁定，可以立即重新登录。"),
    )
