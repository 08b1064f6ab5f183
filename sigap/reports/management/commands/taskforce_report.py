"""``manage.py taskforce_report --year YYYY [--quarter Q] --format pdf|xlsx --output FILE``:
the task-force report upward (Laporan Gugus Tugas, issue 11 §4), aggregates only, small
counts suppressed, in Indonesian (``--language en`` for English)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation

from sigap.audit.services import audit_record
from sigap.core.files import atomic_output
from sigap.reports.taskforce_render import RENDERERS
from sigap.reports.taskforce_report import taskforce_report_build


class Command(BaseCommand):
    help = "Write the task-force report (Laporan Gugus Tugas) for a year or a quarter."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--quarter", type=int, choices=(1, 2, 3, 4))
        parser.add_argument("--format", choices=sorted(RENDERERS), required=True)
        parser.add_argument("--output", type=Path, required=True)
        parser.add_argument("--language", choices=("id", "en"), default="id")

    def handle(self, *args, year, quarter, output: Path, language, **options):
        fmt = options["format"]
        try:
            with translation.override(language):
                report = taskforce_report_build(year=year, quarter=quarter)
                content = RENDERERS[fmt](report)
        except ValueError as exc:
            raise CommandError(f"Parameter tidak valid / Invalid parameter: {exc}") from exc
        with atomic_output(output) as fh:
            fh.write(content)
        with transaction.atomic():
            audit_record(
                actor=None,
                action="report.taskforce",
                changes={"year": year, "quarter": quarter, "format": fmt},
            )
        self.stdout.write(f"{output} ({len(content)} bytes)")
