"""``manage.py link_records INPUT.csv --output OUT.csv``: batch linkage of person records.

Input columns (any may be blank; dates ISO or DD-MM-YYYY): record_id, case_ref, report_date,
role, full_name, sex, date_of_birth, age, birth_place, origin_village, origin_area_code, nik,
phone, bank_account, social_handle, passport_no. Output: record_id, cluster_id,
syndicate_cluster_id (blank for records that are not suspects or recruiters). Runs Splink on
the embedded DuckDB (sigap.analytics.linkage.engine); needs no database of SIGAP's own.
"""

import csv
import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sigap.core.files import atomic_output
from sigap.core.tabular import formula_safe

REQUIRED = {"record_id"}


class Command(BaseCommand):
    help = (
        "Link person records of a CSV: same person -> cluster_id; "
        "same network -> syndicate_cluster_id."
    )

    def add_arguments(self, parser):
        parser.add_argument("input", type=Path)
        parser.add_argument("--output", type=Path, required=True)
        parser.add_argument("--threshold", type=float, default=0.95)
        parser.add_argument(
            "--public",
            type=Path,
            help="File with one identifier per line (phone, account) that is public/shared.",
        )
        parser.add_argument("--max-identifier-cases", type=int, default=25)

    def _progress(self, step: str, fraction: float) -> None:
        width = 30
        done = int(width * fraction)
        elapsed = time.monotonic() - self._start
        self.stderr.write(
            f"\r[{'#' * done}{'.' * (width - done)}] {fraction:4.0%} {step:<12} {elapsed:6.1f} s",
            ending="",
        )
        if fraction >= 1:
            self.stderr.write("")

    def handle(self, *args, input: Path, output: Path, threshold: float, public, **options):
        from sigap.analytics.linkage.engine import link_records

        if not 0 < threshold < 1:
            raise CommandError("--threshold harus di antara 0 dan 1.")
        # Checked before the linkage (minutes at a million records), not after it.
        if output.is_dir() or not output.resolve().parent.is_dir():
            raise CommandError(
                "Berkas keluaran tidak dapat ditulis: folder tidak ada atau nama itu folder "
                "(output folder missing, or the output is a folder)."
            )
        csv.field_size_limit(sys.maxsize)
        try:
            with open(input, encoding="utf-8-sig", newline="") as fh:
                reader = csv.DictReader(fh)
                if not reader.fieldnames or not set(reader.fieldnames) >= REQUIRED:
                    raise CommandError("Berkas masukan harus punya kolom record_id.")
                records = [{k: (v or "").strip() for k, v in row.items() if k} for row in reader]
            marked = []
            if public:
                marked = [ln.strip() for ln in public.read_text(encoding="utf-8").splitlines()]
                marked = [m for m in marked if m and not m.startswith("#")]
        except OSError as exc:
            raise CommandError(f"Berkas tidak dapat dibaca: {exc.strerror}") from exc
        except UnicodeDecodeError as exc:
            raise CommandError(
                'Berkas bukan UTF-8: simpan ulang sebagai "CSV UTF-8" (file is not UTF-8).'
            ) from exc
        # Records numbered from 1 after the header; no value echoed but the record id itself.
        seen: set[str] = set()
        for line, rec in enumerate(records, start=1):
            rid = rec.get("record_id", "")
            if not rid:
                raise CommandError(
                    f"record_id kosong pada rekaman ke-{line} (blank record_id, record {line})."
                )
            if rid in seen:
                raise CommandError(
                    f"record_id {rid!r} ganda pada rekaman ke-{line} "
                    f"(duplicate record_id, record {line})."
                )
            seen.add(rid)
        self._start = time.monotonic()
        self.stderr.write(f"{len(records)} rekaman dibaca.")
        try:
            result = link_records(
                records,
                threshold=threshold,
                public_identifiers=marked,
                max_identifier_cases=options["max_identifier_cases"],
                progress=self._progress,
            )
        except ValueError as exc:
            raise CommandError(f"Data tidak sah: {exc}") from exc
        # Stable, readable cluster ids: numbered in order of first appearance.
        numbers: dict[str, str] = {}
        syn_numbers: dict[str, str] = {}
        # Written to a temporary file beside the output and renamed over it at the end: an
        # interrupted run leaves no half-written OUT.csv.
        try:
            with atomic_output(output, "w", encoding="utf-8", newline="") as fh:
                writer = csv.writer(fh)
                writer.writerow(["record_id", "cluster_id", "syndicate_cluster_id"])
                for rec in records:
                    rid = str(rec["record_id"])
                    cluster = numbers.setdefault(result.clusters[rid], f"C{len(numbers) + 1}")
                    syn = result.syndicates.get(rid)
                    syn_id = syn_numbers.setdefault(syn, f"S{len(syn_numbers) + 1}") if syn else ""
                    # Record ids come from the input file: written formula-safe
                    # (sigap.core.tabular).
                    writer.writerow([formula_safe(rid), cluster, syn_id])
        except OSError as exc:
            raise CommandError(f"Berkas keluaran tidak dapat ditulis: {exc.strerror}") from exc
        self.stdout.write(
            f"{len(records)} rekaman, {len(numbers)} orang, {len(syn_numbers)} jaringan; "
            f"{len(result.pairs)} tautan; hasil di {output}"
        )
