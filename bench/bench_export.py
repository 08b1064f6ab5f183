"""Benchmark the background case export (issue 8 §6, issue 12): rows per second and peak
memory (RSS) of the task that writes a CSV and an XLSX file.

Usage (SQLite, a throwaway database in a temporary directory, removed afterwards)::

    .venv/bin/python bench/bench_export.py --cases 20000

PostgreSQL (the database must exist; it is migrated, and the bench's rows are added)::

    createdb -h 127.0.0.1 -U postgres sigap_bench_export
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sigap_bench_export \\
        .venv/bin/python bench/bench_export.py --cases 20000

What it does: creates the reference data, a supervisor of UPT PPA and one case with two
victims through the services, then clones that case in bulk (``bulk_create``; synthetic data
for this bench only, the demo seed is ``seed_demo``) up to ``--cases``. For each format it
queues an export job with ``export_job_create`` (masked, as by default; ``--identities``
exports names and NIK, which decrypts every person) and runs ``export_job_run`` in a *fresh
child process*, so that the reported peak RSS is the task worker's own (Django loaded, the
export streamed), and checks the row count by reading the file back (csv module, openpyxl
read-only). Targets (issue 12): CSV >= 50,000 rows/s, XLSX >= 10,000 rows/s, RSS <= 300 MB.

``--probe-port 8124`` also starts the production web server (gunicorn, ``config/gunicorn.py``,
2FA off for the probe's session) on the same database and, while each export runs, requests
what the requester would look at (the case list, the dashboard and the export's progress
partial that its page polls every second), one after another from one signed-in browser
session; it reports the number of requests, the median and slowest, and how many took over
2 s (issue 12: none may).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
TARGETS = {"csv": 50_000, "xlsx": 10_000}
RSS_TARGET_MB = 300


def _django(var_dir: str | None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-key")
    os.environ.setdefault("SIGAP_ALLOW_DEV_KEYS", "true")
    os.environ.setdefault("DJANGO_DEBUG", "false")  # DEBUG would keep every query in memory
    if var_dir:
        os.environ["SIGAP_VAR_DIR"] = var_dir
    import django

    django.setup()


def _seed(n_cases: int, *, batch: int = 5000) -> int:
    """Reference data, one supervisor, ``n_cases`` cases; returns the supervisor's id."""
    from datetime import date

    from django.db import transaction

    from sigap.accounts.models import User
    from sigap.accounts.services import user_create
    from sigap.agencies.models import Agency
    from sigap.agencies.roles import roles_sync
    from sigap.agencies.services import agencies_load_defaults, membership_set
    from sigap.areas.models import Area, normalize_name
    from sigap.cases.models import Case, CaseExploitation, Participant
    from sigap.cases.services import PersonData, case_open, case_report

    user = User.objects.filter(username="bench-supervisor").first()
    if user is None:
        from conftest import AREAS

        for code, level, name, parent in AREAS:
            Area.objects.get_or_create(
                code=code,
                defaults={
                    "level": level,
                    "name": name,
                    "name_key": normalize_name(name),
                    "parent_id": parent,
                },
            )
        agencies_load_defaults(kota_code="31.71")
        roles_sync()
        user = user_create(username="bench-supervisor", password=uuid.uuid4().hex)
        membership_set(user=user, agency=Agency.objects.get(code="upt-ppa-dki"), role="supervisor")
    have = Case.objects.count()
    if have == 0:
        template = case_report(
            actor=user,
            intake_channel="kelurahan_report",
            report_area=Area.objects.get(code="31.71.03.1001"),
            summary="Synthetic benchmark case.",
            modus="migrant_worker",
            exploitation_forms=["forced_labour", "sexual"],
            victims=[
                PersonData(full_name="Bench Dewasa", sex="F", date_of_birth=date(1990, 1, 1)),
                PersonData(full_name="Bench Anak", sex="F", date_of_birth=date(2012, 1, 1)),
            ],
        )
        case_open(case=template, actor=user)
        have = 1
    template = Case.objects.order_by("pk").first()
    victims = list(template.participants.all())
    forms = list(template.exploitations.values_list("form", flat=True))
    skip = {"id", "public_id", "number", "created_at", "updated_at"}
    fields = {
        f.attname: getattr(template, f.attname)
        for f in Case._meta.concrete_fields
        if f.attname not in skip
    }
    started = time.perf_counter()
    i = have
    while i < n_cases:
        size = min(batch, n_cases - i)
        with transaction.atomic():
            cases = Case.objects.bulk_create(
                [Case(number=f"BENCH-{i + k:08d}", **fields) for k in range(size)]
            )
            Participant.objects.bulk_create(
                [
                    Participant(case=c, person_id=v.person_id, role=v.role, is_child=v.is_child)
                    for c in cases
                    for v in victims
                ]
            )
            CaseExploitation.objects.bulk_create(
                [CaseExploitation(case=c, form=f) for c in cases for f in forms]
            )
        i += size
        print(f"  seeded {i:,} cases", end="\r", flush=True)
    if n_cases > have:
        print(f"  seeded {n_cases - have:,} cases in {time.perf_counter() - started:.0f} s")
        from django.db import connection

        if connection.vendor == "postgresql":  # autovacuum may be off: plan on fresh statistics
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
    return user.pk


def _peak_rss_mb() -> float:
    """This process's peak resident memory in MB: VmHWM (Linux), which starts afresh at exec;
    ru_maxrss would carry over the parent's peak from before the fork."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _child(job_id: int) -> None:
    """Run one export job in this (fresh) process and print a JSON line with the figures."""
    from sigap.reports.exports import export_job_run
    from sigap.reports.models import ExportJob

    started = time.perf_counter()
    export_job_run(job_id=job_id)
    seconds = time.perf_counter() - started
    job = ExportJob.objects.get(pk=job_id)
    rss_mb = _peak_rss_mb()
    print(
        json.dumps(
            {
                "status": job.status,
                "rows": job.rows_written,
                "seconds": seconds,
                "rss_mb": rss_mb,
                "file": job.file_name,
            }
        )
    )


def _start_server(port: int, var_dir: str | None):
    """gunicorn with the production configuration on this database, 2FA off (the probe's
    session is made with ``force_login``); returns the process once ``/healthz`` answers."""
    from bench_pages import start_gunicorn
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    env = {
        "SIGAP_REQUIRE_2FA": "false",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SECURE_COOKIES": "false",
    }
    if var_dir:
        env["SIGAP_VAR_DIR"] = var_dir
    return start_gunicorn(env, port)


class _Prober:
    """A thread requesting the case list, the dashboard and the job's progress partial in
    turn from one signed-in session while an export runs; :meth:`stop` returns the latencies
    (ms) and a count per HTTP status."""

    def __init__(self, port: int, user, job):
        import threading

        from django.test import Client
        from django.urls import reverse

        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        cookie = f"sessionid={client.cookies['sessionid'].value}"
        self.requests = [
            (reverse("cases:case-list"), {"Cookie": cookie}),
            (reverse("reports:dashboard"), {"Cookie": cookie}),
            (
                reverse("reports:export-job", args=[job.public_id]),
                {"Cookie": cookie, "HX-Request": "true"},
            ),
        ]
        self.port = port
        self.times: list[float] = []
        self.statuses: dict[int, int] = {}
        self.slowest: dict[str, float] = {}  # page -> slowest ms
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        import http.client

        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        i = 0
        while not self._stop.is_set():
            path, headers = self.requests[i % len(self.requests)]
            i += 1
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                status = 599
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            ms = (time.perf_counter() - started) * 1000
            self.times.append(ms)
            self.statuses[status] = self.statuses.get(status, 0) + 1
            page = path if "HX-Request" not in headers else "export progress partial"
            self.slowest[page] = max(ms, self.slowest.get(page, 0))
            self._stop.wait(0.2)
        conn.close()

    def stop(self):
        self._stop.set()
        self._thread.join(timeout=70)
        return self.times, self.statuses, self.slowest


def _count_rows(path: Path, fmt: str) -> int:
    if fmt == "csv":
        import csv

        with path.open(encoding="utf-8-sig", newline="") as fh:
            return sum(1 for _ in csv.reader(fh)) - 1
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True)
    return sum(1 for _ in book.active.iter_rows(values_only=True)) - 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--formats", default="csv,xlsx")
    parser.add_argument("--identities", action="store_true")
    parser.add_argument("--var-dir", help="keep the SQLite database here (reused next run)")
    parser.add_argument("--probe-port", type=int, help="probe the web server on this port")
    parser.add_argument("--child-job", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child_job:
        _django(args.var_dir)
        _child(args.child_job)
        return

    tmp = None
    var_dir = args.var_dir
    if not var_dir and "DATABASE_URL" not in os.environ:
        tmp = tempfile.mkdtemp(prefix="sigap-bench-export-")
        var_dir = tmp
    try:
        _django(var_dir)
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connection

        from sigap.accounts.models import User
        from sigap.reports.exports import export_job_create

        call_command("migrate", verbosity=0)
        user = User.objects.get(pk=_seed(args.cases))
        vendor = connection.vendor
        print(f"database: {vendor}; cases: {args.cases:,}; identities: {args.identities}")
        server = _start_server(args.probe_port, var_dir) if args.probe_port else None
        results, probes = [], []
        for fmt in args.formats.split(","):
            job = export_job_create(
                user=user,
                fmt=fmt,
                include_identities=args.identities,
                purpose="Benchmark of the export throughput (synthetic).",
            )
            prober = _Prober(args.probe_port, user, job) if server else None
            child = subprocess.run(  # noqa: S603 - our own script, fixed arguments
                [sys.executable, __file__, "--child-job", str(job.pk)]
                + (["--var-dir", var_dir] if var_dir else []),
                check=True,
                capture_output=True,
                text=True,
            )
            if prober:
                probes.append((fmt, prober.stop()))
            data = json.loads(child.stdout.strip().splitlines()[-1])
            path = Path(settings.SIGAP_EXPORT_DIR) / data["file"]
            read_back = _count_rows(path, fmt)
            rate = data["rows"] / data["seconds"]
            ok = rate >= TARGETS[fmt] and data["rss_mb"] <= RSS_TARGET_MB
            results.append((fmt, data, read_back, rate, ok))
            path.unlink(missing_ok=True)
        print()
        print(
            "| format | rows | read back | seconds | rows/s | target rows/s | peak RSS MB | met |"
        )
        print("|---|---:|---:|---:|---:|---:|---:|---|")
        for fmt, data, read_back, rate, ok in results:
            print(
                f"| {fmt} | {data['rows']:,} | {read_back:,} | {data['seconds']:.1f} | "
                f"{rate:,.0f} | {TARGETS[fmt]:,} | {data['rss_mb']:.0f} | "
                f"{'yes' if ok else 'no'} |"
            )
        if probes:
            print()
            print(
                "| during | requests | p50 ms | slowest ms | over 2 s | statuses "
                "| slowest per page |"
            )
            print("|---|---:|---:|---:|---:|---|---|")
            for fmt, (times, statuses, slowest) in probes:
                times.sort()
                print(
                    f"| {fmt} export | {len(times):,} | {times[len(times) // 2]:.0f} | "
                    f"{times[-1]:.0f} | {sum(1 for ms in times if ms > 2000)} | "
                    f"{dict(sorted(statuses.items()))} | "
                    + ", ".join(f"{p} {ms:.0f}" for p, ms in sorted(slowest.items()))
                    + " |"
                )
        if server:
            server.terminate()
            server.wait(timeout=30)
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
