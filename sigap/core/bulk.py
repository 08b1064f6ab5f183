"""Writing many prepared rows at once: ids from the table's sequence, then ``COPY`` on
PostgreSQL or one ``executemany`` elsewhere (issue 8 §2, bulk seeding).

"Prepared" means every value is already what the database driver takes for its column (the
output of the field's ``get_db_prep_save``, or a plain ``int``/``str``/``datetime``/``UUID``
that the driver adapts itself on PostgreSQL). Nothing here validates, encrypts or hashes: the
callers prepare values through the model fields once and reuse them.
"""

from __future__ import annotations

import datetime
import decimal
import json
import re
import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, models

_ESCAPE = re.compile(r"[\\\t\n\r]")
_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
NULL = "\\N"


def copy_text(value: Any) -> str:
    """``value`` as one field of PostgreSQL's ``COPY ... FROM STDIN`` text format.

    ``None`` is ``\\N``; text has backslash, tab, newline and carriage return escaped; numbers,
    booleans, dates and times, UUIDs and psycopg's ``Json``/``Jsonb`` wrappers (what Django's
    ``JSONField`` prepares) are written as PostgreSQL reads them. Any other type raises
    ``TypeError`` (the caller falls back to nothing: it must be taught the type).
    """
    if value is None:
        return NULL
    kind = type(value)
    if kind is str:
        return _ESCAPE.sub(lambda m: _ESCAPES[m.group(0)], value)
    if kind is bool:
        return "t" if value else "f"
    if kind is int or kind is decimal.Decimal:
        return str(value)
    if kind is float:
        return repr(value)
    if kind in (datetime.datetime, datetime.date, datetime.time):
        return value.isoformat()
    if kind is uuid.UUID:
        return str(value)
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, int | decimal.Decimal):  # e.g. psycopg's Int4 wrapper
        return str(int(value)) if isinstance(value, int) else str(value)
    if isinstance(value, str):
        return copy_text(str(value))
    obj = getattr(value, "obj", _MISSING)  # psycopg.types.json.Json / Jsonb
    if obj is not _MISSING and kind.__module__.startswith("psycopg.types.json"):
        dumps = getattr(value, "dumps", None) or json.dumps
        text = dumps(obj)
        return copy_text(text.decode() if isinstance(text, bytes) else text)
    raise TypeError(f"no COPY text form for {kind.__name__}")


_MISSING = object()


def _plain_text(value: str) -> str:
    return value if not _ESCAPE.search(value) else copy_text(value)


# The common types first, by exact type (subclasses and the rest go through copy_text).
FAST_TEXT = {
    int: str,
    str: _plain_text,
    datetime.datetime: datetime.datetime.isoformat,
    datetime.date: datetime.date.isoformat,
    type(None): lambda _value: NULL,
}


def sqlite_converter(field: models.Field, conn):
    """A function giving ``field``'s SQLite parameter for a Python value, as
    ``field.get_db_prep_save(value, conn)`` would, without its per-call settings lookups where
    that is safe: date-times become the naive text in the connection's time zone
    (``str(value.astimezone(conn.timezone).replace(tzinfo=None))``, what Django's SQLite
    ``adapt_datetimefield_value`` returns with ``USE_TZ``), dates ``str(value)``, plain ``str``
    and ``int`` values of text and integer columns pass as they are. Any other field or value
    goes through ``get_db_prep_save``. Raises nothing of its own."""
    from django.conf import settings

    def slow(value):
        return field.get_db_prep_save(value, conn)

    if isinstance(field, models.DateTimeField) and settings.USE_TZ:
        tz = conn.timezone

        def convert_datetime(value):
            if type(value) is datetime.datetime:
                if value.tzinfo is not None:
                    value = value.astimezone(tz).replace(tzinfo=None)
                return str(value)
            return slow(value)

        return convert_datetime
    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        return lambda value: str(value) if type(value) is datetime.date else slow(value)
    plain = (models.CharField, models.TextField, models.IntegerField, models.ForeignKey)
    if isinstance(field, plain) and not isinstance(field, models.GenericIPAddressField):
        kinds = (str,) if isinstance(field, (models.CharField, models.TextField)) else (int,)
        return lambda value: value if type(value) in kinds else slow(value)
    return slow


# The table's sequence, looked up once per statement (an uncorrelated sub-select, with the cast
# inside it, is evaluated once): ``nextval(pg_get_serial_sequence(...))`` looked the sequence up
# in the catalogue again for every id, five times the cost of the ``nextval`` itself, and the
# bulk seed takes ~110 ids per case (measured 2026-12-06: 341 ms against 64 ms per 100,000).
_NEXTVAL = "nextval((SELECT pg_get_serial_sequence(%s, %s)::regclass))"


def reserve_many(
    wanted: dict[type[models.Model], int], *, using: str = DEFAULT_DB_ALIAS
) -> dict[type[models.Model], list[int]]:
    """:func:`reserve_ids` for several models; on PostgreSQL in one round trip.

    ``wanted`` is ``{model: how many ids}``; returns ``{model: ascending ids}``."""
    wanted = {m: n for m, n in wanted.items() if n > 0}
    conn = connections[using]
    if conn.vendor != "postgresql" or len(wanted) < 2:
        return {m: reserve_ids(m, n, using=using) for m, n in wanted.items()}
    parts, params = [], []
    for k, (m, n) in enumerate(wanted.items()):
        parts.append(
            f"SELECT {k} AS k, min(v), max(v), CASE WHEN max(v) - min(v) + 1 = count(*) "  # noqa: S608
            "THEN NULL ELSE array_agg(v ORDER BY v) END FROM (SELECT "
            f"{_NEXTVAL} AS v FROM generate_series(1, %s)) s"
        )
        params += [m._meta.db_table, m._meta.pk.column, n]
    with conn.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        found = {k: (low, high, values) for k, low, high, values in cursor.fetchall()}
    out = {}
    for k, m in enumerate(wanted):
        low, high, values = found[k]
        out[m] = list(values) if values is not None else list(range(low, high + 1))
    return out


def reserve_ids(model: type[models.Model], n: int, *, using: str = DEFAULT_DB_ALIAS) -> list[int]:
    """``n`` fresh primary keys for ``model``, ascending.

    PostgreSQL: taken from the table's sequence (safe beside other writers). Other databases:
    the next ``n`` after the highest id (only for single-writer bulk loads such as seeding;
    SQLite moves its ``AUTOINCREMENT`` counter past explicit ids by itself).
    """
    if n <= 0:
        return []
    conn = connections[using]
    meta = model._meta
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            # One round trip; the values come back as a range unless another writer's nextval
            # interleaved with ours (then as the sorted list).
            cursor.execute(
                f"WITH s AS (SELECT {_NEXTVAL} AS v "  # noqa: S608 - a fixed fragment
                "FROM generate_series(1, %s)) SELECT min(v), max(v), CASE WHEN "
                "max(v) - min(v) + 1 = count(*) THEN NULL ELSE array_agg(v ORDER BY v) END FROM s",
                [meta.db_table, meta.pk.column, n],
            )
            low, high, values = cursor.fetchone()
            return list(values) if values is not None else list(range(low, high + 1))
        table = conn.ops.quote_name(meta.db_table)
        column = conn.ops.quote_name(meta.pk.column)
        cursor.execute(f"SELECT MAX({column}) FROM {table}")  # noqa: S608 - fixed names
        start = (cursor.fetchone()[0] or 0) + 1
    return list(range(start, start + n))


def _target(conn, model: type[models.Model], fields: Sequence[models.Field]) -> tuple[str, str]:
    """The quoted table name and column list of ``model`` for ``fields``."""
    columns = ", ".join(conn.ops.quote_name(f.column) for f in fields)
    return conn.ops.quote_name(model._meta.db_table), columns


def write_rows(
    model: type[models.Model],
    fields: Sequence[models.Field],
    rows: Iterable[Sequence],
    *,
    using: str = DEFAULT_DB_ALIAS,
) -> None:
    """Insert ``rows`` (one prepared value per field of ``fields``, in that order) into
    ``model``'s table: ``COPY ... FROM STDIN`` on PostgreSQL, ``executemany`` elsewhere.
    Runs in the caller's transaction; raises the driver's error (e.g. ``IntegrityError``)."""
    conn = connections[using]
    table, columns = _target(conn, model, fields)
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:  # noqa: S608
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(fields))
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(rows))  # noqa: S608


def insert_objects(model: type[models.Model], objs: list, *, batch_size: int = 2000) -> None:
    """Insert unsaved model instances and set their primary keys, in list order.

    PostgreSQL: ids from the table's sequence (:func:`reserve_ids`), then one ``COPY`` of the
    values each field's ``pre_save``/``get_db_prep_save`` makes (so encryption and keyed hashes
    are applied exactly as on a normal save; generated columns are left to the database).
    Other databases: ``bulk_create`` in batches of ``batch_size``. Runs in the caller's
    transaction.
    """
    if not objs:
        return
    conn = connections[DEFAULT_DB_ALIAS]  # the wrapper itself: the proxy costs per attribute
    if conn.vendor != "postgresql":
        model.objects.bulk_create(objs, batch_size=batch_size)
        return
    fields = [f for f in model._meta.concrete_fields if not getattr(f, "generated", False)]
    for obj, pk in zip(objs, reserve_ids(model, len(objs)), strict=True):
        obj.pk = pk
    write_rows(
        model,
        fields,
        ([f.get_db_prep_save(f.pre_save(obj, True), conn) for f in fields] for obj in objs),
    )
    for obj in objs:
        obj._state.adding = False
        obj._state.db = conn.alias


def write_text(
    model: type[models.Model],
    fields: Sequence[models.Field],
    lines: Iterable[str],
    *,
    using: str = DEFAULT_DB_ALIAS,
) -> None:
    """PostgreSQL only: ``COPY`` ready-made text lines (fields joined by tabs, each made by
    :func:`copy_text`, each line ending in a newline) into ``model``'s table, in the caller's
    transaction."""
    conn = connections[using]
    table, columns = _target(conn, model, fields)
    statement = f"COPY {table} ({columns}) FROM STDIN"  # noqa: S608 - names quoted
    with conn.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        chunk: list[str] = []
        size = 0
        for line in lines:
            chunk.append(line)
            size += len(line)
            if size > 1 << 20:
                copy.write("".join(chunk))
                chunk, size = [], 0
        if chunk:
            copy.write("".join(chunk))
