from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.pagination import paginate

from jiangxin.accounts.access import get_for_user
from jiangxin.core.schemas import Id, Pagination, SearchText
from jiangxin.organisations.models import Enterprise, Organisation

router = Router(tags=[_("组织与企业")])


class OrganisationOut(Schema):
    id: int
    name: str
    short_name: str
    kind: str
    parent_id: int | None
    path: str
    depth: int


class EnterpriseOut(Schema):
    id: int
    name: str
    credit_code: str
    industry: str
    size: str
    address: str
    union_id: int

    @staticmethod
    def resolve_industry(obj) -> str:
        return obj.industry.name


@router.get("/organisations", response=list[OrganisationOut], summary=_("可查看的工会组织"))
@paginate(Pagination, page_size=100)
def list_organisations(request, kind: Organisation.Kind | None = None):
    qs = Organisation.objects.visible_to(request.auth).order_by("path")
    return qs.filter(kind=kind) if kind else qs


@router.get("/organisations/{pk}", response=OrganisationOut, summary=_("一个工会组织"))
def get_organisation(request, pk: Id):
    return get_for_user(Organisation.objects, request.auth, pk=pk)


@router.get("/enterprises", response=list[EnterpriseOut], summary=_("可查看的企业"))
@paginate(Pagination, page_size=100)
def list_enterprises(request, industry: SearchText | None = None):
    qs = Enterprise.objects.visible_to(request.auth).select_related("industry").order_by("name")
    return qs.filter(industry__name=industry) if industry else qs


@router.get("/enterprises/{pk}", response=EnterpriseOut, summary=_("一家企业"))
def get_enterprise(request, pk: Id):
    return get_for_user(Enterprise.objects.select_related("industry"), request.auth, pk=pk)
