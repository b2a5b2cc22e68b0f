"""The restore drill: a backup is only as good as its last restore.

``drill()`` takes a dump of the database (or is given one), restores it into a scratch database,
and compares every table of the two — its row count and a checksum of its rows — then decrypts
a sample of the encrypted values of the restored copy with the configured data key, as a real
restore would need. The scratch copy is dropped afterwards. PostgreSQL: ``pg_dump -Fc`` and
``pg_restore`` into a database of its own; SQLite: its SQL text dump (``iterdump``) run into a
fresh database file.

The checksum of a table is order-free: the md5 of the sorted md5s of its rows as text
(PostgreSQL computes it in SQL; SQLite's rows are hashed here the same way for both copies).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.db import connection

SAMPLE = 20  # encrypted values decrypted per column


@dataclass
class TableCheck:
    table: str
    rows: int
    restored_rows: int
    same: bool


@dataclass
class DrillReport:
    tables: list[TableCheck] = field(default_factory=list)
    decrypted: int = 0
    dump: str = ""

    @property
    def ok(self) -> bool:
        return bool(self.tables) and all(t.same for t in self.tables)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _pg_fingerprints(cursor, tables: list[str]) -> dict[str, tuple[int, str]]:
    out = {}
    for table in tables:
        cursor.execute(
            f"SELECT count(*), md5(coalesce(string_agg(h, '' ORDER BY h), '')) "
            f"FROM (SELECT md5(t::text) AS h FROM {_quote(table)} t) s"
        )
        count, digest = cursor.fetchone()
        out[table] = (count, digest)
    return out


def _sqlite_fingerprints(conn: sqlite3.Connection, tables: list[str]) -> dict[str, tuple[int, str]]:
    """Each row as SQLite's own literal of every column (``quote()``): the same text through
    Django's connection, whose converters turn dates and decimals into objects, and a plain one."""
    out = {}
    for table in tables:
        columns = [row[1] for row in conn.execute(f"PRAGMA table_info({_quote(table)})")]
        row_text = " || ',' || ".join(f"quote({_quote(c)})" for c in columns) or "''"
        hashes = sorted(
            hashlib.md5(text.encode()).hexdigest()
            for (text,) in conn.execute(f"SELECT {row_text} FROM {_quote(table)}")
        )
        out[table] = (len(hashes), hashlib.md5("".join(hashes).encode()).hexdigest())
    return out


def _encrypted_columns() -> list[tuple[str, str, str]]:
    """(table, primary key column, token column) of every encrypted field."""
    found = []
    for model in apps.get_models():
        for token_field, _hash in getattr(model, "ENCRYPTED_FIELDS", ()):
            column = model._meta.get_field(token_field).column
            found.append((model._meta.db_table, model._meta.pk.column, column))
    return found


def _decrypt_sample(fetch) -> int:
    """Decrypt up to SAMPLE values of every encrypted column through ``fetch(sql)``; each must
    decrypt (a restore without the right key is no restore)."""
    from jiangxin.core import crypto

    done = 0
    for table, pk, column in _encrypted_columns():
        rows = fetch(
            f"SELECT {_quote(column)} FROM {_quote(table)} WHERE {_quote(column)} <> '' "
            f"ORDER BY {_quote(pk)} LIMIT {SAMPLE}"
        )
        for (token,) in rows:
            crypto.decrypt(token)  # raises on a wrong key or a damaged value
            done += 1
    return done


def _pg_env(cfg: dict) -> dict:
    env = dict(os.environ)
    env.update(
        {
            "PGHOST": cfg.get("HOST") or "127.0.0.1",
            "PGPORT": str(cfg.get("PORT") or 5432),
            "PGUSER": cfg.get("USER") or "postgres",
        }
    )
    if cfg.get("PASSWORD"):
        env["PGPASSWORD"] = cfg["PASSWORD"]
    return env


def _drill_postgres(dump: Path | None) -> DrillReport:
    import psycopg

    cfg = connection.settings_dict
    env = _pg_env(cfg)
    report = DrillReport()
    with tempfile.TemporaryDirectory(prefix="jx-drill-") as tmp:
        if dump is None:
            dump = take_dump(Path(tmp) / "jiangxin.dump")
        report.dump = str(dump)
        scratch = f"{cfg['NAME']}_drill_{uuid.uuid4().hex[:8]}"
        admin = psycopg.connect(
            host=env["PGHOST"],
            port=env["PGPORT"],
            user=env["PGUSER"],
            password=cfg.get("PASSWORD") or None,
            dbname="postgres",
            autocommit=True,
        )
        admin.execute(f"CREATE DATABASE {_quote(scratch)}")
        try:
            subprocess.run(
                ["pg_restore", "--no-owner", "--no-privileges", "--dbname", scratch, str(dump)],
                env=env,
                check=True,
                capture_output=True,
            )
            with connection.cursor() as cursor:
                tables = sorted(connection.introspection.table_names(cursor))
                ours = _pg_fingerprints(cursor, tables)
            with (
                psycopg.connect(
                    host=env["PGHOST"],
                    port=env["PGPORT"],
                    user=env["PGUSER"],
                    password=cfg.get("PASSWORD") or None,
                    dbname=scratch,
                ) as restored,
                restored.cursor() as cursor,
            ):
                theirs = _pg_fingerprints(cursor, tables)
                report.decrypted = _decrypt_sample(lambda sql: restored.execute(sql).fetchall())
        finally:
            admin.execute(f"DROP DATABASE IF EXISTS {_quote(scratch)} WITH (FORCE)")
            admin.close()
    report.tables = _compare(ours, theirs)
    return report


def _drill_sqlite(dump: Path | None) -> DrillReport:
    report = DrillReport()
    connection.ensure_connection()
    source = connection.connection
    with tempfile.TemporaryDirectory(prefix="jx-drill-") as tmp:
        if dump is None:
            dump = take_dump(Path(tmp) / "jiangxin.sql")
        report.dump = str(dump)
        restored = sqlite3.connect(Path(tmp) / "restored.sqlite3")
        try:
            restored.executescript(Path(dump).read_text(encoding="utf-8"))  # the restore
            with connection.cursor() as cursor:
                tables = sorted(connection.introspection.table_names(cursor))
            ours = _sqlite_fingerprints(source, tables)
            theirs = _sqlite_fingerprints(restored, tables)
            report.decrypted = _decrypt_sample(lambda sql: restored.execute(sql).fetchall())
        finally:
            restored.close()
    report.tables = _compare(ours, theirs)
    return report


def _compare(ours: dict, theirs: dict) -> list[TableCheck]:
    return [
        TableCheck(
            table, ours[table][0], theirs.get(table, (-1, ""))[0], ours[table] == theirs.get(table)
        )
        for table in sorted(ours)
    ]


def take_dump(path: Path) -> Path:
    """A backup of the database into ``path``, as the documented schedule takes it."""
    if connection.vendor == "postgresql":
        cfg = connection.settings_dict
        subprocess.run(
            ["pg_dump", "--format=custom", "--file", str(path), cfg["NAME"]],
            env=_pg_env(cfg),
            check=True,
            capture_output=True,
        )
    else:
        # The SQL text of the whole database (sqlite3's .dump), read through the app's own
        # connection: it works inside an open transaction, where the backup API would wait.
        connection.ensure_connection()
        with path.open("w", encoding="utf-8") as out:
            for line in connection.connection.iterdump():
                out.write(line + "\n")
    return path


def drill(dump: Path | None = None) -> DrillReport:
    """Restore ``dump`` (default: a dump taken now) into a scratch database and compare."""
    if connection.vendor == "postgresql":
        return _drill_postgres(dump)
    if connection.vendor == "sqlite":
        return _drill_sqlite(dump)
    raise NotImplementedError(connection.vendor)
