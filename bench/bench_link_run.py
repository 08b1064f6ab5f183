"""The in-app linkage run and its review page on the current database (issue 10 §4).

Run against a database seeded with this checkout's keys (``var/``, or ``SIGAP_VAR_DIR``),
e.g. after ``DATABASE_URL=... make seed CASES=100000``::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sigap_bench \\
        .venv/bin/python bench/bench_link_run.py

(without ``DATABASE_URL``: the SQLite database of ``var/``). Prints one Markdown row: persons
read, suggestions, wall time of the run (reading and decrypting the register, the Splink
linkage, storing), peak RSS of the process, and p50/p95 of the review page
``/people/links/`` (in-process test client, 20 requests each) for the demo case manager and
the demo police investigator.
Writes a ``LinkRun`` and its suggestions (a real run, started by ``--as-user``).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
_VAR = Path(os.environ.get("SIGAP_VAR_DIR", ROOT / "var"))
# make run's environment: the keys of var/ encrypted the seeded data.
for _name, _value in {
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "DJANGO_SECRET_KEY_FILE": str(_VAR / "secret_key"),
    "SIGAP_FIELD_KEYS_FILE": str(_VAR / "field_keys"),
    "SIGAP_HASH_KEY_FILE": str(_VAR / "hash_key"),
    "DJANGO_SECURE_SSL_REDIRECT": "false",
    "DJANGO_SECURE_COOKIES": "false",
    "SIGAP_REQUIRE_2FA": "false",
}.items():
    os.environ.setdefault(_name, _value)


def _page_times(username: str, n: int = 20) -> tuple[float, float, int]:
    from django.test import Client

    from sigap.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    times = []
    status = 0
    for _ in range(n):
        start = time.perf_counter()
        response = client.get("/people/links/", HTTP_HOST="127.0.0.1")
        times.append((time.perf_counter() - start) * 1000)
        status = response.status_code
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))], status


def main() -> None:
    import django

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--as-user", default="penyidik")
    parser.add_argument("--no-run", action="store_true", help="only time the review page")
    args = parser.parse_args()
    django.setup()
    from django.conf import settings
    from django.db import connection

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "127.0.0.1", "testserver"]
    from sigap.accounts.models import User
    from sigap.people.linkage import link_run_execute
    from sigap.people.models import LinkRun, LinkSuggestion

    wall = 0.0
    run = None
    if not args.no_run:
        run = LinkRun.objects.create(started_by=User.objects.get(username=args.as_user))
        start = time.perf_counter()
        link_run_execute(
            run_id=run.pk,
            progress=lambda p: print(f"\r{p:3d} %", end="", file=sys.stderr, flush=True),
        )
        wall = time.perf_counter() - start
        print(file=sys.stderr)
        run.refresh_from_db()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE people_linksuggestion")
    cm = _page_times("mk.uptppa")
    police = _page_times("penyidik")
    print(
        "| date | db | persons | suggestions (open) | run s | peak RSS MB "
        "| review page p50/p95 ms: case manager | police |"
    )
    print("|---|---|---|---|---|---|---|---|")
    print(
        f"| {time.strftime('%Y-%m-%d')} | {connection.vendor} "
        f"| {run.persons if run else '–'} "
        f"| {LinkSuggestion.objects.filter(status='open').count()} "
        f"| {wall:.0f} | {peak_mb:.0f} "
        f"| {cm[0]:.0f} / {cm[1]:.0f} ({cm[2]}) | {police[0]:.0f} / {police[1]:.0f} ({police[2]}) |"
    )
    if run is not None and run.status != "done":
        print(f"run status: {run.status} {run.error}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
