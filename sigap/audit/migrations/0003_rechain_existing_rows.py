"""Re-chain rows written before sealing existed: verify the old chain, then seal with the new one.

The old chain (one locked head, digest over prev hash + content) is checked first; if a row was
altered the migration stops and names it, so re-hashing never launders a tampered row.
"""

import hashlib
import json
from datetime import UTC

from django.db import migrations

from sigap.audit.hashing import GENESIS_HASH, event_content_digest, link_digest


def _old_digest(prev_hash, event):
    payload = {
        "prev": prev_hash,
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


def rechain(apps, schema_editor):
    # The database being migrated, not always "default" (db_copy and tests migrate others).
    alias = schema_editor.connection.alias
    AuditEvent = apps.get_model("audit", "AuditEvent")
    AuditChainHead = apps.get_model("audit", "AuditChainHead")
    old_prev = GENESIS_HASH
    new_prev = GENESIS_HASH
    seq = 0
    last_id = 0
    while True:
        rows = list(AuditEvent.objects.using(alias).filter(id__gt=last_id).order_by("id")[:2000])
        if not rows:
            break
        for event in rows:
            last_id = event.id
            if event.content_hash and not event.row_hash:
                # Written with the new code (by a data migration between 0002 and here):
                # already in the new format, left for audit_seal.
                continue
            if event.prev_hash != old_prev or _old_digest(old_prev, event) != event.row_hash:
                raise RuntimeError(
                    f"Rantai audit lama rusak di baris id={event.id}; periksa sebelum migrasi "
                    f"(old audit chain broken at row id={event.id})."
                )
            old_prev = event.row_hash
            seq += 1
            content = event_content_digest(event)
            row_hash = link_digest(
                prev_hash=new_prev, seq=seq, event_id=event.id, content_hash=content
            )
            AuditEvent.objects.using(alias).filter(pk=event.pk).update(
                content_hash=content, seq=seq, prev_hash=new_prev, row_hash=row_hash
            )
            new_prev = row_hash
            last_id = event.id
    AuditChainHead.objects.using(alias).update_or_create(
        pk=1, defaults={"last_hash": new_prev, "last_seq": seq}
    )


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_seal_chain_without_append_lock")]

    operations = [migrations.RunPython(rechain, migrations.RunPython.noop)]
