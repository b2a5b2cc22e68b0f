"""Writing validated roster records to the database, fast: COPY on PostgreSQL, one upsert on
SQLite. Used by the importer and the demo loader; callers have validated every record."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db import connection
from django.utils import timezone

from jiangxin.core import crypto
from jiangxin.core.masking import mask_id_number, mask_mobile
from jiangxin.workers.models import Worker
from jiangxin.workers.pinyin import search_keys, sort_key

# --- writing --------------------------------------------------------------------------------

WRITE_COLUMNS = [
    "name",
    "name_search",
    "name_pinyin",
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
            sort_key(r["name"]),
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
