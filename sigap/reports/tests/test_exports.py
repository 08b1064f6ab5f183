"""Exports (issue 3 §2): the case list masked by default, identities only with
``cases.export_identities`` + the box + a purpose, children still masked, every export audited;
aggregate counts with small-cell suppression."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from sigap.audit.models import AuditEvent
from sigap.cases.services import PersonData, case_open, case_report
from sigap.core.dates import INDONESIAN_MONTHS
from sigap.reports import exports
from sigap.reports.exports import aggregate_export
from sigap.reports.tests.export_helpers import post_and_download, run_case_export

pytestmark = pytest.mark.django_db

CASE_URL = reverse("reports:case-export")
COUNTS_URL = reverse("reports:aggregate-export")
PURPOSE = "Court request no. 12/2026 for the victims' list."
CHILD = "Anggrek Rahasiaekspor"  # synthetic
CHILD_NIK = "3171035505120001"
ADULT_NIK = "3171034101980002"


@pytest.fixture
def mixed_case(caseworker_a, areas):
    """A handled case with an adult (with NIK) and a child victim (with NIK)."""
    case = case_report(
        actor=caseworker_a,
        intake_channel="kelurahan_report",
        report_area=areas["31.71.03.1001"],
        summary="Synthetic test case.",
        modus="migrant_worker",
        exploitation_forms=["forced_labour", "sexual"],
        victims=[
            PersonData(full_name="Melati Dewasaekspor", nik=ADULT_NIK, sex="F", estimated_age=30),
            PersonData(full_name=CHILD, nik=CHILD_NIK, sex="F", date_of_birth=date(2012, 5, 15)),
        ],
    )
    return case_open(case=case, actor=caseworker_a)


def _rows(response) -> list[dict]:
    """The file's rows keyed by machine name (the page writes headers in Indonesian)."""
    assert response.status_code == 200, response.content[:500]
    text = response.content.decode("utf-8-sig")
    columns = [*exports.CASE_COLUMNS, *exports.IDENTITY_COLUMNS, "breakdown", "code", "label"]
    names = dict(zip(exports.column_headers(columns, "id"), columns, strict=True))
    names[str(exports.column_headers(["cases"], "id")[0])] = "cases"
    return [{names[k]: v for k, v in row.items()} for row in csv.DictReader(io.StringIO(text))]


def _post(client, user, **data):
    """POST the export form; a queued job is run and its file downloaded (export_helpers)."""
    client.force_login(user)
    return post_and_download(client, CASE_URL, {"fmt": "csv", **data})


def test_case_manager_export_is_masked_even_when_asking_for_identities(
    client, caseworker_a, mixed_case
):
    response = _post(client, caseworker_a, include_identities="on", purpose=PURPOSE)
    (row,) = _rows(response)
    assert "victim_names" not in row and "victim_niks" not in row
    body = response.content.decode()
    assert "Dewasaekspor" not in body and "Rahasiaekspor" not in body and ADULT_NIK not in body
    assert row["case_number"] == mixed_case.number
    assert (row["victims"], row["child_victims"]) == ("2", "1")
    assert row["kecamatan"] == "Kemayoran" and row["kelurahan"] == "Kemayoran"
    assert row["reported_on"] == mixed_case.reported_on.isoformat()
    event = AuditEvent.objects.get(action="case.export", actor=caseworker_a)
    assert event.changes["identities"] is False and event.changes["rows"] == 1


def test_case_manager_does_not_get_the_identity_fields_on_the_form(client, caseworker_a, reference):
    client.force_login(caseworker_a)
    form = client.get(CASE_URL).context["form"]
    assert "include_identities" not in form.fields and "purpose" not in form.fields


def test_supervisor_exports_identities_with_a_purpose_children_stay_masked(
    client, supervisor_a, mixed_case
):
    # supervisor_a is on the handling team (UPT PPA), so the child is shown too; for a user
    # outside the team see the next test.
    response = _post(client, supervisor_a, include_identities="on", purpose=PURPOSE)
    (row,) = _rows(response)
    assert "Melati Dewasaekspor" in row["victim_names"] and ADULT_NIK in row["victim_niks"]
    assert CHILD in row["victim_names"]  # the handling case team may see the child
    event = AuditEvent.objects.get(action="case.export", actor=supervisor_a)
    assert event.changes["identities"] is True
    assert event.changes["purpose"] == PURPOSE
    assert event.changes["rows"] == 1
    assert "Dewasaekspor" not in str(event.changes) and ADULT_NIK not in str(event.changes)


def test_child_identity_is_masked_in_an_export_for_someone_outside_the_team(
    caseworker_b, mixed_case
):
    """A user outside the handling team (here by break-glass) who holds the permission gets
    the adult's identity and only the child's mask (identity_visible), never the child's NIK."""
    from django.contrib.auth.models import Permission

    from sigap.privacy.services import breakglass_open

    caseworker_b.user_permissions.add(Permission.objects.get(codename="export_identities"))
    caseworker_b = type(caseworker_b).objects.get(pk=caseworker_b.pk)  # fresh perm cache
    breakglass_open(
        user=caseworker_b, case_number=mixed_case.number, reason="Urgent safety check, synthetic."
    )
    content = run_case_export(caseworker_b, fmt="csv", identities=True, purpose=PURPOSE)
    text = content.decode("utf-8-sig")
    assert "Rahasiaekspor" not in text and CHILD_NIK not in text
    assert "A. R." in text
    assert "Melati Dewasaekspor" in text and ADULT_NIK in text


def test_identities_need_a_purpose(client, supervisor_a, mixed_case):
    response = _post(client, supervisor_a, include_identities="on", purpose="short")
    assert response.status_code == 200
    assert "purpose" in response.context["form"].errors
    assert not AuditEvent.objects.filter(action="case.export").exists()


def test_without_the_box_the_supervisor_export_is_masked(client, supervisor_a, mixed_case):
    (row,) = _rows(_post(client, supervisor_a))
    assert "victim_names" not in row


def test_export_follows_the_list_scope_and_filters(
    client, caseworker_b, caseworker_a, mixed_case, reporter_kemayoran, areas
):
    other = case_report(
        actor=reporter_kemayoran,
        intake_channel="kelurahan_report",
        report_area=areas["31.71.03.1001"],
        summary="Synthetic test case.",
    )
    assert _rows(_post(client, caseworker_b)) == []  # the outsider sees neither case
    numbers = [r["case_number"] for r in _rows(_post(client, caseworker_a, status="open"))]
    assert numbers == [mixed_case.number]
    all_rows = {r["case_number"]: r for r in _rows(_post(client, caseworker_a))}
    assert set(all_rows) == {mixed_case.number, other.number}


def test_status_only_rows_leave_the_case_details_empty(
    client, reporter_kemayoran, caseworker_a, mixed_case, areas
):
    own = case_report(
        actor=reporter_kemayoran,
        intake_channel="kelurahan_report",
        report_area=areas["31.71.03.1001"],
        summary="Synthetic test case.",
        modus="online_scam",
        exploitation_forms=["sexual"],
        victims=[PersonData(full_name="Kenanga Pelaporekspor", sex="F")],
    )
    (row,) = _rows(_post(client, reporter_kemayoran))
    assert row["case_number"] == own.number
    assert row["modus"] == row["exploitation_forms"] == row["victims"] == ""
    assert row["handling_agency"] == ""


def test_xlsx_export(client, caseworker_a, mixed_case):
    response = _post(client, caseworker_a, fmt="xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response.content[:2] == b"PK"  # a zip container
    # The page's file and its sheet are named in Indonesian (the API keeps "cases").
    assert 'filename="sigap-kasus-' in response["Content-Disposition"]
    assert load_workbook(io.BytesIO(response.content), read_only=True).active.title == "kasus"


def test_leadership_may_not_export_the_case_list(client, leadership_user, reference):
    client.force_login(leadership_user)
    assert client.get(CASE_URL).status_code == 403
    assert client.post(CASE_URL, {"fmt": "csv"}).status_code == 403


def test_leadership_aggregate_export_suppresses_small_counts(
    client, leadership_user, report_case, reporter_kemayoran, all_kecamatan
):
    for _ in range(6):
        report_case(reporter_kemayoran, "31.71.03.1001", forms=["forced_labour"])
    report_case(
        reporter_kemayoran, "31.71.01.1001", forms=["sexual"], victim="Melati Rahasiaagregat"
    )
    client.force_login(leadership_user)
    response = client.post(COUNTS_URL, {"fmt": "csv"})
    rows = _rows(response)
    # The page's file names each breakdown and month in Indonesian, never a machine key.
    names = {"Kecamatan": "kecamatan", "Bentuk eksploitasi": "exploitation_form", "Bulan": "month"}
    assert {r["breakdown"] for r in rows} == set(names)
    by = {(names[r["breakdown"]], r["code"]): r["cases"] for r in rows}
    today = timezone.localdate()
    month = today.strftime("%Y-%m")
    month_row = next(r for r in rows if r["code"] == month)
    assert month_row["label"] == f"{INDONESIAN_MONTHS[today.month - 1]} {today.year}"
    assert by[("month", month)] == "7"  # the months give every breakdown's total away
    # ... so 7 - 6 would tell the "<5" of Gambir: the 6 is hidden too, and both read "*".
    assert by[("kecamatan", "31.71.03")] == "*"
    assert by[("kecamatan", "31.71.01")] == "*"
    assert by[("kecamatan", "31.71.04")] == "0"
    assert by[("exploitation_form", "forced_labour")] == "*"
    assert by[("exploitation_form", "sexual")] == "*"
    for breakdown in ("kecamatan", "exploitation_form", "month"):
        hidden = [v for (b, _c), v in by.items() if b == breakdown and not v.isdigit()]
        assert len(hidden) != 1, breakdown  # one hidden count = the total minus the rest
    body = response.content.decode()
    assert "Rahasiaagregat" not in body and "TPPO-" not in body
    event = AuditEvent.objects.get(action="report.export", actor=leadership_user)
    assert event.changes["rows"] == len(rows)


def test_aggregate_export_needs_view_aggregates(client, health_provider, reference):
    client.force_login(health_provider)
    assert client.post(COUNTS_URL, {"fmt": "csv"}).status_code == 403


def test_aggregate_export_xlsx(leadership_user, reference):
    export = aggregate_export(user=leadership_user, fmt="xlsx")
    assert export.content[:2] == b"PK" and export.filename.endswith(".xlsx")
    assert export.filename.startswith("sigap-case-counts-")  # the API's machine name


def test_aggregate_export_page_file_and_sheet_are_named_in_indonesian(
    client, leadership_user, reference
):
    client.force_login(leadership_user)
    response = client.post(COUNTS_URL, {"fmt": "xlsx"})
    assert 'filename="sigap-jumlah-kasus-' in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    assert sheet.title == "jumlah-kasus"
    header = next(sheet.iter_rows(values_only=True))
    assert header == ("Rincian", "Kode", "Label", "Kasus")


def test_aggregate_export_names_breakdowns_in_the_header_language_and_keeps_codes_for_the_api(
    leadership_user, report_case, reporter_kemayoran, all_kecamatan
):
    report_case(reporter_kemayoran, "31.71.03.1001", forms=["forced_labour"])
    today = timezone.localdate()

    def rows_of(**kwargs):
        text = aggregate_export(user=leadership_user, fmt="csv", **kwargs).content
        return list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))[1:]

    english = rows_of(header_language="en")
    assert {r[0] for r in english} == {"Kecamatan", "Exploitation form", "Month"}
    month_row = next(r for r in english if r[1] == today.strftime("%Y-%m"))
    assert month_row[2] == today.strftime("%B %Y")  # e.g. "December 2026"
    api = rows_of()  # no language: the API's machine names and codes
    assert {r[0] for r in api} == {"kecamatan", "exploitation_form", "month"}
    assert today.strftime("%Y-%m") in {r[2] for r in api if r[0] == "month"}


@pytest.mark.parametrize(
    ("name", "value"), [("modus", "online_scam"), ("exploitation_form", "sexual")]
)
def test_content_filters_export_no_case_seen_by_status_only(
    client, reporter_kemayoran, areas, name, value
):
    """A reporter (status only) does not read a case's modus or form back from the rows of an
    export filtered on it: the filter answers only over cases seen in full (``in_full_view``),
    as the list page."""
    case_report(
        actor=reporter_kemayoran,
        intake_channel="kelurahan_report",
        report_area=areas["31.71.03.1001"],
        summary="Synthetic test case.",
        modus="online_scam",
        exploitation_forms=["sexual"],
    )
    assert len(_rows(_post(client, reporter_kemayoran))) == 1
    assert _rows(_post(client, reporter_kemayoran, **{name: value})) == []
