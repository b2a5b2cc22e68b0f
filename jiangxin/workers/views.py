from typing import NamedTuple

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiangxin.accounts import policies as account_policies
from jiangxin.accounts import twofactor
from jiangxin.accounts.access import get_for_user, require_union_user
from jiangxin.accounts.twofactor_views import reauth_redirect
from jiangxin.audit.services import client_ip
from jiangxin.core import stamps
from jiangxin.core.downloads import refused, xlsx_response
from jiangxin.core.forms import apply_errors, query_errors
from jiangxin.core.stamps import StampedCountPaginator
from jiangxin.core.types import AuthedRequest
from jiangxin.organisations.models import Enterprise, Organisation
from jiangxin.workers import policies, services
from jiangxin.workers.forms import HonourForm, WorkerFilterForm, WorkerForm
from jiangxin.workers.models import SkillLevel, Worker

PAGE_SIZE = 50


def _filtered(request, stamp: int | None = None):
    if stamp is None:
        stamp = stamps.current(stamps.ROSTER)
    form = WorkerFilterForm(request.GET or None, user=request.user, stamp=stamp)
    qs = form.apply(Worker.objects.visible_to(request.user))
    return form, qs


ROW_COLUMNS = (
    "pk",
    "name",
    "gender",
    "id_number_masked",
    "mobile_masked",
    "enterprise_id",
    "organisation_id",
    "occupation_id",
    "skill_level",
    "employment_form",
    "platform_name",
)


class Row(NamedTuple):
    url: str
    name: str
    gender: str
    id_number_masked: str
    mobile_masked: str
    workplace: str
    occupation: str
    skill_level: str
    employment_form: str


def _rows(values, names: dict[str, dict[int, str]]) -> list[Row]:
    """List rows with display labels, from plain column values: no model instances, no joins
    (names come from the filter's cached choices), each label translated once per request."""
    values = list(values)
    unions = dict(names["organisation"])
    enterprises, occupations = dict(names["enterprise"]), names["occupation"]
    # Names the cached choices lack (a worker with no enterprise under an enterprise union,
    # say): one query for them.
    missing_unions = {v[6] for v in values if v[5] is None and v[6] not in unions}
    missing_enterprises = {v[5] for v in values if v[5] is not None and v[5] not in enterprises}
    if missing_unions:
        unions.update(Organisation.objects.filter(pk__in=missing_unions).values_list("pk", "name"))
    if missing_enterprises:
        enterprises.update(
            Enterprise.objects.filter(pk__in=missing_enterprises).values_list("pk", "name")
        )
    genders = {k: str(v) for k, v in Worker.Gender.choices}
    levels = {k: str(v) for k, v in SkillLevel.choices}
    forms = {k: str(v) for k, v in Worker.EmploymentForm.choices}
    url = reverse("worker_detail", args=[0]).replace("/0/", "/{}/")  # one reverse(), not fifty
    out = []
    for (
        pk,
        name,
        gender,
        idm,
        mob,
        enterprise,
        organisation,
        occupation,
        level,
        form,
        platform,
    ) in values:
        out.append(
            Row(
                url.format(pk),
                name,
                genders[gender],
                idm,
                mob or "—",
                enterprises[enterprise] if enterprise else unions[organisation],
                occupations[occupation] if occupation else "—",
                levels[level],
                f"{forms[form]}（{platform}）" if platform else forms[form],
            )
        )
    return out


def worker_list(request: AuthedRequest) -> HttpResponse:
    require_union_user(request.user)
    stamp = stamps.current(stamps.ROSTER)
    form, qs = _filtered(request, stamp)
    values = qs.order_by("name_pinyin", "pk").values_list(*ROW_COLUMNS)
    paginator = StampedCountPaginator(values, PAGE_SIZE, stamp=stamps.ROSTER, stamp_value=stamp)
    page = paginator.get_page(form.page_number)
    context = {
        "form": form,
        "page": page,
        "rows": _rows(page.object_list, form.names),
        "can_add": policies.can_add_workers(request.user),
        "can_export_unmasked": policies.can_export_unmasked(request.user),
        "query": request.GET.urlencode(),
        "export_query": _export_params(request).urlencode(),
    }
    template = "workers/worker_results.html" if request.htmx else "workers/worker_list.html"
    return render(request, template, context)


def _export_params(request):
    """The list's filters, for the export links: those set, not the page nor a choice of
    unmasking."""
    params = request.GET.copy()
    for key in ("page", "unmasked", *(k for k, v in params.lists() if not any(v))):
        params.pop(key, None)
    return params


def worker_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    from jiangxin.competitions.record import competition_record
    from jiangxin.innovation.record import studio_record
    from jiangxin.innovation.sections_projects import overdue_for_lead
    from jiangxin.mentoring.models import Pair

    worker = get_for_user(
        Worker.objects.select_related("organisation", "enterprise", "occupation", "account"),
        request.user,
        pk=pk,
    )
    context = {
        "worker": worker,
        "honours": worker.honours.all(),
        "can_edit": policies.can_edit_worker(request.user, worker),
        "may_unmask": policies.may_unmask(request.user, worker),
        "can_reset_password": worker.account is not None
        and account_policies.can_issue_password_reset(request.user, worker.account),
        "age": _age(worker),
        "competitions": competition_record(worker, request.user),
        "lineage": Pair.objects.visible_to(request.user).lineage(worker),
        "studio_record": studio_record(worker, request.user),
        "my_overdue_milestones": overdue_for_lead(request.user)
        if worker.account_id == request.user.pk
        else [],
        "wishes": _open_programmes(worker) if worker.account_id == request.user.pk else [],
    }
    return render(request, "workers/worker_detail.html", context)


def _open_programmes(worker: Worker) -> list:
    """名师带高徒 programmes of this year the worker may state preferences in: on a targeted
    post, without a current master."""
    from jiangxin.accounts.access import path_and_ancestors
    from jiangxin.mentoring.models import Pair, Programme

    if Pair.objects.current().filter(apprentice=worker).exists():
        return []
    return [
        p
        for p in Programme.objects.filter(
            organisation__path__in=path_and_ancestors(worker.org_path),
            year=timezone.localdate().year,
        )
        if worker.post_category in p.posts
    ]


def _age(worker: Worker) -> int:
    from jiangxin.workers.idnumber import age_on

    return age_on(worker.birth_date, timezone.localdate())


@require_POST
def worker_unmask(request: AuthedRequest, pk: int) -> HttpResponse:
    worker = get_for_user(Worker.objects.select_related("organisation"), request.user, pk=pk)
    clear = services.unmask_worker(by=request.user, ip=client_ip(request), worker=worker)
    return render(request, "workers/worker_identity.html", {"worker": worker, "clear": clear})


def worker_new(request: AuthedRequest) -> HttpResponse:
    require_union_user(request.user)
    if not policies.can_add_workers(request.user):
        raise PermissionDenied(_("只读账号不能新增职工"))
    form = WorkerForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            worker = services.create_worker(
                by=request.user, ip=client_ip(request), **form.cleaned_data
            )
        except ValidationError as err:
            apply_errors(form, err)
        else:
            messages.success(request, _("已将 {name} 加入职工名册。").format(name=worker.name))
            return redirect("worker_detail", worker.pk)
    return render(request, "workers/worker_form.html", {"form": form})


def worker_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    worker = get_for_user(Worker.objects, request.user, pk=pk, edit=True)
    initial = {f: getattr(worker, f) for f in services.AUDITED_FIELDS}
    form = WorkerForm(request.POST or None, user=request.user, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        id_number = data.pop("id_number") or None
        mobile = data.pop("mobile") or None
        try:
            services.update_worker(
                by=request.user,
                ip=client_ip(request),
                worker=worker,
                id_number=id_number,
                mobile=mobile,
                **data,
            )
        except ValidationError as err:
            apply_errors(form, err)
        else:
            messages.success(request, _("职工信息已保存。"))
            return redirect("worker_detail", worker.pk)
    return render(request, "workers/worker_form.html", {"form": form, "worker": worker})


def honour_new(request: AuthedRequest, pk: int) -> HttpResponse:
    worker = get_for_user(Worker.objects, request.user, pk=pk, edit=True)
    form = HonourForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_honour(
                by=request.user, ip=client_ip(request), worker=worker, **form.cleaned_data
            )
        except ValidationError as err:
            apply_errors(form, err)
        else:
            messages.success(request, _("荣誉已添加。"))
            return redirect("worker_detail", worker.pk)
    return render(request, "workers/honour_form.html", {"form": form, "worker": worker})


def worker_export(request: AuthedRequest) -> HttpResponse:
    require_union_user(request.user)
    form, qs = _filtered(request)
    if not form.is_valid() and form.is_bound:
        # Never the file with the bad filter left out: that would be the whole subtree.
        return refused(request, query_errors(form))
    if form.wants_unmasked and not twofactor.recently_authenticated(request.session):
        return reauth_redirect(request)  # clear ID numbers: the password again first
    content = services.export_roster(
        by=request.user,
        ip=client_ip(request),
        workers=qs,
        unmasked=form.wants_unmasked,
        filters=request.GET.dict(),
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return xlsx_response(content, _("职工名册-{stamp}.xlsx").format(stamp=stamp))


def worker_export_unmasked(request: AuthedRequest) -> HttpResponse:
    """The confirm page before the export with full numbers: what the file holds (how many
    rows, how many in clear, under which filters) and what follows (it is audited, keep it
    safe). Its button asks ``worker_export`` for the file with the same filters, which asks
    for the password again when the last proof is old."""
    require_union_user(request.user)
    if not policies.can_export_unmasked(request.user):
        raise PermissionDenied(_("只有工会管理员可以导出完整的身份证号和手机号"))
    form, qs = _filtered(request)
    if not form.is_valid() and form.is_bound:
        return refused(request, query_errors(form))
    params = _export_params(request)
    context = {
        "rows": qs.count(),
        "clear": Worker.objects.editable_by(request.user).filter(pk__in=qs.values("pk")).count(),
        "filters": form.described(),
        "hidden": [(key, value) for key, values in params.lists() for value in values],
        "back": params.urlencode(),
    }
    return render(request, "workers/worker_export_unmasked.html", context)
