"""``manage.py audit_verify``: check the audit hash chain and name the first broken row."""

from django.core.management.base import BaseCommand, CommandError

from sigap.audit.services import audit_verify_chain


class Command(BaseCommand):
    help = "Verify the audit log's hash chain; exit 1 naming the first broken row."

    def handle(self, *args, **options):
        report = audit_verify_chain()
        if report.ok:
            self.stdout.write(f"OK: {report.checked} audit rows verified.")
            return
        raise CommandError(
            f"Audit chain broken at row id={report.first_broken_id}: {report.reason} "
            f"(checked {report.checked} rows)."
        )
