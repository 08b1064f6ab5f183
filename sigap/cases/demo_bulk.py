"""Bulk copies of service-made demo cases, for ``seed_demo --cases N`` at scale (issue 8 §2).

How: ``seed_demo`` first makes a few hundred *template* cases through the services (so every
row, flag, number and audit event is exactly what the services write). :class:`BulkCloner` then
copies those templates, round after round, until N cases exist:

- every row created by the template run is copied, in foreign-key order, whatever app it
  belongs to (cases, referrals, casework, justice, rights, ...), with new primary keys (taken
  from the sequences), new ``public_id`` UUIDs and its foreign keys pointed at the copies;
- each template row is prepared for the database once, by its own fields (ciphertext of the
  encrypted fields, keyed hashes such as ``nik_hash``): a copy changes only its ids, UUIDs,
  dates and names. On PostgreSQL the row is kept as a ``COPY`` text line with a slot for each
  of those, and rounds go in by ``COPY``; elsewhere by ``executemany``;
- people get new synthetic names of the same sex (encrypted, ``name_index`` and blocking keys
  made by the same code as on a normal save; beyond ``name_pool`` names per sex, names are
  drawn again from those made);
- each copied case is moved back in time by a few days (all its dates together, so the order
  of events stays as the services made it) and gets the next case number of its year from
  ``CaseCounter``;
- the template cases' audit events are copied too (actor, action, changes with ids remapped,
  the shifted time), hashed by the audit app's one content digest and written already
  chained by :func:`sigap.audit.services.audit_plain_writer` (``sealed=True``: the round's
  transaction holds the chain head, so appends elsewhere never wait and the sealing step has
  no millions of rows to rewrite); ``audit_verify`` holds;
- on PostgreSQL outside a transaction writer threads (``WRITERS``, two by default; each its
  own connection) store rounds while the next is prepared (:meth:`BulkCloner.copy_many`).

Reference data and people who log in (users, memberships, agencies, areas, audit, counters)
are never copied. Nothing personal is printed. Memory holds the templates, the round being
prepared and one round per writer.
"""

from __future__ import annotations

import json
import os
import random
import re
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable
from contextlib import contextmanager
from datetime import datetime, timedelta
from functools import partial
from types import SimpleNamespace

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, models, transaction

from sigap.audit.hashing import canonical_json
from sigap.audit.services import PLAIN_FIELDS as PLAIN_AUDIT_FIELDS
from sigap.cases import name_tokens, person_hooks
from sigap.core.bulk import (
    FAST_TEXT,
    copy_text,
    insert_objects,
    reserve_many,
    sqlite_converter,
    write_rows,
    write_text,
)

# Apps and models whose rows are never copied: reference data, accounts, the audit log itself.
SKIP_APPS = {"accounts", "agencies", "areas", "audit", "auth", "contenttypes", "sessions", "admin"}
# Blocking keys are derived from the (new) names: recomputed after the persons are inserted.
SKIP_MODELS = {"cases.casecounter", "justice.article", "people.personkey"}
UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
UUID_KEY_RE = re.compile(UUID_RE.pattern + r'[^"]*":')


def _uuid4_text() -> str:
    """A random (version 4) UUID as text, without building a ``uuid.UUID``."""
    h = os.urandom(16).hex()
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) & 3]}{h[17:20]}-{h[20:]}"


def copyable_models() -> list[type[models.Model]]:
    """Concrete, managed models whose rows a seeding run creates (see ``SKIP_*``)."""
    out = []
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed or meta.app_label in SKIP_APPS:
            continue
        if meta.label_lower in SKIP_MODELS or meta.app_label.startswith("django"):
            continue
        out.append(model)
    return out


def max_ids() -> dict[str, int]:
    """``{model label: highest id}`` for every copyable model (0 when empty)."""
    return {
        m._meta.label_lower: m.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        for m in copyable_models()
    }


def _graph_fks(model, labels: set[str]) -> list[models.ForeignKey]:
    return [
        f
        for f in model._meta.concrete_fields
        if f.is_relation and f.related_model._meta.label_lower in labels
    ]


def insert_many(model, objs: list, *, batch_size: int = 2000) -> None:
    """Insert ``objs`` and set their primary keys (:func:`sigap.core.bulk.insert_objects`)."""
    insert_objects(model, objs, batch_size=batch_size)


def _uuid_refs(model) -> list[str]:
    """Attnames of UUID fields other than ``public_id``: references to other rows by UUID."""
    return [
        f.attname
        for f in model._meta.concrete_fields
        if isinstance(f, models.UUIDField) and f.name != "public_id"
    ]


@contextmanager
def _no_auto_now(model_list):
    """Let copied rows keep their (shifted) simulated ``created_at``/``updated_at``."""
    saved = []
    for model in model_list:
        for f in model._meta.concrete_fields:
            if isinstance(f, models.DateField) and (f.auto_now or f.auto_now_add):
                saved.append((f, f.auto_now, f.auto_now_add))
                f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def _may_set(conn, parameter: str) -> bool:
    """Whether this PostgreSQL role may set the superuser-only ``parameter`` (superuser, or
    ``GRANT SET ON PARAMETER`` on PostgreSQL 15+)."""
    with conn.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        row = cursor.fetchone()
        if row and row[0]:
            return True
        try:
            with transaction.atomic(using=conn.alias):  # a refusal must not end a transaction
                cursor.execute(
                    "SELECT has_parameter_privilege(current_user, %s, 'SET')", [parameter]
                )
                return bool(cursor.fetchone()[0])
        except DatabaseError:  # before PostgreSQL 15: superusers only
            return False


def _may_disable_triggers(conn) -> bool:
    """Whether this PostgreSQL role may set ``session_replication_role``."""
    return _may_set(conn, "session_replication_role")


#: WAL compression methods, best first, for the seeding transactions (PostgreSQL 15 offers
#: lz4 and zstd when built with them, pglz always).
WAL_COMPRESSION_METHODS = ("lz4", "zstd", "pglz")


def _wal_compression(conn) -> str | None:
    """The WAL compression method the writer's transactions use: the first of
    ``WAL_COMPRESSION_METHODS`` this server offers, when the role may set ``wal_compression``
    (a superuser parameter); None otherwise (the server's own setting stays)."""
    if not _may_set(conn, "wal_compression"):
        return None
    with conn.cursor() as cursor:
        cursor.execute("SELECT enumvals FROM pg_settings WHERE name = 'wal_compression'")
        row = cursor.fetchone()
    offered = set(row[0] or ()) if row else set()
    return next((m for m in WAL_COMPRESSION_METHODS if m in offered), None)


#: A PostgreSQL seed of at least this many cases is told to raise ``max_wal_size`` when the
#: server's is below ``WAL_ADVICE_MIN_MB``: with the default 1 GB a checkpoint came about
#: every 1,400 cases of a 1M seed (737 in all, 444 GB of WAL for a 33 GB database, most of it
#: full-page images; docs/benchmarks.md, 2026-12-06).
WAL_ADVICE_CASES = 100_000
WAL_ADVICE_MIN_MB = 8_192


def wal_advice_text(*, cases: int, max_wal_size_mb: int | None) -> str | None:
    """The advice printed before a large PostgreSQL seed, or None when none is due.

    ``cases``: cases the run will make; ``max_wal_size_mb``: the server's ``max_wal_size`` in
    MB (None when unknown, e.g. not PostgreSQL). The rule is PostgreSQL's own advice for bulk
    loads ("Populating a Database", postgresql.org/docs/15/populate.html: increase
    ``max_wal_size``); the operator's commands are in docs/operations.md, "Large demo
    databases". Never raises."""
    if max_wal_size_mb is None or cases < WAL_ADVICE_CASES:
        return None
    if max_wal_size_mb >= WAL_ADVICE_MIN_MB:
        return None
    return (
        f"Note: PostgreSQL's max_wal_size is {max_wal_size_mb} MB. A seed of {cases:,} cases "
        f"runs much faster with it raised for the load (for example 20GB, with "
        f'checkpoint_timeout 15min): see docs/operations.md, "Large demo databases".'
    )


def max_wal_size_mb(conn) -> int | None:
    """The PostgreSQL server's ``max_wal_size`` in MB (``pg_settings``), None elsewhere."""
    if conn.vendor != "postgresql":
        return None
    with conn.cursor() as cursor:
        # pg_settings gives it in MB (its unit since PostgreSQL 9.5).
        cursor.execute("SELECT setting FROM pg_settings WHERE name = 'max_wal_size'")
        row = cursor.fetchone()
    return int(row[0]) if row else None


#: SQLite page cache of the seeding connection, in KiB (negative ``cache_size``): the random
#: keys of the unique UUID indexes touch pages all over each index, and with SQLite's default
#: 2 MB cache every insert read them from the file again once the indexes outgrew it.
SQLITE_SEED_CACHE_KIB = 1_048_576
#: WAL pages before SQLite copies them back into the database file (its default is 1,000,
#: 4 MB: a page changed by many rounds was copied back after nearly every round).
SQLITE_SEED_CHECKPOINT_PAGES = 100_000


@contextmanager
def _sqlite_bulk_pragmas(conn):
    """On SQLite (outside a transaction), for the seeding connection only: a 1 GB page cache,
    ``synchronous=NORMAL`` (in WAL mode a commit no longer waits for fsync; a power cut may
    lose the last rounds of synthetic data, never corrupt the file: sqlite.org/pragma.html
    #pragma_synchronous), a WAL checkpoint every ``SQLITE_SEED_CHECKPOINT_PAGES`` pages, and
    foreign keys not enforced row by row (``foreign_keys=OFF``; the caller checks the copied
    rows' keys at once afterwards with :func:`check_foreign_keys`, as the PostgreSQL path
    does with its triggers off). All four are restored afterwards. Yields ``True`` on SQLite
    (the keys then need that check), ``False`` elsewhere, where it does nothing."""
    if conn.vendor != "sqlite" or conn.in_atomic_block:
        yield False
        return
    names = ("cache_size", "synchronous", "wal_autocheckpoint", "foreign_keys")
    with conn.cursor() as cursor:
        before = {}
        for name in names:
            cursor.execute(f"PRAGMA {name}")
            before[name] = int(cursor.fetchone()[0])
        cursor.execute(f"PRAGMA cache_size = -{SQLITE_SEED_CACHE_KIB}")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute(f"PRAGMA wal_autocheckpoint = {SQLITE_SEED_CHECKPOINT_PAGES}")
        cursor.execute("PRAGMA foreign_keys = OFF")
    try:
        yield True
    finally:
        with conn.cursor() as cursor:
            for name, value in before.items():
                cursor.execute(f"PRAGMA {name} = {value}")


def _replica_role() -> None:
    # Per-row foreign-key triggers off for this transaction only (checked afterwards).
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")


def _bulk_settings(wal_compression: str | None) -> Callable[[], None]:
    """The first job of each round the writer stores on PostgreSQL: for that transaction only,

    - ``synchronous_commit = off``: the commit does not wait for the WAL to reach the disk. A
      crash may lose the last rounds (synthetic data, counted again by the next run); it never
      corrupts the database (postgresql.org/docs/15/wal-async-commit.html);
    - ``wal_compression = <method>`` when given: the full-page images that follow every
      checkpoint are most of the WAL of random-key index inserts (UUIDs, keyed hashes); the
      server's own ``max_wal_size`` (1 GB by default) made a checkpoint about every 1,400
      cases of a 1M seed (docs/benchmarks.md)."""

    def apply() -> None:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit = off")
            if wal_compression:
                cursor.execute(f"SET LOCAL wal_compression = {wal_compression}")

    return apply


def check_foreign_keys(
    start: dict[type[models.Model], int], *, using: str = DEFAULT_DB_ALIAS
) -> None:
    """Check every foreign key of the rows written after ``start`` (``{model: highest id
    before}``) in one query per key; raises ``RuntimeError`` naming the first table and
    column whose value points at no row."""
    conn = connections[using]
    qn = conn.ops.quote_name
    with conn.cursor() as cursor:
        for model, since in start.items():
            for f in model._meta.concrete_fields:
                if not f.is_relation or f.related_model is None:
                    continue
                pk, col = qn(model._meta.pk.column), qn(f.column)
                parent = qn(f.related_model._meta.db_table)
                cursor.execute(
                    f"SELECT c.{pk} FROM {qn(model._meta.db_table)} c "  # noqa: S608
                    f"WHERE c.{pk} > %s AND c.{col} IS NOT NULL AND NOT EXISTS "
                    f"(SELECT 1 FROM {parent} p WHERE p.{qn(f.target_field.column)} = c.{col})"
                    " LIMIT 1",
                    [since],
                )
                row = cursor.fetchone()
                if row is not None:
                    raise RuntimeError(
                        f"{model._meta.db_table}.{f.column} of row {row[0]} points at no "
                        f"{f.related_model._meta.db_table} row"
                    )


def _max_id(model) -> int:
    return model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


class _Table:
    """One model's template rows, each prepared for the database once (issue 8 §2).

    ``fields`` are the columns written (generated columns left out); ``rows`` is a list of
    ``(owner case id, old id, values)`` with ``values`` in ``fields`` order. A value that changes
    from copy to copy is kept as its Python value at its position (``pk``, ``fks``,
    ``public_id``, ``uuid_refs``, ``dates``, ``json``, the name fields of a person); every other
    value is the field's own ``get_db_prep_save`` output (ciphertext, keyed hash, ...), reused
    by every copy.
    """

    def __init__(self, model, rows, *, fks, owner, conn):
        self.model = model
        self.fields = [f for f in model._meta.concrete_fields if not getattr(f, "generated", False)]
        pos = {f.attname: i for i, f in enumerate(self.fields)}
        self.pk = pos[model._meta.pk.attname]
        self.fks = [(pos[f.attname], f.related_model) for f in fks if f.attname in pos]
        self.public_id = pos.get("public_id")
        self.uuid_refs = [pos[a] for a in _uuid_refs(model) if a in pos]
        self.dates = [
            i
            for i, f in enumerate(self.fields)
            if f.get_internal_type() in ("DateField", "DateTimeField") and not f.primary_key
        ]
        self.json = [i for i, f in enumerate(self.fields) if isinstance(f, models.JSONField)]
        self.case_number = pos.get("case_number")
        self.is_person = model._meta.label_lower == "cases.person"
        self.name_fields = [
            i
            for i, f in enumerate(self.fields)
            if f.name == "full_name" or getattr(f, "source", None) == "full_name"
        ]
        plain = {self.pk, self.public_id, *self.uuid_refs, *self.dates}
        plain |= {i for i, _ in self.fks}
        self.rows = []
        uuids = [i for i in (self.public_id, *self.uuid_refs) if i is not None]
        for r in rows:
            obj = model(**r)
            values = [
                r[f.attname] if i in plain else f.get_db_prep_save(f.pre_save(obj, True), conn)
                for i, f in enumerate(self.fields)
            ]
            for i in uuids:  # UUIDs travel as text (COPY reads text; JSON holds text)
                if values[i] is not None:
                    values[i] = str(values[i])
            for i in self.json:  # JSON naming copied rows by UUID is remapped per copy
                value = r[self.fields[i].attname]
                if value and UUID_RE.search(json.dumps(value, default=str)):
                    values[i] = _RemapJSON(value)
            self.rows.append((owner.get((model, r["id"])), r["id"], values, r))
        # PostgreSQL: each template row as a COPY text line with a "{}" for every value that
        # changes per copy; the rest is formatted once (sigap.core.bulk.copy_text).
        self.text = conn.vendor == "postgresql"
        self.lines: list[tuple[str, list[int]]] = []
        if self.text:
            varying = {self.pk, self.public_id, self.case_number, *self.uuid_refs, *self.dates}
            varying |= {i for i, _ in self.fks}
            if self.is_person:
                varying |= set(self.name_fields)
            if model._meta.label_lower == "cases.case":
                varying.add(pos["number"])
            varying.discard(None)
            for _case, _old, values, _r in self.rows:
                slots = sorted(varying | {i for i in self.json if type(values[i]) is _RemapJSON})
                parts = [
                    "{}" if i in slots else copy_text(v).replace("{", "{{").replace("}", "}}")
                    for i, v in enumerate(values)
                ]
                self.lines.append(("\t".join(parts) + "\n", slots))


class _RemapJSON:
    """A template's JSON value that names other copied rows by UUID (remapped per copy)."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value


class BulkCloner:
    """Copies the rows created since ``baseline`` (a :func:`max_ids` snapshot) in bulk.

    ``name_for(female: bool) -> str`` gives a new synthetic name. ``shift_days`` bounds the
    backward move of each copied case (days). ``name_pool`` caps the distinct names made per
    sex: beyond it, names (with their ciphertext and search hashes, made once by the fields)
    are drawn again from those already made, so a million persons cost a few thousand
    encryptions. The reused ciphertext decrypts to the same name; this is synthetic data.
    """

    def __init__(
        self,
        *,
        baseline: dict[str, int],
        rng: random.Random,
        name_for: Callable[[bool], str],
        shift_days: int = 10,
        name_pool: int = 20000,
    ):
        from sigap.audit.models import AuditEvent

        self.conn = connections[DEFAULT_DB_ALIAS]
        self.rng = rng
        self.name_for = name_for
        self.shift_days = shift_days
        self.name_pool = name_pool
        self.case_model = apps.get_model("cases", "Case")
        models_ = [
            m
            for m in copyable_models()
            if m.objects.filter(pk__gt=baseline.get(m._meta.label_lower, 0)).exists()
        ]
        labels = {m._meta.label_lower for m in models_}
        self.order = self._fk_order(models_, labels)
        self.fks = {m: _graph_fks(m, labels) for m in self.order}
        self.rows: dict[type, list[dict]] = {}
        for m in self.order:
            qs = m.objects.filter(pk__gt=baseline.get(m._meta.label_lower, 0)).order_by("pk")
            self.rows[m] = list(qs.values(*[f.attname for f in m._meta.concrete_fields]))
        self.public_ids = {
            str(r["public_id"]): (m, r["id"])
            for m in self.order
            for r in self.rows[m]
            if "public_id" in r
        }
        self.owner = self._owners()
        self.template_cases = [r["id"] for r in self.rows.get(self.case_model, [])]
        with _no_auto_now(self.order):
            self.tables = {
                m: _Table(m, self.rows[m], fks=self.fks[m], owner=self.owner, conn=self.conn)
                for m in self.order
            }
        uuid_ids = {uuid.UUID(p) for p in self.public_ids}
        self.audit_rows = []
        fields = ("id", *PLAIN_AUDIT_FIELDS)
        for event in (
            AuditEvent.objects.filter(
                pk__gt=baseline.get("audit.auditevent", 0), target_public_id__in=uuid_ids
            )
            .order_by("pk")
            .values(*fields)
        ):
            event["target_public_id"] = str(event["target_public_id"])
            m, old = self.public_ids[event["target_public_id"]]
            event["_case"] = self.owner.get((m, old))
            event["_json"] = canonical_json(event["changes"])
            event["_uuids"] = bool(UUID_RE.search(event["_json"]))
            # A UUID used as a key may sort elsewhere once replaced: remapped as an object.
            event["_uuid_keys"] = bool(UUID_KEY_RE.search(event["_json"]))
            event["_plain"] = {name: event[name] for name in PLAIN_AUDIT_FIELDS}  # copied per row
            self.audit_rows.append(event)
        self._names: dict[bool, list[tuple[str, dict[int, object]]]] = {True: [], False: []}
        vendor = self.conn.vendor
        if vendor == "postgresql":
            self._out_uuid = self._out_date = None  # psycopg adapts them itself
        else:
            self._out_uuid = lambda value: value.replace("-", "")  # Django's char(32) form
            moment = sqlite_converter(models.DateTimeField(), self.conn)
            day = sqlite_converter(models.DateField(), self.conn)
            self._out_date = lambda value: (moment if isinstance(value, datetime) else day)(value)

    # --- set-up ---------------------------------------------------------------------------

    @staticmethod
    def _fk_order(models_, labels) -> list:
        # Rows pointing at others by UUID (no FK) go last, once those UUIDs have copies.
        models_ = sorted(models_, key=lambda m: bool(_uuid_refs(m)))
        order, placed = [], set()
        pending = list(models_)
        while pending:
            progressed = False
            for m in list(pending):
                deps = {
                    f.related_model._meta.label_lower
                    for f in _graph_fks(m, labels)
                    if f.related_model is not m
                }
                if deps <= placed:
                    order.append(m)
                    placed.add(m._meta.label_lower)
                    pending.remove(m)
                    progressed = True
            if not progressed:  # a cycle: place the rest as they are (nullable FKs expected)
                order.extend(pending)
                break
        return sorted(order, key=lambda m: bool(_uuid_refs(m)))

    def _owners(self) -> dict[tuple[type, int], int]:
        """(model, id) → the template case the row belongs to (followed through FKs both ways)."""
        owner: dict[tuple[type, int], int] = {}
        for r in self.rows.get(self.case_model, []):
            owner[(self.case_model, r["id"])] = r["id"]
        for _ in range(4):
            for m in self.order:
                uuid_refs = _uuid_refs(m)
                for r in self.rows[m]:
                    key = (m, r["id"])
                    for name in uuid_refs:  # e.g. Notification.case_public_id
                        found = self.public_ids.get(str(r[name]))
                        if key not in owner and found in owner:
                            owner[key] = owner[found]
                    for f in self.fks[m]:
                        target = r[f.attname]
                        if target is None:
                            continue
                        tkey = (f.related_model, target)
                        if key not in owner and tkey in owner:
                            owner[key] = owner[tkey]
                        elif key in owner and tkey not in owner:
                            owner[tkey] = owner[key]  # e.g. a person, through a participant
        return owner

    def _name(self, table: _Table, sex: str) -> tuple[str, dict[int, object]]:
        """A synthetic name of ``sex`` and its prepared name columns ``{position: value}``."""
        female = sex == "F" if sex in ("F", "M") else self.rng.random() < 0.5
        pool = self._names[female]
        if len(pool) >= self.name_pool:
            return pool[self.rng.randrange(len(pool))]
        name = self.name_for(female)
        obj = table.model(full_name=name)
        prepared = {
            i: table.fields[i].get_db_prep_save(table.fields[i].pre_save(obj, True), self.conn)
            for i in table.name_fields
        }
        pool.append((name, prepared))
        return name, prepared

    # --- copying --------------------------------------------------------------------------

    def copy(self, cases: int) -> int:
        """Copy the first ``cases`` template cases once (one transaction); returns cases made.
        Ids are taken inside the same transaction, so on SQLite (ids after the highest) no
        other writer can take them in between."""
        with transaction.atomic():
            batch = self.prepare(cases)
            self.write(batch)
        return batch.cases

    @staticmethod
    def write(batch: SimpleNamespace) -> None:
        """Store a batch from :meth:`prepare` in one transaction, with the connection of the
        calling thread."""
        with transaction.atomic():
            for job in batch.jobs:
                job()

    def copy_many(
        self,
        total: int,
        *,
        progress: Callable[[int], None] | None = None,
        writers: int | None = None,
    ) -> int:
        """Copy rounds of the templates until ``total`` cases are made; returns cases made.

        On PostgreSQL outside a transaction, rounds are stored by ``writers`` threads
        (default ``WRITERS``; each its own connection, one transaction per round) while the
        next round is prepared, so the database's work, its waits on the disk and Python's
        work overlap; otherwise rounds are stored in turn on this connection.
        ``progress(cases stored so far)`` is called as rounds finish, in the order they were
        prepared. A failed round raises here; the rounds before it were committed, and with
        several writers a round after it may have been too (each is whole: one transaction).
        The rounds' audit rows join the chain in the order their transactions take its head
        (the audit write is each round's last job, so the head is held only until its commit).

        Where the database role may set ``session_replication_role`` (a superuser, or a role
        granted ``SET`` on it), the writer stores rounds with the per-row foreign-key triggers
        off, as ``pg_restore --disable-triggers`` does (they are most of the database's work
        here), and every foreign key of every copied row is then checked at once by
        :func:`check_foreign_keys`, which raises ``RuntimeError`` naming a dangling one.
        Each round's transaction also commits without waiting for the disk and, where the
        role may, compresses its WAL (:func:`_bulk_settings`).

        Each time the cases stored double (``ANALYZE_FIRST`` cases, then twice that, ...) the
        writer runs ``ANALYZE`` on the tables it writes, so that pages served while the seed
        runs are planned on statistics of the tables' present size and spread, as autovacuum's
        analyze would on a server that has it on (here it is off; issue 8: a case page answers
        in under 1 s while the seed runs). ``analyzed`` counts those runs.
        """
        step = max(1, len(self.template_cases))
        if self.conn.vendor != "postgresql" or self.conn.in_atomic_block:
            done = 0
            with (
                name_tokens.sqlite_bulk_load(self.conn) as self.fill_name_tokens,
                _sqlite_bulk_pragmas(self.conn) as keys_unchecked,
            ):
                # Only a load without per-row key checks needs its starting ids for the check.
                start = {m: _max_id(m) for m in self._written_models()} if keys_unchecked else {}
                try:
                    while done < total:
                        done += self.copy(min(step, total - done))
                        if progress:
                            progress(done)
                finally:
                    self.fill_name_tokens = False
            if keys_unchecked:
                check_foreign_keys(start)
            return done
        import threading
        from collections import deque
        from concurrent.futures import ThreadPoolExecutor

        writers = max(1, writers if writers is not None else self.WRITERS)
        self.triggers_off = _may_disable_triggers(self.conn)
        self.settings_job = _bulk_settings(_wal_compression(self.conn))
        start = {m: _max_id(m) for m in self._written_models()}
        tables = [m._meta.db_table for m in start]
        done = stored = 0
        next_analyze = self.ANALYZE_FIRST
        with ThreadPoolExecutor(max_workers=writers, thread_name_prefix="seed-writer") as pool:
            pending: deque = deque()

            def stored_round() -> None:
                nonlocal stored, next_analyze
                stored += pending.popleft().result()
                if progress:
                    progress(stored)
                if stored >= next_analyze:
                    while next_analyze <= stored:
                        next_analyze *= 2
                    pool.submit(self._analyze, tables)  # after the round, on a writer's link
                    self.analyzed += 1

            try:
                while done < total:
                    batch = self.prepare(min(step, total - done))
                    while len(pending) >= writers:
                        stored_round()
                    pending.append(pool.submit(self._write_counted, batch))
                    done += batch.cases
                while pending:
                    stored_round()
            finally:
                # Each writer thread closes its own connection: one task per thread, held at
                # a barrier until every thread has taken one (a thread still busy, e.g. with
                # an ANALYZE, takes its task when done: no timeout to break the barrier).
                barrier = threading.Barrier(writers)

                def close() -> None:
                    barrier.wait()
                    connections.close_all()

                for future in [pool.submit(close) for _ in range(writers)]:
                    future.result()
        if self.triggers_off:
            check_foreign_keys(start)
        return stored

    triggers_off = False
    #: SQLite, inside :func:`name_tokens.sqlite_bulk_load`: each round writes its cases'
    #: name-search rows itself.
    fill_name_tokens = False
    settings_job: Callable[[], None] | None = None
    analyzed = 0
    #: Writer threads (each its own connection and transaction per round) on PostgreSQL.
    WRITERS = 2
    ANALYZE_FIRST = 1000  # cases stored before the first ANALYZE; then at each doubling

    @staticmethod
    def _analyze(tables: list[str]) -> None:
        conn = connections[DEFAULT_DB_ALIAS]
        with conn.cursor() as cursor:
            cursor.execute("ANALYZE " + ", ".join(conn.ops.quote_name(t) for t in tables))

    def _write_counted(self, batch) -> int:
        if self.triggers_off:
            batch.jobs.insert(0, _replica_role)
        if self.settings_job is not None:
            batch.jobs.insert(0, self.settings_job)
        self.write(batch)
        return batch.cases

    def _written_models(self) -> list[type[models.Model]]:
        extra = [("audit", "AuditEvent"), ("people", "PersonKey")]
        return self.order + [
            apps.get_model(a, m) for a, m in extra if apps.is_installed(f"sigap.{a}")
        ]

    def prepare(self, cases: int) -> SimpleNamespace:
        """Everything of one round of copies but the writes: ids taken from the sequences,
        case numbers from their counters, rows formatted, keys and audit rows hashed.
        Returns ``SimpleNamespace(cases=int, jobs=[callable, ...])`` for :meth:`write`."""
        chosen = set(self.template_cases[:cases])
        shift = {c: timedelta(days=self.rng.randint(1, self.shift_days)) for c in chosen}
        new_ids: dict[type, dict[int, int]] = defaultdict(dict)
        numbers: dict[str, str] = {}
        new_uuids: dict[str, str] = {}  # template public_id → the copy's, as text
        out_uuid, out_date = self._out_uuid, self._out_date
        jobs: list[Callable[[], object]] = []
        picks = {
            m: [k for k, e in enumerate(self.tables[m].rows) if e[0] in chosen] for m in self.order
        }
        reserved = reserve_many({m: len(p) for m, p in picks.items()})
        for m in self.order:
            table = self.tables[m]
            picked = picks[m]
            entries = [table.rows[k] for k in picked]
            ids = reserved.get(m, [])
            new_ids[m] = {old: pk for (_, old, _, _), pk in zip(entries, ids, strict=True)}
            rows, persons = [], []
            for (case_id, _old, values, plain), pk in zip(entries, ids, strict=True):
                row = values.copy()
                row[table.pk] = pk
                for i, rel in table.fks:
                    if row[i] is not None:
                        row[i] = new_ids[rel].get(row[i], row[i])
                if table.public_id is not None:
                    fresh = _uuid4_text()
                    new_uuids[row[table.public_id]] = fresh
                    row[table.public_id] = fresh
                for i in table.uuid_refs:
                    if row[i] is not None:
                        row[i] = new_uuids.get(row[i], row[i])
                delta = shift[case_id]
                for i in table.dates:
                    if row[i] is not None:
                        row[i] = row[i] - delta
                for i in table.json:
                    if type(row[i]) is _RemapJSON:
                        value = self._remap_json(row[i].value, new_uuids)
                        row[i] = table.fields[i].get_db_prep_save(value, self.conn)
                if table.case_number is not None:
                    row[table.case_number] = numbers.get(
                        row[table.case_number], row[table.case_number]
                    )
                if table.is_person:
                    name, prepared = self._name(table, plain.get("sex") or "")
                    for i, value in prepared.items():
                        row[i] = value
                    persons.append(self._person_for_keys(table, row, plain, name))
                rows.append(row)
            if m is self.case_model:
                numbers = self._number(table, rows)
            if table.text:
                lines = table.lines
                text = FAST_TEXT.get
                out = [
                    lines[k][0].format(
                        *[text(type(v := row[i]), copy_text)(v) for i in lines[k][1]]
                    )
                    for k, row in zip(picked, rows, strict=True)
                ]
                jobs.append(partial(write_text, m, table.fields, out))
            else:
                for row in rows:  # to the driver's types (SQLite: text dates, hex UUIDs)
                    if out_uuid is not None:
                        for i in (table.public_id, *table.uuid_refs):
                            if i is not None and row[i] is not None:
                                row[i] = out_uuid(row[i])
                    if out_date is not None:
                        for i in table.dates:
                            if row[i] is not None:
                                row[i] = out_date(row[i])
                jobs.append(partial(write_rows, m, table.fields, rows))
            if persons:
                jobs.append(person_hooks.keys_writer(persons))  # keys of the new names
        if self.fill_name_tokens:
            jobs.append(partial(name_tokens.sqlite_fill, reserved.get(self.case_model, [])))
        jobs.append(self._audit(chosen, shift, new_uuids))
        return SimpleNamespace(cases=len(chosen), jobs=jobs)

    @staticmethod
    def _person_for_keys(table: _Table, row: list, plain: dict, name: str):
        """What :func:`sigap.people.keys.person_keys` reads of a copied person, without a
        model instance: id, the new name, birth date, estimated age, shifted ``created_at``,
        origin area."""
        created = plain.get("created_at")
        for i in table.dates:
            if table.fields[i].attname == "created_at":
                created = row[i]
        return SimpleNamespace(
            pk=row[table.pk],
            full_name=name,
            date_of_birth=plain.get("date_of_birth"),
            estimated_age=plain.get("estimated_age"),
            created_at=created,
            origin_area_id=plain.get("origin_area_id"),
        )

    @staticmethod
    def _remap_json(value, uuid_text: dict[str, str]):
        """``value`` with every UUID of a copied row (``{old: new}`` as text) replaced."""
        text = json.dumps(value, default=str)
        return json.loads(UUID_RE.sub(lambda x: uuid_text.get(x.group(0), x.group(0)), text))

    def _number(self, table: _Table, rows: list[list]) -> dict[str, str]:
        """Next ``TPPO-<kota>-<year>-NNNN`` per (kota, year) for the copied cases (rows), the
        counters bumped once each; returns ``{template number: new number}``."""
        counter_model = apps.get_model("cases", "CaseCounter")
        pos = {f.attname: i for i, f in enumerate(table.fields)}
        num, reported = pos["number"], pos["reported_on"]
        wanted = Counter((r[num].split("-")[1], r[reported].year) for r in rows)
        start = {}
        with transaction.atomic():  # committed at once: a writer thread stores the cases later
            for (prefix, year), n in sorted(wanted.items()):
                counter, _ = counter_model.objects.select_for_update().get_or_create(
                    prefix=prefix, year=year
                )
                start[(prefix, year)] = counter.last
                counter.last += n
                counter.save(update_fields=["last"])
        mapping = {}
        for r in rows:
            key = (r[num].split("-")[1], r[reported].year)
            start[key] += 1
            new = f"TPPO-{key[0]}-{key[1]}-{start[key]:04d}"
            mapping[r[num]] = new
            r[num] = new
        return mapping

    def _audit(self, chosen, shift, new_uuids) -> Callable[[], int]:
        from sigap.audit.services import audit_plain_writer

        rows = []
        for event in self.audit_rows:
            case_id = event["_case"]
            if case_id not in chosen:
                continue
            row = event["_plain"].copy()
            row["target_public_id"] = new_uuids[event["target_public_id"]]
            row["occurred_at"] = event["occurred_at"] - shift[case_id]
            text = event["_json"]
            if event["_uuid_keys"]:
                text = canonical_json(self._remap_json(event["changes"], new_uuids))
            elif event["_uuids"]:  # same-length UUID values swapped: still canonical JSON
                text = UUID_RE.sub(lambda x: new_uuids.get(x.group(0), x.group(0)), text)
            row["changes_json"] = text
            rows.append(row)
        rows.sort(key=lambda row: row["occurred_at"])
        return audit_plain_writer(rows=rows, sealed=True)
