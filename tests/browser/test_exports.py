"""A case export as a supervisor does it in a browser (issue 12 §2, "Must show"): from the
case list to the export form, a CSV and an XLSX file written in the background while the job
page polls its progress, downloaded by the requester; the files hold one row per case the
supervisor may see, and text that looks like a formula stays text (read back with the csv
module and openpyxl). On PostgreSQL the CSV is written by COPY, on SQLite row by row: the
same test runs on both. axe-core on every page; screenshots under test-artifacts/."""

import csv
import io

import openpyxl
import pytest

from conftest import TEST_PASSWORD
from tests.browser.conftest import login

KEMAYORAN = "31.71.03.1001"
PLANTED = "+cmd|' /C calc'!A0"  # a kelurahan name written by an attacker with admin rights


@pytest.mark.django_db(transaction=True)
def test_export_csv_and_xlsx_from_the_case_list(
    new_page, checkpoint, supervisor_a, reporter_kemayoran, areas
):
    from sigap.areas.models import Area
    from sigap.cases.selectors import case_list
    from sigap.cases.tests.factories import report_case

    for _ in range(3):
        report_case(actor=reporter_kemayoran, areas=areas)
    Area.objects.filter(code=KEMAYORAN).update(name=PLANTED)
    visible = sorted(case_list(user=supervisor_a).values_list("number", flat=True))
    assert len(visible) >= 3

    page = new_page()
    login(page, supervisor_a.username, TEST_PASSWORD)
    page.goto(page.base_url + "/cases/")
    page.locator("p.export-link a").first.click()
    page.wait_for_url("**/export/cases/**")
    checkpoint(page, "export-form")
    form_url = page.url

    files = {}
    for fmt in ("csv", "xlsx"):
        page.goto(form_url)
        page.select_option("#id_fmt", fmt)
        page.click("#case-export-form button[type=submit]")
        page.wait_for_url("**/exports/*/")
        link = page.locator("#export-job a[href$='/download/']")
        link.wait_for()  # the page polls until the job is done
        assert "100%" in page.locator("#export-job").inner_text()
        checkpoint(page, f"export-done-{fmt}")
        with page.expect_download() as info:
            link.click()
        files[fmt] = info.value.path().read_bytes()

    rows = list(csv.DictReader(io.StringIO(files["csv"].decode("utf-8-sig"), newline="")))
    assert sorted(r["Nomor kasus"] for r in rows) == visible
    kelurahan = {r["Kelurahan"] for r in rows}
    assert kelurahan == {"'" + PLANTED}  # CSV: the apostrophe makes it text

    sheet = openpyxl.load_workbook(io.BytesIO(files["xlsx"])).active
    header = [c.value for c in sheet[1]]
    number_col, kel_col = header.index("Nomor kasus"), header.index("Kelurahan")
    data = list(sheet.iter_rows(min_row=2))
    assert sorted(r[number_col].value for r in data) == visible
    for r in data:  # XLSX: a string cell with the value unchanged, never a formula
        assert r[kel_col].value == PLANTED and r[kel_col].data_type == "s"
