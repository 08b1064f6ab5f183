"""The chart dashboard in a real browser (issue 12 §4): leadership and the secretariat open the
charts from the dashboard; every chart is an SVG image that the browser draws under the
page's Content-Security-Policy (no script, no CDN) and is followed by its table; the kecamatan
filter narrows the numbers. Every page is checked with axe-core and saved as a screenshot
under test-artifacts/.
"""

import pytest

from conftest import TEST_PASSWORD
from tests.browser.conftest import login

CHART_COUNT = 20  # 16 of issue 12 §4 and 4 of the modus facts (issue 13 §4)


@pytest.fixture
def three_cases(reporter_kemayoran, reporter_gambir, areas):
    from sigap.cases.services import PersonData, case_report
    from sigap.reports.selectors import local_today

    def report(actor, code, day, sexes):
        return case_report(
            actor=actor,
            intake_channel="kelurahan_report",
            report_area=areas[code],
            summary="Synthetic browser case.",
            reported_on=day,
            modus="migrant_worker",
            exploitation_forms=["forced_labour"],
            destination_country="MY",
            victims=[PersonData(full_name=f"Korban {s}", sex=s) for s in sexes],
        )

    today = local_today()
    return [
        report(reporter_kemayoran, "31.71.03.1001", today.replace(day=1), ["F", "M"]),
        report(reporter_kemayoran, "31.71.03.1002", today.replace(day=1), ["F"]),
        report(reporter_gambir, "31.71.01.1001", today.replace(day=1), ["F"]),
    ]


def _charts_drawn(page) -> int:
    """How many chart images the browser decoded and drew (width > 0)."""
    return page.evaluate(
        "Array.from(document.querySelectorAll('img.chart-img'))"
        ".filter(i => i.complete && i.naturalWidth > 0).length"
    )


def _cell(page, table: str, label: str) -> str:
    return page.locator(f"#table-{table} tr:has(th:text-is('{label}')) td").first.inner_text()


@pytest.mark.django_db(transaction=True)
def test_leadership_and_secretariat_see_the_charts(
    new_page, checkpoint, three_cases, leadership_user, secretariat_user
):
    page = new_page()
    login(page, leadership_user.username, TEST_PASSWORD)
    page.goto(page.base_url + "/dashboard/")
    checkpoint(page, "leadership-dashboard")
    with page.expect_navigation():
        page.click("#charts-link")
    checkpoint(page, "leadership-charts")
    assert page.locator("h1").inner_text() == "Grafik: menuju nol kasus"
    assert page.locator("section.chart").count() == CHART_COUNT
    assert page.locator("table.stat-table").count() == CHART_COUNT
    # Charts with a count are drawn; a chart of only zeros (no verdicts yet in three new
    # cases) says so in words instead of an empty 0-1 axis.
    drawn = page.locator("img.chart-img").count()
    assert _charts_drawn(page) == drawn >= 10
    assert page.locator("#chart-kecamatan img.chart-img").count() == 1
    undrawn = page.locator("section.chart:not(:has(img.chart-img))")
    for i in range(undrawn.count()):
        text = undrawn.nth(i).inner_text()
        assert "semua hitungan pada periode ini 0" in text or "Tidak ada data" in text, text
    assert _cell(page, "kecamatan", "Kemayoran") == "2"
    assert _cell(page, "kecamatan", "Gambir") == "1"
    assert _cell(page, "sex", "Perempuan") == "3"
    assert _cell(page, "sex", "Laki-laki") == "1"

    page.select_option("#id_kecamatan", "31.71.01")
    with page.expect_navigation():
        page.click("#chart-filters button[type=submit]")
    checkpoint(page, "leadership-charts-gambir")
    assert "kecamatan=31.71.01" in page.url
    assert _cell(page, "kecamatan", "Gambir") == "1"
    assert page.locator("#table-kecamatan tbody tr").count() == 1

    other = new_page()
    login(other, secretariat_user.username, TEST_PASSWORD)
    other.goto(other.base_url + "/dashboard/charts/")
    checkpoint(other, "secretariat-charts")
    assert _charts_drawn(other) == drawn  # city-wide, the same charts as leadership's
    assert _cell(other, "kecamatan", "Kemayoran") == "2"  # city-wide, as for leadership
