"""``manage.py open_data_release --output FILE [--k 11] [--max-suppression 0.05]``: write the
record-level victim release (``sigap.reports.open_data``), k-anonymous on the declared
quasi-identifiers, or refuse (exit status 1, nothing written) when k cannot be met.

Quasi-identifiers (``sigap.reports.open_data.QUASI_IDENTIFIERS``): year, sex, age_band,
citizenship, origin_province, destination_country. Check the file afterwards with
``manage.py verify_release FILE --k 11 --quasi year,sex,age_band,citizenship,origin_province,
destination_country``.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sigap.analytics.disclosure import DEFAULT_K, DEFAULT_MAX_SUPPRESSION, KAnonymityError
from sigap.reports.open_data import QUASI_IDENTIFIERS, open_data_release_write


class Command(BaseCommand):
    help = "Write the k-anonymous record-level victim release (open data) as CSV or XLSX."

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, required=True, help="file to write")
        parser.add_argument("--k", type=int, default=DEFAULT_K, help="minimum class size")
        parser.add_argument(
            "--max-suppression",
            type=float,
            default=DEFAULT_MAX_SUPPRESSION,
            help="largest share of rows that may be suppressed (0-1)",
        )
        parser.add_argument("--format", choices=("csv", "xlsx"), default="csv")

    def handle(self, *args, output: Path, k: int, max_suppression: float, **options):
        try:
            result = open_data_release_write(
                output=output, k=k, max_suppression=max_suppression, fmt=options["format"]
            )
        except KAnonymityError as err:
            raise CommandError(
                f"DITOLAK: k-anonimitas k={err.k} menuntut {err.needed} dari {err.rows} baris "
                f"dihapus, lebih dari batas {err.allowed}; tidak ada berkas yang ditulis. / "
                f"REFUSED: k-anonymity with k={err.k} would suppress {err.needed} of "
                f"{err.rows} rows, more than the limit of {err.allowed}; no file written."
            ) from err
        except ValueError as err:
            raise CommandError(f"Parameter tidak valid / Invalid parameter: {err}") from err
        r = result.report
        self.stdout.write(
            f"{r.rows_out} baris ditulis ke / rows written to {result.path} "
            f"(k={r.k}; kuasi-identifier / quasi-identifiers: {', '.join(QUASI_IDENTIFIERS)}).\n"
            f"Laporan supresi / Suppression report: {r.rows_suppressed} dari / of {r.rows_in} "
            f"baris disupresi / rows suppressed in {r.classes_suppressed} kelompok / classes; "
            f"{r.classes_kept} kelompok / classes kept, terkecil / smallest: {r.smallest_class}."
        )
