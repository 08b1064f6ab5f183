"""Backup, restore and database copy for SQLite and PostgreSQL (issue 7, "Backup and restore").

A backup is a directory:

- ``database.sqlite3`` (SQLite, written with the ``sqlite3`` online backup API) or
  ``database.dump`` (PostgreSQL, ``pg_dump --format=custom``);
- ``manifest.json``: vendor, Django migration state, and per table its row count and a content
  hash (:func:`table_fingerprints`), to prove a restore;
- ``keys.env`` (mode 0600) **only when asked** (``--keys-output``): the field-encryption and
  search-hash keys (``SIGAP_FIELD_KEYS``, ``SIGAP_HASH_KEY``). Keys must never sit next to the
  dump they unlock: write them to a different place (a separate medium or a secrets store).
  Without the keys a restored database cannot show any identity field.

:func:`database_copy` copies every table row by row, raw (ciphertext and hashes unchanged),
from one database to another that is migrated and empty; it is how a running SQLite install
moves to PostgreSQL (docs/operations.md).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess  # noqa: S404 - pg_dump/pg_restore with fixed argument lists, no shell
import uuid
from datetime import UTC
from pathlib import Path

from django.conf import settings
from django.db import connections, transaction
from django.utils.dateparse import parse_datetime

MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.dump"
KEYS_FILE = "keys.env"
BATCH = 1000


class BackupError(Exception):
    """A backup or restore step failed; the message names the step (never any data)."""


def _tables(alias: str) -> list[str]:
    connection = connections[alias]
    with connection.cursor() as cursor:
        names = connection.introspection.table_names(cursor)
    return sorted(n for n in names if not n.startswith("sqlite_"))


def _canon(value) -> str:
    """A vendor-independent text form of one column value (for the content hash)."""
    if value is None:
        return "\x00"
    if isinstance(value, memoryview | bytes | bytearray):
        return bytes(value).hex()
    if isinstance(value, bool):
        return "1" if value else "0"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def table_fingerprints(alias: str = "default") -> dict[str, dict]:
    """``{table: {"rows": n, "sha256": hex}}`` for every table of database ``alias``.

    The hash is over the rows' canonical text forms, sorted, so it does not depend on the
    physical row order. Reads every row: an operations tool, not for page views.
    """
    connection = connections[alias]
    result = {}
    qn = connection.ops.quote_name
    for table in _tables(alias):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT * FROM {qn(table)}")  # noqa: S608 - introspected name
            rows = sorted("\x1f".join(_canon(v) for v in row) for row in cursor.fetchall())
        digest = hashlib.sha256("\x1e".join(rows).encode()).hexdigest()
        result[table] = {"rows": len(rows), "sha256": digest}
    return result


def _migration_state(alias: str) -> list[str]:
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        return [f"{app}.{name}" for app, name in cursor.fetchall()]


def _pg_env(params: dict) -> tuple[list[str], dict]:
    env = dict(os.environ)
    if params.get("PASSWORD"):
        env["PGPASSWORD"] = str(params["PASSWORD"])
    args = []
    if params.get("HOST"):
        args += ["--host", str(params["HOST"])]
    if params.get("PORT"):
        args += ["--port", str(params["PORT"])]
    if params.get("USER"):
        args += ["--username", str(params["USER"])]
    return args, env


def _run(cmd: list[str], env: dict, step: str) -> None:
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{step} failed (exit {done.returncode}): {done.stderr.strip()[:500]}")


def write_keys(path: Path) -> Path:
    """Write the field and hash keys to ``path`` (an env file, mode 0600)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = (
        f"SIGAP_FIELD_KEYS={','.join(settings.SIGAP_FIELD_KEYS)}\n"
        f"SIGAP_HASH_KEY={settings.SIGAP_HASH_KEY}\n"
    )
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(text)
    return path


def backup_create(output: Path, *, alias: str = "default", keys_output: Path | None = None):
    """Back up database ``alias`` into directory ``output`` (created; must be empty).

    Returns the manifest dict. Raises BackupError (tool failure, non-empty directory).
    ``keys_output``: where to write the keys (refused inside ``output``).
    """
    output = Path(output)
    if output.exists() and any(output.iterdir()):
        raise BackupError(f"{output} is not empty")
    if keys_output is not None and Path(keys_output).resolve().is_relative_to(output.resolve()):
        raise BackupError("write the keys outside the backup directory")
    output.mkdir(parents=True, exist_ok=True)
    connection = connections[alias]
    params = connection.settings_dict
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(output / SQLITE_FILE)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    elif connection.vendor == "postgresql":
        args, env = _pg_env(params)
        _run(
            [
                shutil.which("pg_dump") or "pg_dump",
                *args,
                "--format=custom",
                "--no-owner",
                "--file",
                str(output / PG_FILE),
                str(params["NAME"]),
            ],
            env,
            "pg_dump",
        )
    else:  # pragma: no cover - only SQLite and PostgreSQL are supported
        raise BackupError(f"unsupported database vendor {connection.vendor}")
    manifest = {
        "vendor": connection.vendor,
        "migrations": _migration_state(alias),
        "tables": table_fingerprints(alias),
    }
    (output / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))
    if keys_output is not None:
        write_keys(Path(keys_output))
    return manifest


def backup_restore(source: Path, *, alias: str = "default", verify: bool = True) -> dict:
    """Restore the backup in directory ``source`` into database ``alias``, which must be
    empty (no tables). With ``verify``, compares every table's row count and content hash with
    the manifest. Returns the manifest; raises BackupError on any difference.
    """
    source = Path(source)
    manifest = json.loads((source / MANIFEST).read_text())
    connection = connections[alias]
    if manifest["vendor"] != connection.vendor:
        raise BackupError(
            f"backup is {manifest['vendor']}, database is {connection.vendor}: "
            "use database_copy (manage.py db_copy) to change vendor"
        )
    if _tables(alias):
        raise BackupError("the target database is not empty; restore into an empty database")
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        origin = sqlite3.connect(source / SQLITE_FILE)
        try:
            origin.backup(connection.connection)
        finally:
            origin.close()
    else:
        args, env = _pg_env(connection.settings_dict)
        connection.close()
        _run(
            [
                shutil.which("pg_restore") or "pg_restore",
                *args,
                "--no-owner",
                "--exit-on-error",
                "--dbname",
                str(connection.settings_dict["NAME"]),
                str(source / PG_FILE),
            ],
            env,
            "pg_restore",
        )
    if verify:
        verify_against(manifest, alias=alias)
    return manifest


def verify_against(manifest: dict, *, alias: str = "default") -> None:
    """Raise BackupError naming every table whose row count or content hash differs."""
    now = table_fingerprints(alias)
    want = manifest["tables"]
    problems = [
        f"{t}: expected {want[t]['rows']} rows, found {now.get(t, {}).get('rows')}"
        if now.get(t, {}).get("rows") != want[t]["rows"]
        else f"{t}: content hash differs"
        for t in sorted(want)
        if now.get(t) != want[t]
    ]
    problems += [f"{t}: table not in the backup" for t in sorted(set(now) - set(want))]
    if problems:
        raise BackupError("restore does not match the backup: " + "; ".join(problems))


def drop_all_tables(alias: str) -> None:
    """Empty database ``alias`` completely (every table). For restore drills only."""
    connection = connections[alias]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
        return
    connection.ensure_connection()
    empty = sqlite3.connect(":memory:")
    try:
        empty.backup(connection.connection)
    finally:
        empty.close()


def _model_tables_in_order() -> list[tuple[str, list]]:
    """(table, concrete fields) of every model and m2m table, parents before children."""
    from django.apps import apps

    deps: dict[str, set[str]] = {}
    columns: dict[str, list] = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        table = meta.db_table
        columns[table] = list(meta.local_concrete_fields)
        deps[table] = {
            f.related_model._meta.db_table
            for f in meta.local_concrete_fields
            if f.is_relation and f.related_model is not None
        } - {table}
    ordered, seen = [], set()

    def visit(table: str, stack: tuple = ()) -> None:
        if table in seen or table in stack or table not in columns:
            return
        for parent in sorted(deps[table]):
            visit(parent, (*stack, table))
        seen.add(table)
        ordered.append(table)

    for table in sorted(columns):
        visit(table)
    return [(t, columns[t]) for t in ordered]


def database_copy(*, source: str, target: str = "default") -> dict[str, int]:
    """Copy every model table, raw, from database alias ``source`` into ``target``.

    ``target`` must be migrated to the same state and hold no rows in the model tables (run
    ``migrate`` first; ``migrate`` itself creates content types and permissions, which are
    replaced by the source's rows). Values are copied as stored: ciphertext, hashes and the
    audit chain stay valid. PostgreSQL sequences are reset afterwards. Returns
    ``{table: rows copied}``. Raises BackupError when the migration states differ.
    """
    from django.core.management.color import no_style

    if _migration_state(source) != _migration_state(target):
        raise BackupError("source and target are not migrated to the same state")
    src, dst = connections[source], connections[target]
    plan = _model_tables_in_order()
    counts: dict[str, int] = {}
    qn = dst.ops.quote_name
    # One transaction: foreign keys are DEFERRABLE INITIALLY DEFERRED on both vendors, so
    # self-references (areas) and cycles are checked once, at commit.
    with transaction.atomic(using=target), dst.cursor() as out:
        for table, _cols in reversed(plan):
            out.execute(f"DELETE FROM {qn(table)}")  # noqa: S608 - model table names
        for table, fields in plan:
            col_list = ", ".join(qn(f.column) for f in fields)
            marks = ", ".join(["%s"] * len(fields))
            insert = f"INSERT INTO {qn(table)} ({col_list}) VALUES ({marks})"  # noqa: S608
            counts[table] = 0
            with src.cursor() as cursor:
                src_cols = ", ".join(src.ops.quote_name(f.column) for f in fields)
                cursor.execute(f"SELECT {src_cols} FROM {src.ops.quote_name(table)}")  # noqa: S608
                while rows := cursor.fetchmany(BATCH):
                    out.executemany(
                        insert,
                        [
                            tuple(_to_target(f, v, dst) for f, v in zip(fields, r, strict=True))
                            for r in rows
                        ],
                    )
                    counts[table] += len(rows)
    from django.apps import apps

    sql = dst.ops.sequence_reset_sql(no_style(), list(apps.get_models(include_auto_created=True)))
    if sql:
        with dst.cursor() as out:
            for statement in sql:
                out.execute(statement)
    return counts


def _to_target(field, value, dst):
    """A raw value read from one vendor, as the other vendor stores it. Columns of the
    ``sigap.core.fields`` types (ciphertext, keyed hashes) are copied unchanged; SQLite's naive
    datetimes are UTC."""
    if value is None:
        return None
    if isinstance(value, memoryview):
        value = bytes(value)
    target = field.target_field if field.is_relation else field
    if type(target).__module__ == "sigap.core.fields":
        return value
    kind = target.get_internal_type()
    if kind == "UUIDField":
        value = value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    elif kind == "JSONField":
        if isinstance(value, str | bytes):
            value = json.loads(value)
    elif kind == "DateTimeField":
        if isinstance(value, str):
            value = parse_datetime(value)
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
    elif kind in ("DateField", "TimeField", "DecimalField", "BooleanField"):
        value = target.to_python(value)
    return target.get_db_prep_value(value, connection=dst, prepared=False)
