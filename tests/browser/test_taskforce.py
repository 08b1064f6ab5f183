"""Task-force coordination end to end in a real browser (issue 11, "Must show"), in Indonesian.

The secretariat (Sudin PPAPP) schedules a rapat koordinasi, records the attendance of five
agencies and three action items for three agencies, and marks the meeting held; the focal
point of Sudin Kesehatan finds its item on "My work" and marks it done with evidence; the
secretariat schedules the next meeting, whose agenda lists the other two items carried over;
the notulen PDF of the demo meeting (the seed article's, 3 July 2024) says "Rabu, 3 Juli 2024".

Every page visited is checked with axe-core and saved as a numbered screenshot under
test-artifacts/. Selectors use ids, names, values and form actions, never English wording.
"""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from conftest import TEST_PASSWORD
from sigap.agencies.models import Agency
from sigap.taskforce.choices import ActionItemStatus
from sigap.taskforce.demo import SEED_MEETING_AT, taskforce_demo_load
from sigap.taskforce.models import ActionItem, CarriedItem, Indicator, Meeting, Programme
from tests.browser.conftest import login

ATTENDEES = [
    ("sudin-ppapp-jakpus", "Kepala Sudin PPAPP (sintetis)", "Kepala Suku Dinas"),
    ("sudin-kesehatan-jakpus", "dr. Sehat Sintetis", "Kepala Seksi"),
    ("polres-jakpus-ppa", "AKP Tegas Sintetis", "Kanit PPA"),
    ("sudin-pendidikan-1", "Guru Bijak Sintetis", "Kepala Seksi"),
    ("upt-ppa-dki", "Manajer Kasus Sintetis", "Manajer Kasus"),
]
ITEMS = [
    ("sudin-kesehatan-jakpus", "Skrining kesehatan calon pekerja migran di puskesmas"),
    ("polres-jakpus-ppa", "Patroli penampungan calon pekerja migran di Kemayoran"),
    ("sudin-pendidikan-1", "Sosialisasi pencegahan TPPO di SMA wilayah I"),
]


def _pk(code: str) -> str:
    return str(Agency.objects.get(code=code).pk)


def _ddmmyyyy(day) -> str:
    return day.strftime("%d-%m-%Y")


def _schedule(page, checkpoint, *, title: str, day, label: str) -> None:
    page.goto(page.base_url + "/taskforce/meetings/new/")
    checkpoint(page, f"{label}-form")
    page.select_option("#id_kind", "coordination")
    page.fill("#id_title", title)
    page.fill("#id_day", _ddmmyyyy(day))
    page.fill("#id_time", "09:00")
    page.fill("#id_place", "Ruang Rapat Sudin PPAPP")
    page.fill("#id_chair", "Wakil Wali Kota Administrasi Jakarta Pusat")
    page.fill("#id_agenda", "1. Pembukaan\n2. Tindak lanjut")
    with page.expect_navigation():
        page.click("form.stack button[type=submit]")
    assert "/taskforce/meetings/" in page.url and "/new/" not in page.url, page.url


@pytest.mark.django_db(transaction=True)
def test_secretariat_meeting_to_carried_items(
    new_page, checkpoint, secretariat_user, health_provider, reference
):
    taskforce_demo_load()  # the task force (focal points: these users) and the seed meeting
    today = timezone.localdate()
    sec = new_page()
    login(sec, secretariat_user.username, TEST_PASSWORD)
    sec.goto(sec.base_url + "/taskforce/")
    checkpoint(sec, "overview")
    assert sec.locator("[data-testid=aggregates]").count() == 1

    # 1. schedule a rapat koordinasi today
    _schedule(sec, checkpoint, title="Rapat koordinasi triwulan", day=today, label="meeting-1")
    meeting_url = sec.url
    checkpoint(sec, "meeting-1-detail")

    # 2. attendance of five agencies
    for code, name, position in ATTENDEES:
        sec.select_option("#id_agency", _pk(code))
        sec.fill("#id_person_name", name)
        sec.fill("#id_position", position)
        with sec.expect_navigation():
            sec.click("form[action$='/attendance/'] button[type=submit]")
    rows = sec.locator("[data-testid=attendance] tbody tr")
    assert rows.count() == 5
    assert "AKP Tegas Sintetis" in sec.locator("[data-testid=attendance]").inner_text()

    # 3. three action items for three agencies, due in 30 days
    for code, text in ITEMS:
        sec.select_option("#id_owner_agency", _pk(code))
        sec.fill("#id_description", text)
        sec.fill("#id_due_on", _ddmmyyyy(today + timedelta(days=10)))
        with sec.expect_navigation():
            sec.click("form[action$='/actions/'] button[type=submit]")
    checkpoint(sec, "meeting-1-recorded")
    first = Meeting.objects.get(title="Rapat koordinasi triwulan")
    assert first.action_items.count() == 3

    # 4. the meeting took place: mark it held, with minutes
    sec.goto(meeting_url + "edit/")
    checkpoint(sec, "meeting-1-edit")
    sec.select_option("#id_status", "held")
    sec.fill("#id_minutes", "Rapat membahas pengawasan dan deteksi dini.")
    with sec.expect_navigation():
        sec.click("form.stack button[type=submit]")
    first.refresh_from_db()
    assert first.status == "held"

    # 5. the focal point of Sudin Kesehatan finds the item on My work, marks it done
    health = new_page()
    login(health, health_provider.username, TEST_PASSWORD)
    health.goto(health.base_url + "/casework/my-work/")
    checkpoint(health, "health-my-work")
    links = health.locator("section:has(#h-tf-items) a[href*='/taskforce/actions/']")
    assert ITEMS[0][1] in health.locator("section:has(#h-tf-items)").inner_text()
    assert ITEMS[1][1] not in health.content()  # Polres's item is not theirs
    with health.expect_navigation():
        links.first.click()
    checkpoint(health, "health-item")
    health.fill("#id_evidence", "Skrining di Puskesmas Kemayoran, 40 calon pekerja migran.")
    with health.expect_navigation():
        health.click("form[enctype='multipart/form-data'] button[type=submit]")
    checkpoint(health, "health-item-done")
    assert "Puskesmas Kemayoran" in health.locator("[data-testid=evidence]").inner_text()
    done = ActionItem.objects.get(description=ITEMS[0][1])
    assert done.status == ActionItemStatus.DONE and done.done_by == health_provider

    # 6. the next meeting: the two open items are carried onto its agenda
    _schedule(
        sec,
        checkpoint,
        title="Rapat koordinasi lanjutan",
        day=today + timedelta(days=14),
        label="meeting-2",
    )
    checkpoint(sec, "meeting-2-agenda")
    agenda = sec.locator("section:has(#h-agenda)").inner_text()
    assert ITEMS[1][1] in agenda and ITEMS[2][1] in agenda
    assert ITEMS[0][1] not in agenda
    second = Meeting.objects.get(title="Rapat koordinasi lanjutan")
    carried = CarriedItem.objects.filter(meeting=second)
    from_first = set(
        carried.filter(action_item__meeting=first).values_list(
            "action_item__description", flat=True
        )
    )
    assert from_first == {ITEMS[1][1], ITEMS[2][1]}
    # the demo meeting's open items travel on too (carried via meeting 1, still open)
    assert (
        carried.exclude(action_item__meeting=first).count()
        == ActionItem.objects.filter(meeting__starts_at=SEED_MEETING_AT).count()
    )
    shown = sec.locator("[data-testid=carried-count]").inner_text().strip()
    assert shown == str(carried.count())

    # 7. the notulen of the demo meeting (the seed article's) says the date in full
    demo = Meeting.objects.get(starts_at=SEED_MEETING_AT)
    sec.goto(sec.base_url + f"/taskforce/meetings/{demo.public_id}/")
    checkpoint(sec, "demo-meeting")
    assert "Rabu, 3 Juli 2024" in sec.locator("[data-testid=when]").inner_text()
    href = sec.locator("a[href$='notulen.pdf']").get_attribute("href")
    response = sec.context.request.get(sec.base_url + href)
    assert response.ok and response.headers["content-type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages)
    assert "Rabu, 3 Juli 2024" in text
    assert "Ruang Serbaguna Utama" in text

    # 8. the action plan (RAD) of the demo: computed indicators say so
    sec.goto(sec.base_url + "/taskforce/rad/?year=2025")
    checkpoint(sec, "rad")
    assert sec.locator("[data-testid=computed]").count() == 3
    sec.click("a[href*='/taskforce/rad/indicators/']")
    sec.wait_for_load_state("load")
    checkpoint(sec, "rad-indicator")

    # 9. the secretariat authors the plan in the app: programme, activity, indicator
    year = today.year
    sec.goto(sec.base_url + "/taskforce/rad/")
    with sec.expect_navigation():
        sec.click("[data-testid=programme-create]")
    checkpoint(sec, "rad-programme-form")
    sec.select_option("#id_subgroup", index=1)
    sec.fill("#id_name", "Pemeriksaan kesehatan calon pekerja migran")
    sec.fill("#id_first_year", str(year))
    sec.fill("#id_last_year", str(year + 1))
    with sec.expect_navigation():
        sec.click("[data-testid=rad-form] button[type=submit]")
    programme = Programme.objects.get(name="Pemeriksaan kesehatan calon pekerja migran")
    section = sec.locator(f"#prog-{programme.public_id}")
    with sec.expect_navigation():
        section.locator("[data-testid=activity-create]").click()
    checkpoint(sec, "rad-activity-form")
    sec.fill("#id_name", "Skrining di puskesmas kecamatan")
    sec.select_option("#id_agency", _pk("sudin-kesehatan-jakpus"))
    with sec.expect_navigation():
        sec.click("[data-testid=rad-form] button[type=submit]")
    with sec.expect_navigation():
        sec.locator(f"#prog-{programme.public_id} [data-testid=indicator-create]").click()
    checkpoint(sec, "rad-indicator-form")
    sec.fill("#id_name", "Calon pekerja migran diskrining")
    sec.fill("#id_unit", "orang")
    sec.fill(f"#id_target_{year}", "120")
    with sec.expect_navigation():
        sec.click("[data-testid=rad-form] button[type=submit]")
    checkpoint(sec, "rad-authored")
    indicator = Indicator.objects.get(name="Calon pekerja migran diskrining")
    assert indicator.activity.agency.code == "sudin-kesehatan-jakpus"
    assert indicator.targets.get(year=year).target == 120

    # 10. the responsible agency's focal point records the quarter's realisation
    health.goto(health.base_url + f"/taskforce/rad/indicators/{indicator.public_id}/")
    checkpoint(health, "rad-realisation-form")
    health.fill("#id_year", str(year))
    health.select_option("#id_quarter", "1")
    health.fill("#id_value", "35")
    health.fill("#id_evidence", "Rekap skrining puskesmas triwulan I")
    with health.expect_navigation():
        health.click("form.stack button[type=submit]")
    checkpoint(health, "rad-realisation-saved")
    assert indicator.realisations.get(quarter=1).value == 35
