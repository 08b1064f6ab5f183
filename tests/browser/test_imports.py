"""Bulk import in a real browser (issue 12 §7): a case manager uploads a register with one
bad row, maps nothing by hand (the Indonesian headers are recognised), sees the bad row named
by its row number and no import button; uploads the corrected file, imports it, and finds the
cases on the case list. Every page is checked with axe-core and saved under test-artifacts/."""

import re

import pytest

from conftest import TEST_PASSWORD
from tests.browser.conftest import login

HEADER = "Tanggal Lapor;Nama Korban;Jenis Kelamin;Umur;Kode Kelurahan;Keterangan\n"


def _register(path, *, bad: bool):
    rows = [
        "05-03-2025;Melati Imporsatu;P;19;31.71.03.1001;Ditampung di rumah kos.",
        "06-03-2025;Kenanga Impordua;P;23;31.71.03.1001;Dijanjikan kerja di luar negeri.",
        "07-03-2025;Anggrek Imporiga;P;17;{};Direkrut lewat media sosial.".format(
            "99.99.99.9999" if bad else "31.71.03.1001"
        ),
    ]
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")


def _upload_and_check(page, checkpoint, path, label):
    page.goto(page.base_url + "/impor/")
    checkpoint(page, f"{label}-list")
    page.set_input_files("#id_file", str(path))
    with page.expect_navigation():
        page.click("form.stacked button[type=submit]")
    checkpoint(page, f"{label}-mapping")
    assert page.locator("#id_victim_name").input_value() == "Nama Korban"
    with page.expect_navigation():
        page.click("form.stacked button[type=submit]")
    page.locator("#h-check").wait_for()
    checkpoint(page, f"{label}-checked")


@pytest.mark.django_db(transaction=True)
def test_import_a_register_with_a_bad_row_then_fixed(
    new_page, checkpoint, caseworker_a, areas, tmp_path
):
    from sigap.cases.models import Case

    bad, good = tmp_path / "register.csv", tmp_path / "register-perbaikan.csv"
    _register(bad, bad=True)
    _register(good, bad=False)
    page = new_page()
    login(page, caseworker_a.username, TEST_PASSWORD)

    _upload_and_check(page, checkpoint, bad, "bad")
    errors = page.locator("[data-testid=row-errors] tbody tr")
    assert errors.count() == 1
    assert errors.first.locator("td").first.inner_text().strip() == "4"  # header is row 1
    assert "kelurahan" in errors.first.inner_text().lower()
    assert page.locator("form[action$='/commit/']").count() == 0  # refused until fixed
    assert not Case.objects.exists()

    _upload_and_check(page, checkpoint, good, "good")
    assert page.locator("[data-testid=check-ok]").count() == 1
    with page.expect_navigation():
        page.click("form[action$='/commit/'] button")
    checkpoint(page, "imported")
    assert re.search(
        r"3 kasus diimpor",
        page.locator("[data-testid=import-status]").locator("..").locator("..").inner_text(),
    )
    assert Case.objects.filter(reporting_agency=caseworker_a.membership.agency).count() == 3
    page.click("text=Ke daftar kasus")
    page.wait_for_url(re.compile(r"/cases/$"))
    checkpoint(page, "case-list-after-import")
    assert page.locator("tbody tr").count() >= 3
