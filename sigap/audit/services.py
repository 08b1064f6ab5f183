"""Writing and verifying audit events.

Every service calls :func:`audit_record` inside its own ``transaction.atomic()`` so the audit
row commits or rolls back together with the change it describes (Zulip's pattern).

Appends take no lock (issue 8 section 3): each row carries its own content hash, and
:func:`audit_seal` (``manage.py audit_seal``, the ``audit_seal_task`` task, and every
``manage.py audit_verify``) chains the settled rows in id order under the one chain-head lock.
Checkpoints of the sealed head go to a file outside the database (``SIGAP_AUDIT_CHECKPOINT_FILE``).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.transaction import TransactionManagementError
from django.utils import timezone

from sigap.audit.hashing import (
    GENESIS_HASH,
    canonical_json,
    content_digest,
    event_content_digest,
    link_digest,
)
from sigap.audit.models import AuditChainHead, AuditEvent

logger = logging.getLogger(__name__)

__all__ = [
    "GENESIS_HASH",
    "ChainReport",
    "audit_append_many",
    "audit_append_plain",
    "audit_plain_writer",
    "audit_record",
    "audit_seal",
    "audit_verify_chain",
    "read_last_checkpoint",
]


def _actor_and_agency(actor: Any | None) -> tuple[Any | None, Any | None]:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None, None
    membership = getattr(actor, "membership", None)
    return actor, (membership.agency.public_id if membership is not None else None)


def _build_event(
    *,
    actor: Any | None,
    action: str,
    target: Any | None = None,
    changes: dict[str, Any] | None = None,
    ip_address: str | None = None,
    occurred_at: Any | None = None,
    _agency_cache: dict | None = None,
) -> AuditEvent:
    if _agency_cache is not None and actor is not None and actor.pk in _agency_cache:
        actor, agency_public_id = _agency_cache[actor.pk]
    else:
        key = getattr(actor, "pk", None)
        actor, agency_public_id = _actor_and_agency(actor)
        if _agency_cache is not None and key is not None:
            _agency_cache[key] = (actor, agency_public_id)
    event = AuditEvent(
        occurred_at=occurred_at or timezone.now(),
        actor=actor,
        actor_agency_public_id=agency_public_id,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_public_id=getattr(target, "public_id", None),
        # Round-trip JSON now so the digest is computed over what the database will return.
        changes=json.loads(json.dumps(changes or {}, default=str)),
        ip_address=ip_address,
    )
    event.content_hash = event_content_digest(event)
    return event


def audit_record(
    *,
    actor: Any | None,
    action: str,
    target: Any | None = None,
    changes: dict[str, Any] | None = None,
    ip_address: str | None = None,
) -> AuditEvent:
    """Append one audit event and return it (unsealed: ``seq``/``row_hash`` are None).

    ``action`` is ``"<entity>.<verb>"`` (e.g. ``"case.close"``). ``target`` is any model with a
    ``public_id``; ``changes`` holds field *names* for personal data, or masked old/new values
    (``sigap.audit.history.masked_diff``), never clear identity values.
    Runs inside the caller's transaction (the row commits or rolls back with the change). It takes
    no lock: only the row's content hash is written here; :func:`audit_seal` chains it later.
    """
    event = _build_event(
        actor=actor, action=action, target=target, changes=changes, ip_address=ip_address
    )
    event.save()
    return event


def audit_append_many(*, rows: list[dict[str, Any]]) -> list[AuditEvent]:
    """Append many audit events at once (bulk seeding, imports) and return them, in order.

    ``rows`` is a list of dicts with the keyword fields of :func:`audit_record` (``actor``,
    ``action``, optional ``target``, ``changes``, ``ip_address``) and, for bulk loads of
    simulated history, an optional ``occurred_at`` (aware datetime; default now). Rows are
    unsealed like :func:`audit_record`'s (no lock taken; :func:`audit_seal` chains them) and
    written by ``COPY`` on PostgreSQL, ``bulk_create`` elsewhere. A row without ``action`` raises
    ``KeyError`` before anything is written.
    """
    if not rows:
        return []
    cache: dict = {}
    events = [
        _build_event(
            actor=row.get("actor"),
            action=row["action"],
            target=row.get("target"),
            changes=row.get("changes"),
            ip_address=row.get("ip_address"),
            occurred_at=row.get("occurred_at"),
            _agency_cache=cache,
        )
        for row in rows
    ]
    with transaction.atomic():
        _insert(events)
    return events


PLAIN_FIELDS = (
    "occurred_at",
    "actor_id",
    "actor_agency_public_id",
    "action",
    "target_type",
    "target_public_id",
    "changes",
    "ip_address",
)


def audit_append_plain(*, rows: list[dict[str, Any]]) -> int:
    """Append many audit rows given as plain values, in list order; returns how many.

    For bulk copies of simulated history (``sigap.cases.demo_bulk``), where building model
    instances would cost more than the rows themselves. Each row is a dict with the keys of
    ``PLAIN_FIELDS``: ``occurred_at`` (aware datetime), ``actor_id`` (int or None),
    ``actor_agency_public_id`` and ``target_public_id`` (UUID, its text, or None), ``action`` and
    ``target_type`` (str), ``changes`` (JSON-native, e.g. as read back from the database) and
    ``ip_address`` (str or None); optionally ``changes_json``, the
    :func:`sigap.audit.hashing.canonical_json` of ``changes`` made by the caller (then
    ``changes`` itself is not read). The content hash is the one :func:`audit_record` writes
    (:func:`sigap.audit.hashing.content_digest`); rows are unsealed (:func:`audit_seal` chains
    them) and no lock is taken. A missing key raises ``KeyError`` before anything is written.
    """
    return audit_plain_writer(rows=rows)()


def audit_plain_writer(*, rows: list[dict[str, Any]], sealed: bool = False) -> Callable[[], int]:
    """:func:`audit_append_plain` in two steps: hash the rows and take their ids now, and
    return the function that writes them (with the connection of the thread that calls it,
    in that thread's transaction) and returns how many it wrote. Lets a bulk loader prepare
    the next rows while a writer thread stores these.

    ``sealed=True`` (bulk loaders whose transaction is short, such as one round of the demo
    seed): the write also chains the rows, in list order, after the chain head, which it locks
    ``FOR UPDATE`` until its transaction ends, exactly as :func:`audit_seal` would chain them
    (same ``link_digest``; the checkpoint line is appended after the commit). Appends by others
    never wait on it (they take no lock); only a concurrent :func:`audit_seal` waits. Millions of
    copied rows are then not left for the sealing step to rewrite one ``UPDATE`` at a time.
    The write must run inside a transaction (``TransactionManagementError`` otherwise)."""
    from django.db import DEFAULT_DB_ALIAS, connections

    from sigap.core.bulk import (
        FAST_TEXT,
        copy_text,
        reserve_ids,
        sqlite_converter,
        write_rows,
        write_text,
    )

    if not rows:
        return lambda: 0
    fast = FAST_TEXT.get
    conn = connections[DEFAULT_DB_ALIAS]
    fields = list(AuditEvent._meta.concrete_fields)
    text = conn.vendor == "postgresql"  # COPY text lines; elsewhere the driver's values
    convert = {f.attname: sqlite_converter(f, conn) for f in fields}
    convert["changes"] = lambda v: v  # already JSON text
    for name in ("actor_agency_public_id", "target_public_id"):
        convert[name] = lambda v: str(v).replace("-", "")
    prepared = []
    for row in rows:
        values = {name: row[name] for name in PLAIN_FIELDS if name != "changes"}
        changes = row.get("changes_json")
        if changes is None:
            changes = canonical_json(row["changes"])
        values["content_hash"] = content_digest(**values, changes=None, changes_json=changes)
        values["changes"] = changes
        prepared.append(values)
    ids = reserve_ids(AuditEvent, len(prepared))
    out = []
    # COPY lines: the fields that repeat from row to row (actor, action, target type, IP) are
    # formatted once per combination; the rest per row.
    per_row = {"id", "occurred_at", "target_public_id", "changes", "content_hash"}
    constant = [f.attname for f in fields if f.attname not in per_row]
    varying = [f.attname for f in fields if f.attname in per_row]
    # The chain columns are the last three of the table; their values are known only under
    # the head's lock, at write time: sealed COPY lines are made without them (or a newline).
    chain = [f.attname for f in fields[-3:]]
    if chain != ["seq", "prev_hash", "row_hash"]:  # pragma: no cover - the model's own order
        raise RuntimeError(f"audit chain columns out of place: {chain}")
    line_fields, end = (fields[:-3], "") if sealed else (fields, "\n")
    formats: dict[tuple, str] = {}
    for values, pk in zip(prepared, ids, strict=True):
        values.update(id=pk, seq=None, prev_hash="", row_hash=None)
        if text:
            key = tuple(values[name] for name in constant)
            fmt = formats.get(key)
            if fmt is None:
                fmt = formats[key] = (
                    "\t".join(
                        "{}"
                        if f.attname in per_row
                        else copy_text(values[f.attname]).replace("{", "{{").replace("}", "}}")
                        for f in line_fields
                    )
                    + end
                )
            out.append(
                fmt.format(*[fast(type(v := values[name]), copy_text)(v) for name in varying])
            )
        else:
            out.append(
                [
                    None if (v := values[f.attname]) is None else convert[f.attname](v)
                    for f in fields
                ]
            )

    if not sealed:

        def write() -> int:
            (write_text if text else write_rows)(AuditEvent, fields, out)
            return len(out)

        return write

    tails = [(pk, values["content_hash"]) for values, pk in zip(prepared, ids, strict=True)]

    def write_sealed() -> int:
        if not transaction.get_connection().in_atomic_block:
            raise TransactionManagementError("a sealed audit write needs a transaction")
        head = _locked_head()
        links = _chain_after(head, tails)
        if text:
            rows_out = [
                f"{row}\t{seq}\t{prev}\t{row_hash}\n"
                for row, (seq, prev, row_hash, _pk) in zip(out, links, strict=True)
            ]
        else:
            rows_out = [[*row[:-3], *link[:3]] for row, link in zip(out, links, strict=True)]
        (write_text if text else write_rows)(AuditEvent, fields, rows_out)
        seq, row_hash, last_id = head.last_seq, head.last_hash, tails[-1][0]
        transaction.on_commit(lambda: _write_checkpoint(seq=seq, head=row_hash, event_id=last_id))
        return len(rows_out)

    return write_sealed


def _locked_head() -> AuditChainHead:
    """The chain head row, locked ``FOR UPDATE`` until the caller's transaction ends (made at
    the genesis hash on first use)."""
    head, _created = AuditChainHead.objects.select_for_update().get_or_create(
        pk=1, defaults={"last_hash": GENESIS_HASH, "last_seq": 0}
    )
    return head


def _chain_after(head: AuditChainHead, rows: list[tuple[int, str]]) -> list[tuple]:
    """Chain ``rows`` (``(event id, content_hash)``, in chain order) after the locked ``head``
    and save the head at the last of them; returns ``(seq, prev_hash, row_hash, event id)`` per
    row. The one chaining rule of :func:`audit_seal` and sealed bulk writes."""
    prev, seq, links = head.last_hash, head.last_seq, []
    for event_id, content_hash in rows:
        seq += 1
        row_hash = link_digest(
            prev_hash=prev, seq=seq, event_id=event_id, content_hash=content_hash
        )
        links.append((seq, prev, row_hash, event_id))
        prev = row_hash
    head.last_hash, head.last_seq = prev, seq
    head.save(update_fields=["last_hash", "last_seq"])
    return links


def _insert(events: list[AuditEvent]) -> None:
    """``COPY`` on PostgreSQL (ids from the sequence, in order), else ``bulk_create``."""
    from sigap.core.bulk import insert_objects

    insert_objects(AuditEvent, events)


def _checkpoint_path() -> Path | None:
    value = getattr(settings, "SIGAP_AUDIT_CHECKPOINT_FILE", "")
    return Path(value) if value else None


def read_last_checkpoint() -> dict[str, Any] | None:
    """Last checkpoint line of ``SIGAP_AUDIT_CHECKPOINT_FILE`` as a dict, or None.

    Shape: ``{"at": ISO time, "seq": sealed row count, "head": row_hash of row ``seq``,
    "id": that row's id}``. Unreadable trailing lines are skipped.
    """
    path = _checkpoint_path()
    if path is None or not path.exists():
        return None
    last = None
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            try:
                last = json.loads(line)
            except ValueError:
                continue
    return last


def _write_checkpoint(*, seq: int, head: str, event_id: int | None) -> None:
    path = _checkpoint_path()
    if path is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(
        {"at": timezone.now().isoformat(), "seq": seq, "head": head, "id": event_id},
        sort_keys=True,
    )
    with path.open("a", encoding="utf-8") as fh:
        fh.write(line + "\n")
        fh.flush()


def audit_seal(*, settle_seconds: float | None = None, batch_size: int = 5000) -> int:
    """Chain unsealed audit rows in id order; returns how many rows were sealed.

    Only rows older than ``settle_seconds`` (default ``SIGAP_AUDIT_SEAL_SETTLE_SECONDS``) are
    sealed, so rows of transactions still committing are taken on a later run; a row that
    commits late (lower id than rows already sealed) simply gets the next ``seq``. Locks only
    the chain head, so appends never wait. A row whose content no longer matches its
    ``content_hash`` is not sealed (logged; :func:`audit_verify_chain` names it). After each
    sealed batch a checkpoint ``{seq, head}`` is appended to ``SIGAP_AUDIT_CHECKPOINT_FILE``
    (outside the database) so deleting tail rows or emptying the table is detected.

    Sealing updates each row in place; after a run that sealed more than
    ``SEAL_MAINTENANCE_ROWS`` rows, :func:`_audit_table_maintain` cleans up on PostgreSQL.
    """
    if settle_seconds is None:
        settle_seconds = float(getattr(settings, "SIGAP_AUDIT_SEAL_SETTLE_SECONDS", 5))
    cutoff = timezone.now() - timedelta(seconds=settle_seconds)
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    sealed_total = 0
    while True:
        with transaction.atomic():
            head = _locked_head()
            rows = list(
                AuditEvent.objects.filter(seq__isnull=True, occurred_at__lte=cutoff).order_by("id")[
                    :batch_size
                ]
            )
            if not rows:
                break
            intact = []
            for event in rows:
                if event_content_digest(event) != event.content_hash:
                    logger.error("audit row id=%s altered before sealing; left unsealed", event.id)
                    continue
                intact.append((event.id, event.content_hash))
            if not intact:
                break
            updates = _chain_after(head, intact)
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"UPDATE {table} SET seq = %s, prev_hash = %s, row_hash = %s "  # noqa: S608
                    "WHERE id = %s AND seq IS NULL",
                    updates,
                )
        _write_checkpoint(seq=head.last_seq, head=head.last_hash, event_id=intact[-1][0])
        sealed_total += len(updates)
        if len(rows) < batch_size:
            break
    if sealed_total > SEAL_MAINTENANCE_ROWS:
        _audit_table_maintain()
    return sealed_total


#: A seal run that updated more rows than this leaves enough dead row versions (PostgreSQL
#: writes a new version per UPDATE) to clean up at once rather than wait for autovacuum,
#: which some servers run rarely or not at all (issue 8 §3).
SEAL_MAINTENANCE_ROWS = 100_000


def _audit_table_maintain() -> str:
    """After a large seal on PostgreSQL: ``VACUUM (ANALYZE)`` of the audit table, or only
    ``ANALYZE`` inside a transaction; returns the statement's name ("" elsewhere).

    VACUUM cannot run inside a transaction block. ``manage.py audit_seal`` and the
    ``audit_seal_task`` (the django-tasks database worker calls tasks without a transaction)
    run with autocommit, so they vacuum; a caller that wraps :func:`audit_seal` in
    ``transaction.atomic()`` (and the tests, which run inside one) gets ANALYZE only: the
    planner's statistics are fresh, but the dead row versions wait for the next VACUUM. On
    SQLite (no dead tuples to reclaim this way) nothing runs. A plain VACUUM takes no lock
    that stops appends or reads; for a table the database user does not own PostgreSQL skips
    both with a warning, not an error.
    """
    if connection.vendor != "postgresql":
        return ""
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    statement = (
        "ANALYZE"
        if connection.in_atomic_block or not connection.get_autocommit()
        else "VACUUM (ANALYZE)"
    )
    with connection.cursor() as cursor:
        cursor.execute(f"{statement} {table}")
    logger.info("audit table after a large seal: %s", statement)
    return statement


@dataclass(frozen=True)
class ChainReport:
    """Result of :func:`audit_verify_chain`.

    ``ok``; rows ``checked``; ``first_broken_id`` (the row named, or None when the rows
    themselves are gone); ``reason`` (Indonesian, English in brackets); ``sealed`` and
    ``unsealed`` row counts.
    """

    ok: bool
    checked: int
    first_broken_id: int | None = None
    reason: str = ""
    sealed: int = 0
    unsealed: int = 0


def audit_verify_chain(*, batch_size: int = 2000) -> ChainReport:
    """Check every audit row and the chain's ends; return the first problem found.

    Detected, each named: an edited row (content no longer matches ``content_hash`` or
    ``row_hash``), a deleted middle row (``seq`` gap or ``prev_hash`` mismatch), deleted tail
    rows (last sealed row behind the chain head row or behind the last checkpoint written
    outside the database), and an emptied table (checkpoint says rows were sealed).
    Unsealed rows are checked for content only.
    """
    prev = GENESIS_HASH
    expected_seq = 1
    checked = 0
    last_seq = 0
    last_id: int | None = None
    while True:
        rows = list(AuditEvent.objects.filter(seq__gte=expected_seq).order_by("seq")[:batch_size])
        if not rows:
            break
        for event in rows:
            checked += 1
            if event_content_digest(event) != event.content_hash:
                return ChainReport(
                    False,
                    checked,
                    event.id,
                    f"isi baris id={event.id} diubah (row content does not match its hash)",
                )
            if event.seq != expected_seq or event.prev_hash != prev:
                missing = max(event.seq - expected_seq, 1)
                after = f"id={last_id}" if last_id is not None else "awal log (log start)"
                return ChainReport(
                    False,
                    checked,
                    event.id,
                    f"{missing} baris hilang antara {after} dan id={event.id} "
                    f"(rows missing before id={event.id}: prev_hash/seq does not match)",
                )
            if (
                link_digest(
                    prev_hash=prev,
                    seq=event.seq,
                    event_id=event.id,
                    content_hash=event.content_hash,
                )
                != event.row_hash
            ):
                return ChainReport(
                    False,
                    checked,
                    event.id,
                    f"hash rantai baris id={event.id} diubah (row hash does not match)",
                )
            prev, last_seq, last_id = event.row_hash, event.seq, event.id
            expected_seq += 1
    sealed = checked
    after = f"id={last_id}" if last_id is not None else "awal log (log start)"
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and (head.last_seq != last_seq or head.last_hash != prev):
        return ChainReport(
            False,
            checked,
            None,
            f"{max(head.last_seq - last_seq, 0)} baris terakhir hilang setelah {after}: kepala "
            f"rantai seq={head.last_seq} (tail rows deleted: chain head does not match)",
            sealed,
        )
    checkpoint = read_last_checkpoint()
    if checkpoint is not None and checkpoint.get("seq", 0) > 0:
        cp_seq = int(checkpoint["seq"])
        if cp_seq > last_seq:
            what = "tabel audit dikosongkan" if checked == 0 else "baris terakhir dihapus"
            return ChainReport(
                False,
                checked,
                None,
                f"{what}: checkpoint {checkpoint.get('at')} mencatat {cp_seq} baris tersegel, "
                f"basis data hanya {last_seq} (setelah {after}) "
                f"(rows deleted or table emptied: behind the checkpoint outside the database)",
                sealed,
            )
        row = AuditEvent.objects.filter(seq=cp_seq).only("id", "row_hash").first()
        if row is None or row.row_hash != checkpoint.get("head"):
            return ChainReport(
                False,
                checked,
                row.id if row else None,
                f"rantai tidak cocok dengan checkpoint pada seq={cp_seq} "
                f"(chain rewritten: differs from the checkpoint outside the database)",
                sealed,
            )
    unsealed = 0
    last_pk = 0
    while True:
        rows = list(
            AuditEvent.objects.filter(seq__isnull=True, id__gt=last_pk).order_by("id")[:batch_size]
        )
        if not rows:
            break
        for event in rows:
            checked += 1
            unsealed += 1
            if event_content_digest(event) != event.content_hash:
                return ChainReport(
                    False,
                    checked,
                    event.id,
                    f"isi baris id={event.id} diubah (row content does not match its hash)",
                    sealed,
                    unsealed,
                )
            last_pk = event.id
    return ChainReport(True, checked, sealed=sealed, unsealed=unsealed)
