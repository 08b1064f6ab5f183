"""Background export jobs (issue 12 §2, issue 8 §1): queued by the page or the API, run by
the task, streamed in chunks with progress, no row cap, file for the requester only until it
expires, every step audited; the task gets the job's id only."""

import csv
import io
from datetime import timedelta
from unittest import mock

import pytest
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from sigap.audit.models import AuditEvent
from sigap.reports import exports
from sigap.reports.exports import export_job_create, export_prune
from sigap.reports.models import ExportJob

pytestmark = pytest.mark.django_db

PURPOSE = "Court request no. 12/2026 for the victims' list."


def _create(user, **kwargs) -> ExportJob:
    with TestCase.captureOnCommitCallbacks(execute=True):
        job = export_job_create(user=user, **kwargs)
    job.refresh_from_db()
    return job


@pytest.fixture
def five_cases(report_case, reporter_kemayoran):
    return [report_case(reporter_kemayoran, "31.71.03.1001") for _ in range(5)]


def test_job_streams_every_row_in_chunks_with_progress(monkeypatch, supervisor_a, five_cases):
    """The row-by-row path (every database; test_export_copy covers PostgreSQL's COPY)."""
    monkeypatch.setattr(exports, "PROGRESS_EVERY", 2)
    monkeypatch.setattr(exports, "_copy_applies", lambda job: False)
    seen = []
    real_set = exports._set

    def spy(job, **fields):
        if "rows_written" in fields:
            seen.append(fields["rows_written"])
        real_set(job, **fields)

    monkeypatch.setattr(exports, "_set", spy)
    job = _create(supervisor_a, fmt="csv")
    assert job.status == "done" and job.progress == 100
    assert (job.rows_total, job.rows_written) == (5, 5)
    assert seen == [0, 2, 4, 5]  # start, every chunk, done: no silent cap anywhere
    content = exports.export_job_file(user=supervisor_a, job=job).read_bytes()
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    assert sorted(r["case_number"] for r in rows) == sorted(c.number for c in five_cases)


def test_every_export_is_audited_with_its_purpose(client, supervisor_a, five_cases):
    job = _create(supervisor_a, fmt="xlsx", include_identities=True, purpose=PURPOSE)
    request = AuditEvent.objects.get(action="export.request", actor=supervisor_a)
    assert request.changes["purpose"] == PURPOSE and request.changes["identities"] is True
    done = AuditEvent.objects.get(action="case.export", actor=supervisor_a)
    assert done.changes["rows"] == 5 and done.changes["purpose"] == PURPOSE
    client.force_login(supervisor_a)
    response = client.get(reverse("reports:export-job-download", args=[job.public_id]))
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert b"".join(response.streaming_content)[:2] == b"PK"
    assert AuditEvent.objects.filter(action="export.download", actor=supervisor_a).count() == 1


def test_task_receives_the_job_id_only(supervisor_a, five_cases):
    with (
        mock.patch.object(exports, "export_run") as task,
        TestCase.captureOnCommitCallbacks(execute=True),
    ):
        job = export_job_create(user=supervisor_a, include_identities=True, purpose=PURPOSE)
    task.enqueue.assert_called_once_with(job_id=job.pk)


def test_nothing_is_enqueued_before_the_transaction_commits(supervisor_a, five_cases):
    with mock.patch.object(exports, "export_run") as task:
        export_job_create(user=supervisor_a)  # the test's transaction never commits
    task.enqueue.assert_not_called()


def test_only_the_requester_sees_and_downloads_the_job(
    client, supervisor_a, caseworker_a, five_cases
):
    job = _create(supervisor_a)
    client.force_login(caseworker_a)  # same agency, not the requester
    assert client.get(reverse("reports:export-job", args=[job.public_id])).status_code == 404
    url = reverse("reports:export-job-download", args=[job.public_id])
    assert client.get(url).status_code == 404
    client.force_login(supervisor_a)
    assert client.get(url).status_code == 200


def test_expired_file_cannot_be_downloaded_and_is_pruned(client, supervisor_a, five_cases):
    job = _create(supervisor_a)
    ExportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    client.force_login(supervisor_a)
    url = reverse("reports:export-job-download", args=[job.public_id])
    assert client.get(url).status_code == 404
    page = client.get(reverse("reports:export-job", args=[job.public_id]))
    assert url not in page.content.decode()
    path = exports.Path(exports.settings.SIGAP_EXPORT_DIR) / job.file_name
    assert path.exists()
    assert export_prune() == 1
    assert not path.exists()
    job.refresh_from_db()
    assert job.file_name == ""


def test_a_failing_export_leaves_no_file_and_says_nothing_personal(
    monkeypatch, supervisor_a, five_cases
):
    def boom(*args, **kwargs):
        raise ValueError("Melati Rahasia 3171034101980002")

    monkeypatch.setattr(exports, "_case_rows", boom)
    job = _create(supervisor_a)
    assert job.status == "failed" and job.file_name == ""
    assert "Rahasia" not in job.error and "3171" not in job.error
    assert not list(exports.Path(exports.settings.SIGAP_EXPORT_DIR).glob("*.part"))
    assert not AuditEvent.objects.filter(action="case.export").exists()


def test_page_polls_while_running_and_stops_when_done(client, supervisor_a, five_cases):
    with (
        mock.patch.object(exports, "export_run"),
        TestCase.captureOnCommitCallbacks(execute=True),
    ):
        job = export_job_create(user=supervisor_a)
    client.force_login(supervisor_a)
    url = reverse("reports:export-job", args=[job.public_id])
    partial = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' in partial and "<progress" in partial
    assert "<html" not in partial
    exports.export_job_run(job_id=job.pk)
    partial = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in partial
    assert reverse("reports:export-job-download", args=[job.public_id]) in partial


def test_the_export_form_lists_the_users_recent_jobs(
    client, supervisor_a, caseworker_a, five_cases
):
    job = _create(supervisor_a)
    client.force_login(supervisor_a)
    assert str(job.public_id) in client.get(reverse("reports:case-export")).content.decode()
    client.force_login(caseworker_a)
    assert str(job.public_id) not in client.get(reverse("reports:case-export")).content.decode()


# --- API -----------------------------------------------------------------------------------


def test_api_creates_a_job_and_reports_progress_and_download(client, supervisor_a, five_cases):
    client.force_login(supervisor_a)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            "/api/v1/exports/",
            {
                "dataset": "cases",
                "format": "csv",
                "filters": {"status": "reported"},
                "purpose": PURPOSE,
            },
            content_type="application/json",
        )
    assert response.status_code == 202, response.content
    job_id = response.json()["public_id"]
    body = client.get(f"/api/v1/exports/{job_id}/").json()
    assert body["status"] == "done" and body["progress"] == 100 and body["rows_written"] == 5
    assert body["download_url"].endswith(f"/api/v1/exports/{job_id}/download/")
    download = client.get(body["download_url"])
    assert download.status_code == 200
    assert len(b"".join(download.streaming_content).decode("utf-8-sig").splitlines()) == 6


def test_api_job_of_another_user_is_404(client, supervisor_a, caseworker_a, five_cases):
    job = _create(supervisor_a)
    client.force_login(caseworker_a)
    assert client.get(f"/api/v1/exports/{job.public_id}/").status_code == 404
    assert client.get(f"/api/v1/exports/{job.public_id}/download/").status_code == 404


@pytest.mark.parametrize(
    "payload",
    [
        {"dataset": "persons", "format": "csv"},
        {"dataset": "cases", "format": "pdf"},
        {"dataset": "cases", "format": "csv", "filters": {"name": "Melati"}},
        {"dataset": "cases", "format": "csv", "filters": {"status": "nope"}},
    ],
)
def test_api_refuses_bad_requests_with_400(client, supervisor_a, payload):
    client.force_login(supervisor_a)
    response = client.post("/api/v1/exports/", payload, content_type="application/json")
    assert response.status_code == 400
    assert not ExportJob.objects.exists()


def test_api_export_needs_view_case(client, leadership_user):
    client.force_login(leadership_user)
    response = client.post(
        "/api/v1/exports/", {"dataset": "cases", "format": "csv"}, content_type="application/json"
    )
    assert response.status_code == 403


def test_export_prune_command(supervisor_a, five_cases):
    from django.core.management import call_command

    job = _create(supervisor_a)
    ExportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    out = io.StringIO()
    call_command("export_prune", stdout=out)
    assert out.getvalue().startswith("1 expired")


# --- Issue 13 §10: headers in the reader's language; the API keeps machine names -----------


def _header(user, **kwargs) -> list[str]:
    job = _create(user, fmt="csv", **kwargs)
    content = exports.export_job_file(user=user, job=job).read_bytes()
    return next(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def test_headers_are_in_the_requesters_language_and_machine_names_for_the_api(
    supervisor_a, five_cases
):
    assert _header(supervisor_a, header_language="id")[:3] == [
        "Nomor kasus",
        "Status",
        "Tanggal laporan",
    ]
    assert _header(supervisor_a, header_language="en")[:3] == [
        "Case number",
        "Status",
        "Reported on",
    ]
    assert _header(supervisor_a)[:3] == ["case_number", "status", "reported_on"]
    assert _header(supervisor_a, header_language="xx")[0] == "case_number"


def test_every_export_column_has_a_label():
    columns = exports.CASE_COLUMNS + exports.IDENTITY_COLUMNS
    headers = exports.column_headers(columns, "id")
    assert len(headers) == len(columns)
    assert not set(headers) & set(columns) - {"status"}  # "Status" reads the same in both


def test_page_files_are_named_in_the_requesters_language_and_api_files_by_machine_name(
    supervisor_a, five_cases
):
    from openpyxl import load_workbook

    page = _create(supervisor_a, fmt="xlsx", header_language="id")
    assert page.filename.startswith("sigap-kasus-")
    sheet = load_workbook(exports.export_job_file(user=supervisor_a, job=page), read_only=True)
    assert sheet.active.title == "kasus"
    assert _create(supervisor_a, fmt="xlsx", header_language="en").filename.startswith(
        "sigap-cases-"
    )
    api = _create(supervisor_a, fmt="xlsx")
    assert api.filename.startswith("sigap-cases-")
    assert load_workbook(exports.export_job_file(user=supervisor_a, job=api)).active.title == (
        "cases"
    )
