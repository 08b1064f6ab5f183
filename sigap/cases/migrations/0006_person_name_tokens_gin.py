"""GIN index on the keyed hashes of person name words (issue 8 §4; sigap/cases/search.py).

PostgreSQL only (SQLite has no GIN; its search stays a scan of one column). The index is an
expression over ``name_index``, so existing rows are indexed when it is built: no backfill
and no writer needs to maintain anything. Built ``CONCURRENTLY`` (non-atomic migration) so a
live database keeps accepting writes while it is built.
"""

from django.db import migrations

INDEX = "person_name_tokens_gin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {INDEX} ON cases_person "
        "USING gin (string_to_array(btrim(name_index), ' '))"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("cases", "0005_case_simfoni_number")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
