"""Writing and verifying audit events.

Every service calls :func:`audit_record` inside its own ``transaction.atomic()`` so the audit
row commits or rolls back together with the change it describes (Zulip's pattern).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from django.db import transaction
from django.utils import timezone

from sigap.audit.models import AuditChainHead, AuditEvent

GENESIS_HASH = "0" * 64


def _row_digest(*, prev_hash: str, event: AuditEvent) -> str:
    payload = {
        "prev": prev_hash,
        # Always hash the UTC form: the database may hand the value back in another zone.
        "occurred_at": event.occurred_at.astimezone(UTC).isoformat(),
        "actor_id": event.actor_id,
        "actor_agency": str(event.actor_agency_public_id or ""),
        "action": event.action,
        "target_type": event.target_type,
        "target": str(event.target_public_id or ""),
        "changes": event.changes,
        "ip": event.ip_address or "",
    }
    blob = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def audit_record(
    *,
    actor: Any | None,
    action: str,
    target: Any | None = None,
    changes: dict[str, Any] | None = None,
    ip_address: str | None = None,
) -> AuditEvent:
    """Append one audit event and return it.

    ``action`` is ``"<entity>.<verb>"`` (e.g. ``"case.close"``). ``target`` is any model with a
    ``public_id``; ``changes`` must hold field *names* for personal data, never values.
    Must run inside the caller's transaction; it opens a nested atomic block and locks the
    chain head row so concurrent writers append one after another.
    """
    with transaction.atomic():
        head, _created = AuditChainHead.objects.select_for_update().get_or_create(
            pk=1, defaults={"last_hash": GENESIS_HASH}
        )
        agency_public_id = None
        if actor is not None and getattr(actor, "is_authenticated", False):
            membership = getattr(actor, "membership", None)
            if membership is not None:
                agency_public_id = membership.agency.public_id
        else:
            actor = None
        event = AuditEvent(
            occurred_at=timezone.now(),
            actor=actor,
            actor_agency_public_id=agency_public_id,
            action=action,
            target_type=target._meta.label_lower if target is not None else "",
            target_public_id=getattr(target, "public_id", None),
            changes=changes or {},
            ip_address=ip_address,
            prev_hash=head.last_hash,
        )
        # Round-trip JSON now so the digest is computed over what the database will return.
        event.changes = json.loads(json.dumps(event.changes, default=str))
        event.row_hash = _row_digest(prev_hash=head.last_hash, event=event)
        event.save()
        head.last_hash = event.row_hash
        head.save(update_fields=["last_hash"])
    return event


@dataclass(frozen=True)
class ChainReport:
    """Result of :func:`audit_verify_chain`: ``ok``, rows ``checked`` and the first broken id."""

    ok: bool
    checked: int
    first_broken_id: int | None = None
    reason: str = ""


def audit_verify_chain(*, batch_size: int = 2000) -> ChainReport:
    """Recompute every row's hash in id order and return the first row that does not match.

    A row is broken when its ``prev_hash`` differs from the previous row's ``row_hash`` or its
    own ``row_hash`` differs from the recomputed digest (someone edited it in the database).
    """
    prev = GENESIS_HASH
    checked = 0
    last_id = 0
    while True:
        rows = list(AuditEvent.objects.filter(id__gt=last_id).order_by("id")[:batch_size])
        if not rows:
            break
        for event in rows:
            checked += 1
            if event.prev_hash != prev:
                return ChainReport(False, checked, event.id, "prev_hash does not match")
            if _row_digest(prev_hash=prev, event=event) != event.row_hash:
                return ChainReport(False, checked, event.id, "row content does not match its hash")
            prev = event.row_hash
            last_id = event.id
    return ChainReport(True, checked)


# --- INTERIM (helper w7-seed): w4-audit is building the real ``audit_append_many``. When both
# --- branches merge, KEEP w4's VERSION and delete this one; the signature is the agreed one.
def audit_append_many(*, rows: list[dict[str, Any]]) -> list[AuditEvent]:
    """Append many audit events in one round of the chain and return them, in order.

    ``rows``: dicts with the keys of :func:`audit_record` (``actor``, ``action``, ``target``,
    ``changes``, ``ip_address``) and, for bulk loads of simulated history, an optional
    ``occurred_at`` (aware datetime; default ``timezone.now()``). The chain head is locked once
    for the whole list, the hashes are computed in Python and the rows written with
    ``bulk_create`` (ids in list order), so the chain verifies exactly as if each row had been
    appended by :func:`audit_record`. Must run inside the caller's transaction.
    """
    if not rows:
        return []
    with transaction.atomic():
        head, _created = AuditChainHead.objects.select_for_update().get_or_create(
            pk=1, defaults={"last_hash": GENESIS_HASH}
        )
        prev = head.last_hash
        agencies: dict[int, Any] = {}
        events = []
        now = timezone.now()
        for row in rows:
            actor = row.get("actor")
            agency_public_id = None
            if actor is not None and getattr(actor, "is_authenticated", False):
                if actor.pk not in agencies:
                    membership = getattr(actor, "membership", None)
                    agencies[actor.pk] = membership.agency.public_id if membership else None
                agency_public_id = agencies[actor.pk]
            else:
                actor = None
            target = row.get("target")
            event = AuditEvent(
                occurred_at=(row.get("occurred_at") or now).astimezone(UTC),
                actor=actor,
                actor_agency_public_id=agency_public_id,
                action=row["action"],
                target_type=target._meta.label_lower if target is not None else "",
                target_public_id=getattr(target, "public_id", None),
                changes=json.loads(json.dumps(row.get("changes") or {}, default=str)),
                ip_address=row.get("ip_address"),
                prev_hash=prev,
            )
            event.row_hash = _row_digest(prev_hash=prev, event=event)
            prev = event.row_hash
            events.append(event)
        _insert(events)
        head.last_hash = prev
        head.save(update_fields=["last_hash"])
    return events


def _insert(events: list[AuditEvent]) -> None:
    """INTERIM (w7-seed): ``COPY`` on PostgreSQL (ids from the sequence, in order), else
    ``bulk_create``; part of the interim ``audit_append_many`` above."""
    from django.db import DEFAULT_DB_ALIAS, connections

    connection = connections[DEFAULT_DB_ALIAS]  # the wrapper itself, not the slower proxy
    if connection.vendor != "postgresql":
        AuditEvent.objects.bulk_create(events, batch_size=2000)
        return
    meta = AuditEvent._meta
    fields = list(meta.concrete_fields)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [meta.db_table, len(events)],
        )
        for event, (pk,) in zip(events, cursor.fetchall(), strict=True):
            event.pk = pk
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        table = connection.ops.quote_name(meta.db_table)
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:  # noqa: S608
            for event in events:
                copy.write_row(
                    [f.get_db_prep_save(f.pre_save(event, True), connection) for f in fields]
                )
