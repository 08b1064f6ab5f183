"""Identifiers as records (issue 10 §3): normalisation, scope, audit."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from conftest import TEST_PASSWORD
from sigap.audit.models import AuditEvent
from sigap.people import identifiers
from sigap.people.models import Identifier, SharedIdentifier


def test_one_phone_written_two_ways_has_one_hash():
    a = identifiers.normalise("phone", "0810-2233-4455")
    b = identifiers.normalise("phone", "+62 810 2233 4455")
    assert a == b == "+6281022334455"
    assert identifiers.value_hash("phone", a) == identifiers.value_hash("phone", b)
    assert identifiers.value_hash("phone", a) != identifiers.value_hash("passport", a)


@pytest.mark.parametrize(
    ("kind", "value", "qualifier", "expected"),
    [
        ("bank_account", "123-456-7890", "014", "014:1234567890"),
        ("social_handle", "@Rekrut_Asia ", "Facebook", "facebook:rekrut_asia"),
        ("passport", "c 1234567", "", "C1234567"),
        ("vehicle", "B 1234 XYZ", "", "B1234XYZ"),
        ("organisation", "PT. Maju Jaya Abadi", "", "maju jaya abadi"),
    ],
)
def test_normalise(kind, value, qualifier, expected):
    assert identifiers.normalise(kind, value, qualifier) == expected


def test_bad_values_are_refused_in_indonesian():
    with pytest.raises(ValidationError) as exc:
        identifiers.normalise("phone", "abc")
    assert exc.value.message_dict["value"] == ["Nomor telepon ini tidak valid."]
    with pytest.raises(ValidationError):
        identifiers.normalise("bank_account", "1234567890", "")


@pytest.fixture
def suspect(open_case, caseworker_a):
    from sigap.cases.services import PersonData, participant_add

    return participant_add(
        case=open_case, actor=caseworker_a, role="suspect", data=PersonData("Perekrut Sintetis")
    )


def test_handling_team_adds_and_sees_an_identifier_with_audit(
    client, open_case, suspect, caseworker_a
):
    ident = identifiers.identifier_add(
        actor=caseworker_a,
        case=open_case,
        participant=suspect,
        kind="phone",
        value="0810-2233-4455",
    )
    assert Identifier.objects.get(pk=ident.pk).value == "0810-2233-4455"
    event = AuditEvent.objects.filter(action="identifier.add").latest("pk")
    assert event.changes == {"kind": "phone", "fields": ["value"], "of_person": True}
    assert client.login(username=caseworker_a.username, password=TEST_PASSWORD)
    page = client.get(reverse("people:identifier-list", args=[open_case.public_id]))
    assert page.status_code == 200
    assert "0810-2233-4455" in page.content.decode()
    assert AuditEvent.objects.filter(action="identifier.view", actor=caseworker_a).exists()


def test_outsider_gets_404_and_cannot_add(client, open_case, caseworker_b):
    with pytest.raises(PermissionDenied):
        identifiers.identifier_add(
            actor=caseworker_b, case=open_case, participant=None, kind="passport", value="C123456"
        )
    assert client.login(username=caseworker_b.username, password=TEST_PASSWORD)
    url = reverse("people:identifier-list", args=[open_case.public_id])
    assert client.get(url).status_code == 404


def test_only_analysts_mark_public(open_case, suspect, caseworker_a):
    ident = identifiers.identifier_add(
        actor=caseworker_a, case=open_case, participant=None, kind="phone", value="021-2922-2999"
    )
    with pytest.raises(PermissionDenied):
        identifiers.identifier_mark_public(actor=caseworker_a, identifier=ident)
    assert not SharedIdentifier.objects.exists()


def test_page_adds_through_the_form(client, open_case, suspect, caseworker_a):
    assert client.login(username=caseworker_a.username, password=TEST_PASSWORD)
    url = reverse("people:identifier-list", args=[open_case.public_id])
    bad = client.post(url, {"kind": "phone", "value": "abc", "participant": ""})
    assert bad.status_code == 200
    assert "Nomor telepon ini tidak valid." in bad.content.decode()
    ok = client.post(
        url, {"kind": "phone", "value": "+62 810 2233 4455", "participant": str(suspect.public_id)}
    )
    assert ok.status_code == 302
    assert Identifier.objects.get().participant == suspect


def test_api_adds_and_lists_identifiers_in_scope(
    client, open_case, suspect, caseworker_a, caseworker_b
):
    url = reverse("api:case-identifiers", args=[open_case.public_id])
    assert client.login(username=caseworker_a.username, password=TEST_PASSWORD)
    made = client.post(
        url,
        {"participant": str(suspect.public_id), "kind": "phone", "value": "0810-2233-4455"},
        content_type="application/json",
    )
    assert made.status_code == 201
    assert made.json()["participant"] == str(suspect.public_id)
    listed = client.get(url).json()
    assert [i["value"] for i in listed["identifiers"]] == ["0810-2233-4455"]
    assert listed["hidden"] == 0
    bad = client.post(url, {"kind": "phone", "value": "x"}, content_type="application/json")
    assert bad.status_code == 400
    assert client.login(username=caseworker_b.username, password=TEST_PASSWORD)
    assert client.get(url).status_code == 404
