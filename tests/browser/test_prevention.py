"""Prevention in a real browser (issue 9, "Must show"), in Indonesian.

An anonymous citizen reports a holding house (penampungan) in Kemayoran with a photo (its GPS
location is removed) and gets a receipt code; the secretariat takes the report from the
triage queue and handles it as a case, the facts carried over; the citizen's status page shows
the progress and nothing else. A school counsellor records an outreach session; the
early-warning view ranks the kelurahan (Kebon Kosong, with rising reports and no outreach,
first).

Every page visited is checked with axe-core and saved as a numbered screenshot under
test-artifacts/. Selectors use ids, names, values and form actions, never English wording.
"""

import io
import re

import pytest
from django.utils import timezone

from conftest import TEST_PASSWORD
from tests.browser.conftest import login

KELURAHAN_KEMAYORAN = "31.71.03.1001"
NARRATIVE = (
    "Di gang belakang pasar Kemayoran ada rumah penampungan calon TKW. Sekitar sepuluh "
    "perempuan muda dikunci di dalam dan paspor mereka ditahan oleh sponsor."
)
PLACE = "Gang Rahasia Tujuh, RT 05/RW 03"


def _photo_with_gps() -> bytes:
    from PIL import Image

    img = Image.new("RGB", (64, 48), (120, 60, 30))
    exif = Image.Exif()
    exif[0x8825] = {1: "S", 2: (6.0, 9.0, 0.0), 3: "E", 4: (106.0, 51.0, 0.0)}
    out = io.BytesIO()
    img.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def _pick_area(page, input_id: str, typed: str, code: str) -> None:
    field = page.locator(f"#{input_id}")
    field.press_sequentially(typed, delay=30)
    option = page.locator(f"#{input_id}-options option[value='{code}']")
    option.wait_for(state="attached")
    field.fill(option.get_attribute("value"))
    assert field.input_value() == code


@pytest.fixture
def school(reference):
    from sigap.agencies.choices import AgencyKind
    from sigap.agencies.models import Agency

    return Agency.objects.create(
        code="smpn-kemayoran-10",
        name="SMP Negeri 10 Kemayoran",
        kind=AgencyKind.SCHOOL,
        area_id=KELURAHAN_KEMAYORAN,
    )


@pytest.mark.django_db(transaction=True)
def test_citizen_report_to_case_outreach_and_early_warning(
    new_page, checkpoint, secretariat_user, leadership_user, make_user, school, areas
):
    from sigap.agencies.choices import Role
    from sigap.prevention.models import CommunityReport, OutreachActivity, ReportAttachment
    from sigap.prevention.services import attachment_bytes, report_submit

    # Earlier reports from Kebon Kosong (rising, no outreach there): it should rank first.
    for _ in range(3):
        report_submit(
            channel="hotline",
            category="job_offer",
            what_happened="Tawaran kerja ke Kamboja lewat WhatsApp, biaya ditanggung.",
            area=areas["31.71.03.1002"],
        )

    # --- An anonymous citizen reports the holding house, with a photo. --------------------
    citizen = new_page()
    citizen.goto(citizen.base_url + "/lapor/")
    checkpoint(citizen, "public-form")
    citizen.check("input[name=category][value=holding_house]")
    citizen.fill("#id_what_happened", NARRATIVE)
    _pick_area(citizen, "id_area", "Kemayoran", KELURAHAN_KEMAYORAN)
    citizen.fill("#id_place_detail", PLACE)
    citizen.check("input[name=children_involved][value=unknown]")
    citizen.set_input_files(
        "#id_files",
        files=[{"name": "foto.jpg", "mimeType": "image/jpeg", "buffer": _photo_with_gps()}],
    )
    question = citizen.locator("label[for=id_challenge]").inner_text()
    a, b = (int(n) for n in re.findall(r"\d+", question)[:2])
    citizen.fill("#id_challenge", str(a + b))
    checkpoint(citizen, "public-form-filled", axe=False)
    citizen.wait_for_timeout(2100)  # people take longer than the form's minimum
    with citizen.expect_navigation():
        citizen.click("form.stack button[type=submit]")
    checkpoint(citizen, "receipt")
    code = citizen.locator("[data-testid=receipt-code]").inner_text().strip()
    assert re.fullmatch(r"LPR-[A-Z2-9]{4}-[A-Z2-9]{4}", code)
    assert code not in citizen.url
    report = CommunityReport.objects.get(receipt_code=code)
    assert report.area_id == KELURAHAN_KEMAYORAN and report.anonymous
    assert report.risk_level == "high"  # a holding house is triaged first
    stored = attachment_bytes(ReportAttachment.objects.get(report=report))
    from PIL import Image

    with Image.open(io.BytesIO(stored)) as img:
        assert not img.getexif().get(0x8825)  # the GPS location is gone

    citizen.goto(citizen.base_url + "/lapor/status/")
    citizen.fill("#id_code", code.lower())
    with citizen.expect_navigation():
        citizen.click("main form button[type=submit]")
    checkpoint(citizen, "status-received")
    first_status = citizen.locator("[data-testid=report-status]").inner_text()

    # --- The secretariat triages it and handles it as a case. -----------------------------
    officer = new_page()
    login(officer, secretariat_user.username, TEST_PASSWORD)
    officer.goto(officer.base_url + "/prevention/reports/")
    checkpoint(officer, "triage-queue")
    with officer.expect_navigation():
        officer.click(f"text={code}")
    checkpoint(officer, "report-detail")
    assert NARRATIVE[:40] in officer.content()
    with officer.expect_navigation():
        officer.click("form:has(input[name=action][value=assign_me]) button")
    checkpoint(officer, "report-taken")
    with officer.expect_navigation():
        officer.click("form:has(input[name=action][value=convert]) button")
    officer.wait_for_url(re.compile(r"/cases/[0-9a-f-]{36}/$"))
    checkpoint(officer, "case-from-report")
    report.refresh_from_db()
    assert report.status == "converted" and report.case is not None
    case = report.case
    assert case.report_area_id == KELURAHAN_KEMAYORAN
    assert NARRATIVE in case.summary and PLACE in case.summary  # carried over, no retyping

    # --- The citizen sees the progress, and nothing else. ---------------------------------
    citizen.goto(citizen.base_url + "/lapor/status/")
    citizen.fill("#id_code", code)
    with citizen.expect_navigation():
        citizen.click("main form button[type=submit]")
    checkpoint(citizen, "status-converted")
    now_status = citizen.locator("[data-testid=report-status]").inner_text()
    assert now_status != first_status
    assert now_status == "Ditangani sebagai kasus"
    main = citizen.locator("main").inner_text()
    for secret in (case.number, NARRATIVE[:30], PLACE, "Kemayoran", "penampungan"):
        assert secret.lower() not in main.lower(), secret

    # --- A school counsellor records an outreach session. ---------------------------------
    counsellor_user = make_user(Role.REPORTER, school.code, username="konselor")
    counsellor = new_page()
    login(counsellor, counsellor_user.username, TEST_PASSWORD)
    counsellor.goto(counsellor.base_url + "/prevention/outreach/new/")
    checkpoint(counsellor, "outreach-form")
    assert counsellor.locator("#id_organiser option").count() == 1  # own school only
    counsellor.select_option("#id_kind", "edukasi")
    counsellor.fill("#id_topic", "Kenali lowongan kerja palsu dan penampungan")
    counsellor.select_option("#id_place_kind", "school")
    _pick_area(counsellor, "id_area", "Kemayoran", KELURAHAN_KEMAYORAN)
    counsellor.fill("#id_place_name", "SMP Negeri 10 Kemayoran")
    counsellor.fill("#id_held_on", timezone.localdate().isoformat())
    counsellor.fill("#id_girls", "31")
    counsellor.fill("#id_boys", "29")
    counsellor.fill("#id_women", "2")
    counsellor.fill("#id_men", "1")
    counsellor.set_input_files(
        "#id_photos",
        files=[{"name": "kelas.jpg", "mimeType": "image/jpeg", "buffer": _photo_with_gps()}],
    )
    checkpoint(counsellor, "outreach-form-filled", axe=False)
    with counsellor.expect_navigation():
        counsellor.click("main form button[type=submit]")
    checkpoint(counsellor, "outreach-recorded")
    assert counsellor.locator("[data-testid=participants]").inner_text().startswith("63")
    activity = OutreachActivity.objects.get()
    assert activity.organiser == school and activity.photos.count() == 1
    counsellor.goto(counsellor.base_url + "/prevention/outreach/")
    checkpoint(counsellor, "outreach-list")

    # --- The early-warning view ranks the kelurahan. --------------------------------------
    leader = new_page()
    login(leader, leadership_user.username, TEST_PASSWORD)
    leader.goto(leader.base_url + "/prevention/early-warning/")
    checkpoint(leader, "early-warning")
    rows = leader.locator("[data-testid=ranked] tbody tr")
    names = [rows.nth(i).locator("th").inner_text().split(" (")[0] for i in range(rows.count())]
    assert names[:3] == ["Kebon Kosong", "Kemayoran", "Gambir"]
    first = rows.nth(0).locator("td").all_inner_texts()
    assert first[0] == "1" and first[2] == "3 / 0"  # rank; reports now / before
    kemayoran = rows.nth(1).locator("td").all_inner_texts()
    # cells: rank, kecamatan, reports now / before, high-risk, cases, sessions, last activity,
    # participants per 1,000, schools reached, score
    assert kemayoran[2] == "1 / 0" and kemayoran[3] == "1"  # one report, high risk
    assert kemayoran[4] == "<5"  # the case from the report: a small count is masked
    assert kemayoran[5] == "1" and kemayoran[6] != "—"  # one session, its date
    assert kemayoran[7] == "tidak diketahui"  # no population loaded
    assert kemayoran[8] == "1"  # one school reached
    chart = leader.locator("figure img")
    assert chart.get_attribute("src").startswith("data:image/svg+xml;base64,")
    assert chart.evaluate("img => img.naturalWidth") > 0  # the SVG renders
    assert case.number not in leader.content()
