"""Benchmark the pages of issue 8 §4 under gunicorn: p50/p95 and requests/s with 1 and 20 users.

Usage (PostgreSQL; the database must already hold the cases, e.g. from ``bench_seed.py``, or
is seeded here with ``seed_demo --cases N`` when it holds fewer; then ``ANALYZE``)::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sigap_bench_scale \\
        .venv/bin/python bench/bench_pages.py --cases 100000 --users 1,20

SQLite (``var/db.sqlite3`` of this checkout, or ``SIGAP_VAR_DIR``)::

    .venv/bin/python bench/bench_pages.py --cases 100000 --users 1,20

What it does: ``collectstatic``; logs in the demo users in-process (``mk.uptppa`` case manager,
``pimpinan`` leadership, ``kesehatan`` service provider, ``auditor`` the audit log; 2FA off for
the run) and issues an API token for the case manager; starts gunicorn with
``config/gunicorn.py`` (2 workers x 4 threads, DEBUG off, the keys of ``var/`` of this
checkout, which encrypted the seeded data); then for each page and each concurrency runs
``--requests`` requests spread over that many threads (one keep-alive connection each) after a
short warm-up, and prints one Markdown row per page and concurrency: p50, p95 (ms), requests/s,
and the page's SQL time measured in-process (every query of one render, re-run alone; "SQL ms")
with the ratio p50 / SQL. ``/healthz`` is the trivial-view floor. ``--explain DIR`` writes
``EXPLAIN (ANALYZE, BUFFERS)`` of each page's slowest query there (PostgreSQL).

The dashboard cache (``SIGAP_DASHBOARD_CACHE_SECONDS``) is on as in production: a dashboard
figure is mostly a cache hit; ``--no-dashboard-cache`` measures the aggregates themselves.
By default each user sends its next request as soon as the last one answers (the harshest
load); ``--think 1,5`` makes each of several users pause 1-5 s before each request, as
people reading pages do, and then "users" means people working at once rather than requests
in flight (a single user is timed without pauses either way).
No timing is asserted anywhere: this is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _env(args) -> dict[str, str]:
    var = Path(os.environ.get("SIGAP_VAR_DIR", ROOT / "var"))
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY_FILE": str(var / "secret_key"),
        "SIGAP_ALLOW_DEV_KEYS": "true",  # the dev keys of var/secret_key encrypted the seed
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SECURE_COOKIES": "false",
        "SIGAP_REQUIRE_2FA": "false",
        "SIGAP_LOCKOUT_ENABLED": "false",
        # ../shared/data beside the checkout (as settings.py), else two levels up (a worktree).
        "SIGAP_SHARED_DATA_DIR": os.environ.get(
            "SIGAP_SHARED_DATA_DIR",
            str(
                ROOT.parent / "shared" / "data"
                if (ROOT.parent / "shared" / "data").is_dir()
                else ROOT.parent.parent / "shared" / "data"
            ),
        ),
    }
    if not args.dashboard_cache:
        env["SIGAP_DASHBOARD_CACHE_SECONDS"] = "0"
    return env


def wait_healthy(port: int, tries: int = 150) -> None:
    """Wait (up to ``tries`` x 0.2 s) until the server on ``port`` answers ``/healthz``."""
    for _ in range(tries):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)


def start_gunicorn(
    env: dict[str, str], port: int, *extra: str, log: Path | None = None
) -> subprocess.Popen:
    """gunicorn with the production configuration (``config/gunicorn.py``) on ``port``, with
    ``env`` added to this process's environment and ``extra`` command-line options; returns
    the process once ``/healthz`` answers. Its output goes to the file ``log`` (appended), or
    is discarded. The static manifest must exist: ``collectstatic`` under ``env`` first."""
    out = open(log, "a") if log else subprocess.DEVNULL  # noqa: SIM115 - the server's lifetime
    server = subprocess.Popen(  # noqa: S603 - fixed arguments
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "-c",
            "config/gunicorn.py",
            *extra,
            "config.wsgi:application",
        ],
        cwd=ROOT,
        env={**os.environ, **env, "SIGAP_BIND": f"127.0.0.1:{port}"},
        stdout=out,
        stderr=subprocess.STDOUT if log else subprocess.DEVNULL,
    )
    wait_healthy(port)
    return server


def git_commit() -> str:
    """The short hash of this checkout's HEAD (for the results table)."""
    return subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607 - git from PATH, fixed args
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.strip()


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def _run_load(
    port: int,
    path: str,
    headers: dict,
    users: int,
    total: int,
    think: tuple[float, float] | None = None,
) -> dict:
    """``total`` GETs of ``path`` over ``users`` threads; latencies in ms, status codes.

    ``think`` (seconds, min and max): each user pauses a uniformly random time in that range
    before each request, as a person reading the page does (locust's ``between``); the first
    pause staggers the users' start. ``None``: back-to-back requests (a closed loop with no
    pause, the harshest load: every user always waiting on the server).
    """
    per_thread = max(1, total // users)
    latencies: list[float] = []
    bad: list[int] = []
    lock = threading.Lock()
    barrier = threading.Barrier(users)

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine, wrong = [], []
        pauses = random.Random()
        barrier.wait()
        for _ in range(per_thread):
            if think:
                time.sleep(pauses.uniform(*think))
            started = time.perf_counter()
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            mine.append((time.perf_counter() - started) * 1000)
            if response.status != 200:
                wrong.append(response.status)
            if response.getheader("Connection", "").lower() == "close":
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn.close()
        with lock:
            latencies.extend(mine)
            bad.extend(wrong)

    threads = [threading.Thread(target=worker) for _ in range(users)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    return {
        "p50": statistics.median(latencies),
        "p95": _percentile(latencies, 0.95),
        "rps": len(latencies) / elapsed,
        "n": len(latencies),
        "bad": bad,
    }


def _sql_time(client_get, explain_dir: Path | None, name: str) -> float:
    """Render the page once in-process, then re-run each of its SELECTs alone: total ms."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        client_get()
    total, slowest = 0.0, (0.0, "")
    with connection.cursor() as cursor:
        for query in ctx.captured_queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            started = time.perf_counter()
            cursor.execute(sql)
            cursor.fetchall()
            ms = (time.perf_counter() - started) * 1000
            total += ms
            slowest = max(slowest, (ms, sql))
        if explain_dir and connection.vendor == "postgresql" and slowest[1]:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest[1])
            plan = "\n".join(row[0] for row in cursor.fetchall())
            explain_dir.mkdir(parents=True, exist_ok=True)
            (explain_dir / f"{name}.txt").write_text(
                f"-- {name}: slowest of {len(ctx.captured_queries)} queries\n"
                f"{slowest[1]}\n\n{plan}\n",
                encoding="utf-8",
            )
    return total


def main() -> None:  # noqa: PLR0915 - one linear script
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--users", default="1,20")
    parser.add_argument("--requests", type=int, default=60, help="per page and concurrency")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--explain", type=Path, default=None)
    parser.add_argument("--no-dashboard-cache", dest="dashboard_cache", action="store_false")
    parser.add_argument("--only", default="", help="comma-separated page names")
    parser.add_argument(
        "--think",
        default="",
        help="MIN,MAX seconds each user pauses before each request (e.g. 1,5); "
        "default: none (back-to-back requests)",
    )
    args = parser.parse_args()
    env = _env(args)
    os.environ.update(env)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from sigap.accounts.models import User
    from sigap.api.tokens import api_token_issue
    from sigap.cases.models import Case, Participant
    from sigap.cases.views_list import SEARCH_SESSION_KEY

    call_command("migrate", verbosity=0)
    have = Case.objects.count()
    if have < args.cases:
        call_command("bootstrap", verbosity=0)
        call_command("seed_demo", cases=args.cases - have, templates=300, force=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    have = Case.objects.count()
    # Pages are rendered in-process too (SQL time), under the server's settings (DEBUG off).
    call_command("collectstatic", interactive=False, verbosity=0)

    mk = User.objects.get(username="mk.uptppa")
    leader = User.objects.get(username="pimpinan")
    provider = User.objects.get(username="kesehatan")
    auditor = User.objects.get(username="auditor")
    clients = {}
    for user in (mk, leader, provider, auditor):
        c = Client(HTTP_HOST="127.0.0.1")
        c.force_login(user)
        clients[user.username] = c
    # a name word of a victim of a case the case manager's agency handles
    victim = (
        Participant.objects.filter(role="victim", case__handling_agency=mk.membership.agency)
        .select_related("person")
        .order_by("-id")
        .first()
    )
    word = victim.person.full_name.split()[-1]
    search_client = Client(HTTP_HOST="127.0.0.1")
    search_client.force_login(mk)
    session = search_client.session
    session[SEARCH_SESSION_KEY] = word
    session.save()
    _row, token = api_token_issue(user=mk, two_factor_verified=True, label="bench")

    def cookie(c):
        return {"Cookie": f"sessionid={c.cookies['sessionid'].value}"}

    case_url = reverse("cases:case-list")
    some_case = Case.objects.visible_to(mk).order_by("-reported_on", "-id").first()
    pages = [
        ("healthz (floor)", "/healthz", {}, None),
        ("case list, first page", case_url, cookie(clients["mk.uptppa"]), clients["mk.uptppa"]),
        (
            "case list, page 400 (OFFSET)",
            case_url + "?page=400",
            cookie(clients["mk.uptppa"]),
            clients["mk.uptppa"],
        ),
        (
            "case list, last page (cursor)",
            case_url + "?last=1",
            cookie(clients["mk.uptppa"]),
            clients["mk.uptppa"],
        ),
        ("case list, name search", case_url + "?s=1", cookie(search_client), search_client),
        (
            "case list, filter status=open",
            case_url + "?status=open",
            cookie(clients["mk.uptppa"]),
            clients["mk.uptppa"],
        ),
        (
            "case detail",
            reverse("cases:case-detail", args=[some_case.public_id]),
            cookie(clients["mk.uptppa"]),
            clients["mk.uptppa"],
        ),
        (
            "referral inbox (provider)",
            reverse("referrals:referral-inbox"),
            cookie(clients["kesehatan"]),
            clients["kesehatan"],
        ),
        (
            "dashboard, case manager",
            reverse("reports:dashboard"),
            cookie(clients["mk.uptppa"]),
            clients["mk.uptppa"],
        ),
        (
            "dashboard, leadership",
            reverse("reports:dashboard"),
            cookie(clients["pimpinan"]),
            clients["pimpinan"],
        ),
        ("API case list (token)", "/api/v1/cases/", {"Authorization": f"Token {token}"}, None),
        (
            "audit log (auditor)",
            reverse("audit:event-list"),
            cookie(clients["auditor"]),
            clients["auditor"],
        ),
        (
            "audit log, action filter",
            reverse("audit:event-list") + "?action=referral.send",
            cookie(clients["auditor"]),
            clients["auditor"],
        ),
    ]
    if args.only:
        wanted = {w.strip() for w in args.only.split(",")}
        pages = [p for p in pages if any(w in p[0] for w in wanted)]

    sql_ms = {}
    for name, path, _headers, client in pages:
        if client is None:
            continue
        slug = "".join(ch if ch.isalnum() else "-" for ch in name).strip("-")
        client.get(path)  # warm
        sql_ms[name] = _sql_time(lambda c=client, p=path: c.get(p), args.explain, slug)
    connection.close()

    server = start_gunicorn(env, args.port)
    try:
        commit = git_commit()
        today = datetime.now(UTC).date().isoformat()
        db = connection.vendor
        load = os.getloadavg()[0]
        print(f"\n{today} {commit} {db} cases={have:,} load(1m) at start={load:.1f}")
        print("| page | users | p50 ms | p95 ms | req/s | SQL ms | p50/SQL | n | errors |")
        print("|---|---|---|---|---|---|---|---|---|")
        think = tuple(float(x) for x in args.think.split(",")) if args.think else None
        if think:
            print(f"each user pauses {think[0]:g}-{think[1]:g} s before each request")
        for users in [int(u) for u in args.users.split(",")]:
            for name, path, headers, _client in pages:
                for _ in range(3):  # warm-up per worker
                    _run_load(args.port, path, headers, 1, 2)
                total = max(args.requests, users * 3)
                # One user alone measures the page itself; the pauses matter only among many.
                r = _run_load(args.port, path, headers, users, total, think if users > 1 else None)
                sql = sql_ms.get(name)
                ratio = f"{r['p50'] / sql:.1f}" if sql else ""
                sql_text = f"{sql:.1f}" if sql else ""
                errors = f"{len(r['bad'])} ({sorted(set(r['bad']))})" if r["bad"] else "0"
                print(
                    f"| {name} | {users} | {r['p50']:.0f} | {r['p95']:.0f} | {r['rps']:.1f} "
                    f"| {sql_text} | {ratio} | {r['n']} | {errors} |",
                    flush=True,
                )
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
