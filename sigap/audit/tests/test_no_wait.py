"""Issue 8 "Must show": twenty users viewing and annotating cases while an import and an export
run; no audited request waits on another, and the chain verifies afterwards.

PostgreSQL only (SQLite has one writer, so its writers queue by design). The import is held
open mid-transaction, with cases and their audit rows written but not committed, and the
export mid-file, until every viewer has finished: if any audited request needed a lock the
import holds (as the single chain-head lock did before issue 8 §3), the viewers would finish
only after the import commits, the ordering check below fails, and the wall time exceeds the
import's 60-second hold.
"""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from sigap.audit.models import AuditEvent
from sigap.audit.services import audit_seal, audit_verify_chain
from sigap.imports import services as imports
from sigap.imports.models import ImportJob, ImportStatus
from sigap.imports.tests.test_imports import _csv, _rows, _upload_and_check
from sigap.reports import exports
from sigap.reports.models import ExportJob

pytestmark = pytest.mark.django_db(transaction=True)

VIEWERS = 20
HOLD_SECONDS = 60  # how long the import and the export wait for the viewers at most


class _NoTask:
    """Stands in for a task so that creating the job does not run it at once (immediate
    backend); the test runs the task body itself, in a thread."""

    @staticmethod
    def enqueue(**kwargs):
        return None


def test_twenty_viewers_do_not_wait_on_a_running_import_or_export(
    caseworker_a, open_case, areas, monkeypatch
):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL")
    # An import of 8 rows, checked, ready to commit; an export queued, not yet run.
    job = _upload_and_check(caseworker_a, _csv(_rows(8)))
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.COMMITTING)
    monkeypatch.setattr(exports, "export_run", _NoTask)
    export = exports.export_job_create(user=caseworker_a, fmt="xlsx")

    viewers_done = threading.Event()
    held = {"import": threading.Event(), "export": threading.Event()}
    events: list[tuple[str, float]] = []
    errors: list[BaseException] = []

    checked_rows = imports._checked_rows

    def holding_rows(job, progress=None):
        for i, result in enumerate(checked_rows(job, progress=progress)):
            if i == 4:  # four cases and their audit rows written, not committed
                held["import"].set()
                viewers_done.wait(HOLD_SECONDS)
            yield result

    case_rows = exports._case_rows

    def holding_case_rows(user, cases, *, identities):
        for i, row in enumerate(case_rows(user, cases, identities=identities)):
            yield row
            if i == 0:
                held["export"].set()
                viewers_done.wait(HOLD_SECONDS)

    monkeypatch.setattr(imports, "_checked_rows", holding_rows)
    monkeypatch.setattr(exports, "_case_rows", holding_case_rows)

    def background(name, run):
        try:
            run()
            events.append((f"{name}-end", time.monotonic()))
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connections.close_all()

    detail = reverse("cases:case-detail", args=[open_case.public_id])
    note = reverse("cases:note-create", args=[open_case.public_id])
    clients = []
    for _ in range(VIEWERS):
        client = Client()
        client.force_login(caseworker_a)
        clients.append(client)
    walls: list[float] = []

    def viewer(i, client):
        try:
            started = time.monotonic()
            page = client.get(detail)  # audited: case.view
            saved = client.post(note, {"body": f"Catatan uji {i}"})  # audited write
            walls.append(time.monotonic() - started)
            assert (page.status_code, saved.status_code) == (200, 302), (
                page.status_code,
                saved.status_code,
            )
            events.append(("viewer-end", time.monotonic()))
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connections.close_all()

    jobs = [
        threading.Thread(
            target=background, args=("import", lambda: imports.import_commit(job_id=job.pk))
        ),
        threading.Thread(
            target=background, args=("export", lambda: exports.export_job_run(job_id=export.pk))
        ),
    ]
    for t in jobs:
        t.start()
    assert held["import"].wait(30) and held["export"].wait(30), "the jobs did not start"
    started = time.monotonic()
    viewers = [threading.Thread(target=viewer, args=(i, c)) for i, c in enumerate(clients)]
    for t in viewers:
        t.start()
    for t in viewers:
        t.join(timeout=HOLD_SECONDS + 30)
    viewers_done.set()
    for t in jobs:
        t.join(timeout=HOLD_SECONDS + 30)
    wall = time.monotonic() - started

    assert not errors, errors
    assert len(walls) == VIEWERS
    # Every viewer finished while the import's transaction was still open (not after it).
    ends = {name: at for name, at in events if name != "viewer-end"}
    last_viewer = max(at for name, at in events if name == "viewer-end")
    assert last_viewer < ends["import-end"] and last_viewer < ends["export-end"]
    assert wall < HOLD_SECONDS, wall
    job.refresh_from_db()
    assert (job.status, job.cases_created) == (ImportStatus.DONE, 8)
    assert ExportJob.objects.get(pk=export.pk).status == "done"
    assert AuditEvent.objects.filter(action="case.view").count() >= VIEWERS
    assert AuditEvent.objects.filter(action="case.import").count() == 1
    # The rows of all of them chain and verify; tampering is covered in test_seal.py.
    assert audit_seal(settle_seconds=0) > VIEWERS
    report = audit_verify_chain()
    assert report.ok and report.unsealed == 0
