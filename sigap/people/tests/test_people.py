"""Duplicate check at intake (issue 10 §1): keys, scoped candidates, API, forms."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import TEST_PASSWORD
from sigap.audit.models import AuditEvent
from sigap.cases.models import Case, Participant, Person
from sigap.cases.services import PersonData, case_open, case_report
from sigap.people.models import PersonKey
from sigap.people.selectors import MatchQuery, find_candidates

DOB = date(2004, 3, 4)
DESA = "33.01.01.2001"


def _report(actor, areas, victims):
    return case_report(
        actor=actor,
        intake_channel="walk_in",
        report_area=areas["31.71.03.1001"],
        summary="Sintetis.",
        victims=victims,
    )


@pytest.fixture
def siti(caseworker_a, areas):
    """A case handled by UPT PPA with the adult victim "Siti Nurhaliza", 04-03-2004."""
    case = _report(
        caseworker_a,
        areas,
        [PersonData("Siti Nurhaliza", sex="F", date_of_birth=DOB, origin_area=areas[DESA])],
    )
    case_open(case=case, actor=caseworker_a)
    return case.participants.get().person


def _query(**kw):
    base = {
        "full_name": "Siti Nurhalizah",
        "sex": "F",
        "date_of_birth": DOB,
        "origin_area_code": DESA,
    }
    return MatchQuery(**(base | kw))


def _login(client, user):
    assert client.login(username=user.username, password=TEST_PASSWORD)
    return client


def test_keys_are_written_with_the_person_and_removed_on_anonymisation(siti):
    from sigap.people.keys import hashed, keys_refresh

    expected = hashed(
        {
            "ty|siti|2004",
            "ty|nurhalisa|2004",
            "td|siti|0304",
            "td|nurhalisa|0304",
            "ta|siti|33.01",
            "ta|nurhalisa|33.01",
            "nn|nurhalisa siti",
            "nc|sitinurhalisa",
            "da|2004-03-04|33.01",
        }
    )
    assert sorted(PersonKey.objects.filter(person=siti).values_list("key", flat=True)) == expected

    Person.objects.filter(pk=siti.pk).update(full_name="[dianonimkan]")
    keys_refresh([Person.objects.get(pk=siti.pk)])
    assert not PersonKey.objects.filter(person=siti).exists()


def test_handling_caseworker_gets_siti_first_with_reasons(siti, caseworker_a):
    found = find_candidates(caseworker_a, _query())
    assert [c.person_public_id for c in found] == [siti.public_id]
    top = found[0]
    assert top.identity_shown
    assert top.full_name == "Siti Nurhaliza"
    assert top.score == 72
    assert top.reasons[:2] == ["nama mirip: Nurhalizah ~ Nurhaliza", "tanggal lahir sama"]
    assert top.cases[0].number.startswith("TPPO-3171-")


def test_other_agency_sees_only_a_notice(siti, caseworker_b):
    found = find_candidates(caseworker_b, _query())
    assert len(found) == 1
    c = found[0]
    assert not c.identity_shown
    assert c.person_public_id is None and c.full_name == "" and c.reasons == []
    assert c.notice == "Kemungkinan cocok di kasus lembaga lain; tanyakan sekretariat."


def test_same_nik_is_found_whatever_the_name(caseworker_a, areas):
    case = _report(caseworker_a, areas, [PersonData("Ani", nik="3201010101010001")])
    person = case.participants.get().person
    found = find_candidates(caseworker_a, MatchQuery(full_name="Budi", nik="3201010101010001"))
    assert found[0].person_public_id == person.public_id
    assert "NIK sama" in found[0].reasons


def test_no_membership_no_candidates(siti, django_user_model):
    user = django_user_model.objects.create_user("nomember", password=TEST_PASSWORD)
    assert find_candidates(user, _query()) == []


def test_three_hundred_nur_give_at_most_ten_with_the_right_one_first(caseworker_a, areas):
    """Persons named "Nur" of every age and sex; the intake "Nur", female, 17, from Gambir."""
    case = _report(caseworker_a, areas, [])
    case_open(case=case, actor=caseworker_a)
    from sigap.people.keys import keys_refresh

    def area(i, sex, age):
        # Nobody in the crowd is female, 15-19 and from Gambir: only the right one is.
        near = sex == "F" and 15 <= age <= 19
        return areas["31.71.03.1001" if near or i % 3 else "31.71.01.1001"]

    crowd = []
    for i in range(300):
        sex, age = ("F" if i % 2 else "M"), 10 + i % 40
        crowd.append(
            Person(full_name="Nur", sex=sex, estimated_age=age, origin_area=area(i, sex, age))
        )
    right = Person(full_name="Nur", sex="F", estimated_age=17, origin_area=areas["31.71.01.1001"])
    Person.objects.bulk_create([*crowd, right])
    people = list(Person.objects.filter(participations__isnull=True))
    keys_refresh(people)
    Participant.objects.bulk_create(Participant(case=case, person=p, role="victim") for p in people)
    right = Person.objects.get(public_id=right.public_id)
    found = find_candidates(
        caseworker_a,
        MatchQuery(full_name="Nur", sex="F", estimated_age=17, origin_area_code="31.71.01.1001"),
    )
    assert 1 <= len(found) <= 10
    assert found[0].person_public_id == right.public_id
    assert [c.rank for c in found] == list(range(1, len(found) + 1))


def test_api_returns_ranked_candidates_and_audits(client, siti, caseworker_a):
    _login(client, caseworker_a)
    before = AuditEvent.objects.filter(action="person.match").count()
    response = client.post(
        reverse("api:person-match"),
        {"full_name": "Siti Nurhalizah", "sex": "F", "date_of_birth": "2004-03-04"},
        content_type="application/json",
    )
    assert response.status_code == 200
    body = response.json()["candidates"]
    assert body[0]["person_public_id"] == str(siti.public_id)
    assert body[0]["reason_codes"][0]["code"] == "name_similar"
    event = AuditEvent.objects.filter(action="person.match").latest("pk")
    assert AuditEvent.objects.filter(action="person.match").count() == before + 1
    assert event.changes["identities_shown"] == 1
    assert "Siti" not in str(event.changes)
    assert AuditEvent.objects.filter(action="case.view", actor=caseworker_a).exists()


def test_api_refuses_police_and_bad_input(client, siti, police_officer, caseworker_a):
    _login(client, police_officer)
    url = reverse("api:person-match")
    assert (
        client.post(url, {"full_name": "Siti"}, content_type="application/json").status_code == 403
    )
    _login(client, caseworker_a)
    bad = client.post(url, {"full_name": "", "nik": "12"}, content_type="application/json")
    assert bad.status_code == 400


def test_other_agency_api_answer_has_no_identity(client, siti, caseworker_b):
    _login(client, caseworker_b)
    response = client.post(
        reverse("api:person-match"),
        {"full_name": "Siti Nurhalizah", "date_of_birth": "2004-03-04"},
        content_type="application/json",
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "Nurhaliza" not in text.replace("Nurhalizah", "")
    assert str(siti.public_id) not in text


def test_htmx_check_shows_candidates_for_a_row(client, siti, caseworker_a):
    _login(client, caseworker_a)
    response = client.post(
        reverse("people:person-check"),
        {
            "row": "victims-0",
            "victims-0-full_name": "Siti Nurhalizah",
            "victims-0-date_of_birth": "04-03-2004",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Siti Nurhaliza" in html
    assert f'name="victims-0-match_decision" value="{siti.public_id}"' in html
    assert 'value="new"' in html


def _intake(areas, **extra):
    data = {
        "intake_channel": "walk_in",
        "reported_on": timezone.localdate().strftime("%d-%m-%Y"),
        "report_area": "31.71.03.1001",
        "summary": "Sintetis.",
        "victims-TOTAL_FORMS": "1",
        "victims-INITIAL_FORMS": "0",
        "victims-MIN_NUM_FORMS": "0",
        "victims-MAX_NUM_FORMS": "1000",
        "victims-0-full_name": "Siti Nurhalizah",
        "victims-0-sex": "F",
        "victims-0-date_of_birth": "04-03-2004",
        "victims-0-origin_area": DESA,
        "journey-TOTAL_FORMS": "0",
        "journey-INITIAL_FORMS": "0",
        "journey-MIN_NUM_FORMS": "0",
        "journey-MAX_NUM_FORMS": "1000",
    }
    return data | extra


def test_intake_warns_before_save_then_links_to_the_existing_person(
    client, siti, caseworker_a, areas
):
    _login(client, caseworker_a)
    url = reverse("cases:case-create")
    cases, persons = Case.objects.count(), Person.objects.count()
    first = client.post(url, _intake(areas))
    assert first.status_code == 200
    assert "Siti Nurhaliza" in first.content.decode()
    assert Case.objects.count() == cases
    linked = client.post(url, _intake(areas, **{"victims-0-match_decision": str(siti.public_id)}))
    assert linked.status_code == 302
    assert Person.objects.count() == persons
    assert Participant.objects.filter(person=siti).count() == 2
    new = client.post(url, _intake(areas, **{"victims-0-match_decision": "new"}))
    assert new.status_code == 302
    assert Person.objects.count() == persons + 1


def test_intake_cannot_link_to_a_person_out_of_scope(client, siti, caseworker_b, areas):
    _login(client, caseworker_b)
    response = client.post(
        reverse("cases:case-create"),
        _intake(areas, **{"victims-0-match_decision": str(siti.public_id)}),
    )
    assert response.status_code == 200
    assert Participant.objects.filter(person=siti).count() == 1


def test_case_api_links_a_victim_to_an_existing_person(client, siti, caseworker_a, caseworker_b):
    body = {
        "intake_channel": "walk_in",
        "report_area": "31.71.03.1001",
        "summary": "Sintetis.",
        "victims": [{"full_name": "Siti Nurhalizah", "existing_person": str(siti.public_id)}],
    }
    _login(client, caseworker_b)
    refused = client.post(reverse("api:case-list"), body, content_type="application/json")
    assert refused.status_code == 400
    assert Participant.objects.filter(person=siti).count() == 1
    _login(client, caseworker_a)
    made = client.post(reverse("api:case-list"), body, content_type="application/json")
    assert made.status_code == 201
    assert Participant.objects.filter(person=siti).count() == 2


def test_bulk_seeding_fills_the_keys_of_every_copied_person(reference, tmp_path):
    from io import StringIO

    from django.core.management import call_command

    from sigap.cases.demo import demo_users_create
    from sigap.people.keys import person_keys

    demo_users_create(logins_file=tmp_path / "demo-logins.txt")
    call_command("seed_demo", cases=6, templates=2, seed=42, force=True, stdout=StringIO())
    persons = list(Person.objects.all())
    assert len(persons) > 2
    for person in persons:  # keys of the copy's own (new) name, not its template's
        stored = sorted(PersonKey.objects.filter(person=person).values_list("key", flat=True))
        assert stored == person_keys(person)
        assert stored
