"""``manage.py import_prune``: delete the files of imports left uncommitted (cron, daily)."""

from django.core.management.base import BaseCommand

from sigap.imports.services import KEEP_DAYS, import_prune


class Command(BaseCommand):
    help = f"Delete the stored files of imports not committed within {KEEP_DAYS} days."

    def handle(self, *args, **options):
        removed = import_prune()
        self.stdout.write(f"{removed} uncommitted import file(s) deleted.")
