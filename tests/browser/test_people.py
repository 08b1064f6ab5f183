"""The duplicate check at intake, merge and undo, and the review of a linkage suggestion in a
real browser (issue 10 §1, §2, §4, "Must show"), in Indonesian.

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
from sigap.people.tests.test_network import two_cases  # noqa: F401 (fixture)
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


NUR_VARIANTS = ["Nur", "Nurul", "Nuraini", "Nurhayati", "Nurlela", "Nur Aini", "Nuria", "Nurjanah"]
KELURAHAN = ["31.71.03.1001", "31.71.03.1002", "31.71.01.1001"]


@pytest.mark.django_db(transaction=True)
def test_three_hundred_nurs_give_at_most_ten_candidates_the_right_one_first(
    new_page, checkpoint, caseworker_a, areas
):
    """300 persons named Nur-something (generated: name variants, ages 12-40, both sexes,
    three kelurahan) and the right one, Nur, female, 17, from Kemayoran, an earlier victim of
    UPT PPA. An intake "Nur", female, 17, Kemayoran lists at most 10 candidates, her first."""
    import random

    from django.utils import timezone

    from sigap.cases.models import Person
    from sigap.cases.services import PersonData, case_open, case_report
    from sigap.people.keys import keys_refresh

    rng = random.Random(10)
    today = timezone.localdate()
    decoys = []
    while len(decoys) < 300:
        name = rng.choice(NUR_VARIANTS)
        age = rng.randint(12, 40)
        sex = rng.choice("FM")
        area = rng.choice(KELURAHAN)
        if name == "Nur" and sex == "F" and abs(age - 17) <= 2 and area == KELURAHAN[0]:
            continue  # only one person fits the intake: the right one
        decoys.append(
            Person(
                full_name=name,
                sex=sex,
                date_of_birth=date(today.year - age, rng.randint(1, 12), rng.randint(1, 28)),
                origin_area=areas[area],
            )
        )
    Person.objects.bulk_create(decoys)
    keys_refresh(list(Person.objects.all()))
    earlier = case_report(
        actor=caseworker_a,
        intake_channel="walk_in",
        report_area=areas["31.71.03.1001"],
        summary="Kasus terdahulu (sintetis).",
        victims=[
            PersonData(
                "Nur",
                sex="F",
                date_of_birth=date(today.year - 17, 2, 14),
                origin_area=areas[KELURAHAN[0]],
            )
        ],
    )
    case_open(case=earlier, actor=caseworker_a)
    nur = earlier.participants.get().person
    assert Person.objects.filter(pk__lt=nur.pk).count() == 300

    page = new_page()
    login(page, caseworker_a.username, TEST_PASSWORD)
    page.goto(page.base_url + "/cases/new/")
    page.select_option("#id_intake_channel", "walk_in")
    page.fill("#id_report_area", "31.71.03.1001")
    page.fill("#id_summary", "Korban datang sendiri ke UPT PPA (sintetis).")
    page.fill("#id_victims-0-full_name", "Nur")
    page.select_option("#id_victims-0-sex", "F")
    page.fill("#id_victims-0-estimated_age", "17")
    page.fill("#id_victims-0-origin_area", KELURAHAN[0])
    page.locator("#id_victims-0-origin_area").dispatch_event("change")

    page.locator(f"#victims-0-dup input[type=radio][value='{nur.public_id}']").wait_for()
    items = page.locator("#victims-0-dup ol.dup-candidates > li")
    assert 1 <= items.count() <= 10
    first = items.nth(0)
    assert first.locator(f"input[value='{nur.public_id}']").count() == 1
    assert "Kemayoran" in first.inner_text()
    checkpoint(page, "intake-nur-candidates")


@pytest.mark.django_db(transaction=True)
def test_ad_clusters_page_links_a_phone_to_the_cases_in_scope(
    new_page,
    checkpoint,
    police_officer,
    caseworker_a,
    two_cases,  # noqa: F811
):
    """The police pastes six ads: five from one template (one with the recruiter's phone of
    two cases, recorded on case 2 also as the case's own) and one unrelated. The page shows two
    clusters, the template with its slots, the phone linked to the case whose identifier they
    see and flagged for the records they may not see (the recruiters' own)."""
    from sigap.people import identifiers

    case1, case2 = two_cases
    identifiers.identifier_add(
        actor=caseworker_a, case=case2, participant=None, kind="phone", value="+6281022334455"
    )
    template = (
        "Lowongan kerja pabrik di Malaysia, gaji {pay} per bulan, berangkat gratis, "
        "mess dan makan ditanggung, hubungi {phone} atau DM @kerja_my segera kuota terbatas"
    )
    ads = [template.format(pay=f"Rp {5 + i} juta", phone=f"0812-{i:04d}-7788") for i in range(4)]
    ads.append(template.format(pay="Rp 9 juta", phone="0810-2233-4455"))
    ads.append("Dijual motor bekas mulus, pajak hidup, hubungi pemilik langsung sore hari")

    page = new_page()
    login(page, police_officer.username, TEST_PASSWORD)
    page.goto(page.base_url + "/analitik/iklan/")
    checkpoint(page, "ad-clusters-form")
    page.fill("#id_ads", "\n\n".join(ads))
    page.click("form.stacked > button[type=submit]")
    page.locator("#h-clusters").wait_for()
    assert page.locator("section.cluster").count() == 2
    first = page.locator("section.cluster").nth(0)
    assert "Klaster 1: 5 iklan" in first.inner_text()
    assert "{phone}" in first.locator("code.template").inner_text()
    row = first.locator("tr.slot-phone", has_text="+6281022334455")
    assert row.locator(f"a[href$='/cases/{case2.public_id}/']").count() == 1
    assert "ada di kasus lembaga lain" in row.inner_text()
    assert case1.number not in page.content()
    checkpoint(page, "ad-clusters-result")


@pytest.mark.django_db(transaction=True)
def test_two_records_of_one_woman_are_merged_then_the_merge_is_undone(
    new_page, checkpoint, caseworker_a, areas
):
    """Issue 10 §2 ("A merge is undone"): from the victim's case page the case manager opens
    the merge page, compares the likely duplicate side by side, merges with a reason, and
    undoes it from the merge's own page; the participations move and move back."""
    from sigap.cases.models import Participant
    from sigap.cases.services import PersonData, case_open, case_report
    from sigap.people.models import PersonMerge

    records = []
    for name in ("Siti Nurhaliza", "Siti Nurhalizah"):
        case = case_report(
            actor=caseworker_a,
            intake_channel="walk_in",
            report_area=areas["31.71.03.1001"],
            summary="Kasus sintetis untuk penggabungan.",
            victims=[PersonData(name, sex="F", date_of_birth=date(2004, 3, 4))],
        )
        case_open(case=case, actor=caseworker_a)
        records.append((case, case.participants.get().person))
    (first_case, kept), (_second_case, duplicate) = records

    page = new_page()
    login(page, caseworker_a.username, TEST_PASSWORD)
    page.goto(page.base_url + f"/cases/{first_case.public_id}/")
    with page.expect_navigation():
        page.click(f"a[href='/people/persons/{kept.public_id}/merge/']")
    checkpoint(page, "merge-pick")
    with page.expect_navigation():
        page.click(f"[data-testid=merge-candidates] a[href*='{duplicate.public_id}']")
    checkpoint(page, "merge-compare")
    assert "Siti Nurhalizah" in page.locator("[data-testid=that-name]").inner_text()
    page.check("input[name=survivor][value=this]")
    page.fill("#id_reason", "Nama, tanggal lahir dan kasusnya sama (sintetis).")
    with page.expect_navigation():
        page.click("[data-testid=merge-form] button[type=submit]")
    checkpoint(page, "merge-done")
    merge = PersonMerge.objects.get()
    assert merge.survivor == kept and merge.merged == duplicate
    assert Participant.objects.filter(person=kept).count() == 2

    page.fill("#id_reason", "Ternyata dua orang berbeda (sintetis).")
    with page.expect_navigation():
        page.click("[data-testid=undo-form] button[type=submit]")
    checkpoint(page, "merge-undone")
    merge.refresh_from_db()
    assert merge.undone_at is not None
    assert "Dibatalkan" in page.locator("[data-testid=merge-state]").inner_text()
    assert Participant.objects.filter(person=duplicate).count() == 1

    # Issue 10 §4: the batch linkage suggests the same pair again; the case manager reviews it
    # with the match weights and confirms it, and the page offers the merge as its own step.
    from sigap.people.models import LinkSuggestion

    with page.expect_navigation():
        page.click("#main-nav >> text=Pencocokan orang")
    with page.expect_navigation():
        page.click("[data-testid=link-run-form] button")
    row = page.locator("[data-testid=link-table] tbody tr").first
    assert "Siti Nurhalizah (04-03-2004)" in row.inner_text()
    assert "Siti Nurhaliza (04-03-2004)" in row.inner_text()
    with page.expect_navigation():
        row.locator("a").click()
    checkpoint(page, "link-review")
    assert "Nama" in page.locator("[data-testid=link-weights]").inner_text()
    with page.expect_navigation():
        page.click("[data-testid=link-decide] button[value=confirm]")
    assert LinkSuggestion.objects.get().status == "confirmed"
    assert "dikonfirmasi" in page.locator("[data-testid=link-status]").inner_text()
    assert page.locator("[data-testid=link-merge]").count() == 1
