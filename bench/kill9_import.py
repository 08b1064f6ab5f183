"""Drill: ``kill -9`` the worker in the middle of an import's commit (issue 12 §7, "Must show").

Usage (a database already migrated with the demo logins, e.g. the soak bench's)::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sigap_bench_soak \\
        .venv/bin/python bench/kill9_import.py --rows 2000 --after 3

What it does: as the demo case manager, uploads a synthetic register of ``--rows`` rows,
maps and checks it (in-process), queues the commit, then runs the commit in a child process
and sends it SIGKILL after ``--after`` seconds, while it is writing. It prints the number of
cases of the uploader's agency before, after the kill (must be equal: the commit is one
transaction) and the job's status; then runs the commit again to the end and prints the
cases created. Synthetic data only; nothing is asserted beyond printing "OK"/"FAILED".
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_pages import _env  # noqa: E402 - after the path is set


def _register(rows: int) -> bytes:
    lines = ["Tanggal Lapor;Nama Korban;Jenis Kelamin;Umur;Kode Kelurahan;Keterangan"]
    for i in range(rows):
        lines.append(f"05-03-2025;Korban Drill{i:05d} Sintetis;P;{18 + i % 30};31.71.03.1001;x")
    return ("\n".join(lines) + "\n").encode()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--after", type=float, default=3.0)
    parser.add_argument("--child", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.dashboard_cache = True
    os.environ.update(_env(args))
    import django

    django.setup()
    from sigap.accounts.models import User
    from sigap.cases.models import Case
    from sigap.imports import services
    from sigap.imports.models import ImportJob

    if args.child:
        services.import_commit(job_id=args.child)
        return
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("bootstrap", verbosity=0)  # roles in line with this release
    user = User.objects.get(username="mk.uptppa")
    agency = user.membership.agency
    job = services.import_upload(actor=user, data=_register(args.rows))
    services.import_map(actor=user, job=job, mapping=job.mapping)
    services.import_check(job_id=job.pk)
    job.refresh_from_db()
    assert not job.errors, job.errors[:3]
    ImportJob.objects.filter(pk=job.pk).update(status="committing", rows_done=0)
    before = Case.objects.filter(reporting_agency=agency).count()
    child = subprocess.Popen(  # noqa: S603 - this script, fixed arguments
        [sys.executable, __file__, "--child", str(job.pk)], cwd=ROOT
    )
    time.sleep(args.after)
    child.send_signal(signal.SIGKILL)
    child.wait()
    job.refresh_from_db()
    after_kill = Case.objects.filter(reporting_agency=agency).count()
    print(
        f"cases before: {before:,}; after kill -9 at {args.after:g} s: {after_kill:,}; "
        f"job: {job.status}, progress seen {job.rows_done:,}/{job.rows_total:,}"
    )
    services.import_commit(job_id=job.pk)  # the worker picks the job up again
    job.refresh_from_db()
    final = Case.objects.filter(reporting_agency=agency).count()
    print(f"after the commit ran again: {final:,} ({job.status}, {job.cases_created:,} created)")
    ok = after_kill == before and final == before + args.rows and job.status == "done"
    print("OK" if ok else "FAILED")


if __name__ == "__main__":
    main()
