"""Bulk import of registers (issue 12 §7): a 5,000-row file with 3 bad rows is checked in the
background and every bad row named by its number; the commit is refused until they are
fixed; a commit that fails at any row leaves nothing (the same transaction a kill -9 cuts);
XLSX, semicolons, mapping guesses, scope and roles."""

from __future__ import annotations

import csv
import io
from datetime import date

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sigap.audit.models import AuditEvent
from sigap.cases.models import Case, Participant
from sigap.core.exceptions import ApplicationError
from sigap.imports import services
from sigap.imports.models import ImportJob, ImportStatus

pytestmark = pytest.mark.django_db

HEADERS = ["Tanggal Lapor", "Nama Korban", "Jenis Kelamin", "Umur", "Kode Kelurahan", "Keterangan"]
KEMAYORAN = "31.71.03.1001"
MAPPING = {
    "reported_on": "Tanggal Lapor",
    "victim_name": "Nama Korban",
    "sex": "Jenis Kelamin",
    "age": "Umur",
    "area_code": "Kode Kelurahan",
    "summary": "Keterangan",
}


def _rows(n: int, bad: dict[int, int] | None = None) -> list[list[str]]:
    """``n`` synthetic rows; ``bad``: ``{data row index: kind}`` (1 no name, 2 bad date,
    3 unknown kelurahan code)."""
    rows = []
    for i in range(n):
        row = [
            "05-03-2025",
            f"Korban Impor{i:05d} Sintetis",
            "P" if i % 2 else "L",
            str(18 + i % 30),
            KEMAYORAN,
            "Direkrut lewat media sosial.",
        ]
        kind = (bad or {}).get(i)
        if kind == 1:
            row[1] = ""
        elif kind == 2:
            row[0] = "31-02-2025"
        elif kind == 3:
            row[4] = "99.99.99.9999"
        rows.append(row)
    return rows


def _csv(rows, delimiter=",") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(HEADERS)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def _upload_and_check(user, data: bytes) -> ImportJob:
    job = services.import_upload(actor=user, data=data)
    services.import_map(actor=user, job=job, mapping=MAPPING)
    services.import_check(job_id=job.pk)  # the task body, as the worker runs it
    job.refresh_from_db()
    return job


def test_5000_rows_with_3_bad_rows_named_then_refused_then_fixed(caseworker_a, areas):
    bad = {10: 1, 2500: 2, 4999: 3}
    job = _upload_and_check(caseworker_a, _csv(_rows(5000, bad)))
    assert job.rows_total == 5000
    assert job.status == ImportStatus.CHECKED
    # Row numbers as the spreadsheet shows them: header row 1, data row i at i + 2.
    assert sorted({e["row"] for e in job.errors}) == [12, 2502, 5001]
    assert all(e["message"] and "Impor" not in e["message"] for e in job.errors)
    with pytest.raises(ApplicationError):
        services.import_commit_request(actor=caseworker_a, job=job)
    assert not Case.objects.exists()
    fixed = _upload_and_check(caseworker_a, _csv(_rows(5000)))
    assert fixed.errors == [] and fixed.can_commit


def test_commit_creates_every_case_audited_and_deletes_the_file(caseworker_a, areas):
    job = _upload_and_check(caseworker_a, _csv(_rows(12), delimiter=";"))
    assert job.errors == []
    services.import_commit_request(actor=caseworker_a, job=job)
    services.import_commit(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.cases_created, job.data) == (ImportStatus.DONE, 12, "")
    cases = Case.objects.filter(reporting_agency=caseworker_a.membership.agency)
    assert cases.count() == 12
    assert set(cases.values_list("status", flat=True)) == {"reported"}
    assert Participant.objects.filter(case__in=cases, role="victim").count() == 12
    assert cases.first().reported_on == date(2025, 3, 5)
    event = AuditEvent.objects.get(action="case.import")
    assert event.changes["rows"] == 12
    assert "Impor" not in str(event.changes)


def test_a_failure_at_any_row_leaves_nothing(caseworker_a, areas, monkeypatch):
    """The commit is one transaction: the error at row 7 (as a kill -9 of the worker would
    at any point) undoes the six cases before it; the job can be tried again."""
    from sigap.cases import services as case_services

    job = _upload_and_check(caseworker_a, _csv(_rows(10)))
    services.import_commit_request(actor=caseworker_a, job=job)
    real = case_services.case_report
    calls = {"n": 0}

    def failing(**kwargs):
        calls["n"] += 1
        if calls["n"] == 7:
            raise RuntimeError("worker died")
        return real(**kwargs)

    monkeypatch.setattr(case_services, "case_report", failing)
    services.import_commit(job_id=job.pk)
    job.refresh_from_db()
    assert calls["n"] == 7
    assert job.status == ImportStatus.FAILED
    assert not Case.objects.exists()
    assert not AuditEvent.objects.filter(action__in=["case.report", "case.import"]).exists()
    assert job.data  # kept: check again and retry


def test_xlsx_register_and_formula_like_text_stays_text(caseworker_a, areas):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    sheet.append([date(2025, 3, 5), "", "P", 20, KEMAYORAN, "x"])
    sheet["B2"].value = '=HYPERLINK("http://x","y")'
    sheet["B2"].data_type = "s"  # a text cell that starts like a formula (not a formula)
    buffer = io.BytesIO()
    book.save(buffer)
    job = _upload_and_check(caseworker_a, buffer.getvalue())
    assert job.fmt == "xlsx" and job.errors == []
    services.import_commit_request(actor=caseworker_a, job=job)
    services.import_commit(job_id=job.pk)
    person = Participant.objects.get(role="victim").person
    assert person.full_name == '=HYPERLINK("http://x","y")'


def test_the_mapping_is_guessed_from_indonesian_headers(caseworker_a, areas):
    job = services.import_upload(actor=caseworker_a, data=_csv(_rows(1)))
    assert job.mapping == MAPPING
    with pytest.raises(ValueError) as exc:
        services.import_map(actor=caseworker_a, job=job, mapping={"victim_name": "Nama Korban"})
    assert {"reported_on", "sex", "area_code"} <= set(exc.value.args[0])


def test_not_a_register_is_refused_and_nothing_stored(caseworker_a, areas):
    for data in (b"MZ\x90\x00" + b"\x00" * 100, b"PK\x03\x04 not a workbook", b""):
        with pytest.raises(ApplicationError):
            services.import_upload(actor=caseworker_a, data=data)
    assert not ImportJob.objects.exists()


def test_pages_scope_and_roles(
    client, caseworker_a, supervisor_a, caseworker_b, areas, django_capture_on_commit_callbacks
):
    client.force_login(caseworker_a)
    upload = SimpleUploadedFile("register.csv", _csv(_rows(3)), content_type="text/csv")
    answer = client.post(reverse("imports:import-list"), {"file": upload})
    job = ImportJob.objects.get()
    assert answer.status_code == 302
    detail = reverse("imports:import-detail", args=[job.public_id])
    page = client.get(detail)
    assert page.status_code == 200 and "Nama Korban" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # the task runs at once in tests
        assert client.post(detail, MAPPING).status_code == 302
    job.refresh_from_db()
    assert job.status == ImportStatus.CHECKED
    assert "check-ok" in client.get(detail).content.decode()
    # A colleague of the same agency sees it but cannot continue it; another agency: 404.
    client.force_login(supervisor_a)
    assert client.get(detail).status_code == 200
    client.post(reverse("imports:import-commit", args=[job.public_id]))
    job.refresh_from_db()
    assert job.status == ImportStatus.CHECKED
    client.force_login(caseworker_b)
    assert client.get(detail).status_code == 404
    client.force_login(caseworker_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:import-commit", args=[job.public_id]))
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and Case.objects.count() == 3
    status = client.get(
        reverse("imports:import-status", args=[job.public_id]), HTTP_HX_REQUEST="true"
    )
    assert status["HX-Refresh"] == "true"


def test_roles_without_the_permission_get_403(client, reporter_kemayoran, health_provider):
    for user in (reporter_kemayoran, health_provider):
        client.force_login(user)
        assert client.get(reverse("imports:import-list")).status_code == 403


def test_upload_is_audited_and_uncommitted_files_are_pruned(caseworker_a, areas):
    from datetime import timedelta

    from django.utils import timezone

    job = services.import_upload(actor=caseworker_a, data=_csv(_rows(2)))
    event = AuditEvent.objects.get(action="import_job.upload")
    assert event.changes["rows"] == 2 and "Impor" not in str(event.changes)
    assert services.import_prune() == 0  # fresh: kept
    later = timezone.now() + timedelta(days=services.KEEP_DAYS + 1)
    assert services.import_prune(now=later) == 1
    job.refresh_from_db()
    assert (job.data, job.status) == ("", ImportStatus.FAILED)
    with pytest.raises(ApplicationError):
        services.import_commit_request(actor=caseworker_a, job=job)
    with pytest.raises(ApplicationError):
        services.import_map(actor=caseworker_a, job=job, mapping=MAPPING)


def _with_simfoni(numbers: list[str]) -> bytes:
    """A register with a SIMFONI-PPA number column (one number per row, "" for none)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([*HEADERS, "Nomor SIMFONI"])
    for row, number in zip(_rows(len(numbers)), numbers, strict=True):
        writer.writerow([*row, number])
    return out.getvalue().encode("utf-8-sig")


def _check_mapped(user, data: bytes) -> ImportJob:
    job = services.import_upload(actor=user, data=data)
    mapping = services.parsing.guess_mapping(job.headers)
    assert mapping["simfoni_number"] == "Nomor SIMFONI"  # guessed from the Indonesian header
    services.import_map(actor=user, job=job, mapping=mapping)
    services.import_check(job_id=job.pk)
    job.refresh_from_db()
    return job


def test_simfoni_numbers_are_imported_once_and_checked_by_the_one_rule(
    caseworker_a, areas, report_case_with_simfoni
):
    """Issue 12 §3/§7: the register's SIMFONI-PPA numbers come in with the cases, so nobody
    registers them twice; a malformed number, one already on a case, and one repeated in the
    file are each named by row, in Indonesian, and the commit is refused."""
    from django.utils import translation

    with translation.override("id"):
        job = _check_mapped(
            caseworker_a,
            _with_simfoni(
                ["SIMFONI/2025/001", "bad number!", "REG-EXISTING", "", "SIMFONI/2025/001"]
            ),
        )
    by_row = {e["row"]: e for e in job.errors}
    assert sorted(by_row) == [3, 4, 6]  # rows 2 and 5 are fine (5 has no number)
    assert all(e["column"] == "Nomor registrasi SIMFONI-PPA" for e in job.errors), job.errors
    assert "baris 2" in by_row[6]["message"]  # the repeat names the row it repeats
    with pytest.raises(ApplicationError):
        services.import_commit_request(actor=caseworker_a, job=job)

    job = _check_mapped(caseworker_a, _with_simfoni(["SIMFONI/2025/001", "", "SIMFONI/2025/002"]))
    assert job.errors == []
    services.import_commit_request(actor=caseworker_a, job=job)
    services.import_commit(job_id=job.pk)
    imported = Case.objects.filter(reporting_agency=caseworker_a.membership.agency).exclude(
        simfoni_number="REG-EXISTING"
    )
    assert sorted(imported.values_list("simfoni_number", flat=True)) == [
        "",
        "SIMFONI/2025/001",
        "SIMFONI/2025/002",
    ]
    # Imported again: every number is now taken, and the dry run says so.
    again = _check_mapped(caseworker_a, _with_simfoni(["SIMFONI/2025/002"]))
    assert [e["row"] for e in again.errors] == [2]


@pytest.fixture
def report_case_with_simfoni(caseworker_a, areas):
    from sigap.cases.services import case_report

    return case_report(
        actor=caseworker_a,
        intake_channel="other",
        report_area=areas[KEMAYORAN],
        summary="Kasus yang sudah terdaftar di SIMFONI-PPA.",
        simfoni_number="REG-EXISTING",
    )


def test_a_simfoni_number_typed_as_a_spreadsheet_number_keeps_its_digits(areas):
    from sigap.imports import parsing

    cells = {
        "reported_on": "05-03-2025",
        "victim_name": "Korban Sintetis",
        "sex": "P",
        "area_code": KEMAYORAN,
        "simfoni_number": 20250001.0,  # what a number cell can read as
    }
    area = {KEMAYORAN: areas[KEMAYORAN]}
    result = parsing.check_row(2, cells, today=date(2026, 1, 1), areas=area)
    assert result.errors == [] and result.values["simfoni_number"] == "20250001"
    assert parsing.simfoni_cell(20250001.0) == "20250001"  # the file-wide "taken" look-up too
    taken = parsing.check_row(
        2, cells, today=date(2026, 1, 1), areas=area, simfoni_taken={"20250001"}
    )
    assert [key for key, _m in taken.errors] == ["simfoni_number"]


@pytest.mark.parametrize(
    ("language", "text"),
    [("id", "lebih dari 1.500 baris"), ("en", "more than 1,500 rows")],
)
def test_row_limit_is_grouped_as_the_language_writes_numbers(monkeypatch, language, text):
    from django.utils import translation

    from sigap.imports import parsing

    monkeypatch.setattr(parsing, "MAX_ROWS", 1500)
    data = ("Nama Korban\n" + "Korban Sintetis\n" * 1501).encode()
    with translation.override(language), pytest.raises(parsing.FileRefused) as exc:
        parsing.read_table(data)
    assert text in str(exc.value)
