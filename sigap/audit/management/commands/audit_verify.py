"""``manage.py audit_verify``: seal settled rows, then check the chain and name the problem."""

from django.core.management.base import BaseCommand, CommandError

from sigap.audit.services import audit_seal, audit_verify_chain


class Command(BaseCommand):
    help = (
        "Seal settled audit rows, then verify the hash chain against its head and the last "
        "checkpoint outside the database; exit 1 naming the altered or missing rows."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-seal", action="store_true", help="Verify only; do not seal settled rows first."
        )

    def handle(self, *args, **options):
        if not options["no_seal"]:
            audit_seal()
        report = audit_verify_chain()
        if report.ok:
            self.stdout.write(
                f"OK: {report.checked} audit rows verified "
                f"({report.sealed} sealed, {report.unsealed} awaiting seal)."
            )
            return
        where = f"row id={report.first_broken_id}: " if report.first_broken_id else ""
        raise CommandError(
            f"Rantai audit rusak / audit chain broken at {where}{report.reason} "
            f"(checked {report.checked} rows)."
        )
