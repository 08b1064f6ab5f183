"""Benchmark ``seed_demo --cases N``: cases per second on a fresh database (issue 8 §2, §6).

Usage (SQLite, a throwaway database in a temporary directory, removed afterwards)::

    DJANGO_SETTINGS_MODULE=config.settings DJANGO_DEBUG=true \\
        .venv/bin/python bench/bench_seed.py --cases 10000

With ``SIGAP_VAR_DIR=/tmp/sigap-100k`` (a new directory) the SQLite database is made there and
kept, for ``bench_pages.py`` with the same ``SIGAP_VAR_DIR``.

PostgreSQL (the database is dropped and created again: use a bench-only name)::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sigap_bench_seed \\
        DJANGO_SETTINGS_MODULE=config.settings DJANGO_DEBUG=true \\
        nice .venv/bin/python bench/bench_seed.py --cases 100000

``--bulk-load-settings`` (PostgreSQL, as a superuser): ``max_wal_size`` and
``checkpoint_timeout`` are raised for the run by ``ALTER SYSTEM`` (``BULK_LOAD_SETTINGS``)
and reset afterwards, as docs/operations.md advises for a large seed. On PostgreSQL the WAL
written, its full-page images and the checkpoints during the run are printed either way.

``--probe-port 8126`` (PostgreSQL): before seeding, one bench user and one case are made and
the production web server (gunicorn, ``config/gunicorn.py``) is started on the same database;
``seed_demo`` then runs as a child process while this one logs that user in through the real
form (GET the page, POST the credentials) and opens the case page, again and again, one after
another; it prints the count, median and slowest of each (issue 8: under 1 s while seeding).

Prints one Markdown table row: date, commit, database, cases, templates, seconds, cases/s,
rows written (cases, persons, referrals, audit events) and the time for 1M cases: measured
when N is 1,000,000, else extrapolated from the bulk part of this run, the template cases
counted once (see ``_million``; before 2026-12-06 the whole run was scaled, templates
included, which overstated small runs about 2.5-fold).
"""

from __future__ import annotations

import argparse
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--templates", type=int, default=300)
    parser.add_argument("--writers", type=int, default=None, help="seed_demo --writers")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--probe-port", type=int, help="log in and open a case page meanwhile")
    parser.add_argument(
        "--bulk-load-settings",
        action="store_true",
        help="PostgreSQL, superuser: raise max_wal_size and checkpoint_timeout for the run "
        "(ALTER SYSTEM), reset them afterwards (docs/operations.md, 'Large demo databases')",
    )
    args = parser.parse_args()
    on_pg = os.environ.get("DATABASE_URL", "").startswith("postgres")
    if (args.probe_port or args.bulk_load_settings) and not on_pg:
        sys.exit("--probe-port and --bulk-load-settings need PostgreSQL (DATABASE_URL).")

    tmp = None
    url = os.environ.get("DATABASE_URL", "")
    if not url and os.environ.get("SIGAP_VAR_DIR"):
        # A directory named by the caller is kept (for bench_pages.py afterwards); it must not
        # hold a database already, since the seed starts from an empty one.
        kept = Path(os.environ["SIGAP_VAR_DIR"])
        if (kept / "db.sqlite3").exists():
            sys.exit(f"{kept / 'db.sqlite3'} exists: name a new SIGAP_VAR_DIR.")
        kept.mkdir(parents=True, exist_ok=True)
    elif not url:
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

    raised = False
    try:
        call_command("migrate", verbosity=0)
        call_command("bootstrap", verbosity=0)
        if args.bulk_load_settings:
            _server_settings(connection, BULK_LOAD_SETTINGS)
            raised = True
        wal_before = _wal_stats(connection)
        probe = _Probe(args.probe_port) if args.probe_port else None
        started = time.monotonic()
        if probe:
            connection.close()
            summary = subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
                [sys.executable, "manage.py", "seed_demo", "--cases", str(args.cases)]
                + ["--templates", str(args.templates), "--seed", str(args.seed), "--force"]
                + (["--writers", str(args.writers)] if args.writers else []),
                cwd=ROOT,
                check=True,
                stdout=subprocess.PIPE,
                text=True,
            ).stdout
        else:
            out = io.StringIO()
            call_command(
                "seed_demo",
                cases=args.cases,
                templates=args.templates,
                seed=args.seed,
                force=True,
                stdout=out,
                **({"writers": args.writers} if args.writers else {}),
            )
            summary = out.getvalue()
        seconds = time.monotonic() - started
        print(summary.strip())
        if probe:
            probe.stop()
        wal_after = _wal_stats(connection)
        if wal_before and wal_after:
            print(
                f"PostgreSQL during the run: {(wal_after[0] - wal_before[0]) / 1e9:,.2f} GB of "
                f"WAL, {wal_after[1] - wal_before[1]:,} full-page images, "
                f"{wal_after[2] - wal_before[2]:,} checkpoints on time and "
                f"{wal_after[3] - wal_before[3]:,} forced by max_wal_size; settings: "
                + ", ".join(f"{name} {_show(connection, name)}" for name in BULK_LOAD_SETTINGS)
            )
        rate = args.cases / seconds
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607 - git from PATH, fixed args
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stdout.strip()
        million = _million(args, seconds, summary)
        print(
            "| date | commit | db | cases | templates | s | cases/s | persons | referrals "
            "| audit rows | 1M cases |"
        )
        print(
            f"| {datetime.now(UTC):%Y-%m-%d} | {commit} | {connection.vendor} | {args.cases:,} "
            f"| {args.templates} | {seconds:,.0f} | {rate:,.0f} | {Person.objects.count():,} "
            f"| {Referral.objects.count():,} | {AuditEvent.objects.count():,} "
            f"| {million} |"
        )
        if probe:
            print()
            print("| while seeding | requests | p50 ms | slowest ms | over 1 s | statuses |")
            print("|---|---:|---:|---:|---:|---|")
            for name, times in probe.times.items():
                times.sort()
                print(
                    f"| {name} | {len(times):,} | {times[len(times) // 2]:.0f} | "
                    f"{times[-1]:.0f} | {sum(1 for ms in times if ms > 1000)} | "
                    f"{dict(sorted(probe.statuses[name].items()))} |"
                )
        assert Case.objects.count() == args.cases + (1 if probe else 0)
    finally:
        if raised:
            _server_settings(connection, dict.fromkeys(BULK_LOAD_SETTINGS))
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)


#: PostgreSQL's advice for bulk loads ("Populating a Database", postgresql.org/docs/15/
#: populate.html: increase max_wal_size), with fewer timed checkpoints too; the values suit a
#: 1M-case seed on the 2-core reference machine (the disk must hold this much WAL besides the
#: database).
BULK_LOAD_SETTINGS = {"max_wal_size": "20GB", "checkpoint_timeout": "15min"}


def _server_settings(connection, values: dict[str, str | None]) -> None:
    """``ALTER SYSTEM SET`` each name to its value (``RESET`` where None) and reload the
    server's configuration. Needs a superuser; for this benchmark only (the operator's
    commands are in docs/operations.md)."""
    with connection.cursor() as cursor:
        for name, value in values.items():
            if value is None:
                cursor.execute(f"ALTER SYSTEM RESET {name}")
            else:
                cursor.execute(f"ALTER SYSTEM SET {name} = %s", [value])
        cursor.execute("SELECT pg_reload_conf()")
    print(
        "server settings "
        + ("reset" if all(v is None for v in values.values()) else "raised")
        + ": "
        + ", ".join(f"{name} {value or 'default'}" for name, value in values.items()),
        file=sys.stderr,
    )


def _show(connection, name: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting(%s)", [name])
        return cursor.fetchone()[0]


def _wal_stats(connection) -> tuple[int, int, int, int] | None:
    """PostgreSQL's cumulative WAL bytes, full-page images and checkpoints (timed, requested),
    from ``pg_stat_wal`` and ``pg_stat_bgwriter`` (PostgreSQL 14+); None elsewhere."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT w.wal_bytes::bigint, w.wal_fpi, b.checkpoints_timed, b.checkpoints_req "
            "FROM pg_stat_wal w, pg_stat_bgwriter b"
        )
        return tuple(int(v) for v in cursor.fetchone())


def _million(args, seconds: float, summary: str) -> str:
    """The time for 1,000,000 cases: measured, or extrapolated from this run's bulk part
    (the template cases made through the services cost the same whatever N is, so they are
    counted once). The bulk rate falls as the tables grow (the 1M run of 2026-12-06 made 379
    cases/s up to 100,000 and about 300 from 400,000 on), so from a run of 20,000 cases or
    more the figure is a lower bound, marked "≥"; a smaller run is dominated by the fixed
    costs of setting up the copies and of the final checks, and is marked "~"."""
    if args.cases >= 1_000_000:
        return f"{seconds / 60:,.0f} min (measured)"
    found = re.search(r"through the services in ([\d.]+) s", summary)
    fixed = float(found.group(1)) if found else 0.0
    bulk = args.cases - args.templates
    if bulk <= 0 or seconds <= fixed:
        return "n/a"
    total = fixed + (seconds - fixed) * (1_000_000 - args.templates) / bulk
    mark = "≥" if args.cases >= 20_000 else "~"
    return (
        f"{mark} {total / 60:,.0f} min (extrapolated from {bulk / (seconds - fixed):,.0f} cases/s)"
    )


class _Probe:
    """Makes a bench user (case manager of UPT PPA, a random password) and one case, starts
    gunicorn, and in a thread logs in through the form and opens the case page until
    :meth:`stop`; ``times`` and ``statuses`` per step ("login", "case page")."""

    def __init__(self, port: int, username: str = "bench-prober"):
        import secrets
        import threading
        from datetime import date
        from types import SimpleNamespace

        from bench_pages import _env, start_gunicorn

        from sigap.accounts.services import user_create
        from sigap.agencies.models import Agency
        from sigap.agencies.services import membership_set
        from sigap.areas.models import Area
        from sigap.cases.services import PersonData, case_open, case_report

        self.port = port
        self.password = secrets.token_urlsafe(16)
        self.username = username
        user = user_create(username=self.username, password=self.password)
        membership_set(
            user=user, agency=Agency.objects.get(code="upt-ppa-dki"), role="case_manager"
        )
        case = case_report(
            actor=user,
            intake_channel="kelurahan_report",
            report_area=Area.objects.get(code="31.71.03.1001"),
            summary="Synthetic benchmark case.",
            victims=[PersonData(full_name="Bench Probe", sex="F", date_of_birth=date(1990, 1, 1))],
        )
        case_open(case=case, actor=user)
        self.case_path = f"/cases/{case.public_id}/"
        # The server's log is kept: a 500 during the seed is then explained (the 1M run of
        # 2026-12-06 counted 1,079 without one). Its workers restart every ~2,000 requests and
        # load this checkout's files again: do not edit the checkout while it runs.
        env = _env(SimpleNamespace(dashboard_cache=True))
        # The server runs with DEBUG off and serves the hashed names of the static manifest,
        # which only a collectstatic under its settings writes; this process may run with
        # DEBUG on (the 1M probe of 2026-12-06 afternoon got a 500 on every login page).
        subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
            cwd=ROOT,
            env={**os.environ, **env},
            check=True,
        )
        self.log = Path(tempfile.gettempdir()) / f"sigap-seed-probe-{port}.log"
        self.log.unlink(missing_ok=True)
        self.server = start_gunicorn(env, port, log=self.log)
        self.times: dict[str, list[float]] = {"login": [], "case page": []}
        self.statuses: dict[str, dict[int, int]] = {"login": {}, "case page": {}}
        self._stop = threading.Event()
        # One round before the seed starts: a probe that cannot log in measures nothing (the
        # 1M run of 2026-12-06 afternoon timed 2,331 refused logins for want of this check).
        self._once()
        got = (self.statuses["login"], self.statuses["case page"])
        if got != ({302: 1}, {200: 1}):
            self.server.terminate()
            sys.exit(f"The probe cannot log in and open the case page: {got}; see {self.log}.")
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _note(self, name: str, started: float, status: int) -> None:
        self.times[name].append((time.perf_counter() - started) * 1000)
        self.statuses[name][status] = self.statuses[name].get(status, 0) + 1

    def _once(self) -> None:
        import http.client
        import re
        from urllib.parse import urlencode

        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        cookies: dict[str, str] = {}

        def keep(response) -> None:
            for header in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = header.partition("=")
                cookies[name.strip()] = rest.split(";", 1)[0]

        def cookie_header() -> str:
            return "; ".join(f"{k}={v}" for k, v in cookies.items())

        try:
            started = time.perf_counter()
            conn.request("GET", "/accounts/login/")
            response = conn.getresponse()
            body = response.read().decode()
            keep(response)
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
            form = urlencode(
                {
                    "csrfmiddlewaretoken": token.group(1) if token else "",
                    "username": self.username,
                    "password": self.password,
                }
            )
            conn.request(
                "POST",
                "/accounts/login/",
                body=form,
                headers={
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Cookie": cookie_header(),
                },
            )
            response = conn.getresponse()
            response.read()
            keep(response)
            self._note("login", started, response.status)
            started = time.perf_counter()
            conn.request("GET", self.case_path, headers={"Cookie": cookie_header()})
            response = conn.getresponse()
            response.read()
            self._note("case page", started, response.status)
        except (OSError, http.client.HTTPException):
            self._note("login", time.perf_counter(), 599)
        finally:
            conn.close()

    def _run(self) -> None:
        while not self._stop.is_set():
            self._once()
            self._stop.wait(1.0)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=70)
        self.server.terminate()
        self.server.wait(timeout=30)
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        print(f"server log: {self.log} ({text.count('Traceback')} tracebacks)")


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
