"""Benchmark the area autocomplete on the full Kemendagri list (91,599 areas).

Usage (SQLite, a throwaway database in a temporary directory, removed afterwards)::

    DJANGO_SETTINGS_MODULE=config.settings DJANGO_DEBUG=true \\
        .venv/bin/python bench/bench_area_autocomplete.py

PostgreSQL (the database must exist; it is migrated and loaded if needed)::

    createdb -h 127.0.0.1 -U postgres sigap_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sigap_bench \\
        DJANGO_SETTINGS_MODULE=config.settings DJANGO_DEBUG=true \\
        .venv/bin/python bench/bench_area_autocomplete.py

Options: ``--rounds N`` (default 200 queries), ``--var-dir DIR`` to keep and reuse a SQLite
database between runs. Reports p50 / p95 / max in milliseconds for (a) the selector plus label
rendering, which is what the issue's "well under 100 ms" targets, and (b) the whole view
(``areas:area-autocomplete`` through a RequestFactory request, template included, without
middleware or network).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Realistic terms typed into the origin-area and report-area pickers: Jakarta Pusat kelurahan,
# common village names found in many provinces, kabupaten names, 2-letter prefixes (the first
# keystrokes), multi-word names, odd case and spacing, and a term with no match.
TERMS: list[tuple[str, list[str] | None]] = [
    ("kemayoran", None),
    ("kemayoran", ["kelurahan"]),
    ("sumur batu", None),
    ("sumur", None),
    ("batu", ["kelurahan", "desa"]),
    ("cilacap", None),
    ("cilacap", ["kabupaten", "kota"]),
    ("sukamaju", None),
    ("mekarsari", ["desa"]),
    ("karang anyar", None),
    ("sidomulyo", None),
    ("tanjung", None),
    ("kebon kosong", None),
    ("gambir", None),
    ("menteng", None),
    ("tanah abang", None),
    ("cempaka putih", None),
    ("johar baru", None),
    ("senen", None),
    ("sawah besar", None),
    ("hanum", None),
    ("dayeuhluhur", None),
    ("indramayu", None),
    ("lombok", None),
    ("nusa tenggara", None),
    ("ke", None),
    ("su", None),
    ("ma", None),
    ("ci", ["desa"]),
    ("ba", None),
    ("ja", ["kelurahan", "desa"]),
    ("  KEMAYORAN ", None),
    ("Desa Baru", None),
    ("mulya", None),
    ("jaya", None),
    ("xyzzy", None),
]


def _parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200, help="number of queries to time")
    parser.add_argument(
        "--var-dir", default="", help="SQLite only: keep the database in this directory"
    )
    return parser.parse_args()


def _setup(var_dir: str) -> str:
    """Point SQLite at ``var_dir`` (unless DATABASE_URL is set) and start Django."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_DEBUG", "true")
    if not os.environ.get("DATABASE_URL"):
        os.environ["SIGAP_VAR_DIR"] = var_dir
    import django

    django.setup()
    from django.db import connection

    return connection.vendor


def _prepare() -> float:
    """Migrate and load the areas when the table is not full; returns seconds spent."""
    from django.core.management import call_command

    from sigap.areas.models import Area

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    if Area.objects.count() < 91_599:
        call_command("load_areas", verbosity=0)
    return time.perf_counter() - started


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))
    return ordered[index]


def _report(name: str, timings: list[float]) -> None:
    ms = [t * 1000 for t in timings]
    print(
        f"{name:<24} n={len(ms):<4} p50={statistics.median(ms):7.2f} ms  "
        f"p95={_percentile(ms, 95):7.2f} ms  max={max(ms):7.2f} ms"
    )


def _run(rounds: int) -> None:
    from django.contrib.auth import get_user_model
    from django.test import RequestFactory

    from sigap.areas.models import Area
    from sigap.areas.selectors import area_search
    from sigap.areas.views import area_autocomplete

    print(f"areas in table: {Area.objects.count()}")
    # Warm-up: one pass over every term (connection, page cache, query plans).
    for term, levels in TERMS:
        [a.label for a in area_search(query=term, levels=levels)]

    selector_times: list[float] = []
    per_term: dict[str, list[float]] = {}
    hits: dict[str, int] = {}
    for i in range(rounds):
        term, levels = TERMS[i % len(TERMS)]
        started = time.perf_counter()
        labels = [a.label for a in area_search(query=term, levels=levels)]
        elapsed = time.perf_counter() - started
        selector_times.append(elapsed)
        key = f"{term.strip()!r}" + (f" [{','.join(levels)}]" if levels else "")
        per_term.setdefault(key, []).append(elapsed)
        hits[key] = len(labels)

    factory = RequestFactory()
    user = get_user_model()(username="bench")  # unsaved: is_authenticated, no DB write

    def call_view(term: str, levels: list[str] | None) -> float:
        params = {"q": term}
        if levels:
            params["level"] = ",".join(levels)
        request = factory.get("/areas/autocomplete/", params)
        request.user = user
        started = time.perf_counter()
        response = area_autocomplete(request)
        elapsed = time.perf_counter() - started
        assert response.status_code == 200
        return elapsed

    call_view("kemayoran", None)  # warm-up: template compilation
    view_times = [call_view(*TERMS[i % len(TERMS)]) for i in range(rounds)]

    _report("selector + labels", selector_times)
    _report("view (HTML fragment)", view_times)
    slowest = sorted(per_term.items(), key=lambda kv: -max(kv[1]))[:5]
    print("slowest terms (max ms, results):")
    for key, times in slowest:
        print(f"  {key:<36} {max(times) * 1000:7.2f} ms  {hits[key]} results")


def main() -> None:
    args = _parse_args()
    tmp = ""
    var_dir = args.var_dir
    if not var_dir and not os.environ.get("DATABASE_URL"):
        tmp = var_dir = tempfile.mkdtemp(prefix="sigap-bench-")
    try:
        vendor = _setup(var_dir)
        print(f"database: {vendor}")
        print(f"prepare (migrate + load_areas if needed): {_prepare():.1f} s")
        _run(args.rounds)
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
