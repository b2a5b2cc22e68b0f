from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from jiangxin.accounts.access import reach_of
from jiangxin.core.landing import landing_url
from jiangxin.core.types import AuthedRequest
from jiangxin.dashboards.charts import bar, pie
from jiangxin.innovation.models import Studio
from jiangxin.mentoring.models import Pair
from jiangxin.organisations.models import Enterprise, Industry, Organisation
from jiangxin.workers.models import Honour, SkillLevel, Worker


def home(request: AuthedRequest) -> HttpResponse:
    reach = reach_of(request.user)
    if not reach.is_union_user:
        return redirect(landing_url(request.user))
    workers = Worker.objects.visible_to(request.user)
    totals = workers.aggregate(
        total=Count("pk"),
        skilled=Count("pk", filter=Q(skill_level__gte=SkillLevel.L2)),
        women=Count("pk", filter=Q(gender=Worker.Gender.FEMALE)),
        platform=Count("pk", filter=Q(employment_form=Worker.EmploymentForm.PLATFORM)),
        key_posts=Count("pk", filter=~Q(post_category="")),
    )
    industry_names = dict(Industry.objects.values_list("pk", "name"))
    by_industry = [
        (str(industry_names.get(row["enterprise__industry"], _("无单位"))), row["n"])
        for row in workers.values("enterprise__industry").annotate(n=Count("pk")).order_by("-n")
    ]
    level_labels = dict(SkillLevel.choices)
    by_level = [
        (str(level_labels[row["skill_level"]]), row["n"])
        for row in workers.values("skill_level").annotate(n=Count("pk")).order_by("skill_level")
    ]
    gender_labels = dict(Worker.Gender.choices)
    by_gender = [
        (str(gender_labels[row["gender"]]), row["n"])
        for row in workers.values("gender").annotate(n=Count("pk")).order_by("gender")
    ]
    form_labels = dict(Worker.EmploymentForm.choices)
    by_form = [
        (str(form_labels[row["employment_form"]]), row["n"])
        for row in workers.values("employment_form")
        .annotate(n=Count("pk"))
        .order_by("employment_form")
    ]
    roots = (
        Organisation.objects.filter(pk__in=_root_ids(reach))
        if not reach.platform
        else Organisation.objects.filter(parent=None)
    )
    context = {
        "roots": roots,
        "totals": totals,
        "enterprises": Enterprise.objects.visible_to(request.user).count(),
        # counted from the rows, as the registry's 已命名 figure (the link opens it filtered)
        "studios_named": Studio.objects.visible_to(request.user).named().count(),
        "honoured": Honour.objects.filter(worker__in=workers).values("worker").distinct().count(),
        "mentoring": Pair.objects.visible_to(request.user)
        .formed()
        .aggregate(
            this_year=Count("pk", filter=Q(starts_on__year=timezone.localdate().year)),
            last_year=Count("pk", filter=Q(starts_on__year=timezone.localdate().year - 1)),
            active=Count("pk", filter=Q(status=Pair.Status.ACTIVE)),
        ),
        "charts": {
            "industry": bar(by_industry, horizontal=True),
            "level": bar(by_level, horizontal=True),
            "gender": pie(by_gender),
            "form": pie(by_form),
        },
    }
    return render(request, "dashboards/home.html", context)


def _root_ids(reach) -> list[int]:
    return [int(p.strip("/").split("/")[-1]) for p in reach.view_paths]
