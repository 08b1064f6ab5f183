"""``manage.py population_load FILE.csv``: residents per kelurahan for the early-warning view."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sigap.core.exceptions import ApplicationError
from sigap.prevention.services import population_import


class Command(BaseCommand):
    help = (
        "Load residents per kelurahan from a CSV with columns code (Kemendagri, with dots), "
        "population, year, source."
    )

    def add_arguments(self, parser):
        parser.add_argument("csv_file", type=Path)

    def handle(self, *args, csv_file: Path, **options):
        try:
            text = csv_file.read_text(encoding="utf-8-sig")
            count = population_import(actor=None, csv_text=text)
        except (OSError, UnicodeDecodeError, ApplicationError) as exc:
            raise CommandError(getattr(exc, "message", str(exc))) from exc
        self.stdout.write(f"Penduduk: {count} kelurahan dimuat.")
