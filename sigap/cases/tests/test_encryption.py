"""Identity fields encrypted at rest, keyed-hash search, key rotation, and masking of
children's identities on every surface (issue 3 §2 and §7)."""

from datetime import date
from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from sigap.agencies.models import Agency, Service
from sigap.cases.access import identity_visible
from sigap.cases.models import Person
from sigap.cases.selectors import case_list, person_find_by_nik
from sigap.cases.services import PersonData, case_open, participant_add
from sigap.cases.tests.factories import report_case
from sigap.referrals.services import referral_accept, referral_complete, referral_send

pytestmark = pytest.mark.django_db

NIK = "3171015505120003"  # synthetic
CHILD = PersonData(
    full_name="Anggrek Rahasiaanak",
    sex="F",
    date_of_birth=date(2012, 5, 15),  # 13 at exploitation in 2026
    nik=NIK,
    phone="081200000001",
    address="Jalan Sintetis Nomor 7",
)
ADULT = PersonData(full_name="Melati Rahasiadewasa", sex="F", date_of_birth=date(1995, 1, 2))
PLAINTEXTS = [CHILD.full_name, NIK, CHILD.phone, CHILD.address, "2012-05-15", "Rahasiaanak"]


def _raw_person_rows():
    """Every Person row as stored, read around the ORM (no decryption)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT full_name, nik, phone, address, date_of_birth, nik_hash, name_index "
            "FROM cases_person"
        )
        return cursor.fetchall()


def _refer(case, actor, victim, agency_code, service_code="health_rehab"):
    return referral_send(
        case=case,
        actor=actor,
        victim=victim,
        to_agency=Agency.objects.get(code=agency_code),
        service=Service.objects.get(code=service_code),
        note="Catatan sintetis untuk Anggrek Rahasiaanak.",
        sharing_basis="public_task",
        legal_reference="UU 21/2007 Pasal 51",
    )


@pytest.fixture
def child_case(reporter_kemayoran, caseworker_a, areas):
    """A case handled by UPT PPA with one child victim (NIK, phone, address) and one adult."""
    case = report_case(actor=reporter_kemayoran, areas=areas, victims=[CHILD, ADULT])
    return case_open(case=case, actor=caseworker_a)


def _victim(case, name):
    return next(p for p in case.participants.select_related("person") if p.person.full_name == name)


@pytest.fixture
def child(child_case):
    return _victim(child_case, CHILD.full_name)


@pytest.fixture
def adult(child_case):
    return _victim(child_case, ADULT.full_name)


# --- At rest ---------------------------------------------------------------------------------


def test_identity_is_never_stored_in_plaintext(child):
    rows = _raw_person_rows()
    assert len(rows) == 2
    blob = repr(rows)
    for plain in PLAINTEXTS:
        assert plain not in blob
    stored = next(r for r in rows if r[1])  # the row with a NIK
    assert all(value.startswith("gAAAAA") for value in stored[:5])  # Fernet tokens


def test_python_api_reads_and_writes_plaintext(child):
    person = Person.objects.get(pk=child.person_id)
    assert (person.full_name, person.nik, person.date_of_birth) == (
        CHILD.full_name,
        NIK,
        date(2012, 5, 15),
    )
    assert child.is_child is True  # the age rule still sees a real date


def test_hashes_are_derived_on_save(child):
    from sigap.core import crypto

    person = Person.objects.get(pk=child.person_id)
    assert person.nik_hash == crypto.nik_hash(NIK)
    assert f" {crypto.name_token_hash('anggrek')} " in person.name_index
    person.nik = ""
    person.save()
    person.refresh_from_db()
    assert person.nik_hash == ""


# --- Search ----------------------------------------------------------------------------------


def test_case_team_finds_case_by_exact_nik_and_name_words(child_case, caseworker_a):
    for term in (NIK, "rahasiaanak", "ANGGREK rahasiaanak", "Melati"):
        assert list(case_list(user=caseworker_a, search=term)) == [child_case], term
    for term in ("Rahasia", "anggrek melati-salah", NIK[:-1]):  # no substrings, all words
        assert list(case_list(user=caseworker_a, search=term)) == [], term


def test_search_is_no_oracle_for_others(child_case, caseworker_a, caseworker_b, health_provider):
    _refer(child_case, caseworker_a, _victim(child_case, ADULT.full_name), "sudin-kesehatan-jakpus")
    assert list(case_list(user=caseworker_b, search=NIK)) == []
    assert list(case_list(user=caseworker_b, search="Rahasiaanak")) == []
    # the provider sees the case (open referral) but cannot test a name or NIK against it
    assert list(case_list(user=health_provider)) == [child_case]
    assert list(case_list(user=health_provider, search=NIK)) == []
    assert list(case_list(user=health_provider, search="Rahasiadewasa")) == []


def test_person_find_by_nik_is_scoped_and_honours_child_rule(
    child, child_case, caseworker_a, caseworker_b, health_provider
):
    assert list(person_find_by_nik(user=caseworker_a, nik=NIK)) == [child.person]
    assert list(person_find_by_nik(user=caseworker_a, nik=f" {NIK[:8]} {NIK[8:]} ")) == [
        child.person
    ]
    assert not person_find_by_nik(user=caseworker_b, nik=NIK).exists()
    _refer(child_case, caseworker_a, child, "sudin-kesehatan-jakpus")
    assert not person_find_by_nik(user=health_provider, nik=NIK).exists()  # a child: masked
    assert not person_find_by_nik(user=caseworker_a, nik="123").exists()
    assert not person_find_by_nik(user=caseworker_a, nik="").exists()


def test_person_find_by_nik_finds_adult_for_provider_with_open_referral(
    child_case, adult, caseworker_a, health_provider
):
    participant_nik = "3171010101950002"
    Person.objects.filter(pk=adult.person_id).update(nik_hash="")  # start from nothing
    person = Person.objects.get(pk=adult.person_id)
    person.nik = participant_nik
    person.save()
    assert not person_find_by_nik(user=health_provider, nik=participant_nik).exists()
    referral = _refer(child_case, caseworker_a, adult, "sudin-kesehatan-jakpus")
    assert list(person_find_by_nik(user=health_provider, nik=participant_nik)) == [person]
    referral_accept(referral=referral, actor=health_provider)
    referral_complete(
        referral=referral,
        actor=health_provider,
        delivered_on=timezone.localdate(),
        description="Layanan sintetis.",
    )
    assert not person_find_by_nik(user=health_provider, nik=participant_nik).exists()


# --- Key rotation ----------------------------------------------------------------------------

KEY_A = Fernet.generate_key().decode()
KEY_B = Fernet.generate_key().decode()


def _rotate():
    out = StringIO()
    call_command("rotate_keys", "--batch-size", "1", stdout=out)
    return out.getvalue()


def test_rotate_keys_reencrypts_in_place_and_is_idempotent(reporter_kemayoran, caseworker_a, areas):
    from sigap.audit.models import AuditEvent

    with override_settings(SIGAP_FIELD_KEYS=[KEY_A]):
        case = report_case(actor=reporter_kemayoran, areas=areas, victims=[CHILD, ADULT])
        before = _raw_person_rows()
    with override_settings(SIGAP_FIELD_KEYS=[KEY_B, KEY_A]):
        output = _rotate()
        assert "cases.Person: 2 rows, 7 values re-encrypted, 0 hashes recomputed" in output
        after = _raw_person_rows()
        assert "0 values re-encrypted" in _rotate()  # second run: nothing left to do
        assert _raw_person_rows() == after
    assert after != before
    for plain in PLAINTEXTS:
        assert plain not in repr(after)
    with override_settings(SIGAP_FIELD_KEYS=[KEY_B]):  # the old key can go now
        names = sorted(p.full_name for p in Person.objects.all())
        assert names == sorted([CHILD.full_name, ADULT.full_name])
        assert Person.objects.get(nik_hash__gt="").date_of_birth == date(2012, 5, 15)
    assert AuditEvent.objects.filter(action="crypto.rotate_keys").count() == 2
    assert case.participants.count() == 2


def test_rotate_keys_recomputes_hashes_after_a_hash_key_change(child_case, caseworker_a):
    with override_settings(SIGAP_HASH_KEY="a-new-hash-key-for-this-test"):
        assert list(case_list(user=caseworker_a, search=NIK)) == []  # stale hashes
        output = _rotate()
        # the child's NIK and name, the adult's name (no NIK: its hash stays blank)
        assert "0 values re-encrypted, 3 hashes recomputed" in output
        assert list(case_list(user=caseworker_a, search=NIK)) == [child_case]
        assert list(case_list(user=caseworker_a, search="rahasiaanak")) == [child_case]


def test_rotate_keys_fails_clearly_when_the_old_key_was_dropped_too_early(
    reporter_kemayoran, areas
):
    from django.core.management.base import CommandError

    with override_settings(SIGAP_FIELD_KEYS=[KEY_A]):
        report_case(actor=reporter_kemayoran, areas=areas, victims=[CHILD])
    with override_settings(SIGAP_FIELD_KEYS=[KEY_B]), pytest.raises(CommandError) as excinfo:
        _rotate()
    assert CHILD.full_name not in str(excinfo.value)


# --- Children: identity only for the handling case team -------------------------------------


def test_identity_visible_matrix(
    child_case,
    child,
    adult,
    caseworker_a,
    supervisor_a,
    caseworker_b,
    health_provider,
    police_officer,
    secretariat_user,
    reporter_kemayoran,
):
    _refer(child_case, caseworker_a, child, "sudin-kesehatan-jakpus")
    _refer(child_case, caseworker_a, adult, "sudin-kesehatan-jakpus")
    _refer(child_case, caseworker_a, child, "polres-jakpus-ppa", "law_enforcement")
    child.refresh_from_db()
    adult.refresh_from_db()
    for user in (caseworker_a, supervisor_a):
        assert identity_visible(user, child) and identity_visible(user, adult)
    assert not identity_visible(health_provider, child)  # even with an open referral
    assert identity_visible(health_provider, adult)  # adult with an open referral
    assert not identity_visible(police_officer, child)
    assert not identity_visible(police_officer, adult)  # not referred to the police
    for user in (caseworker_b, secretariat_user, reporter_kemayoran):
        assert not identity_visible(user, child)
        assert not identity_visible(user, adult)


def test_unknown_age_is_treated_as_a_child(child_case, caseworker_a, health_provider):
    unknown = participant_add(
        case=child_case,
        actor=caseworker_a,
        role="victim",
        data=PersonData(full_name="Kamboja Tanpausia", sex="F"),
    )
    assert unknown.is_child is None
    _refer(child_case, caseworker_a, unknown, "sudin-kesehatan-jakpus")
    assert identity_visible(caseworker_a, unknown)
    assert not identity_visible(health_provider, unknown)


def _html(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_case_page_shows_child_to_handling_team(client, child_case, child, caseworker_a):
    _refer(child_case, caseworker_a, child, "sudin-kesehatan-jakpus")
    url = reverse("cases:case-detail", kwargs={"public_id": child_case.public_id})
    html = _html(client, caseworker_a, url)
    assert html.count(CHILD.full_name) >= 2  # victims table and referrals table
    assert ADULT.full_name in html
    assert "A. R." not in html


def test_case_page_provider_sees_adult_name_and_child_initials(
    client, child_case, child, adult, caseworker_a, health_provider
):
    _refer(child_case, caseworker_a, child, "sudin-kesehatan-jakpus")
    _refer(child_case, caseworker_a, adult, "sudin-kesehatan-jakpus")
    url = reverse("cases:case-detail", kwargs={"public_id": child_case.public_id})
    html = _html(client, health_provider, url)
    assert ADULT.full_name in html
    assert "Rahasiaanak" not in html
    assert "Anggrek" not in html
    assert "A. R." in html  # initials stand in for the child's name
    assert "15-05-2012" not in html and "2012-05-15" not in html


def test_referral_pages_mask_child_for_provider(
    client, child_case, child, caseworker_a, health_provider
):
    referral = _refer(child_case, caseworker_a, child, "sudin-kesehatan-jakpus")
    inbox = _html(client, health_provider, reverse("referrals:referral-inbox"))
    detail = _html(
        client,
        health_provider,
        reverse("referrals:referral-detail", kwargs={"public_id": referral.public_id}),
    )
    for html in (inbox, detail):
        assert "Rahasiaanak" not in html
        assert "A. R." in html
    team = _html(
        client,
        caseworker_a,
        reverse("referrals:referral-detail", kwargs={"public_id": referral.public_id}),
    )
    assert CHILD.full_name in team


def _api(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.json()


def test_api_masks_child_for_provider_not_for_case_team(
    client, child_case, child, adult, caseworker_a, health_provider
):
    referral = _refer(child_case, caseworker_a, child, "sudin-kesehatan-jakpus")
    _refer(child_case, caseworker_a, adult, "sudin-kesehatan-jakpus")
    url = f"/api/v1/cases/{child_case.public_id}/"
    provider_view = {v["public_id"]: v for v in _api(client, health_provider, url)["victims"]}
    masked = provider_view[str(child.public_id)]
    assert masked["identity_masked"] is True
    assert "Rahasiaanak" not in masked["full_name"]
    # Minimal fields for a receiving agency (issue 3 §1): age in years, never the date of birth.
    assert "date_of_birth" not in masked
    assert isinstance(masked["age"], int) and masked["is_child"] is True
    shown = provider_view[str(adult.public_id)]
    assert (shown["full_name"], shown["identity_masked"]) == (ADULT.full_name, False)
    team_view = {v["public_id"]: v for v in _api(client, caseworker_a, url)["victims"]}
    assert team_view[str(child.public_id)]["full_name"] == CHILD.full_name
    assert team_view[str(child.public_id)]["date_of_birth"] == "2012-05-15"
    ref_url = f"/api/v1/referrals/{referral.public_id}/"
    assert _api(client, health_provider, ref_url)["note"] == ""  # the note names the child
    assert "Rahasiaanak" in _api(client, caseworker_a, ref_url)["note"]
    listed = {
        r["public_id"]: r for r in _api(client, health_provider, "/api/v1/referrals/")["results"]
    }
    assert listed[str(referral.public_id)]["note"] == ""
