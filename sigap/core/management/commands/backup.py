"""``manage.py backup --output DIR [--keys-output FILE]``: back up the database (see
``sigap.core.backup``). The keys are written only with ``--keys-output``, outside DIR."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sigap.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Back up the database (pg_dump or the SQLite backup API) with a verification manifest."

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="new or empty directory")
        parser.add_argument(
            "--keys-output",
            help="file for SIGAP_FIELD_KEYS and SIGAP_HASH_KEY (keep it apart from the backup)",
        )
        parser.add_argument("--database", default="default")

    def handle(self, *args, output, keys_output=None, database="default", **options):
        try:
            manifest = backup_create(
                Path(output),
                alias=database,
                keys_output=Path(keys_output) if keys_output else None,
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(t["rows"] for t in manifest["tables"].values())
        self.stdout.write(
            f"Backup written to {output}: {len(manifest['tables'])} tables, {rows} rows."
        )
        if not keys_output:
            self.stdout.write(
                "Keys not written: store SIGAP_FIELD_KEYS and SIGAP_HASH_KEY separately "
                "(--keys-output FILE), or the restored identity fields cannot be read."
            )
