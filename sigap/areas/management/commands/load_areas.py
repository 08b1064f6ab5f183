"""``manage.py load_areas [--path CSV]``: load all Kemendagri areas (idempotent)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from sigap.areas.services import areas_load_csv
from sigap.core.exceptions import ApplicationError


class Command(BaseCommand):
    help = "Load ../shared/data/wilayah-indonesia.csv (Kemendagri areas) into the database."

    def add_arguments(self, parser):
        parser.add_argument(
            "--path",
            default=str(settings.SHARED_DATA_DIR / "wilayah-indonesia.csv"),
            help="CSV with columns code,level,name,parent_code",
        )

    def handle(self, *args, **options):
        path = Path(options["path"])
        if not path.exists():
            raise CommandError(f"Area file not found: {path}")
        try:
            count = areas_load_csv(path=path)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"Loaded {count} areas from {path.name}.")
