from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from jiangxin.accounts import policies as account_policies
from jiangxin.accounts.access import get_for_user, require_union_user
from jiangxin.accounts.models import Grant
from jiangxin.audit.services import client_ip
from jiangxin.core.forms import apply_errors
from jiangxin.core.types import AuthedRequest
from jiangxin.organisations import policies, services
from jiangxin.organisations.forms import EnterpriseFilterForm, EnterpriseForm, OrganisationForm
from jiangxin.organisations.models import Enterprise, Organisation
from jiangxin.workers.models import SkillLevel, Worker


def _tree(nodes: list[Organisation]) -> list[dict]:
    """Nest a path-ordered list of nodes; nodes whose parent is not in the list are roots."""
    by_id: dict[int | None, dict] = {n.pk: {"node": n, "children": []} for n in nodes}
    roots: list[dict] = []
    for n in nodes:
        item = by_id[n.pk]
        parent = by_id.get(n.parent_id)
        (parent["children"] if parent else roots).append(item)
    return roots


def organisation_list(request: AuthedRequest) -> HttpResponse:
    require_union_user(request.user)
    nodes = list(Organisation.objects.visible_to(request.user).order_by("path"))
    counts = dict(
        Worker.objects.visible_to(request.user)
        .values_list("organisation")
        .annotate(n=Count("pk"))
        .values_list("organisation", "n")
    )
    for node in nodes:
        node.worker_count = counts.get(node.pk, 0)
    return render(
        request, "organisations/organisation_list.html", {"tree": _tree(nodes), "total": len(nodes)}
    )


def organisation_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    require_union_user(request.user)
    node = get_for_user(Organisation.objects, request.user, pk=pk)
    subtree = Organisation.objects.subtree_of(node)
    context = {
        "node": node,
        "ancestors": node.ancestors(),
        "children": node.children.order_by("name"),
        "subtree_size": subtree.count() - 1,
        "worker_count": Worker.objects.filter(org_path__startswith=node.path).count(),
        "enterprise_count": Enterprise.objects.filter(union__path__startswith=node.path).count(),
        "can_edit": policies.can_add_node(request.user, node),
        "grants": _node_accounts(request.user, node),
    }
    return render(request, "organisations/organisation_detail.html", context)


def _node_accounts(user, node: Organisation) -> list[Grant] | None:
    """The roles held on this node, each with whether ``user`` may give its account a reset
    link; None for those who may not see them."""
    if not account_policies.can_see_node_accounts(user, node):
        return None
    grants = list(
        Grant.objects.filter(organisation=node, user__is_active=True)
        .select_related("user__platform_role")
        .prefetch_related("user__grants__organisation")
        .order_by("role", "user__username")
    )
    for grant in grants:
        grant.can_reset = account_policies.can_issue_password_reset(user, grant.user)
    return grants


def organisation_new(request: AuthedRequest, pk: int) -> HttpResponse:
    require_union_user(request.user)
    parent = get_for_user(Organisation.objects, request.user, pk=pk, edit=True)
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            node = services.create_organisation(
                by=request.user, ip=client_ip(request), parent=parent, **form.cleaned_data
            )
        except ValidationError as err:
            apply_errors(form, err)
        else:
            messages.success(
                request, _("已在{parent}下设立“{node}”。").format(parent=parent, node=node)
            )
            return redirect("organisation_detail", node.pk)
    return render(request, "organisations/organisation_form.html", {"form": form, "parent": parent})


def enterprise_list(request: AuthedRequest) -> HttpResponse:
    require_union_user(request.user)
    form = EnterpriseFilterForm(request.GET or None)
    qs = form.apply(
        Enterprise.objects.visible_to(request.user)
        .select_related("industry", "union")
        .annotate(worker_count=Count("workers"))
        .order_by("name")
    )
    page = Paginator(qs, 50).get_page(form.page_number)
    return render(
        request,
        "organisations/enterprise_list.html",
        {"page": page, "form": form, "can_add": policies.can_add_enterprise(request.user)},
    )


def enterprise_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    require_union_user(request.user)
    enterprise = get_for_user(
        Enterprise.objects.select_related("industry", "union"), request.user, pk=pk
    )
    workers = Worker.objects.filter(enterprise=enterprise)
    context = {
        "enterprise": enterprise,
        "worker_count": workers.count(),
        "by_level": [
            (SkillLevel(row["skill_level"]).label, row["n"])
            for row in workers.values("skill_level").annotate(n=Count("pk")).order_by("skill_level")
        ],
        "can_edit": policies.can_edit_enterprise(request.user, enterprise),
    }
    return render(request, "organisations/enterprise_detail.html", context)


def enterprise_new(request: AuthedRequest) -> HttpResponse:
    require_union_user(request.user)
    if not policies.can_add_enterprise(request.user):
        raise PermissionDenied(_("只读账号不能登记企业"))
    form = EnterpriseForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            enterprise = services.create_enterprise(
                by=request.user, ip=client_ip(request), **form.cleaned_data
            )
        except ValidationError as err:
            apply_errors(form, err)
        else:
            messages.success(request, _("已登记企业“{enterprise}”。").format(enterprise=enterprise))
            return redirect("enterprise_detail", enterprise.pk)
    return render(request, "organisations/enterprise_form.html", {"form": form})


def enterprise_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    require_union_user(request.user)
    enterprise = get_for_user(Enterprise.objects, request.user, pk=pk, edit=True)
    initial = {f: getattr(enterprise, f) for f in services.ENTERPRISE_FIELDS}
    form = EnterpriseForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_enterprise(
                by=request.user, ip=client_ip(request), enterprise=enterprise, **form.cleaned_data
            )
        except ValidationError as err:
            apply_errors(form, err)
        else:
            messages.success(request, _("企业信息已保存。"))
            return redirect("enterprise_detail", enterprise.pk)
    return render(
        request, "organisations/enterprise_form.html", {"form": form, "enterprise": enterprise}
    )
