"""Roster import: template, upload, validation, all-or-nothing write, error report.

Every row is validated before anything is written; the write is one transaction that either
stores every row (created, or updated by ID number) or none. Files above
``IMPORT_INLINE_MAX_BYTES`` are validated and written by the job worker (django-tasks), with
progress on the job row; smaller ones are done inside the request.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from jiangxin.accounts.access import reach_of
from jiangxin.audit.models import AuditEntry
from jiangxin.audit.services import record as audit
from jiangxin.core import crypto, stamps
from jiangxin.core.cells import safe_cell
from jiangxin.core.masking import mask_id_number, mask_mobile
from jiangxin.organisations.models import Enterprise, Organisation
from jiangxin.workers.models import ImportJob, Occupation, SkillLevel, Worker
from jiangxin.workers.pinyin import search_keys
from jiangxin.workers.roster_rows import (
    COLUMNS,
    EMPLOYMENT_FORM_OPTIONS,
    POST_CATEGORY_OPTIONS,
    SHEET_NOTES,
    SHEET_OPTIONS,
    SHEET_ROSTER,
    TITLES,
    YES_NO,
    Lookups,
    RowError,
    TemplateError,
    check_rows,
    level_aliases,
    map_header,
    validate_rows,
)
from jiangxin.workers.spreadsheet import SpreadsheetError, read_sheet

MAX_ERRORS_KEPT = 5000
PREVIEW_ROWS = 10
TEMPLATE_ROWS = 3000
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


# --- the template ---------------------------------------------------------------------------


def template_workbook(user) -> bytes:
    """The import template: headers, ID and mobile columns as text, drop-down lists for the
    enterprises, unions, occupations and levels this user may use."""
    lookups = build_lookups(user)
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_ROSTER
    lists = wb.create_sheet(SHEET_OPTIONS)
    notes = wb.create_sheet(SHEET_NOTES)
    header_fill = PatternFill("solid", fgColor="FBEAE8")
    for col, (_key, title, required) in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=1, column=col, value=title + ("*" if required else ""))
        cell.font = Font(bold=True, color="8C1D17" if required else "1F2328")
        cell.fill = header_fill
        cell.alignment = Alignment(horizontal="center")
    widths = [10, 22, 14, 30, 24, 16, 12, 30, 14, 14, 16, 10, 12, 14]
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[ws.cell(row=1, column=col).column_letter].width = width
    ws.freeze_panes = "A2"
    # Excel keeps 15 significant digits of a number: ID and mobile columns must be text.
    for letter in ("B", "C"):
        ws.column_dimensions[letter].number_format = "@"
        for row in range(2, TEMPLATE_ROWS + 2):
            ws[f"{letter}{row}"].number_format = "@"
    for row in range(2, TEMPLATE_ROWS + 2):
        ws[f"M{row}"].number_format = "yyyy-mm-dd"

    option_columns = {
        "enterprise": sorted(lookups.enterprises),
        "union": sorted(lookups.unions),
        "employment_form": EMPLOYMENT_FORM_OPTIONS,
        "occupation": sorted(k for k in lookups.occupations if "（" in k),
        "post_category": POST_CATEGORY_OPTIONS,
        "skill_level": [label for _v, label in LEVEL_CHOICES()],
        "front_line": YES_NO,
    }
    keys = [k for k, _t, _r in COLUMNS]
    titles = {k: t for k, t, _r in COLUMNS}
    for list_col, (key, values) in enumerate(option_columns.items(), start=1):
        letter = lists.cell(row=1, column=list_col).column_letter
        lists.cell(row=1, column=list_col, value=titles[key])
        for i, value in enumerate(values, start=2):
            lists.cell(row=i, column=list_col, value=value)
        if not values:
            continue
        target = ws.cell(row=1, column=keys.index(key) + 1).column_letter
        dv = DataValidation(
            type="list",
            formula1=f"={SHEET_OPTIONS}!${letter}$2:${letter}${len(values) + 1}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=_("请从列表中选择"),
            error=_("请从下拉列表中选择一项。"),
        )
        dv.add(f"{target}2:{target}{TEMPLATE_ROWS + 1}")
        ws.add_data_validation(dv)
    lists.sheet_state = "hidden"
    for line in [
        _("1. 带 * 的列必填。每行一名职工；公民身份号码已在名册中的，按本表更新该职工信息。"),
        _(
            "2. 公民身份号码、手机号码两列已设为“文本”格式。请不要改成数字格式：Excel 只保留15位有效数字，18位号码会失真。"
        ),
        _(
            "3. 工作单位、所属工会、职业、技能等级等请从下拉列表中选择。没有工作单位的平台劳动者，填写所属工会和平台名称。"
        ),
        _(
            "4. 不要使用公式。导入前系统会逐行校验，任何一行有错误都不会导入，并给出错误报告（行号、列名、原因）。"
        ),
        _("5. 也可以上传 .xls 或 .csv（UTF-8 或 GBK 编码）文件，表头须与本模板相同。"),
    ]:
        notes.append([line])
    notes.column_dimensions["A"].width = 120
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


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
def start_import(*, by, request=None, name: str, content: bytes) -> ImportJob:
    """Store the upload and validate it (inline when small, else on the job queue)."""
    reach = reach_of(by)
    if not (reach.platform or reach.edit_paths):
        raise PermissionDenied(_("只有工会管理员可以导入职工"))
    check_upload_size(len(content))
    if not content:
        raise ValidationError(_("上传的文件是空的。"))
    job = ImportJob(created_by=by, original_name=os.path.basename(name)[:200] or "upload")
    job.file.save(
        f"import-{timezone.now():%Y%m%d%H%M%S}{_suffix(name)}", ContentFile(content), save=False
    )
    job.save()
    if len(content) <= settings.IMPORT_INLINE_MAX_BYTES:
        transaction.on_commit(lambda: run_validation(job.pk))
    else:
        transaction.on_commit(lambda: validate_import_task.enqueue(job.pk))
    return job


def _suffix(name: str) -> str:
    ext = os.path.splitext(name)[1].lower()
    return ext if ext in {".xlsx", ".xls", ".csv"} else ".bin"


def _progress(job_id: int, **fields) -> None:
    ImportJob.objects.filter(pk=job_id).update(**fields)


def _read(job: ImportJob):
    with job.file.open("rb") as fh:
        data = fh.read()
    return read_sheet(data)


def _validate(job: ImportJob, *, phase_label: str):
    """Read and validate the job's file: (records, errors, total rows, lookups)."""
    _progress(job.pk, status=job.status, phase=_("读取文件"))
    sheet = _read(job)
    header_index = map_header(sheet.header)
    _progress(
        job.pk,
        total_rows=len(sheet.rows),
        processed_rows=0,
        phase=phase_label,
        file_kind=sheet.kind,
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
    return _existing_by_hash([r["id_hash"] for r in records])


def _existing_by_hash(hashes: list[str]) -> dict[str, str]:
    """ID hash → organisation path, for the hashes already on the roster (one query on
    PostgreSQL, chunks of 900 on SQLite)."""
    table, orgs = Worker._meta.db_table, Organisation._meta.db_table
    sql = f"SELECT w.id_number_hash, o.path FROM {table} w JOIN {orgs} o ON o.id = w.organisation_id WHERE "
    found: dict[str, str] = {}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(sql + "w.id_number_hash = ANY(%s)", [hashes])
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


@transaction.atomic
def confirm_import(*, by, request=None, job: ImportJob) -> ImportJob:
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.created_by_id != by.pk:
        raise PermissionDenied(_("只能确认自己上传的导入"))
    if job.status != ImportJob.Status.READY:
        raise ValidationError(_("该导入不是“校验通过，待确认”状态，不能导入"))
    job.status = ImportJob.Status.QUEUED
    job.phase = _("排队等待导入")
    job.save(update_fields=["status", "phase"])
    if job.file.size <= settings.IMPORT_INLINE_MAX_BYTES:
        transaction.on_commit(lambda: run_apply(job.pk, ip=_ip(request)))
    else:
        transaction.on_commit(lambda: apply_import_task.enqueue(job.pk, _ip(request)))
    return job


def _ip(request) -> str | None:
    from jiangxin.audit.services import client_ip

    return client_ip(request)


@transaction.atomic
def cancel_import(*, by, job: ImportJob) -> ImportJob:
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.created_by_id != by.pk:
        raise PermissionDenied(_("只能取消自己上传的导入"))
    if job.status not in (ImportJob.Status.READY, ImportJob.Status.INVALID):
        raise ValidationError(_("导入已经开始或已经结束，不能取消"))
    job.status = ImportJob.Status.CANCELLED
    job.finished = timezone.now()
    job.save(update_fields=["status", "finished"])
    return job


def run_apply(job_id: int, ip: str | None = None) -> None:
    """Write every row in one transaction, or none. The rows are checked again as they are
    written (the roster may have changed since the preview); any error rolls everything back."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    _progress(job.pk, status=ImportJob.Status.IMPORTING, phase=_("读取文件"))
    try:
        sheet = _read(job)
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
            record["id_hash"] = digest(record["id_number"])
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
            existing = _existing_by_hash(_candidate_hashes(sheet.rows, header_index, digest))
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


def _candidate_hashes(rows: list[list], header_index: dict[str, int], digest) -> list[str]:
    """Hashes of the ID cells as written (normalised as the parser does), so the rows already
    on the roster can be found with one query before any row is checked."""
    i = header_index["id_number"]
    out = []
    for raw in rows:
        value = raw[i] if i < len(raw) else None
        if value.__class__ is str and value:
            out.append(digest(value.strip().replace(" ", "")))
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


# --- writing --------------------------------------------------------------------------------

WRITE_COLUMNS = [
    "name",
    "name_search",
    "gender",
    "birth_date",
    "id_number_enc",
    "id_number_hash",
    "id_number_masked",
    "mobile_enc",
    "mobile_hash",
    "mobile_masked",
    "organisation_id",
    "org_path",
    "enterprise_id",
    "employment_form",
    "platform_name",
    "occupation_id",
    "job_post",
    "workshop",
    "post_category",
    "skill_level",
    "front_line",
    "start_date",
    "created",
    "updated",
]
UPDATE_COLUMNS = [c for c in WRITE_COLUMNS if c not in ("id_number_hash", "created")]


def _copy_types() -> list[str]:
    """PostgreSQL types of WRITE_COLUMNS, for binary COPY (the server skips parsing text)."""
    names = {
        "bigint": "int8",
        "smallint": "int2",
        "boolean": "bool",
        "timestamp with time zone": "timestamptz",
    }
    types = []
    for column in WRITE_COLUMNS:
        field = Worker._meta.get_field(
            column.removesuffix("_id") if column.endswith("_id") else column
        )
        if field.is_relation:
            field = field.target_field
        db_type = field.db_type(connection).split("(")[0]
        types.append(names.get(db_type, db_type))
    return types


def encrypted_rows(records: list[dict]) -> Iterator[tuple]:
    """The records as table rows in WRITE_COLUMNS order, personal data encrypted. A generator,
    so rows can stream into COPY while the server indexes the previous ones."""
    enc, digest = crypto.make_encryptor()
    now = timezone.now()
    for r in records:
        mobile = r["mobile"]
        yield (
            r["name"],
            search_keys(r["name"]),
            r["gender"],
            r["birth_date"],
            enc(r["id_number"]),
            r["id_hash"],
            mask_id_number(r["id_number"]),
            enc(mobile) if mobile else "",
            digest(mobile) if mobile else "",
            mask_mobile(mobile),
            r["organisation_id"],
            r["org_path"],
            r["enterprise_id"],
            r["employment_form"],
            r["platform_name"],
            r["occupation_id"],
            r["job_post"],
            r["workshop"],
            r["post_category"],
            r["skill_level"],
            r["front_line"],
            r["start_date"],
            now,
            now,
        )


def write_records(
    records: Iterable[dict], *, existing: set[str] | dict, editable_org_ids: list[int] | None
) -> tuple[int, int]:
    """Insert the records whose ``id_hash`` is not in ``existing`` and update the others.
    Returns (rows written, rows inserted). Must run inside a transaction.

    ``records`` may be a generator that validates as it goes: rows stream to the database as
    they come, so PostgreSQL inserts and indexes them while Python checks the next ones. On
    PostgreSQL new rows are COPYed straight into the table (a row inserted meanwhile by someone
    else fails the unique index and rolls everything back); updates go through a COPYed
    temporary table. An existing worker outside ``editable_org_ids`` is left alone and not
    counted, so the caller sees the shortfall and rolls back. On SQLite one upsert does both."""
    table = Worker._meta.db_table
    cols = ", ".join(WRITE_COLUMNS)
    guard = ""
    if editable_org_ids is not None:
        ids = ",".join(str(int(i)) for i in editable_org_ids) or "NULL"
        guard = f" AND {table}.organisation_id IN ({ids})"
    old: list[dict] = []
    inserted = 0

    def new_only():
        nonlocal inserted
        for record in records:
            if record["id_hash"] in existing:
                old.append(record)
            else:
                inserted += 1
                yield record

    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            updates = ", ".join(f"{c} = excluded.{c}" for c in UPDATE_COLUMNS)
            where = f" WHERE {guard[5:]}" if guard else ""
            placeholders = ", ".join(["%s"] * len(WRITE_COLUMNS))
            cursor.executemany(
                f"INSERT INTO {table} ({cols}) VALUES ({placeholders}) "
                f"ON CONFLICT (id_number_hash) DO UPDATE SET {updates}{where}",
                encrypted_rows(_counting(records, existing, counter := [0])),
            )
            return cursor.rowcount, counter[0]
        written = 0
        with cursor.copy(f"COPY {table} ({cols}) FROM STDIN (FORMAT BINARY)") as copy:
            copy.set_types(_copy_types())
            for row in encrypted_rows(new_only()):
                copy.write_row(row)
        written += inserted
        if old:
            cursor.execute(
                f"CREATE TEMP TABLE jx_worker_import ON COMMIT DROP AS SELECT {cols} FROM {table} WITH NO DATA"
            )
            with cursor.copy(f"COPY jx_worker_import ({cols}) FROM STDIN (FORMAT BINARY)") as copy:
                copy.set_types(_copy_types())
                for row in encrypted_rows(old):
                    copy.write_row(row)
            sets = ", ".join(f"{c} = t.{c}" for c in UPDATE_COLUMNS)
            cursor.execute(
                f"UPDATE {table} SET {sets} FROM jx_worker_import t "
                f"WHERE {table}.id_number_hash = t.id_number_hash{guard}"
            )
            written += cursor.rowcount
            cursor.execute("DROP TABLE jx_worker_import")
        return written, inserted


def _counting(records: Iterable[dict], existing, counter: list[int]) -> Iterator[dict]:
    for record in records:
        if record["id_hash"] not in existing:
            counter[0] += 1
        yield record


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
    _guarded(run_validation, job_id)


@task()
def apply_import_task(job_id: int, ip: str | None = None) -> None:
    _guarded(run_apply, job_id, ip)


def _guarded(fn, job_id: int, *args) -> None:
    try:
        fn(job_id, *args)
    except Exception:
        ImportJob.objects.filter(pk=job_id).update(
            status=ImportJob.Status.FAILED,
            message=_("导入时发生系统错误，没有导入任何数据。请稍后重试或联系系统管理员。"),
            finished=timezone.now(),
        )
        raise
