"""Personal-data workflows: accepting the notice, a worker's own data as a file, and their
correction requests. Views and commands call these; each is audited."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiangxin.audit.models import AuditEntry
from jiangxin.audit.services import record, save_audited
from jiangxin.core import crypto
from jiangxin.privacy import holdings, notice, policies
from jiangxin.privacy.export import to_json, to_xlsx
from jiangxin.privacy.models import Consent, CorrectionRequest
from jiangxin.workers import policies as worker_policies
from jiangxin.workers.models import Worker

if TYPE_CHECKING:
    from jiangxin.accounts.models import User

DETAILS_MAX = 500


@transaction.atomic
def record_consent(*, by: User, ip: str | None = None, via: str) -> Consent:
    """``by`` accepts the current notice. Accepting again (two tabs, a double click) returns
    the first record unchanged."""
    version = notice.current_version()
    existing = Consent.objects.filter(user=by, version=version).first()
    if existing is not None:
        return existing
    consent = Consent(user=by, version=version, text_digest=notice.digest(version), via=via, ip=ip)
    try:
        with transaction.atomic():
            save_audited(
                consent,
                by=by,
                ip=ip,
                org_path="",
                object_repr=_("同意个人信息处理规则（第{version}版）").format(version=version),
                changes={"version": version, "via": via},
            )
    except IntegrityError:  # the same acceptance sent twice at once
        return Consent.objects.get(user=by, version=version)
    return consent


def _own_worker(by: User) -> Worker:
    worker_id = policies.own_worker_id(by)
    if worker_id is None:
        raise PermissionDenied(_("只有绑定了职工档案的账号才能查看本人数据"))
    return Worker.objects.select_related("organisation", "enterprise", "occupation").get(
        pk=worker_id
    )


@transaction.atomic
def export_own_data(*, by: User, ip: str | None = None, file_format: str) -> bytes:
    """Everything the platform holds about ``by``'s roster record and account, as .xlsx or
    JSON, with their ID number and mobile in clear (it is their own). Audited as an export and
    as an unmasking, like the roster's unmasked export."""
    worker = _own_worker(by)
    data = holdings.collect(worker=worker, user=by, clear=True)
    content = to_xlsx(data) if file_format == "xlsx" else to_json(data)
    record(
        action=AuditEntry.Action.EXPORT,
        actor=by,
        ip=ip,
        obj=worker,
        org_path=worker.org_path,
        object_repr=_("本人数据 {name}").format(name=worker.name),
        changes={"format": file_format, "sections": [s.key for s in data.sections]},
    )
    record(
        action=AuditEntry.Action.UNMASK,
        actor=by,
        ip=ip,
        obj=worker,
        org_path=worker.org_path,
        changes={"fields": ["id_number", "mobile"], "by": "own_data_export"},
    )
    return content


@transaction.atomic
def request_correction(
    *, by: User, ip: str | None = None, item: str, details: str
) -> CorrectionRequest:
    """A worker asks their union to correct one item of their record. The same item may not be
    asked twice while the first request is open."""
    worker = _own_worker(by)
    details = (details or "").strip()
    if not details:
        raise ValidationError({"details": _("请写明这一项应当更正为什么")})
    if len(details) > DETAILS_MAX:
        raise ValidationError({"details": _("请不超过 {count} 个字").format(count=DETAILS_MAX)})
    Worker.objects.select_for_update().filter(pk=worker.pk).first()  # one request at a time
    if CorrectionRequest.objects.open().filter(worker=worker, item=item).exists():
        raise ValidationError({"item": _("这一项已有待处理的更正申请，请等工会处理后再提交")})
    correction = CorrectionRequest(
        worker=worker, requested_by=by, item=item, details_enc=crypto.encrypt(details)
    )
    # What it should be is not copied into the log (it is often an ID number or a mobile).
    return save_audited(
        correction,
        by=by,
        ip=ip,
        org_path=worker.org_path,
        changes={"item": item},
        exclude=["worker", "requested_by", "decided_by"],
    )


@transaction.atomic
def decide_correction(
    *, by: User, ip: str | None = None, correction: CorrectionRequest, status: str, note: str
) -> CorrectionRequest:
    """Close a request: ``resolved`` (the record has been corrected) or ``rejected`` (with the
    reason). Only someone who may edit the worker's record decides, and only once."""
    correction = (
        CorrectionRequest.objects.select_for_update().select_related("worker").get(pk=correction.pk)
    )
    if not worker_policies.can_edit_worker(by, correction.worker):
        raise PermissionDenied(_("只有能修改该职工档案的工会管理员可以处理更正申请"))
    if not correction.is_open:
        raise ValidationError(
            _("该申请已处理（{status}），无需再次处理").format(
                status=correction.get_status_display()
            )
        )
    if status not in (CorrectionRequest.Status.RESOLVED, CorrectionRequest.Status.REJECTED):
        raise ValidationError(_("请选择“已更正”或“不予更正”"))
    note = (note or "").strip()
    if status == CorrectionRequest.Status.REJECTED and not note:
        raise ValidationError({"note": _("不予更正时请写明理由，职工会看到它")})
    correction.status = status
    correction.note = note
    correction.decided_by = by
    correction.decided_at = timezone.now()
    return save_audited(
        correction,
        by=by,
        ip=ip,
        org_path=correction.worker.org_path,
        action=AuditEntry.Action.APPROVE
        if status == CorrectionRequest.Status.RESOLVED
        else AuditEntry.Action.REJECT,
        changes={"item": correction.item, "status": status, "note": note},
        exclude=["worker", "requested_by", "decided_by"],
    )
