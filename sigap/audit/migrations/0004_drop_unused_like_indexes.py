"""Drop the two ``varchar_pattern_ops`` indexes PostgreSQL's schema editor adds beside the
indexes of ``action`` and ``row_hash``: nothing searches either column by prefix (``LIKE``),
and every index is written by every audited request and every bulk load (issue 8 §2).
``DROP INDEX IF EXISTS`` is a no-op where they do not exist (SQLite)."""

from django.db import migrations

LIKE_INDEXES = ["audit_auditevent_action_2131bb77_like", "audit_auditevent_row_hash_ac094344_like"]


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_rechain_existing_rows")]

    operations = [
        migrations.RunSQL(
            sql=[f"DROP INDEX IF EXISTS {name}" for name in LIKE_INDEXES],
            reverse_sql=migrations.RunSQL.noop,
        )
    ]
