"""Soak: 50 simulated users for 10 minutes over the main paths (issue 7, "Must show").

Usage (PostgreSQL; the database is seeded with ``seed_demo --cases N`` when it holds fewer)::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sigap_bench_soak \\
        .venv/bin/python bench/bench_soak.py --cases 10000 --users 50 --minutes 10

SQLite (``var/db.sqlite3`` of this checkout, or ``SIGAP_VAR_DIR``)::

    .venv/bin/python bench/bench_soak.py --cases 2000 --users 50 --minutes 10

What it does: ``migrate``, ``bootstrap`` and the seed when needed; signs in one session per
simulated user in-process (the demo users of every role that works with cases: case manager,
supervisor, service providers, police, prosecutor, LPSK, secretariat, reporter, leadership;
2FA and lockout off for the run) and issues an API token for the case manager; starts
gunicorn with ``config/gunicorn.py`` (DEBUG off); then each user, in its own thread with one
keep-alive connection, walks its role's pages in random order with a think time of
0.2-1.5 s until the time is up (a GET of each page: lists, a visible case and its workspace
sections, inboxes, dashboards, charts, notifications, "my work", the API list).

It prints, as Markdown: requests, requests/s, p50/p95 per page, every status >= 500 (server
errors; the target is 0) and every other unexpected status, and the server's memory (RSS of
the gunicorn master and workers, summed) sampled every 10 s: the mean of the first minute
after a one-minute warm-up against the mean of the last minute, as growth in per cent (the
target is < 10 %). ``--no-recycle`` turns gunicorn's ``max_requests`` worker recycling off, so
the growth is that of long-lived processes. No timing is asserted anywhere: this is a
measurement, not a test.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import statistics
import sys
import threading
import time
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_pages import _env, _percentile, git_commit, start_gunicorn  # noqa: E402

# demo user -> role label (sigap.cases.demo.DEMO_USERS); the mix of the 50 users
PERSONAS = [
    ("mk.uptppa", 12),
    ("spv.uptppa", 4),
    ("kesehatan", 6),
    ("sosial", 6),
    ("penyidik", 5),
    ("jaksa", 3),
    ("lpsk", 3),
    ("sekretariat", 4),
    ("lurah.kemayoran", 4),
    ("pimpinan", 3),
]


def _rss_kb(pid: int) -> int:
    """RSS in KiB of ``pid`` and its children (the gunicorn workers), from /proc."""
    total = 0
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids += [int(c) for c in children]
    except OSError:
        pass
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total


def _paths_for(username: str, case_ids: list[str], referral_ids: list[str]) -> list[str]:
    """The pages a user of this role visits (only pages the role may open)."""
    from django.urls import reverse

    common = [
        reverse("reports:dashboard"),
        reverse("casework:notification-list"),
        reverse("taskforce:overview"),
    ]
    case_pages = []
    for cid in case_ids[:5]:
        case_pages.append(reverse("cases:case-detail", args=[cid]))
    if username in ("mk.uptppa", "spv.uptppa"):
        sections = []
        for cid in case_ids[:3]:
            for slug in ("victims", "referrals", "timeline"):
                sections.append(reverse(f"cases:case-section-{slug}", args=[cid]))
        return [
            *common,
            reverse("cases:case-list"),
            reverse("cases:case-list") + "?status=open",
            reverse("cases:case-list") + "?last=1",
            reverse("casework:my-work"),
            reverse("reports:charts"),
            *case_pages,
            *sections,
        ]
    if username in ("kesehatan", "sosial", "penyidik", "jaksa", "lpsk"):
        refs = [reverse("referrals:referral-detail", args=[r]) for r in referral_ids[:5]]
        return [*common, reverse("referrals:referral-inbox"), *refs, *case_pages]
    if username == "sekretariat":
        return [
            *common,
            reverse("prevention:report-list"),
            reverse("prevention:early-warning"),
            reverse("reports:charts"),
        ]
    if username == "lurah.kemayoran":
        return [*common, reverse("cases:case-list"), *case_pages]
    return [reverse("reports:dashboard"), reverse("reports:charts")]


def main() -> None:  # noqa: PLR0915 - one linear script
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--no-recycle",
        action="store_true",
        help="turn off gunicorn's worker recycling (max_requests): memory growth of one process",
    )
    args = parser.parse_args()
    args.dashboard_cache = True
    env = _env(args)
    os.environ.update(env)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from sigap.accounts.models import User
    from sigap.api.tokens import api_token_issue
    from sigap.cases.models import Case
    from sigap.referrals.models import Referral

    call_command("migrate", verbosity=0)
    call_command("bootstrap", verbosity=0)
    have = Case.objects.count()
    if have < args.cases:
        call_command("seed_demo", cases=args.cases - have, templates=300, force=True)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    have = Case.objects.count()
    call_command("collectstatic", interactive=False, verbosity=0)

    rng = random.Random(args.seed)
    weights = [w for _u, w in PERSONAS]
    names = [u for u, _w in PERSONAS]
    plan = []  # (username, headers, paths) per simulated user
    paths_cache: dict[str, list[str]] = {}
    for i in range(args.users):
        username = names[i] if i < len(names) else rng.choices(names, weights)[0]
        user = User.objects.get(username=username)
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        if username not in paths_cache:
            cases = [
                str(c)
                for c in Case.objects.visible_to(user)
                .order_by("-id")[:5]
                .values_list("public_id", flat=True)
            ]
            refs = [
                str(r)
                for r in Referral.objects.visible_to(user)
                .order_by("-id")[:5]
                .values_list("public_id", flat=True)
            ]
            paths_cache[username] = _paths_for(username, cases, refs)
        headers = {"Cookie": f"sessionid={client.cookies['sessionid'].value}"}
        plan.append((username, headers, paths_cache[username]))
    mk = User.objects.get(username="mk.uptppa")
    _row, token = api_token_issue(user=mk, two_factor_verified=True, label="soak")
    plan.append(("api", {"Authorization": f"Token {token}"}, ["/api/v1/cases/"]))
    connection.close()

    server = start_gunicorn(env, args.port, *(["--max-requests", "0"] if args.no_recycle else []))
    latencies: dict[str, list[float]] = defaultdict(list)
    statuses: dict[tuple[str, int], int] = defaultdict(int)
    lock = threading.Lock()
    stop = threading.Event()
    samples: list[tuple[float, int]] = []

    def sampler(started: float):
        while not stop.is_set():
            samples.append((time.monotonic() - started, _rss_kb(server.pid)))
            stop.wait(10)

    def walker(index: int, username: str, headers: dict, paths: list[str]):
        local = random.Random(args.seed * 1000 + index)
        conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=60)
        while not stop.is_set():
            path = local.choice(paths)
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                status = response.status
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=60)
            except (OSError, http.client.HTTPException):
                status = 599  # connection failure counts as a server error
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=60)
            ms = (time.perf_counter() - started) * 1000
            key = path.split("?")[0] if username != "api" else "/api/v1/cases/"
            label = _label(key)
            with lock:
                latencies[label].append(ms)
                if status != 200:
                    statuses[(label, status)] += 1
            stop.wait(local.uniform(0.2, 1.5))
        conn.close()

    try:
        started = time.monotonic()
        threads = [threading.Thread(target=sampler, args=(started,), daemon=True)]
        threads += [
            threading.Thread(target=walker, args=(i, *p), daemon=True) for i, p in enumerate(plan)
        ]
        load_start = os.getloadavg()[0]
        for t in threads:
            t.start()
        time.sleep(args.minutes * 60)
        stop.set()
        for t in threads:
            t.join(timeout=70)
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=30)

    commit = git_commit()
    total = sum(len(v) for v in latencies.values())
    errors = {k: n for k, n in statuses.items() if k[1] >= 500}
    other = {k: n for k, n in statuses.items() if k[1] < 500}
    first = [kb for t, kb in samples if 60 <= t < 120]
    last = [kb for t, kb in samples if t >= elapsed - 60]
    growth = (statistics.mean(last) / statistics.mean(first) - 1) * 100 if first and last else 0
    today = datetime.now(UTC).date().isoformat()
    print(
        f"\n{today} {commit} {connection.vendor} cases={have:,} users={len(plan)} "
        f"minutes={args.minutes:g} load(1m) at start={load_start:.1f} "
        f"worker recycling={'off' if args.no_recycle else 'on (max_requests 2000)'}"
    )
    print(f"requests: {total:,} ({total / elapsed:.1f}/s); server errors (>= 500): {errors or 0}")
    print(f"other non-200 statuses: {other or 0}")
    if first and last:
        print(
            f"server RSS: first minute after warm-up {statistics.mean(first) / 1024:.0f} MB, "
            f"last minute {statistics.mean(last) / 1024:.0f} MB, growth {growth:+.1f} %"
        )
    print("| page | requests | p50 ms | p95 ms |")
    print("|---|---|---|---|")
    for label, values in sorted(latencies.items()):
        print(
            f"| {label} | {len(values):,} | {statistics.median(values):.0f} "
            f"| {_percentile(values, 0.95):.0f} |"
        )


def _label(path: str) -> str:
    """A page name without ids (``/cases/<id>/`` -> ``/cases/*/``)."""
    parts = [("*" if len(p) == 36 and p.count("-") == 4 else p) for p in path.split("/")]
    return "/".join(parts)


if __name__ == "__main__":
    main()
