"""``manage.py verify_release FILE --k 11 --quasi col1,col2,...``: check that a released CSV
is k-anonymous on the declared quasi-identifiers (issue 12 §6).

Exit status 0 when every combination of the quasi-identifier values occurs at least k times;
1 otherwise, naming the offending data rows (the first row after the header is row 1), or
when the file or a column cannot be read. Messages are in Indonesian and English: the
command is run by data officers and by anyone who receives the file.
"""

import csv
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sigap.analytics.disclosure import DEFAULT_K, verify_release

LISTED_ROWS_MAX = 200


def _quasi(value: str) -> list[str]:
    return [c.strip() for c in value.split(",") if c.strip()]


class Command(BaseCommand):
    help = "Check that a released CSV is k-anonymous on the given quasi-identifier columns."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="CSV file (UTF-8, header row)")
        parser.add_argument("--k", type=int, default=DEFAULT_K, help="minimum class size")
        parser.add_argument(
            "--quasi", type=_quasi, required=True, help="quasi-identifier columns, comma-separated"
        )

    def handle(self, *args, file: Path, k: int, quasi: list[str], **options):
        try:
            with file.open(encoding="utf-8-sig", newline="") as fh:
                rows = list(csv.DictReader(fh))
        except (OSError, UnicodeDecodeError, csv.Error) as exc:
            raise CommandError(
                f"Berkas tidak dapat dibaca / The file cannot be read: {type(exc).__name__}"
            ) from exc
        try:
            offending = verify_release(rows, k, quasi)
        except ValueError as exc:
            raise CommandError(f"Kolom atau k tidak valid / Invalid column or k: {exc}") from exc
        if not offending:
            self.stdout.write(
                f"OK: {len(rows)} baris memenuhi k-anonimitas (k={k}) pada {', '.join(quasi)}. / "
                f"{len(rows)} rows meet k-anonymity (k={k}) on {', '.join(quasi)}."
            )
            return
        listed = ", ".join(str(n) for n in offending[:LISTED_ROWS_MAX])
        more = len(offending) - LISTED_ROWS_MAX
        if more > 0:
            listed += f" (+{more} lainnya / more)"
        raise CommandError(
            f"GAGAL: {len(offending)} baris berada dalam kelompok kurang dari {k} baris "
            f"(k-anonimitas tidak terpenuhi); baris data: {listed}. / "
            f"FAILED: {len(offending)} rows are in groups of fewer than {k} rows "
            f"(k-anonymity not met); data rows: {listed}. "
            "(Baris 1 = baris pertama setelah judul kolom / Row 1 = first row after the header.)"
        )
