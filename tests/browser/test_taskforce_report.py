"""The task-force report as the leadership makes it (issue 11 §4): dashboard → report page →
year and format → background job with progress → download; each page passes axe."""

import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from conftest import TEST_PASSWORD
from tests.browser.conftest import login


@pytest.mark.django_db(transaction=True)
def test_leadership_downloads_the_annual_report(
    new_page, leadership_user, reported_case, checkpoint
):
    page = new_page()
    login(page, leadership_user.username, TEST_PASSWORD)
    checkpoint(page, "dashboard")
    page.click("text=Laporan gugus tugas (PDF atau Excel, per tahun atau triwulan)")
    checkpoint(page, "report-form")
    page.select_option("#id_year", str(reported_case.reported_on.year))
    page.select_option("#id_fmt", "pdf")
    with page.expect_navigation():
        page.click("#taskforce-report-form button[type=submit]")
    link = page.locator("#export-job a.btn", has_text="laporan-gugus-tugas-")
    link.wait_for()
    checkpoint(page, "report-ready")
    with page.expect_download() as info:
        link.click()
    content = open(info.value.path(), "rb").read()  # noqa: SIM115 (Playwright owns the file)
    text = PdfReader(io.BytesIO(content)).pages[0].extract_text()
    assert "Laporan Gugus Tugas PP-TPPO" in text
    assert f"Tahun {reported_case.reported_on.year}" in text
    with page.expect_navigation():
        page.click("text=Kembali ke laporan gugus tugas")
    # The list is read after the page has loaded (counting during the navigation was flaky in CI).
    expect(page.locator("#main li", has_text="(PDF)")).to_have_count(1)
    checkpoint(page, "report-list")
