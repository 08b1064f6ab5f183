"""The task-force report (issue 11 §4): every published number equals an independent query
written here, and no count from 1 to 4 appears in the data, the PDF or the XLSX."""

import io
import re
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import timezone, translation
from openpyxl import load_workbook
from pypdf import PdfReader

from sigap.cases.models import Case, Participant
from sigap.justice.models import PoliceReport, RestitutionOrder, RestitutionPayment, Verdict
from sigap.prevention.models import CommunityReport
from sigap.referrals.models import Referral
from sigap.reports.taskforce_render import render_pdf, render_xlsx
from sigap.reports.taskforce_report import Period, taskforce_report_build
from sigap.rights.models import LpskProtection

YEAR = 2025
SMALL = {1, 2, 3, 4}


def _band(age):
    """The SIMFONI bands, written out again for the test."""
    if age is None:
        return "unknown"
    for low, high, label in [(0, 5, "0-5"), (6, 12, "6-12"), (13, 17, "13-17")]:
        if low <= age <= high:
            return label
    for low, high, label in [(18, 24, "18-24"), (25, 44, "25-44"), (45, 59, "45-59")]:
        if low <= age <= high:
            return label
    return "60+"


def _check(table, raw_cells):
    """Every entry shown equals the raw count, every raw 1-4 is hidden; returns how many
    non-zero entries are shown (so a test can require some)."""
    rows = len(raw_cells)
    entries = []
    for i in range(rows):
        for j, raw in enumerate(raw_cells[i]):
            entries.append((table.data.cells[i][j], raw))
    if table.data.row_totals is not None:
        entries += [(table.data.row_totals[i], sum(raw_cells[i])) for i in range(rows)]
    if table.data.col_totals is not None:
        cols = [sum(r[j] for r in raw_cells) for j in range(len(raw_cells[0]))]
        entries += list(zip(table.data.col_totals, cols, strict=True))
    if table.data.has_grand_total:
        entries.append((table.data.grand_total, sum(map(sum, raw_cells))))
    for shown, raw in entries:
        assert shown is None or shown == raw, (table.key, shown, raw)
        if raw in SMALL:
            assert shown is None, (table.key, raw)
    return sum(1 for shown, _raw in entries if shown)


def _independent(year):
    """The raw counts, queried here in another way than the report does."""
    in_year = Case.objects.filter(reported_on__year=year)
    raw = {
        "cases_by_status": [
            [in_year.filter(status=s).count() for s in ("reported", "open", "closed")]
        ]
    }
    bands = ["0-5", "6-12", "13-17", "18-24", "25-44", "45-59", "60+", "unknown"]
    grid = {(b, s): 0 for b in bands for s in ("F", "M", "")}
    for p in Participant.objects.filter(role="victim", case__reported_on__year=year):
        age = p.age_at_exploitation
        if age is None:
            age = p.person.estimated_age
        grid[(_band(age), p.person.sex)] += 1
    raw["victims_by_age_sex"] = [[grid[(b, s)] for s in ("F", "M", "")] for b in bands]
    buckets = [0, 0, 0, 0]
    for r in Referral.objects.all():
        if timezone.localtime(r.sent_at).year != year:
            continue
        dates = [d.delivered_on for d in r.deliveries.all()]
        if dates:
            days = (min(dates) - timezone.localtime(r.sent_at).date()).days
            buckets[0 if days <= 7 else 1] += 1
        else:
            buckets[2 if r.status in ("sent", "accepted", "in_progress") else 3] += 1
    raw["referrals_by_service"] = [buckets]
    raw["verdicts_by_outcome"] = [
        [
            Verdict.objects.filter(decided_on__year=year, outcome=o).count()
            for o in ("convicted", "acquitted", "released")
        ]
    ]
    paid = [0, 0, 0]
    for order in RestitutionOrder.objects.filter(verdict__decided_on__year=year):
        total = sum(p.amount_rupiah for p in order.payments.all())
        paid[0 if total >= order.amount_rupiah else 1 if total else 2] += 1
    raw["restitution_orders_by_payment"] = [paid]
    raw["lpsk_decisions"] = [
        [
            LpskProtection.objects.filter(decided_on__year=year, decision=d).count()
            for d in ("granted", "refused")
        ]
    ]
    reports = [
        r.status
        for r in CommunityReport.objects.all()
        if timezone.localtime(r.created_at).year == year
    ]
    order = ("received", "in_review", "forwarded", "converted", "closed")
    raw["community_reports_by_triage"] = [[reports.count(s) for s in order]]
    raw["police_reports"] = PoliceReport.objects.filter(reported_on__year=year).count()
    raw["restitution_payments"] = RestitutionPayment.objects.filter(paid_on__year=year).count()
    from sigap.taskforce.models import ActionItem, Meeting, Realisation

    meetings = [m for m in Meeting.objects.all() if timezone.localtime(m.starts_at).year == year]
    raw["meetings_by_status"] = [
        [sum(1 for m in meetings if m.status == s) for s in ("held", "scheduled", "cancelled")]
    ]
    held = {m.pk for m in meetings if m.status == "held"}
    items = [i.status for i in ActionItem.objects.all() if i.meeting_id in held]
    raw["action_items_by_status"] = [[items.count(s) for s in ("done", "open", "carried")]]
    raw["rad_realisations"] = Realisation.objects.filter(year=year).count()
    return raw


def test_every_number_equals_an_independent_query_and_small_counts_never_show(year_of_data):
    report = taskforce_report_build(year=YEAR)
    raw = _independent(YEAR)
    # The data are what the fixture says (so the comparisons below are not vacuous).
    assert raw["cases_by_status"] == [[6, 3, 0]]
    assert raw["referrals_by_service"] == [[5, 1, 0, 0]]
    assert raw["community_reports_by_triage"] == [[5, 0, 0, 0, 1]]
    shown = 0
    for section in report.sections:
        for table in section.tables:
            shown += _check(table, raw[table.key])
    assert shown >= 7  # 9 cases, 13 victims, 6 referrals, 6 reports (+ grand totals)
    # Hand-checked entries: 9 cases, of which 3 taken on (hidden) and so 6 reported (hidden
    # as its complement); 11 victims: 7 women of 25-44 shown, 4 girls of 13-17 hidden.
    cases = report.table("cases_by_status").data
    assert cases.cells == ((None, None, 0),) and cases.row_totals == (9,)
    # Victims: 7 women and 2 men of 25-44, 4 girls of 13-17. The 2 and the 4 are hidden, so
    # is the 7 (row 25-44), the row total 9 (else 13 - 9 gives the girls' 4) and the women's
    # total 11 (else 13 - 11 gives the men's 2): only the grand total and zeros remain.
    victims = report.table("victims_by_age_sex").data
    assert victims.cells[4] == (None, None, 0) and victims.cells[2] == (None, 0, 0)
    assert victims.row_totals[2] is None and victims.row_totals[4] is None
    assert victims.col_totals == (None, None, 0)
    assert victims.grand_total == 13
    referrals = report.table("referrals_by_service").data
    assert referrals.cells == ((None, None, 0, 0),) and referrals.row_totals == (6,)
    assert report.figure("police_reports").value is None  # 1
    assert raw["police_reports"] == 1
    assert report.figure("restitution_payments").value is None
    assert report.figure("restitution_awarded_rupiah").value is None  # one order only
    assert report.figure("restitution_paid_rupiah").value is None
    assert not [v for v in report.counts() if v in SMALL]


def test_a_quarter_counts_only_its_own_months(year_of_data):
    q1 = taskforce_report_build(year=YEAR, quarter=1)
    assert (q1.period.start, q1.period.end) == (date(2025, 1, 1), date(2025, 3, 31))
    assert q1.table("cases_by_status").data.row_totals == (7,)  # the August cases are Q3
    assert q1.table("referrals_by_service").data.row_totals == (0,)
    q2 = taskforce_report_build(year=YEAR, quarter=2)
    assert q2.table("referrals_by_service").data.row_totals == (6,)
    assert Period(2024, 4).end == date(2024, 12, 31)
    assert Period(2024, 1).end == date(2024, 3, 31)


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_pdf_and_xlsx_show_the_numbers_and_no_small_count(year_of_data, tmp_path):
    pdf_path, xlsx_path = tmp_path / "laporan.pdf", tmp_path / "laporan.xlsx"
    call_command(
        "taskforce_report", "--year", str(YEAR), "--format", "pdf", "--output", str(pdf_path)
    )
    call_command(
        "taskforce_report", "--year", str(YEAR), "--format", "xlsx", "--output", str(xlsx_path)
    )
    text = _pdf_text(pdf_path.read_bytes())
    assert "Laporan Gugus Tugas" in text
    assert "Tahun 2025 (2025-01-01 – 2025-12-31)" in text
    assert "Dilayani dalam 7 hari" in text
    tokens = [re.sub(r"^[^\w]+|[^\w]+$", "", t) for t in text.split()]
    assert not [t for t in tokens if t in {"1", "2", "3", "4"}], "a count of 1-4 in the PDF"
    assert "13" in tokens and "9" in tokens  # victims and cases in the year
    names = {p.person.full_name for p in Participant.objects.select_related("person")}
    assert "Anak Sintetis A" in names
    for name in names:
        assert name not in text
    for case in year_of_data:
        assert case.number not in text

    sheet = load_workbook(xlsx_path, read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    # Headers, units and the sheet in the reader's words (issue 13 §10), never machine names.
    assert sheet.title == "laporan"
    assert rows[0] == (
        "Bagian", "Butir", "Baris", "Kolom", "Nilai", "Satuan", "Periode", "Sumber",
        "Aturan hitung",
    )  # fmt: skip
    assert {r[5] for r in rows[1:]} - {None, ""} <= {"jumlah", "rupiah"}
    assert "count" not in {r[5] for r in rows}
    values = [r[4] for r in rows[1:] if r[5] == "jumlah"]
    assert not [v for v in values if isinstance(v, int) and v in SMALL]
    assert all(v == "*" or isinstance(v, int) for v in values)
    title = "Rujukan yang dikirim dalam periode, menurut waktu layanan"
    referral_rows = {r[3]: r[4] for r in rows if r[1] == title}
    assert referral_rows["Dilayani dalam 7 hari"] == "*"
    assert referral_rows["Jumlah"] == 6
    assert all(r[6].startswith("Tahun 2025") for r in rows[1:-1])  # every number has its period
    assert all(r[7] and r[8] for r in rows[1:-2])  # and its source and counting rule


def test_only_city_wide_roles_may_build_it(year_of_data, police_officer, leadership_user):
    with pytest.raises(PermissionDenied):
        taskforce_report_build(year=YEAR, user=police_officer)
    report = taskforce_report_build(year=YEAR, user=leadership_user)
    with translation.override("en"):
        assert b"%PDF" in render_pdf(report)[:8]
        content = render_xlsx(report)
    assert content[:2] == b"PK"
    sheet = load_workbook(io.BytesIO(content), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert sheet.title == "report"
    assert rows[0][:6] == ("Section", "Item", "Row", "Column", "Value", "Unit")
    assert rows[0][-1] == "Counting rule"
    assert {r[5] for r in rows[1:]} - {None, ""} <= {"number", "rupiah"}


def test_the_annual_report_of_seed_demo_data_matches_independent_queries(reference, tmp_path):
    """Issue 11 "Must show": the report for this year from ``seed_demo`` data."""
    from sigap.cases.demo import demo_users_create

    demo_users_create(logins_file=tmp_path / "logins.txt")
    call_command("seed_demo", cases=25, seed=5, stdout=io.StringIO())
    year = timezone.localdate().year
    report = taskforce_report_build(year=year)
    raw = _independent(year)
    assert raw["cases_by_status"][0] != [0, 0, 0]
    shown = sum(_check(t, raw[t.key]) for s in report.sections for t in s.tables)
    assert shown >= 3
    for key in ("police_reports", "restitution_payments"):
        assert report.figure(key).value in (None, raw[key])
        assert raw[key] not in SMALL or report.figure(key).value is None
    assert not [v for v in report.counts() if v in SMALL]


def test_an_amount_is_shown_only_when_enough_records_make_it_up():
    from sigap.reports.taskforce_report import _amount

    def shown(amount, records):
        return _amount("k", "l", amount, records, source="s", rule="r", threshold=5).value

    assert shown(50_000_000, 5) == 50_000_000
    assert shown(40_000_000, 4) is None
    assert shown(None, 0) == 0
