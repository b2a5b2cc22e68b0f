"""Roster workflows. Views, the API, the importer and the demo all change workers here."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jiangxin.accounts.access import reach_of
from jiangxin.audit.models import AuditEntry
from jiangxin.audit.services import delete_audited, diff, record, save_audited
from jiangxin.core import crypto, stamps
from jiangxin.core.masking import mask_id_number, mask_mobile
from jiangxin.organisations.models import Enterprise, Organisation
from jiangxin.workers import policies
from jiangxin.workers.exporting import export_workbook
from jiangxin.workers.idnumber import MIN_WORKING_AGE, IdNumberError, age_on, parse_id_number
from jiangxin.workers.models import Honour, Occupation, SkillLevel, Worker
from jiangxin.workers.pinyin import search_keys, sort_key

if TYPE_CHECKING:
    from jiangxin.accounts.models import User

AUDITED_FIELDS = (
    "name",
    "organisation",
    "enterprise",
    "employment_form",
    "platform_name",
    "occupation",
    "job_post",
    "workshop",
    "post_category",
    "skill_level",
    "front_line",
    "start_date",
)


def normalise_mobile(raw: str) -> str:
    """A mainland mobile: 11 digits starting with 1. Raises ValidationError in Chinese."""
    mobile = (raw or "").strip().replace(" ", "").replace("-", "")
    if mobile.startswith("+86"):
        mobile = mobile[3:]
    if not mobile:
        return ""
    if not (len(mobile) == 11 and mobile.isdigit() and mobile[0] == "1"):
        raise ValidationError(_("手机号码应为以1开头的11位数字"))
    return mobile


def check_id_number(raw: str, *, today: datetime.date | None = None):
    """Parse an ID number for a worker (valid, and of working age)."""
    try:
        parsed = parse_id_number(raw, today=today)
    except IdNumberError as err:
        raise ValidationError(str(err)) from None
    if age_on(parsed.birth_date, today or datetime.date.today()) < MIN_WORKING_AGE:
        raise ValidationError(
            _("按公民身份号码计算，该职工未满{MIN_WORKING_AGE}周岁").format(
                MIN_WORKING_AGE=MIN_WORKING_AGE
            )
        )
    return parsed


def _set_identity(worker: Worker, *, id_number: str | None, mobile: str | None) -> None:
    if id_number is not None:
        parsed = check_id_number(id_number)
        worker.id_number_enc = crypto.encrypt(parsed.number)
        worker.id_number_hash = crypto.keyed_hash(parsed.number)
        worker.id_number_masked = mask_id_number(parsed.number)
        worker.birth_date = parsed.birth_date
        worker.gender = parsed.gender
    if mobile is not None:
        mobile = normalise_mobile(mobile)
        worker.mobile_enc = crypto.encrypt(mobile) if mobile else ""
        worker.mobile_hash = crypto.keyed_hash(mobile) if mobile else ""
        worker.mobile_masked = mask_mobile(mobile)


def _check_placement(worker: Worker) -> None:
    errors = {}
    if worker.enterprise_id and worker.enterprise.union_id != worker.organisation_id:
        errors["enterprise"] = _("工作单位不属于所选工会，请先选择该企业所属的工会")
    if worker.occupation_id and not worker.occupation.allows(worker.skill_level):
        errors["skill_level"] = _("职业“{name}”只设 {levels}，不设{level}").format(
            name=worker.occupation.name,
            levels=worker.occupation.level_labels(),
            level=SkillLevel(worker.skill_level).label,
        )
    if worker.employment_form == Worker.EmploymentForm.PLATFORM and not worker.platform_name:
        errors["platform_name"] = _("新就业形态劳动者须填写平台名称")
    if errors:
        raise ValidationError(errors)


def _snapshot(worker: Worker) -> dict:
    return {f: getattr(worker, f) for f in AUDITED_FIELDS}


def _require_edit(by: User, organisation: Organisation) -> None:
    if not policies.can_manage_workers_of(by, organisation):
        raise PermissionDenied(_("您没有管理该工会职工的权限"))


@transaction.atomic
def create_worker(
    *,
    by: User,
    ip: str | None = None,
    organisation: Organisation,
    name: str,
    id_number: str,
    mobile: str = "",
    enterprise: Enterprise | None = None,
    occupation: Occupation | None = None,
    **fields,
) -> Worker:
    _require_edit(by, organisation)
    worker = Worker(
        organisation=organisation,
        org_path=organisation.path,
        enterprise=enterprise,
        occupation=occupation,
        name=name.strip(),
        **fields,
    )
    worker.name_search = search_keys(worker.name)
    worker.name_pinyin = sort_key(worker.name)
    _set_identity(worker, id_number=id_number, mobile=mobile)
    if Worker.objects.filter(id_number_hash__in=crypto.lookup_hashes(worker.id_number())).exists():
        raise ValidationError({"id_number": _("该公民身份号码已在职工名册中")})
    _check_placement(worker)
    worker.full_clean()
    worker.save()
    stamps.bump(stamps.ROSTER)
    record(
        action=AuditEntry.Action.CREATE,
        actor=by,
        ip=ip,
        obj=worker,
        org_path=organisation.path,
        changes=diff({}, _snapshot(worker)),
    )
    return worker


@transaction.atomic
def update_worker(
    *,
    by: User,
    ip: str | None = None,
    worker: Worker,
    id_number: str | None = None,
    mobile: str | None = None,
    **fields,
) -> Worker:
    worker = Worker.objects.select_for_update().get(pk=worker.pk)
    _require_edit(by, worker.organisation)
    before = _snapshot(worker)
    for key, value in fields.items():
        if key not in AUDITED_FIELDS:
            raise TypeError(f"not an editable worker field: {key}")
        setattr(worker, key, value.strip() if isinstance(value, str) else value)
    if "organisation" in fields:
        _require_edit(by, worker.organisation)
        worker.org_path = worker.organisation.path
    worker.name_search = search_keys(worker.name)
    worker.name_pinyin = sort_key(worker.name)
    old_hash = worker.id_number_hash
    _set_identity(worker, id_number=id_number, mobile=mobile)
    # Hashes under every configured key: during a key rotation the stored one may be older.
    hashes = crypto.lookup_hashes(worker.id_number()) if id_number is not None else [old_hash]
    id_changed = old_hash not in hashes
    if id_changed and Worker.objects.filter(id_number_hash__in=hashes).exists():
        raise ValidationError({"id_number": _("该公民身份号码已在职工名册中")})
    _check_placement(worker)
    worker.full_clean()
    worker.save()
    stamps.bump(stamps.ROSTER)
    changes = diff(before, _snapshot(worker))
    if id_changed:
        changes["id_number"] = ["***", "***"]
    if mobile is not None:
        changes["mobile"] = ["***", "***"]
    record(
        action=AuditEntry.Action.UPDATE,
        actor=by,
        ip=ip,
        obj=worker,
        org_path=worker.organisation.path,
        changes=changes,
    )
    return worker


@transaction.atomic
def delete_worker(*, by: User, ip: str | None = None, worker: Worker) -> None:
    _require_edit(by, worker.organisation)
    record(
        action=AuditEntry.Action.DELETE,
        actor=by,
        ip=ip,
        obj=worker,
        org_path=worker.organisation.path,
        changes=diff(_snapshot(worker), {}),
    )
    worker.delete()
    stamps.bump(stamps.ROSTER)


@dataclass(frozen=True)
class Unmasked:
    id_number: str
    mobile: str


@transaction.atomic
def unmask_worker(*, by: User, ip: str | None = None, worker: Worker) -> Unmasked:
    """Reveal one worker's ID number and mobile to a user who may see them, and log it."""
    if not policies.may_unmask(by, worker):
        raise PermissionDenied(_("您没有查看该职工完整信息的权限"))
    record(
        action=AuditEntry.Action.UNMASK,
        actor=by,
        ip=ip,
        obj=worker,
        org_path=worker.organisation.path,
        changes={"fields": ["id_number", "mobile"]},
    )
    return Unmasked(id_number=worker.id_number(), mobile=worker.mobile())


@transaction.atomic
def add_honour(
    *,
    by: User,
    ip: str | None = None,
    worker: Worker,
    kind: str,
    level: str,
    year: int,
    title: str = "",
) -> Honour:
    _require_edit(by, worker.organisation)
    honour = Honour(worker=worker, kind=kind, level=level, year=year, title=title.strip())
    honour.full_clean()
    honour.save()
    stamps.bump(stamps.ROSTER)
    record(
        action=AuditEntry.Action.CREATE,
        actor=by,
        ip=ip,
        obj=honour,
        org_path=worker.organisation.path,
        object_repr=f"{worker.name}：{honour.display()}",
    )
    return honour


def export_roster(
    *, by: User, ip: str | None = None, workers, unmasked: bool = False, filters: dict
) -> bytes:
    """The listed workers as .xlsx, masked; with ``unmasked``, the ID numbers and mobiles of
    those the user may change are in clear. Both the export and the unmasking are audited."""
    workers = (
        workers.select_related("organisation", "enterprise", "occupation")
        .prefetch_related("honours")
        .order_by("name_pinyin", "pk")
    )
    clear_ids: set[int] = set()
    if unmasked:
        clear_ids = set(
            Worker.objects.editable_by(by)
            .filter(pk__in=workers.values("pk"))
            .values_list("pk", flat=True)
        )
    rows = list(workers)
    content = export_workbook(rows, clear_ids=clear_ids)
    reach = reach_of(by)
    record(
        action=AuditEntry.Action.EXPORT,
        actor=by,
        ip=ip,
        object_type="workers.worker",
        object_repr=_("职工名册 {count} 人").format(count=len(rows)),
        org_path="" if reach.platform else (reach.view_paths[0] if reach.view_paths else ""),
        changes={"rows": len(rows), "unmasked_rows": len(clear_ids), "filters": filters},
    )
    if clear_ids:
        record(
            action=AuditEntry.Action.UNMASK,
            actor=by,
            ip=ip,
            object_type="workers.worker",
            object_repr=_("导出完整信息 {count} 人").format(count=len(clear_ids)),
            org_path="" if reach.platform else (reach.edit_paths[0] if reach.edit_paths else ""),
            changes={"rows": len(clear_ids)},
        )
    return content


@transaction.atomic
def update_honour(*, by: User, ip: str | None = None, honour: Honour, **fields) -> Honour:
    before = {f: getattr(honour, f) for f in ("kind", "level", "title", "year")}
    _require_edit(by, honour.worker.organisation)
    for key, value in fields.items():
        if key not in before:
            raise TypeError(f"not an editable honour field: {key}")
        setattr(honour, key, value.strip() if isinstance(value, str) else value)
    save_audited(
        honour,
        by=by,
        ip=ip,
        org_path=honour.worker.org_path,
        changes=diff(before, {f: getattr(honour, f) for f in before}),
    )
    stamps.bump(stamps.ROSTER)
    return honour


@transaction.atomic
def delete_honour(*, by: User, ip: str | None = None, honour: Honour) -> None:
    _require_edit(by, honour.worker.organisation)
    delete_audited(honour, by=by, ip=ip, org_path=honour.worker.org_path)
    stamps.bump(stamps.ROSTER)
