"""Benchmark ``seed_demo --cases N``: cases per second on a fresh database (issue 8 §2, §6).

Usage (SQLite, a throwaway database in a temporary directory, removed afterwards)::

    DJANGO_SETTINGS_MODULE=config.settings DJANGO_DEBUG=true \\
        .venv/bin/python bench/bench_seed.py --cases 10000

PostgreSQL (the database is dropped and created again: use a bench-only name)::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sigap_bench_seed \\
        DJANGO_SETTINGS_MODULE=config.settings DJANGO_DEBUG=true \\
        nice .venv/bin/python bench/bench_seed.py --cases 100000

Prints one Markdown table row: date, commit, database, cases, templates, seconds, cases/s,
rows written (cases, persons, referrals, audit events) and the extrapolated time for 1M cases
(linear: the bulk copies cost the same per case whatever the table size, since every write is
an insert in id order; the figure is marked "extrapolated" unless N is 1,000,000).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--templates", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    tmp = None
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        tmp = tempfile.mkdtemp(prefix="sigap-bench-seed-")
        os.environ["SIGAP_VAR_DIR"] = tmp
    else:
        _recreate_pg(url)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from sigap.audit.models import AuditEvent
    from sigap.cases.models import Case, Person
    from sigap.referrals.models import Referral

    try:
        call_command("migrate", verbosity=0)
        call_command("bootstrap", verbosity=0)
        started = time.monotonic()
        call_command(
            "seed_demo", cases=args.cases, templates=args.templates, seed=args.seed, force=True
        )
        seconds = time.monotonic() - started
        rate = args.cases / seconds
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607 - git from PATH, fixed args
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stdout.strip()
        million = "measured" if args.cases >= 1_000_000 else "extrapolated"
        print(
            "| date | commit | db | cases | templates | s | cases/s | persons | referrals "
            "| audit rows | 1M cases |"
        )
        print(
            f"| {datetime.now(UTC):%Y-%m-%d} | {commit} | {connection.vendor} | {args.cases:,} "
            f"| {args.templates} | {seconds:,.0f} | {rate:,.0f} | {Person.objects.count():,} "
            f"| {Referral.objects.count():,} | {AuditEvent.objects.count():,} "
            f"| {1_000_000 / rate / 60:,.0f} min ({million}) |"
        )
        assert Case.objects.count() == args.cases
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)


def _recreate_pg(url: str) -> None:
    import dj_database_url
    import psycopg

    cfg = dj_database_url.parse(url)
    name = cfg["NAME"]
    if "bench" not in name:
        sys.exit("Refusing to drop a database whose name does not contain 'bench'.")
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


if __name__ == "__main__":
    main()
