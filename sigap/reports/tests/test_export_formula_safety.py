"""Formula injection through a victim's name (issue 7 finding 3, issue 12 "Must show"): the
case export writes such names as text in CSV and XLSX; cells read back with csv and openpyxl."""

import csv
import io
from datetime import date

import openpyxl
import pytest

from sigap.cases.services import PersonData, case_open, case_report
from sigap.reports.tests.export_helpers import run_case_export

pytestmark = pytest.mark.django_db

NAMES = ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "@SUM(1)"]
PURPOSE = "Court request no. 12/2026 for the victims' list."


@pytest.fixture
def hostile_case(caseworker_a, areas):
    """One case whose three adult victims carry formula payloads as names (synthetic)."""
    case = case_report(
        actor=caseworker_a,
        intake_channel="kelurahan_report",
        report_area=areas["31.71.03.1001"],
        summary="Synthetic test case.",
        modus="migrant_worker",
        exploitation_forms=["forced_labour"],
        victims=[
            PersonData(full_name=name, sex="F", date_of_birth=date(1990, 1, 1)) for name in NAMES
        ],
    )
    return case_open(case=case, actor=caseworker_a)


def test_csv_export_writes_formula_names_as_text(supervisor_a, hostile_case):
    content = run_case_export(supervisor_a, fmt="csv", identities=True, purpose=PURPOSE)
    (row,) = csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline=""))
    names = row["victim_names"]
    assert all(name in names for name in NAMES)
    assert not names.startswith(("=", "+", "-", "@"))


def test_xlsx_export_writes_formula_names_as_text_cells(supervisor_a, hostile_case):
    content = run_case_export(supervisor_a, fmt="xlsx", identities=True, purpose=PURPOSE)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    header = [c.value for c in sheet[1]]
    cell = sheet.cell(row=2, column=header.index("victim_names") + 1)
    assert cell.data_type == "s"
    assert all(name in cell.value for name in NAMES)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_each_formula_name_alone_stays_text(fmt, supervisor_a, caseworker_a, areas):
    for name in NAMES:
        case = case_report(
            actor=caseworker_a,
            intake_channel="kelurahan_report",
            report_area=areas["31.71.03.1001"],
            summary="Synthetic test case.",
            modus="migrant_worker",
            exploitation_forms=["forced_labour"],
            victims=[PersonData(full_name=name, sex="F", date_of_birth=date(1990, 1, 1))],
        )
        case_open(case=case, actor=caseworker_a)
    content = run_case_export(supervisor_a, fmt=fmt, identities=True, purpose=PURPOSE)
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline="")))
        assert sorted(r["victim_names"] for r in rows) == sorted("'" + n for n in NAMES)
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        header = [c.value for c in sheet[1]]
        col = header.index("victim_names") + 1
        cells = [sheet.cell(row=r, column=col) for r in range(2, sheet.max_row + 1)]
        assert sorted(c.value for c in cells) == sorted(NAMES)
        assert {c.data_type for c in cells} == {"s"}
