"""SIGAP's main job, end to end in a real browser (issue 2, "Must show"), in Indonesian.

An officer of Kelurahan Kemayoran reports three women held in a holding house (penampungan)
in Kemayoran, recruited via Facebook for restaurant jobs in Malaysia; the UPT PPA case manager
takes the case on, records identification ("Terindikasi TPPO"), refers one victim to Suku Dinas
Kesehatan and Suku Dinas Sosial; Suku Dinas Kesehatan accepts and completes its referral; the
case manager requests closure and a UPT PPA supervisor approves it (closing needs a
supervisor's approval since issue 4); the dashboard count for Kecamatan Kemayoran has gone up.

Every page visited is checked with axe-core and saved as a numbered screenshot under
test-artifacts/. Selectors use ids, names, values and form actions, never English wording.
"""

import re

import pytest
from django.utils import timezone

from conftest import TEST_PASSWORD
from tests.browser.conftest import dashboard_count, login

KECAMATAN_KEMAYORAN = "31.71.03"
KELURAHAN_KEMAYORAN = "31.71.03.1001"
DESA_HANUM = "33.01.01.2001"  # Kabupaten Cilacap, Jawa Tengah (outside Jakarta)

SUMMARY = (
    "Tiga perempuan ditampung di sebuah rumah penampungan di Kemayoran. Mereka direkrut "
    "lewat Facebook untuk bekerja di restoran di Malaysia, diberangkatkan dengan visa "
    "turis, dan biaya keberangkatan akan dipotong dari gaji mereka."
)
VICTIMS = [
    # full name (synthetic), date of birth as typed, origin area as typed (or None: autocomplete)
    ("Sri Lestari Sintetis", "17-08-2005", None),
    ("Dewi Anggraini Sintetis", "02-03-2001", DESA_HANUM),
    ("Rina Kartika Sintetis", "", DESA_HANUM),
]
UUID_RE = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


def _case_id(page) -> str:
    match = re.search(rf"/cases/({UUID_RE})/", page.url)
    assert match, f"not on a case page: {page.url}"
    return match.group(1)


def _pick_area(page, input_id: str, typed: str, code: str) -> None:
    """Type a name into an area picker, wait for the autocomplete's suggestion and pick it
    (the datalist option's value, the Kemendagri code, is what picking puts in the input)."""
    field = page.locator(f"#{input_id}")
    field.press_sequentially(typed, delay=30)
    option = page.locator(f"#{input_id}-options option[value='{code}']")
    option.wait_for(state="attached")
    assert typed.lower() in (option.inner_text() or option.get_attribute("label") or "").lower()
    field.fill(option.get_attribute("value"))
    assert field.input_value() == code


def _report_case(page, checkpoint) -> str:
    """The kelurahan officer fills the intake form; returns the new case's UUID."""
    page.goto(page.base_url + "/cases/new/")
    checkpoint(page, "intake-form-empty")
    # The reporting kelurahan is pre-filled from the officer's agency.
    assert KELURAHAN_KEMAYORAN in page.locator("#id_report_area").input_value()
    page.select_option("#id_intake_channel", "kelurahan_report")
    page.fill("#id_summary", SUMMARY)
    page.select_option("#id_modus", "migrant_worker")
    page.check("input[name=exploitation_forms][value=forced_labour]")
    page.select_option("#id_destination_country", "MY")
    page.select_option("#id_recruitment_channel", "facebook")

    for i, (name, dob, origin) in enumerate(VICTIMS):
        page.fill(f"#id_victims-{i}-full_name", name)
        page.select_option(f"#id_victims-{i}-sex", "F")
        if dob:
            page.fill(f"#id_victims-{i}-date_of_birth", dob)
        else:
            page.fill(f"#id_victims-{i}-estimated_age", "22")
        if origin is None:
            _pick_area(page, f"id_victims-{i}-origin_area", "Hanum", DESA_HANUM)
        else:
            page.fill(f"#id_victims-{i}-origin_area", origin)

    page.select_option("#id_journey-0-stage", "recruitment")
    page.fill("#id_journey-0-place_note", "Facebook")
    page.select_option("#id_journey-1-stage", "transit")
    page.fill("#id_journey-1-area", KELURAHAN_KEMAYORAN)
    page.fill("#id_journey-1-place_note", "rumah penampungan")
    checkpoint(page, "intake-form-filled", axe=False)

    page.click("form.stacked > button[type=submit]")
    page.wait_for_url(re.compile(rf"/cases/{UUID_RE}/$"))
    checkpoint(page, "case-reported")
    return _case_id(page)


@pytest.mark.django_db(transaction=True)
def test_kelurahan_report_to_closed_case(
    new_page,
    checkpoint,
    reported_case,  # an earlier case from Kemayoran, so the "before" count is not zero
    reporter_kemayoran,
    caseworker_a,
    supervisor_a,
    health_provider,
):
    from sigap.agencies.models import Agency
    from sigap.cases.models import Case
    from sigap.referrals.models import Referral

    # --- The UPT PPA case manager reads the dashboard before the report. -----------------
    manager = new_page()
    login(manager, caseworker_a.username, TEST_PASSWORD)
    assert manager.url.endswith("/dashboard/")
    checkpoint(manager, "manager-dashboard-before")
    before = dashboard_count(manager, KECAMATAN_KEMAYORAN)
    assert before == 1  # the earlier case; proves the number is read from the page

    # --- Kelurahan Kemayoran reports the case. --------------------------------------------
    reporter = new_page()
    login(reporter, reporter_kemayoran.username, TEST_PASSWORD)
    checkpoint(reporter, "reporter-dashboard")
    case_id = _report_case(reporter, checkpoint)
    case = Case.objects.get(public_id=case_id)
    assert case.status == "reported"
    assert case.reporting_agency.code == "kelurahan-31-71-03-1001"
    assert case.report_area_id == KELURAHAN_KEMAYORAN
    assert case.destination_country == "MY"
    assert case.recruitment_channel == "facebook"
    assert case.modus == "migrant_worker"
    assert list(case.exploitations.values_list("form", flat=True)) == ["forced_labour"]
    people = {
        p.person.full_name: p.person
        for p in case.participants.select_related("person").filter(role="victim")
    }
    assert set(people) == {name for name, _, _ in VICTIMS}
    assert {p.origin_area_id for p in people.values()} == {DESA_HANUM}
    # The reporter sees the status of the report, not the victims.
    assert VICTIMS[0][0] not in reporter.content()

    # --- The case manager finds the case in the list and takes it on. -------------------
    manager.goto(manager.base_url + "/cases/")
    checkpoint(manager, "case-list")
    manager.fill("#id_q", case.number)
    manager.click("form.filters button[type=submit]")
    manager.wait_for_url(re.compile(r"/cases/\?"))
    checkpoint(manager, "case-list-searched")
    manager.click(f"table.case-list a[href$='/cases/{case_id}/']")
    manager.wait_for_url(re.compile(rf"/cases/{case_id}/$"))
    checkpoint(manager, "case-before-take-on")
    manager.click(f"form[action$='/cases/{case_id}/open/'] button[type=submit]")
    manager.wait_for_url(re.compile(rf"/cases/{case_id}/$"))
    checkpoint(manager, "case-taken-on")
    case.refresh_from_db()
    assert case.status == "open"
    assert case.handling_agency.code == "upt-ppa-dki"

    # Date of birth typed as 17-08-2005: shown in Indonesian, ISO date in the API.
    victims_table = manager.locator("section[aria-labelledby=h-victims]")
    assert "17 Agustus 2005" in victims_table.inner_text()
    assert victims_table.locator("time[datetime='2005-08-17']").count() == 1
    api = manager.request.get(f"{manager.base_url}/api/v1/cases/{case_id}/")
    assert api.status == 200
    by_name = {v["full_name"]: v for v in api.json()["victims"]}
    assert by_name[VICTIMS[0][0]]["date_of_birth"] == "2005-08-17"
    assert by_name[VICTIMS[1][0]]["date_of_birth"] == "2001-03-02"

    # --- Identification: recruitment + harbouring; deception + debt bondage; forced labour.
    manager.click(f"a[href$='/cases/{case_id}/identification/']")
    manager.wait_for_url(re.compile(r"/identification/$"))
    for name, value in [
        ("process", "recruitment"),
        ("process", "harbouring"),
        ("means", "deception"),
        ("means", "debt_bondage"),
        ("purpose", "forced_labour"),
    ]:
        manager.check(f"input[name={name}][value={value}]")
    for box in manager.locator("input[name=victims]").all():
        assert box.is_checked()  # applies to all three victims by default
    checkpoint(manager, "identification-form")
    manager.click("form.stacked > button[type=submit]")
    manager.wait_for_url(re.compile(rf"/cases/{case_id}/$"))
    checkpoint(manager, "case-identified")
    badges = manager.locator("section[aria-labelledby=h-victims] .badge.indicated")
    assert badges.count() == 3
    assert all(text.strip() == "Terindikasi TPPO" for text in badges.all_inner_texts())

    # --- Refer the first victim to Sudin Kesehatan and Sudin Sosial. ---------------------
    victim = next(
        p for p in case.participants.select_related("person") if p.person.full_name == VICTIMS[0][0]
    )
    today = timezone.localdate()
    for service, agency_code, basis, label in [
        ("health_rehab", "sudin-kesehatan-jakpus", "victim_consent", "kesehatan"),
        ("shelter", "sudin-sosial-jakpus", "public_task", "sosial"),
    ]:
        manager.click(f"a[href$='/referrals/new/{case_id}/']")
        manager.wait_for_url(re.compile(rf"/referrals/new/{case_id}/$"))
        manager.check(f"input[name=victim][value='{victim.public_id}']")
        manager.select_option("#id_service", service)
        # htmx narrows the agency picker to the agencies offering the service (issue 13 §5).
        manager.locator(f"#picker-0 select[data-service='{service}']").wait_for()
        agency = Agency.objects.get(code=agency_code)
        manager.select_option("#id_to_agency", str(agency.public_id))
        manager.fill("#id_note", "Mohon ditindaklanjuti.")
        # The basis for sharing the victim's data (UU 27/2022 PDP).
        manager.check(f"input[name=sharing_basis][value={basis}]")
        if basis == "victim_consent":
            manager.fill("#id_consent_given_by", "korban")
            manager.fill("#id_consent_recorded_on", today.strftime("%d-%m-%Y"))
        else:
            manager.fill("#id_legal_reference", "UU 21/2007 Pasal 51")
        checkpoint(manager, f"referral-form-{label}")
        manager.click("form.stacked > button[type=submit]")
        manager.wait_for_url(re.compile(rf"/cases/{case_id}/$"))
    checkpoint(manager, "case-referred")
    referrals = {r.service.code: r for r in Referral.objects.filter(case=case)}
    assert set(referrals) == {"health_rehab", "shelter"}
    assert referrals["health_rehab"].to_agency.code == "sudin-kesehatan-jakpus"
    assert referrals["shelter"].to_agency.code == "sudin-sosial-jakpus"
    assert all(r.victim_id == victim.pk and r.status == "sent" for r in referrals.values())
    assert referrals["health_rehab"].sharing_basis == "victim_consent"
    assert referrals["health_rehab"].consent_recorded_on == today
    assert referrals["shelter"].sharing_basis == "public_task"
    referral_table = manager.locator("section[aria-labelledby=h-referrals] tbody")
    assert "Rehabilitasi kesehatan" in referral_table.inner_text()
    assert "Penampungan sementara" in referral_table.inner_text()

    # --- Suku Dinas Kesehatan sees the referral, accepts it and records the service. -----
    health = referrals["health_rehab"]
    provider = new_page()
    login(provider, health_provider.username, TEST_PASSWORD)
    checkpoint(provider, "provider-dashboard")
    provider.goto(provider.base_url + "/referrals/")
    checkpoint(provider, "provider-inbox")
    row = provider.locator("tbody tr", has=provider.locator(f"a[href$='/{health.public_id}/']"))
    assert row.count() == 1
    assert VICTIMS[0][0] in row.inner_text()
    assert case.number in row.inner_text()
    assert "Penampungan sementara" not in provider.content()  # Sudin Sosial's referral
    row.locator(f"a[href$='/referrals/{health.public_id}/']").click()
    provider.wait_for_url(re.compile(rf"/referrals/{health.public_id}/$"))
    checkpoint(provider, "provider-referral-sent")
    provider.click(f"form[action$='/referrals/{health.public_id}/accept/'] button")
    provider.wait_for_url(re.compile(rf"/referrals/{health.public_id}/$"))
    checkpoint(provider, "provider-referral-accepted")
    health.refresh_from_db()
    assert health.status == "accepted"
    provider.fill("#id_complete-delivered_on", today.strftime("%d-%m-%Y"))
    provider.fill(
        "#id_complete-description",
        "Pemeriksaan kesehatan umum dan konseling di Puskesmas Kemayoran.",
    )
    checkpoint(provider, "provider-complete-form", axe=False)
    provider.click(f"form[action$='/referrals/{health.public_id}/complete/'] button")
    provider.wait_for_url(re.compile(rf"/referrals/{health.public_id}/$"))
    checkpoint(provider, "provider-referral-completed")
    health.refresh_from_db()
    assert health.status == "completed"
    delivery = health.deliveries.get()
    assert delivery.delivered_on == today
    assert "Puskesmas Kemayoran" in delivery.description

    # --- The case manager closes the case; closing needs a supervisor's approval (issue 4).
    manager.goto(f"{manager.base_url}/cases/{case_id}/")
    checkpoint(manager, "case-before-close")
    manager.click(f"nav.actions a[href$='/{case_id}/close/']")
    manager.wait_for_url(re.compile(rf"/{case_id}/close/$"))
    manager.select_option("#id_reason", "services_completed")
    manager.fill("#id_note", "Layanan selesai; korban kembali ke daerah asal.")
    checkpoint(manager, "close-form")
    manager.click("form.stacked > button[type=submit]")
    manager.wait_for_url(re.compile(rf"/cases/{case_id}/$"))
    checkpoint(manager, "closure-requested")

    supervisor = new_page()
    login(supervisor, supervisor_a.username, TEST_PASSWORD)
    supervisor.goto(f"{supervisor.base_url}/cases/{case_id}/")
    checkpoint(supervisor, "supervisor-case-page")
    supervisor.click(f"a[href$='/{case_id}/close/decide/']")
    supervisor.wait_for_url(re.compile(r"/close/decide/$"))
    supervisor.check("input[name=decision][value=approve]")
    checkpoint(supervisor, "closure-decision-form")
    supervisor.click("form.stacked > button[type=submit]")
    supervisor.wait_for_url(re.compile(rf"/cases/{case_id}/$"))
    checkpoint(supervisor, "case-closed")
    case.refresh_from_db()
    assert case.status == "closed"
    assert case.closure_reason == "services_completed"
    # The shelter referral still open at closure was revoked with the case.
    referrals["shelter"].refresh_from_db()
    assert not referrals["shelter"].is_open

    # --- The dashboard count for Kecamatan Kemayoran went up (closed cases still count). -
    manager.goto(manager.base_url + "/dashboard/")
    checkpoint(manager, "manager-dashboard-after")
    assert dashboard_count(manager, KECAMATAN_KEMAYORAN) == before + 1
