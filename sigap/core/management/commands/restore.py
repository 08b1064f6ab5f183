"""``manage.py restore DIR``: restore a backup into the configured, empty database and verify
every table's row count and content hash against the backup's manifest."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sigap.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup` into an empty database and verify it."

    def add_arguments(self, parser):
        parser.add_argument("source", help="backup directory")
        parser.add_argument("--database", default="default")
        parser.add_argument("--no-verify", action="store_true")

    def handle(self, *args, source, database="default", no_verify=False, **options):
        try:
            manifest = backup_restore(Path(source), alias=database, verify=not no_verify)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        state = "restored" if no_verify else "restored and verified"
        self.stdout.write(f"{len(manifest['tables'])} tables {state}.")
