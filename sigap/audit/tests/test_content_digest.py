"""The content digest is written out key by key (for bulk writers that pass the changes' JSON
once); it must stay the digest of the canonical JSON of the whole row, as it was when the rows
already in every database were hashed."""

import datetime
import hashlib
import json
import uuid

import pytest

from sigap.audit.hashing import GENESIS_HASH, canonical_json, content_digest, link_digest

ROWS = [
    {
        "occurred_at": datetime.datetime(
            2026, 1, 2, 3, 4, 5, 678, tzinfo=datetime.timezone(datetime.timedelta(hours=7))
        ),
        "actor_id": 5,
        "actor_agency_public_id": uuid.UUID(int=7),
        "action": "case.open",
        "target_type": "cases.case",
        "target_public_id": uuid.UUID(int=9),
        "changes": {"b": [1, 2.5, None, True], "a": {"z": 'ü"\\ \n', "y": "Ñ"}, "é": "x"},
        "ip_address": "10.0.0.1",
    },
    {
        "occurred_at": datetime.datetime(2026, 1, 2, tzinfo=datetime.UTC),
        "actor_id": None,
        "actor_agency_public_id": None,
        "action": "x",
        "target_type": "",
        "target_public_id": None,
        "changes": {},
        "ip_address": None,
    },
]
# Digests of ROWS by the implementation before the key-by-key form (commit 9f07b2e).
BEFORE = [
    "85b27fc6c508c60049d69f3f6d9f8c47e2ad6909afdc87f99d7a624b38c2de45",
    "864f3fd54c2e194892632b3ee4055a2c6d9ba2a44bce035c4a047e7ec0221c7e",
]


def _reference(row) -> str:
    payload = {
        "occurred_at": row["occurred_at"].astimezone(datetime.UTC).isoformat(),
        "actor_id": row["actor_id"],
        "actor_agency": str(row["actor_agency_public_id"] or ""),
        "action": row["action"],
        "target_type": row["target_type"],
        "target": str(row["target_public_id"] or ""),
        "changes": row["changes"],
        "ip": row["ip_address"] or "",
    }
    blob = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


@pytest.mark.parametrize("i", range(len(ROWS)))
def test_digest_is_the_canonical_json_of_the_row_as_before(i):
    row = ROWS[i]
    assert content_digest(**row) == _reference(row) == BEFORE[i]
    text = canonical_json(row["changes"])
    assert content_digest(**row, changes_json=text) == BEFORE[i]


def test_any_field_changes_the_digest():
    row = ROWS[0]
    base = content_digest(**row)
    for key, other in [
        ("actor_id", 6),
        ("action", "case.close"),
        ("changes", {"b": [1]}),
        ("ip_address", "10.0.0.2"),
        ("target_public_id", uuid.UUID(int=10)),
        ("occurred_at", row["occurred_at"] + datetime.timedelta(microseconds=1)),
    ]:
        assert content_digest(**{**row, key: other}) != base, key


@pytest.mark.django_db
def test_audit_table_keeps_its_lookup_indexes_but_no_prefix_indexes():
    """Migration 0004: the unused LIKE indexes are gone; the ones lookups use remain (the
    action's, since 0005, as ``(action, id)``). Since 0006 no index of random keys is kept
    that no lookup uses (``row_hash``, ``target_public_id`` alone)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the LIKE indexes exist on PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'audit_auditevent'")
        names = {row[0] for row in cursor.fetchall()}
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'audit_auditevent' "
            "AND indexdef LIKE '%%target_public_id%%'"
        )
        by_target = [row[0] for row in cursor.fetchall()]
    assert not {n for n in names if n.endswith("_like")}
    assert "audit_action_id_idx" in names and "audit_auditevent_action_2131bb77" not in names
    assert "audit_auditevent_seq_key" in names
    assert not {n for n in names if "row_hash" in n}
    assert len(by_target) == 1 and "target_type" in by_target[0], by_target


def _link_reference(prev_hash, seq, event_id, content_hash) -> str:
    payload = {"prev": prev_hash, "seq": seq, "id": event_id, "content": content_hash}
    blob = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


LINKS = [
    (GENESIS_HASH, 1, 1, "a" * 64),
    ("0f" * 32, 123456789, 987654321012, "ab12" * 16),
    ("", 0, 0, ""),  # empty strings
    # Not what the chain holds, but what a tampered row could: the text must still be
    # json.dumps', escaping included, so no two different rows give the same text.
    ('x","seq":1', 2, 3, 'ü"\\ \n'),
    (GENESIS_HASH, True, 5, "c" * 64),  # a bool is not an int here either
    ("AB-CD", 7, 8, uuid.UUID(int=3)),
]
# Digests of LINKS[:2] by the implementation before the key-by-key form (commit 8897ff3).
LINKS_BEFORE = [
    "8fa3889cd69721a9786cf3f783413be445606c54177f00114672527ca9eaca8d",
    "376dcc7ac2bdc4563ff6199f26fc2e6dcfee459a175b1269d725d80a9bbc2e76",
]


@pytest.mark.parametrize("i", range(len(LINKS_BEFORE)))
def test_link_digest_as_before(i):
    prev_hash, seq, event_id, content_hash = LINKS[i]
    got = link_digest(prev_hash=prev_hash, seq=seq, event_id=event_id, content_hash=content_hash)
    assert got == LINKS_BEFORE[i]


@pytest.mark.parametrize("link", LINKS)
def test_link_digest_is_the_canonical_json_of_the_link(link):
    prev_hash, seq, event_id, content_hash = link
    got = link_digest(prev_hash=prev_hash, seq=seq, event_id=event_id, content_hash=content_hash)
    assert got == _link_reference(prev_hash, seq, event_id, content_hash)


def test_link_digest_changes_with_every_part():
    base = {"prev_hash": GENESIS_HASH, "seq": 1, "event_id": 1, "content_hash": "a" * 64}
    digest = link_digest(**base)
    for key, other in [
        ("prev_hash", "1" * 64),
        ("seq", 2),
        ("event_id", 2),
        ("content_hash", "b" * 64),
    ]:
        assert link_digest(**{**base, key: other}) != digest, key
