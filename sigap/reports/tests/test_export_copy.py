"""The PostgreSQL fast path of the masked CSV case export (``_csv_copy``, issue 12 §2) writes
the same file, byte for byte, as the row-by-row path (``_case_rows`` through the one table
writer) for every role: the same rows in the same order, the same masking per case (the one
view rule, ``case_view_for``), formula-like text neutralised the same way."""

import io
from contextlib import contextmanager

import pytest
from django.db import connection

from sigap.agencies.models import Agency
from sigap.areas.models import Area
from sigap.cases.selectors import case_list
from sigap.core.tabular import TableWriter
from sigap.privacy.services import breakglass_open
from sigap.reports import exports
from sigap.reports.models import ExportJob

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's"),
]

ROLES = [
    "supervisor_a",
    "caseworker_b",
    "health_provider",
    "social_provider",
    "police_officer",
    "prosecutor_user",
    "secretariat_user",
    "leadership_user",
    "reporter_kemayoran",
]


def _both(user, headers=("a", "b"), **filters):
    cases = case_list(user=user, **filters)
    slow = io.BytesIO()
    with TableWriter(slow, fmt="csv", headers=list(headers)) as writer:
        for row in exports._case_rows(user, cases, identities=False):
            writer.writerow(row)
    fast = io.BytesIO()
    written = exports._csv_copy(user, cases, fast, headers=list(headers))
    return slow.getvalue(), fast.getvalue(), writer.rows, written


@pytest.fixture
def world(year_of_data, caseworker_b, areas):
    """The task-force year (open, reported, referred, judged cases), a closed case, a case
    under a break-glass grant of another agency's case manager, and data that looks like a
    formula: a kelurahan name and a handling agency's short name."""
    Area.objects.filter(code="31.71.03.1001").update(name="=HYPERLINK(1)")
    agency = year_of_data[0].handling_agency
    Agency.objects.filter(pk=agency.pk).update(short_name="@SUM(1)")
    breakglass_open(
        user=caseworker_b,
        case_number=year_of_data[1].number,
        reason="Korban dirujuk darurat malam ini, perlu data kasus.",
    )
    return year_of_data


@pytest.mark.parametrize("role", ROLES)
def test_copy_writes_the_same_file_as_the_row_by_row_writer(request, role, world):
    user = request.getfixturevalue(role)
    slow, fast, rows, written = _both(user)
    assert written == rows
    assert fast == slow


@pytest.mark.parametrize(
    "filters",
    [
        {"status": "open"},
        {"kecamatan": "31.71.03"},
        {"exploitation_form": "forced_labour"},
        {"modus": "migrant_worker", "status": "reported"},
        {"status": "no-such-status"},
    ],
)
def test_copy_follows_the_export_filters(supervisor_a, world, filters):
    slow, fast, rows, written = _both(supervisor_a, **filters)
    assert written == rows == case_list(user=supervisor_a, **filters).count()
    assert (rows == 0) == (filters.get("status") == "no-such-status")
    assert fast == slow


def test_the_comparison_sees_masking_and_formula_safety(
    supervisor_a, caseworker_b, police_officer, world
):
    """The equality above is not vacuous: rows exist, formula-like text is quoted, another
    agency's case manager sees the case under break glass in full (counts filled), and a
    the police see their referred case with modus, forms and counts masked."""
    _, fast, rows, _ = _both(supervisor_a)
    assert rows >= 10 and fast.startswith(b"\xef\xbb\xbfa,b\r\n")
    assert b"'@SUM(1)" in fast and b"'=HYPERLINK(1)" in fast

    def line(user, case):
        text = _both(user)[1].decode("utf-8-sig")
        return next(r for r in text.splitlines() if r.startswith(case.number + ","))

    assert line(caseworker_b, world[1]).split(",")[-1] != ""
    referred = line(police_officer, world[0])
    assert referred.endswith(",,,,") and "'@SUM(1)" in referred


def test_the_job_uses_copy_and_reports_progress(monkeypatch, supervisor_a, world):
    monkeypatch.setattr(exports, "PROGRESS_EVERY", 1)
    used, seen = [], []
    real = exports._csv_copy
    monkeypatch.setattr(exports, "_csv_copy", lambda *a, **k: used.append(1) or real(*a, **k))

    @contextmanager
    def recorder(model, pk, **kwargs):
        yield seen.append

    monkeypatch.setattr(exports, "side_progress", recorder)
    job = exports.export_job_create(user=supervisor_a, fmt="csv")
    exports.export_job_run(job_id=job.pk)
    job = ExportJob.objects.get(pk=job.pk)
    assert used and job.status == "done"
    assert job.rows_written == job.rows_total == case_list(user=supervisor_a).count()
    assert seen and seen == sorted(seen) and seen[-1] <= job.rows_written


@pytest.mark.django_db(transaction=True)
def test_progress_is_saved_on_a_second_connection(supervisor_a):
    """side_progress commits at once on its own connection: another connection reads the
    value while the caller's transaction is still open."""
    from django.db import connections, transaction

    from sigap.core.progress import side_progress

    job = ExportJob.objects.create(owner=supervisor_a, dataset="cases", format="csv")
    other = connections.create_connection("default")
    try:
        with transaction.atomic():
            with side_progress(ExportJob, job.pk, field="rows_written", touch="updated_at") as w:
                w(7)
            with other.cursor() as cursor:
                cursor.execute("SELECT rows_written FROM reports_exportjob WHERE id = %s", [job.pk])
                assert cursor.fetchone() == (7,)
    finally:
        other.close()
