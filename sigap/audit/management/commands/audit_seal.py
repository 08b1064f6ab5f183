"""``manage.py audit_seal``: chain the settled audit rows and append a checkpoint outside the DB."""

from django.core.management.base import BaseCommand

from sigap.audit.services import audit_seal


class Command(BaseCommand):
    help = (
        "Seal settled audit rows into the hash chain and append a checkpoint to "
        "SIGAP_AUDIT_CHECKPOINT_FILE. Run every minute (cron/systemd timer)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--settle-seconds",
            type=float,
            default=None,
            help="Only seal rows older than this (default SIGAP_AUDIT_SEAL_SETTLE_SECONDS).",
        )

    def handle(self, *args, **options):
        sealed = audit_seal(settle_seconds=options["settle_seconds"])
        self.stdout.write(f"OK: {sealed} audit rows sealed.")
