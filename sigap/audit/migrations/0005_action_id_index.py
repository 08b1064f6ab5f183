"""The auditor's log filtered by action, newest first, and the list of recorded actions (a skip
scan) served by one ``(action, id)`` index instead of the single-column index on ``action``,
which made PostgreSQL sort every row of an action (issue 8 §4). The index count is unchanged,
so appends pay no more."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0004_drop_unused_like_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="action",
            field=models.CharField(max_length=64),
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["action", "-id"], name="audit_action_id_idx"),
        ),
    ]
