"""``manage.py cluster_ads INPUT.csv --output OUT.csv``: group near-duplicate recruitment ads.

Input: a CSV with an id column and a text column (names set by ``--id-column`` /
``--text-column``). Output CSV: ``id, cluster_id, cluster_size``. A second file
``OUT.templates.csv`` (or ``--templates``) lists, per cluster of two or more ads:
``cluster_id, cluster_size, template, phones, amounts, handles, urls`` (slot values joined by
``;``, phones in E.164). Core: :mod:`sigap.analytics.adclusters` (InfoShield idea, MinHash-LSH).
Progress on stderr shows counts only, never ad text or slot values.
"""

import csv
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sigap.analytics.adclusters import THRESHOLD, cluster_ads
from sigap.core.tabular import formula_safe


class Command(BaseCommand):
    help = "Cluster near-duplicate recruitment ads of a CSV into templates with slot values."

    def add_arguments(self, parser):
        parser.add_argument("input", type=Path)
        parser.add_argument("--output", type=Path, required=True)
        parser.add_argument("--templates", type=Path)
        parser.add_argument("--text-column", default="text")
        parser.add_argument("--id-column", default="id")
        parser.add_argument("--threshold", type=float, default=THRESHOLD)

    def handle(self, *args, **opts):
        src: Path = opts["input"]
        if not src.is_file():
            raise CommandError(f"Input file not found: {src}")
        with src.open(newline="", encoding="utf-8-sig") as fh:
            reader = csv.DictReader(fh)
            cols = set(reader.fieldnames or [])
            missing = {opts["id_column"], opts["text_column"]} - cols
            if missing:
                raise CommandError(f"Missing column(s): {', '.join(sorted(missing))}")
            ads = [(row[opts["id_column"]], row[opts["text_column"]] or "") for row in reader]
        print(f"read {len(ads)} ads; clustering…", file=sys.stderr)
        try:
            assignment, clusters = cluster_ads(ads, threshold=opts["threshold"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        sizes = {c.cluster_id: c.size for c in clusters}
        with opts["output"].open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(["id", "cluster_id", "cluster_size"])
            for ad_id, _ in ads:
                cid = assignment[ad_id]
                w.writerow([formula_safe(ad_id), cid, sizes[cid]])
        tpath = opts["templates"] or opts["output"].with_suffix(".templates.csv")
        multi = [c for c in clusters if c.size > 1]
        with tpath.open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(["cluster_id", "cluster_size", "template", "phones", "amounts",
                        "handles", "urls"])  # fmt: skip
            for c in sorted(multi, key=lambda c: (-c.size, c.cluster_id)):
                w.writerow(
                    [c.cluster_id, c.size, formula_safe(c.template)]
                    + [
                        formula_safe(";".join(c.slots.get(k, [])))
                        for k in ("phone", "amount", "handle", "url")
                    ]
                )
        print(
            f"{len(clusters)} clusters, {len(multi)} with 2+ ads; wrote {opts['output']} "
            f"and {tpath}",
            file=sys.stderr,
        )
