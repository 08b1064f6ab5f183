"""``manage.py db_copy --source URL``: copy every table, raw, from the database at URL (e.g.
the old SQLite file) into the configured database (migrated, empty). Moves a SQLite install
to PostgreSQL; see docs/operations.md."""

import dj_database_url
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from sigap.core.backup import BackupError, database_copy


class Command(BaseCommand):
    help = "Copy all rows from another database (DATABASE_URL form) into this one."

    def add_arguments(self, parser):
        parser.add_argument("--source", required=True, help="e.g. sqlite:////srv/sigap/db.sqlite3")
        parser.add_argument("--database", default="default", help="target alias")

    def handle(self, *args, source, database="default", **options):
        connections.settings["copy_source"] = {
            **connections.settings[database],
            **dj_database_url.parse(source),
            "OPTIONS": {},
        }
        try:
            counts = database_copy(source="copy_source", target=database)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        finally:
            connections["copy_source"].close()
            del connections["copy_source"]
            del connections.settings["copy_source"]
        self.stdout.write(f"Copied {sum(counts.values())} rows in {len(counts)} tables.")
