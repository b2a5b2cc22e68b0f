import datetime

from django.utils.translation import gettext as _
from ninja import File, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate

from jiangxin.accounts.access import get_for_user
from jiangxin.audit.services import client_ip
from jiangxin.core.schemas import Id, Pagination, Problem, SearchText
from jiangxin.workers import import_jobs, importing
from jiangxin.workers.models import ImportJob, SkillLevel, Worker

router = Router(tags=[_("职工名册")])


class HonourOut(Schema):
    kind: str
    level: str
    title: str
    year: int


class WorkerOut(Schema):
    """A roster record. ID number and mobile are always masked here."""

    id: int
    name: str
    gender: str
    birth_date: datetime.date
    id_number_masked: str
    mobile_masked: str
    organisation_id: int
    enterprise_id: int | None
    employment_form: str
    platform_name: str
    occupation_code: str | None
    occupation_name: str | None
    job_post: str
    post_category: str
    skill_level: int
    skill_level_label: str
    front_line: bool
    start_date: datetime.date | None
    honours: list[HonourOut]

    @staticmethod
    def resolve_occupation_code(obj) -> str | None:
        return obj.occupation.code if obj.occupation else None

    @staticmethod
    def resolve_occupation_name(obj) -> str | None:
        return obj.occupation.name if obj.occupation else None

    @staticmethod
    def resolve_skill_level_label(obj) -> str:
        return obj.get_skill_level_display()

    @staticmethod
    def resolve_honours(obj) -> list:
        return list(obj.honours.all())


class ImportJobOut(Schema):
    id: int
    original_name: str
    status: str
    created: datetime.datetime
    finished: datetime.datetime | None
    total_rows: int
    processed_rows: int
    new_count: int
    update_count: int
    error_count: int
    message: str


def _workers(request):
    return (
        Worker.objects.visible_to(request.auth)
        .select_related("occupation")
        .prefetch_related("honours")
        .order_by("name_pinyin", "pk")
    )


@router.get("/workers", response=list[WorkerOut], summary=_("可查看的职工（脱敏）"))
@paginate(Pagination, page_size=50)
def list_workers(
    request,
    q: SearchText = "",
    organisation: Id | None = None,
    enterprise: Id | None = None,
    skill_level: SkillLevel | None = None,
):
    qs = _workers(request).search(q)
    if organisation is not None:
        qs = qs.filter(org_path__contains=f"/{organisation}/")
    if enterprise is not None:
        qs = qs.filter(enterprise_id=enterprise)
    if skill_level is not None:
        qs = qs.filter(skill_level=skill_level)
    return qs


@router.get("/workers/{pk}", response=WorkerOut, summary=_("一名职工（脱敏）"))
def get_worker(request, pk: Id):
    return get_for_user(_workers(request), request.auth, pk=pk)


@router.get("/imports", response=list[ImportJobOut], summary=_("本人的导入任务"))
@paginate(Pagination, page_size=50)
def list_imports(request):
    return ImportJob.objects.visible_to(request.auth)


@router.get("/imports/{pk}", response=ImportJobOut, summary=_("一个导入任务及其进度"))
def get_import(request, pk: Id):
    return import_jobs.fail_if_stale(get_for_user(ImportJob.objects, request.auth, pk=pk))


class ImportErrorOut(Schema):
    row: int
    column: str
    message: str


@router.get(
    "/imports/{pk}/errors",
    response=list[ImportErrorOut],
    summary=_("导入任务的错误（行号、列、原因）"),
)
def get_import_errors(request, pk: Id):
    job = get_for_user(ImportJob.objects, request.auth, pk=pk)
    return [{"row": r, "column": c, "message": m} for r, c, m in job.errors]


@router.post(
    "/imports",
    response={201: ImportJobOut, 400: Problem, 403: Problem},
    summary=_("上传名册文件，校验后等待确认"),
)
def create_import(request, file: File[UploadedFile]):
    importing.check_upload_size(file.size)
    job = importing.start_import(
        by=request.auth, ip=client_ip(request), name=file.name, content=file.read()
    )
    job.refresh_from_db()
    return Status(201, job)


@router.post(
    "/imports/{pk}/confirm",
    response={200: ImportJobOut, 400: Problem, 403: Problem},
    summary=_("确认导入（全部写入或全部不写入）"),
)
def confirm_import(request, pk: Id):
    job = get_for_user(ImportJob.objects, request.auth, pk=pk)
    import_jobs.confirm_import(by=request.auth, ip=client_ip(request), job=job)
    job.refresh_from_db()
    return job
