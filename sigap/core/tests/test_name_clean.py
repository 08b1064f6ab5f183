"""Issue 7, finding 10: one name normaliser on every personal name input and in the search hash.

Before the fix zero-width and right-to-left override characters were kept in names (on-screen
spoofing) and split a name into words that no search for the real name found.
"""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from sigap.cases.models import Person
from sigap.cases.selectors import case_list
from sigap.cases.services import participant_add
from sigap.cases.tests.factories import PersonDataFactory
from sigap.cases.tests.test_views import _intake_data
from sigap.core import crypto
from sigap.core.text import name_clean

ZWSP, RLO, PDF = "\u200b", "\u202e", "\u202c"  # zero-width space, RTL override, pop
LRI, PDI, BOM, SHY = "\u2066", "\u2069", "\ufeff", "\xad"  # isolate, pop isolate, BOM, soft hyphen
SPOOFED = f"  Si{ZWSP}ti{SHY} {RLO}Nur{PDF}\t{LRI}Aini{PDI}{BOM} "


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        (SPOOFED, "Siti Nur Aini"),
        ("\uff33\uff49\uff54\uff49", "Siti"),  # full-width letters (NFKC)
        ("Siti\u00a0\u00a0Aini", "Siti Aini"),  # no-break spaces collapse
        ("Siti\nAini\x00", "Siti Aini"),  # controls
        ("Zoë Ñañez", "Zoë Ñañez"),  # real letters are kept
        (f"{ZWSP}{RLO}", ""),
        (None, ""),
    ],
)
def test_name_clean(raw, clean):
    assert name_clean(raw) == clean


def test_search_tokens_ignore_invisible_characters():
    assert crypto.name_tokens(SPOOFED) == ["siti", "nur", "aini"]
    assert crypto.name_index(SPOOFED) == crypto.name_index("Siti Nur Aini")


@pytest.mark.django_db
def test_service_stores_the_clean_name_and_search_finds_it(open_case, caseworker_a):
    participant = participant_add(
        case=open_case,
        actor=caseworker_a,
        role="victim",
        data=PersonDataFactory(full_name=f"Kembang{ZWSP} {RLO}Sintetis"),
    )
    person = Person.objects.get(pk=participant.person_id)
    assert person.full_name == "Kembang Sintetis"
    assert open_case in list(case_list(user=caseworker_a, search="Kembang"))
    assert open_case in list(case_list(user=caseworker_a, search=f"Kem{ZWSP}bang"))


@pytest.mark.django_db
def test_form_cleans_the_name(client, reporter_kemayoran):
    client.force_login(reporter_kemayoran)
    data = _intake_data(**{"victims-0-full_name": f"Sin{ZWSP}tetis {RLO}Satu"})
    response = client.post(reverse("cases:case-create"), data)
    assert response.status_code == 302
    names = {p.full_name for p in Person.objects.all()}
    assert "Sintetis Satu" in names
    assert not any(ZWSP in n or RLO in n for n in names)


@pytest.mark.django_db
def test_form_refuses_a_name_made_only_of_invisible_characters(client, reporter_kemayoran):
    client.force_login(reporter_kemayoran)
    data = _intake_data(**{"victims-0-full_name": f"{ZWSP}{RLO}{ZWSP}"})
    response = client.post(reverse("cases:case-create"), data)
    assert response.status_code == 200
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_api_cleans_the_name(reporter_kemayoran):
    api = APIClient()
    api.force_authenticate(reporter_kemayoran)
    response = api.post(
        "/api/v1/cases/",
        {
            "intake_channel": "kelurahan_report",
            "report_area": "31.71.03.1001",
            "summary": "Laporan sintetis.",
            "victims": [{"full_name": f"Mawar{ZWSP} {RLO}Sintetis"}],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert Person.objects.get().full_name == "Mawar Sintetis"
