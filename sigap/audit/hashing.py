"""Pure hash functions of the audit chain (no database access; also used by migrations).

Two digests, both SHA-256 hex over canonical JSON (sorted keys, no spaces):
- :func:`content_digest` covers what a row says (when, who, what, changes, IP); written at append.
- :func:`link_digest` chains a sealed row: previous row hash + its ``seq`` + its id + its
  content digest, so editing, deleting, reordering or renumbering a sealed row is detected.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

GENESIS_HASH = "0" * 64


@lru_cache(maxsize=4096)
def _dumps(value: str | int | None) -> str:
    # Actions, target types, agencies, actor ids and IPs repeat from row to row.
    return json.dumps(value)


def canonical_json(value: Any) -> str:
    """The JSON text the digests hash: sorted keys, no spaces, ASCII, ``str`` for the rest."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), default=str)


def content_digest(
    *,
    occurred_at: datetime,
    actor_id: int | None,
    actor_agency_public_id: Any,
    action: str,
    target_type: str,
    target_public_id: Any,
    changes: Any,
    ip_address: str | None,
    changes_json: str | None = None,
) -> str:
    """SHA-256 hex of one row's content; ``occurred_at`` is hashed in UTC ISO form.

    The hashed text is :func:`canonical_json` of ``{"occurred_at", "actor_id", "actor_agency",
    "action", "target_type", "target", "changes", "ip"}``, written out key by key (in sorted
    order) so that bulk writers can pass ``changes_json``, the ``canonical_json`` of
    ``changes`` made once, instead of ``changes``.
    """
    if changes_json is None:
        changes_json = canonical_json(changes)
    dumps = _dumps
    blob = (
        '{"action":' + dumps(action)
        + ',"actor_agency":' + dumps(str(actor_agency_public_id or ""))
        + ',"actor_id":' + dumps(actor_id)
        + ',"changes":' + changes_json
        + ',"ip":' + dumps(ip_address or "")
        # Always hash the UTC form: the database may hand the value back in another zone.
        # An ISO time and a UUID's text need no JSON escaping: quoted as they are.
        + ',"occurred_at":"' + occurred_at.astimezone(UTC).isoformat()
        + '","target":"' + str(target_public_id or "")
        + '","target_type":' + dumps(target_type)
        + "}"
    )  # fmt: skip
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def event_content_digest(event: Any) -> str:
    """:func:`content_digest` of an ``AuditEvent`` (or historical-model) instance."""
    return content_digest(
        occurred_at=event.occurred_at,
        actor_id=event.actor_id,
        actor_agency_public_id=event.actor_agency_public_id,
        action=event.action,
        target_type=event.target_type,
        target_public_id=event.target_public_id,
        changes=event.changes,
        ip_address=event.ip_address,
    )


def _scalar_json(value: Any) -> str:
    """:func:`canonical_json` of one scalar: a plain ``int`` or a string of ASCII letters and
    digits (a hex digest) written out directly, anything else through ``json.dumps``."""
    kind = type(value)
    if kind is int:
        return str(value)
    if kind is str and value.isascii() and (value.isalnum() or not value):
        return '"' + value + '"'
    return canonical_json(value)


def link_digest(*, prev_hash: str, seq: int, event_id: int, content_hash: str) -> str:
    """SHA-256 hex that seals row ``event_id`` as number ``seq`` after ``prev_hash``: the
    digest of ``canonical_json({"prev", "seq", "id", "content"})``, written out key by key in
    sorted order (the sealing of a million rows hashes one per row; the text is the same)."""
    blob = (
        '{"content":' + _scalar_json(content_hash)
        + ',"id":' + _scalar_json(event_id)
        + ',"prev":' + _scalar_json(prev_hash)
        + ',"seq":' + _scalar_json(seq)
        + "}"
    )  # fmt: skip
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()
