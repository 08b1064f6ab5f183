"""``manage.py export_prune``: delete the files of expired export jobs (cron, hourly)."""

from django.core.management.base import BaseCommand

from sigap.reports.exports import export_prune


class Command(BaseCommand):
    help = "Delete the files of export jobs past their expiry (SIGAP_EXPORT_HOURS)."

    def handle(self, *args, **options):
        removed = export_prune()
        self.stdout.write(f"{removed} expired export file(s) deleted.")
