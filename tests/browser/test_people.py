"""The duplicate check at intake in a real browser (issue 10 §1, "Must show"), in Indonesian.

An earlier case handled by UPT PPA has the victim "Siti Nurhaliza", born 04-03-2004, from a desa
in Kabupaten Sukabumi. The UPT PPA case manager reports a new case with the victim "Siti
Nurhalizah", same birth date and desa, no NIK: before anything is saved the form shows her as a
candidate with the reasons in words; the manager links the new report to her, and the database
keeps one person with two participations. Selectors use ids, names and values.
"""

import re
from datetime import date

import pytest

from conftest import TEST_PASSWORD
from tests.browser.conftest import login

DESA = "32.02.01.2001"  # a desa in Kabupaten Sukabumi (Kemendagri code)
SUKABUMI = [
    ("32", "provinsi", "Jawa Barat", None),
    ("32.02", "kabupaten", "Kabupaten Sukabumi", "32"),
    ("32.02.01", "kecamatan", "Palabuhanratu", "32.02"),
    (DESA, "desa", "Palabuhanratu", "32.02.01"),
]


@pytest.mark.django_db(transaction=True)
def test_new_intake_is_warned_and_linked_to_the_existing_victim(
    new_page, checkpoint, caseworker_a, areas
):
    from sigap.areas.models import Area, normalize_name
    from sigap.cases.models import Participant, Person
    from sigap.cases.services import PersonData, case_open, case_report

    for code, level, name, parent in SUKABUMI:
        Area.objects.create(
            code=code, level=level, name=name, name_key=normalize_name(name), parent_id=parent
        )
    earlier = case_report(
        actor=caseworker_a,
        intake_channel="walk_in",
        report_area=areas["31.71.03.1001"],
        summary="Kasus terdahulu (sintetis).",
        victims=[
            PersonData(
                "Siti Nurhaliza",
                sex="F",
                date_of_birth=date(2004, 3, 4),
                origin_area=Area.objects.get(code=DESA),
            )
        ],
    )
    case_open(case=earlier, actor=caseworker_a)
    siti = earlier.participants.get().person
    persons = Person.objects.count()

    page = new_page()
    login(page, caseworker_a.username, TEST_PASSWORD)
    page.goto(page.base_url + "/cases/new/")
    checkpoint(page, "intake-form-empty")
    page.select_option("#id_intake_channel", "walk_in")
    page.fill("#id_report_area", "31.71.03.1001")
    page.fill("#id_summary", "Korban datang sendiri ke UPT PPA (sintetis).")
    page.fill("#id_victims-0-full_name", "Siti Nurhalizah")
    page.select_option("#id_victims-0-sex", "F")
    page.fill("#id_victims-0-date_of_birth", "04-03-2004")
    page.fill("#id_victims-0-origin_area", DESA)
    page.locator("#id_victims-0-origin_area").dispatch_event("change")

    # Before saving: the candidate, her score and the reasons in Indonesian.
    choice = page.locator(f"#victims-0-dup input[type=radio][value='{siti.public_id}']")
    choice.wait_for()
    box = page.locator("#victims-0-dup")
    text = box.inner_text()
    assert "Siti Nurhaliza" in text
    assert "nama mirip: Nurhalizah ~ Nurhaliza" in text
    assert "tanggal lahir sama" in text
    assert "asal wilayah sama" in text
    assert Person.objects.count() == persons  # nothing saved yet
    checkpoint(page, "intake-duplicate-warning")

    choice.check()
    page.click("form.stacked > button[type=submit]")
    page.wait_for_url(re.compile(r"/cases/[0-9a-f-]{36}/$"))
    checkpoint(page, "case-linked")
    assert Person.objects.count() == persons
    assert Participant.objects.filter(person=siti).count() == 2
    assert "Siti Nurhaliza" in page.content()
