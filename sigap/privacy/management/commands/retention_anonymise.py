"""``manage.py retention_anonymise [--dry-run]``: anonymise cases closed more than
``SIGAP_RETENTION_YEARS`` (default 5) years ago (UU 27/2022 PDP; docs/data-protection.md).

Run daily from cron or a systemd timer. Each case goes through
``sigap.cases.services.case_anonymise`` (one transaction and one ``case.anonymise`` audit row
per case); open cases are never touched. Prints case numbers and counts, never personal data.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from sigap.cases.services import case_anonymise, cases_due_for_anonymisation


class Command(BaseCommand):
    help = "Anonymise closed cases past the retention period."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List the cases that are due; change nothing."
        )

    def handle(self, *args, **options):
        due = list(cases_due_for_anonymisation().values_list("pk", "number"))
        years = settings.SIGAP_RETENTION_YEARS
        if options["dry_run"]:
            for _pk, number in due:
                self.stdout.write(f"due: {number}")
            self.stdout.write(f"{len(due)} case(s) closed over {years} year(s) ago (dry run).")
            return
        from sigap.cases.models import Case

        for pk, number in due:
            case_anonymise(case=Case.objects.get(pk=pk), actor=None)
            self.stdout.write(f"anonymised: {number}")
        self.stdout.write(
            self.style.SUCCESS(f"{len(due)} case(s) closed over {years} year(s) ago anonymised.")
        )
