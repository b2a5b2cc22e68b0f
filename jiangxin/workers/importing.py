"""Roster import: upload, validation, all-or-nothing write, error report, the job queue.

Every row is validated before anything is written; the write is one transaction that either
stores every row (created, or updated by ID number) or none. Files above
``IMPORT_INLINE_MAX_BYTES`` are validated and written by the job worker (django-tasks), with
progress on the job row; smaller ones are done inside the request.

The file is checked on upload (size, extension, content, the zip or OLE directory) and in full
by the spreadsheet guard before it is parsed; the parse runs under a memory ceiling: in a fresh
interpreter inside a request, in the job worker inside the forked child each task runs in
(``_guarded``), so a runaway file fails the job with a message and the worker lives on.
"""

from __future__ import annotations

import hashlib
import io
import os

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task
from openpyxl import Workbook

from jiangxin.accounts.access import reach_of
from jiangxin.accounts.models import User
from jiangxin.audit.models import AuditEntry
from jiangxin.audit.services import record as audit
from jiangxin.core import crypto, keys, stamps, uploads
from jiangxin.core.cells import safe_cell
from jiangxin.core.masking import mask_id_number
from jiangxin.organisations.models import Enterprise, Organisation
from jiangxin.workers import import_runs, policies
from jiangxin.workers.import_runs import heartbeat  # noqa: F401  (importing.heartbeat)
from jiangxin.workers.models import ImportJob, Occupation, SkillLevel, Worker
from jiangxin.workers.roster_format import TITLES, TemplateError, level_aliases, map_header
from jiangxin.workers.roster_rows import Lookups, RowError, check_rows, validate_rows
from jiangxin.workers.roster_write import write_records
from jiangxin.workers.spreadsheet import SpreadsheetError, read_sheet_safely

MAX_ERRORS_KEPT = 5000
PREVIEW_ROWS = 10
MEMBER_KINDS = (Organisation.Kind.ENTERPRISE, Organisation.Kind.JOINT, Organisation.Kind.INDUSTRY)


# --- what the uploader may refer to -------------------------------------------------------


def LEVEL_CHOICES() -> list[tuple[int, str]]:
    """Skill levels as plain strings (spreadsheets and dict keys cannot take lazy text)."""
    return [(value, str(label)) for value, label in SkillLevel.choices]


def build_lookups(user) -> Lookups:
    enterprises = {
        name: (pk, union_id, path)
        for pk, name, union_id, path in Enterprise.objects.editable_by(user).values_list(
            "pk", "name", "union_id", "union__path"
        )
    }
    unions = {
        name: (pk, path)
        for pk, name, path in Organisation.objects.editable_by(user)
        .filter(kind__in=MEMBER_KINDS)
        .values_list("pk", "name", "path")
    }
    occupations: dict[str, tuple[int, int, int, str]] = {}
    for pk, code, name, lo, hi in Occupation.objects.values_list(
        "pk", "code", "name", "min_level", "max_level"
    ):
        value = (pk, lo, hi, name)
        occupations[code] = value
        occupations[f"{name}（{code}）"] = value
        occupations.setdefault(name, value)
    reach = reach_of(user)
    return Lookups(
        enterprises=enterprises,
        unions=unions,
        occupations=occupations,
        levels=level_aliases(LEVEL_CHOICES()),
        level_names=dict(LEVEL_CHOICES()),
        edit_paths=reach.edit_paths,
        platform=reach.platform,
        today=timezone.localdate(),
    )


# --- upload -----------------------------------------------------------------------------------


def check_upload_size(size: int) -> None:
    limit = settings.IMPORT_MAX_BYTES
    if size > limit:
        raise ValidationError(
            _(
                "文件大小为 {size:.1f} MB，超过上限 {limit} MB。请拆分成几个文件分别导入，或删除多余的工作表和格式后再上传。"
            ).format(size=size / 1048576, limit=limit // 1048576)
        )


@transaction.atomic
def start_import(*, by: User, ip: str | None = None, name: str, content: bytes) -> ImportJob:
    """Store the upload and validate it (inline when small, else on the job queue)."""
    if not policies.can_import(by):
        raise PermissionDenied(_("只有工会管理员可以导入职工"))
    check_upload_size(len(content))
    kind = uploads.check_spreadsheet_bytes(name, content, max_bytes=settings.IMPORT_MAX_BYTES)
    job = ImportJob(created_by=by, original_name=os.path.basename(name)[:200] or "upload")
    # Stored under a name of our making, with the extension of what the file is.
    job.file.save(f"import-{timezone.now():%Y%m%d%H%M%S}.{kind}", ContentFile(content), save=False)
    job.save()
    queue_validation(job)
    return job


def queue_validation(job: ImportJob) -> None:
    """Validate the job's file once the transaction commits: in this process when it is small,
    else on the job queue (the task's id is kept on the job, to tell later whether it runs)."""
    if job.file.size <= settings.IMPORT_INLINE_MAX_BYTES:
        transaction.on_commit(lambda: run_validation(job.pk))
    else:
        transaction.on_commit(lambda: _enqueue(job.pk, validate_import_task))


def queue_apply(job: ImportJob, *, ip: str | None) -> None:
    if job.file.size <= settings.IMPORT_INLINE_MAX_BYTES:
        transaction.on_commit(lambda: run_apply(job.pk, ip=ip))
    else:
        transaction.on_commit(lambda: _enqueue(job.pk, apply_import_task, ip))


def _enqueue(job_id: int, task_, *args) -> None:
    result = task_.enqueue(job_id, *args)
    ImportJob.objects.filter(pk=job_id).update(task_id=str(result.id), heartbeat=timezone.now())


def _progress(job_id: int, **fields) -> None:
    """Write progress, and with it the heartbeat that tells the job is still being worked on."""
    ImportJob.objects.filter(pk=job_id).update(heartbeat=timezone.now(), **fields)


def _read(job: ImportJob):
    """The job's sheet, and the SHA-256 of its bytes. Bytes the guard let through at validation
    (same digest) are parsed without a second check."""
    with job.file.open("rb") as fh:
        data = fh.read()
    sha = hashlib.sha256(data).hexdigest()
    checked = job.file_kind if job.file_kind and job.checked_sha256 == sha else ""
    return read_sheet_safely(data, **uploads.sheet_reading(), checked_kind=checked), sha


def _validate(job: ImportJob, *, phase_label: str):
    """Read and validate the job's file: (records, errors, total rows, lookups)."""
    _progress(job.pk, status=job.status, phase=_("读取文件"))
    sheet, sha = _read(job)
    header_index = map_header(sheet.header)
    _progress(
        job.pk,
        total_rows=len(sheet.rows),
        processed_rows=0,
        phase=phase_label,
        file_kind=sheet.kind,
        checked_sha256=sha,
    )
    lookups = build_lookups(job.created_by)
    records, errors, total = validate_rows(
        sheet.rows,
        header_index,
        lookups,
        first_row=sheet.first_row,
        on_progress=lambda n: _progress(job.pk, processed_rows=n),
        text_only=sheet.kind == "csv",
    )
    digest = crypto.make_encryptor()[1]
    for rec in records:
        rec["id_hash"] = digest(rec["id_number"])
    _progress(job.pk, total_rows=total)
    return records, errors, total, lookups


def _foreign(records: list[dict], existing: dict[str, str], lookups: Lookups) -> list[RowError]:
    """Rows whose ID number belongs to a worker the uploader may not change."""
    return [
        RowError(
            rec["row"],
            TITLES["id_number"],
            _("该职工已在其他工会的名册中，您无权修改；请联系其所属工会"),
        )
        for rec in records
        if (path := existing.get(rec["id_hash"])) is not None and not lookups.may_edit(path)
    ]


def _existing(records: list[dict]) -> dict[str, str]:
    keys.bring_forward(Worker, "id_number_enc", [r["id_number"] for r in records])
    return _existing_by_hash([r["id_hash"] for r in records])


def _existing_by_hash(hashes: list[str]) -> dict[str, str]:
    """ID hash → organisation path, for the hashes already on the roster (one query on
    PostgreSQL, chunks of 900 on SQLite)."""
    table, orgs = Worker._meta.db_table, Organisation._meta.db_table
    sql = f"SELECT w.id_number_hash, o.path FROM {table} w JOIN {orgs} o ON o.id = w.organisation_id WHERE "
    found: dict[str, str] = {}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # one text parameter split on the server: binding 100,000 strings as an array
            # costs the client far more than the query
            cursor.execute(
                sql + "w.id_number_hash = ANY(string_to_array(%s, ','))", [",".join(hashes)]
            )
            found.update(cursor.fetchall())
        else:
            for start in range(0, len(hashes), 900):
                chunk = hashes[start : start + 900]
                cursor.execute(
                    sql + f"w.id_number_hash IN ({', '.join(['%s'] * len(chunk))})", chunk
                )
                found.update(cursor.fetchall())
    return found


def _fail(job: ImportJob, message: str) -> None:
    _progress(
        job.pk, status=ImportJob.Status.INVALID, message=message, phase="", finished=timezone.now()
    )


def run_validation(job_id: int) -> None:
    """Validate every row; on success the job waits for the uploader to confirm."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    job.status = ImportJob.Status.VALIDATING
    try:
        records, errors, total, lookups = _validate(job, phase_label=_("校验中"))
    except (SpreadsheetError, TemplateError) as err:
        _fail(job, str(err))
        return
    existing = _existing(records)
    errors = sorted(errors + _foreign(records, existing, lookups), key=lambda e: e.row)
    new = sum(1 for r in records if r["id_hash"] not in existing)
    preview = [
        [
            r["row"],
            r["name"],
            mask_id_number(r["id_number"]),
            _("更新") if r["id_hash"] in existing else _("新增"),
        ]
        for r in records[:PREVIEW_ROWS]
    ]
    _progress(
        job.pk,
        status=ImportJob.Status.INVALID if errors else ImportJob.Status.READY,
        processed_rows=total,
        new_count=new,
        update_count=len(records) - new,
        error_count=len(errors),
        errors=[[e.row, e.column, e.message] for e in errors[:MAX_ERRORS_KEPT]],
        preview=preview,
        message=""
        if not errors
        else _(
            "共发现 {count} 处错误，本次没有导入任何数据。请下载错误报告，改正后重新上传。"
        ).format(count=len(errors)),
        phase="",
        finished=timezone.now() if errors else None,
    )


def run_apply(job_id: int, ip: str | None = None) -> None:
    """Write every row in one transaction, or none. The rows are checked again as they are
    written (the roster may have changed since the preview); any error rolls everything back."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    _progress(job.pk, status=ImportJob.Status.IMPORTING, phase=_("读取文件"))
    try:
        sheet, _sha = _read(job)
        header_index = map_header(sheet.header)
    except (SpreadsheetError, TemplateError) as err:
        _fail(job, str(err))
        return
    lookups = build_lookups(job.created_by)
    _progress(
        job.pk,
        phase=_("校验并写入（全部成功才生效）"),
        total_rows=len(sheet.rows),
        processed_rows=0,
    )
    digest = crypto.make_encryptor()[1]
    errors: list[RowError] = []
    records: list[dict] = []  # kept for the audit entry's scope and the counts

    def valid_records(existing):
        for _offset, record, row_errors in check_rows(
            sheet.rows,
            header_index,
            lookups,
            first_row=sheet.first_row,
            text_only=sheet.kind == "csv",
        ):
            if row_errors:
                errors.extend(row_errors)
                continue
            number = record["id_number"]
            # the ID cells were hashed once already, to find the rows on the roster
            record["id_hash"] = hashed.get(number) or digest(number)
            path = existing.get(record["id_hash"])
            if path is not None and not lookups.may_edit(path):
                errors.append(
                    RowError(
                        record["row"],
                        TITLES["id_number"],
                        _("该职工已在其他工会的名册中，您无权修改；请联系其所属工会"),
                    )
                )
                continue
            records.append(record)
            if not errors:  # after the first error nothing more is sent: it will be rolled back
                yield record

    try:
        with transaction.atomic():
            candidates = _candidate_ids(sheet.rows, header_index)
            # During a key rotation rows under the earlier key get DATA_KEY's hash first, so
            # the upsert (which matches on it) updates them instead of adding a second row.
            keys.bring_forward(Worker, "id_number_enc", candidates)
            hashed = {v: digest(v) for v in candidates}
            existing = _existing_by_hash(list(hashed.values()))
            try:
                written, new = write_records(
                    valid_records(existing),
                    existing=existing,
                    editable_org_ids=_editable_org_ids(job.created_by),
                )
            except IntegrityError:
                raise _Conflict([]) from None
            if errors:
                raise _Conflict(sorted(errors, key=lambda e: e.row))
            if written != len(records):
                raise _Conflict([])
            updated = len(records) - new
            stamps.bump(stamps.ROSTER)
            audit(
                action=AuditEntry.Action.IMPORT,
                actor=job.created_by,
                ip=ip,
                object_type="workers.importjob",
                object_repr=_("{original_name}：新增 {new} 人，更新 {updated} 人").format(
                    original_name=job.original_name, new=new, updated=updated
                ),
                org_path=_common_path([r["org_path"] for r in records]),
                changes={"job": job.pk, "created": new, "updated": updated, "rows": len(records)},
            )
            ImportJob.objects.filter(pk=job.pk).update(
                status=ImportJob.Status.DONE,
                new_count=new,
                update_count=updated,
                total_rows=len(records),
                processed_rows=len(records),
                phase="",
                message=_("已导入 {count} 名职工：新增 {new} 人，更新 {updated} 人。").format(
                    count=len(records), new=new, updated=updated
                ),
                finished=timezone.now(),
            )
    except _Conflict as conflict:
        if conflict.errors:
            _invalid_after_preview(job, conflict.errors)
        else:
            _fail(
                job,
                _("导入过程中有其他人修改了名册中的同一职工，本次没有导入任何数据，请重新上传。"),
            )


def _candidate_ids(rows: list[list], header_index: dict[str, int]) -> list[str]:
    """The ID cells as written (normalised as the parser does), so the rows already on the
    roster can be found by their hashes with one query before any row is checked."""
    i = header_index["id_number"]
    out = []
    for raw in rows:
        value = raw[i] if i < len(raw) else None
        if value.__class__ is str and value:
            out.append(value.strip().replace(" ", ""))
    return out


def _invalid_after_preview(job: ImportJob, errors: list[RowError]) -> None:
    _progress(
        job.pk,
        status=ImportJob.Status.INVALID,
        error_count=len(errors),
        errors=[[e.row, e.column, e.message] for e in errors[:MAX_ERRORS_KEPT]],
        message=_("名册在预览后发生了变化，发现 {count} 处错误，本次没有导入任何数据。").format(
            count=len(errors)
        ),
        finished=timezone.now(),
        phase="",
    )


class _Conflict(Exception):
    def __init__(self, errors: list[RowError]):
        super().__init__("conflict")
        self.errors = errors


def _common_path(paths: list[str]) -> str:
    if not paths:
        return ""
    prefix = os.path.commonprefix(list({*paths}))
    return prefix[: prefix.rstrip("/").rfind("/") + 1] if not prefix.endswith("/") else prefix


def _editable_org_ids(user) -> list[int] | None:
    if reach_of(user).platform:
        return None
    return list(Organisation.objects.editable_by(user).values_list("pk", flat=True))


# --- error report ---------------------------------------------------------------------------


def error_report(job: ImportJob) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("错误报告"))
    ws.append([_("行号"), _("列"), _("问题")])
    if job.message and not job.errors:
        ws.append(["", "", safe_cell(job.message)])
    for row, column, message in job.errors:
        ws.append([row, safe_cell(column), safe_cell(message)])
    if job.error_count > len(job.errors):
        ws.append(
            [
                "",
                "",
                _("另有 {count} 处错误未列出，请先改正以上错误后重新校验。").format(
                    count=job.error_count - len(job.errors)
                ),
            ]
        )
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# --- the job queue ----------------------------------------------------------------------------


@task()
def validate_import_task(job_id: int) -> None:
    import_runs.run_step(run_validation, job_id)


@task()
def apply_import_task(job_id: int, ip: str | None = None) -> None:
    import_runs.run_step(run_apply, job_id, ip)
