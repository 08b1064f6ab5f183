"""``manage.py import_p3mi FILE.csv``: load the licensed placement companies (P3MI)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sigap.analytics.services import licensed_agency_import
from sigap.core.exceptions import ApplicationError


class Command(BaseCommand):
    help = "Import licensed placement companies (P3MI) from a CSV with a 'name' column."

    def add_arguments(self, parser):
        parser.add_argument("csv_file", type=Path)

    def handle(self, *args, csv_file: Path, **options):
        try:
            text = csv_file.read_text(encoding="utf-8-sig")
            counts = licensed_agency_import(user=None, csv_text=text)
        except (OSError, UnicodeDecodeError, ApplicationError) as exc:
            raise CommandError(getattr(exc, "message", str(exc))) from exc
        self.stdout.write(f"P3MI: {counts['created']} baru, {counts['updated']} diperbarui.")
