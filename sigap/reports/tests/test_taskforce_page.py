"""The task-force report page (issue 11 §4): secretariat and leadership queue the report as a
background job and download it; nobody else sees the job; roles without aggregate figures
get 403."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from sigap.audit.models import AuditEvent
from sigap.core.exceptions import ApplicationError
from sigap.reports.exports import export_job_create
from sigap.reports.models import ExportJob
from sigap.reports.taskforce_jobs import taskforce_report_job_create

pytestmark = pytest.mark.django_db


def test_leadership_makes_and_downloads_the_report(
    client, leadership_user, secretariat_user, year_of_data, django_capture_on_commit_callbacks
):
    client.force_login(leadership_user)
    page = client.get(reverse("reports:taskforce-report"))
    assert page.status_code == 200
    assert "Laporan Gugus Tugas PP-TPPO" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:taskforce-report"), {"year": "2025", "quarter": "", "fmt": "pdf"}
        )
    job = ExportJob.objects.get(owner=leadership_user)
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:export-job", args=[job.public_id])
    assert (job.dataset, job.format, job.filters) == (
        "taskforce_report",
        "pdf",
        {"year": 2025, "quarter": None},
    )
    assert job.status == "done" and job.filename == "laporan-gugus-tugas-2025.pdf"
    status = client.get(response["Location"]).content.decode()
    assert "laporan-gugus-tugas-2025.pdf" in status
    download = client.get(reverse("reports:export-job-download", args=[job.public_id]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(b"".join(download.streaming_content))).pages[0].extract_text()
    assert "Tahun 2025 (2025-01-01 – 2025-12-31)" in text
    actions = set(AuditEvent.objects.filter(actor=leadership_user).values_list("action", flat=True))
    assert {"export.request", "report.taskforce", "export.download"} <= actions

    # Nobody else reaches the job or its file, not even the secretariat.
    client.force_login(secretariat_user)
    assert client.get(reverse("reports:export-job", args=[job.public_id])).status_code == 404
    url = reverse("reports:export-job-download", args=[job.public_id])
    assert client.get(url).status_code == 404


def test_a_quarter_in_excel_gets_its_own_file_name(
    client, secretariat_user, django_capture_on_commit_callbacks
):
    client.force_login(secretariat_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("reports:taskforce-report"), {"year": "2026", "quarter": "3", "fmt": "xlsx"}
        )
    job = ExportJob.objects.get(owner=secretariat_user)
    assert job.status == "done" and job.filename == "laporan-gugus-tugas-2026-q3.xlsx"
    # The page's file speaks the reader's language: headers and units in words, no keys.
    download = client.get(reverse("reports:export-job-download", args=[job.public_id]))
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content)), read_only=True)
    rows = list(sheet.active.iter_rows(values_only=True))
    assert sheet.active.title == "laporan"
    assert rows[0][:6] == ("Bagian", "Butir", "Baris", "Kolom", "Nilai", "Satuan")
    machine = {"section", "item", "row", "column", "value", "unit", "counting_rule", "count"}
    assert not machine & {cell for row in rows for cell in row}


def test_roles_without_aggregates_are_refused(client, police_officer, health_provider):
    for user in (police_officer, health_provider):
        client.force_login(user)
        assert client.get(reverse("reports:taskforce-report")).status_code == 403
        with pytest.raises(PermissionDenied):
            taskforce_report_job_create(user=user, year=2026)
    assert not ExportJob.objects.exists()


def test_bad_years_and_the_case_export_route_are_refused(leadership_user, supervisor_a):
    with pytest.raises(ApplicationError):
        taskforce_report_job_create(user=leadership_user, year=2006)
    with pytest.raises(ApplicationError):
        taskforce_report_job_create(user=leadership_user, year=2026, quarter=5)
    with pytest.raises(ApplicationError):
        export_job_create(user=supervisor_a, dataset="taskforce_report", fmt="csv")
    assert not ExportJob.objects.exists()


def test_the_api_refuses_the_report_but_serves_its_file_to_the_requester(
    client, leadership_user, supervisor_a, django_capture_on_commit_callbacks
):
    client.force_login(supervisor_a)
    response = client.post(
        "/api/v1/exports/", {"dataset": "taskforce_report", "format": "pdf"}, "application/json"
    )
    assert response.status_code == 400
    assert set(response.json()["extra"]["fields"]) >= {"dataset", "format"}
    with django_capture_on_commit_callbacks(execute=True):
        job = taskforce_report_job_create(user=leadership_user, year=2026, fmt="pdf")
    client.force_login(leadership_user)
    download = client.get(f"/api/v1/exports/{job.public_id}/download/")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    client.force_login(supervisor_a)
    assert client.get(f"/api/v1/exports/{job.public_id}/download/").status_code == 404
