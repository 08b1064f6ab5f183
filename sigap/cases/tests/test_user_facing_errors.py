"""Issue 2 "Must show": bad input gets a clear error *in Indonesian* and stores nothing, and a
date of birth typed as 17-08-2005 is the same date whatever the server's or browser's zone.

Unlike the other view tests, these assert on the Indonesian wording the user reads.
"""

from datetime import date, datetime

import pytest
from django.test import override_settings
from django.urls import reverse

from sigap.cases.models import Case, Person
from sigap.cases.tests.test_views import _intake_data
from sigap.core.dates import WIB

pytestmark = pytest.mark.django_db
CREATE_URL = reverse("cases:case-create")


def _post(client, **overrides):
    before = (Case.objects.count(), Person.objects.count())
    response = client.post(CREATE_URL, _intake_data(**overrides), HTTP_ACCEPT_LANGUAGE="id")
    assert response.status_code == 200
    assert (Case.objects.count(), Person.objects.count()) == before
    return response.content.decode()


@pytest.mark.parametrize(
    ("overrides", "indonesian"),
    [
        ({"victims-0-date_of_birth": "17-08-2999"}, "Tanggal ini tidak boleh di masa depan."),
        ({"report_area": "31.71.99.9999"}, "Kode wilayah 31.71.99.9999 tidak dikenal."),
        ({"summary": ""}, "wajib"),
        ({"victims-0-date_of_birth": "31-02-2005"}, "tanggal"),
    ],
    ids=["future-birth-date", "unknown-area", "empty-summary", "impossible-date"],
)
def test_bad_intake_input_is_explained_in_indonesian(
    client, reporter_kemayoran, overrides, indonesian
):
    client.force_login(reporter_kemayoran)
    html = _post(client, **overrides)
    assert "Belum ada data yang disimpan" in html  # "nothing has been saved yet"
    assert indonesian.lower() in html.lower()


def test_ten_megabyte_note_is_refused_in_indonesian(client, open_case, caseworker_a):
    client.force_login(caseworker_a)
    url = reverse("cases:note-create", kwargs={"public_id": open_case.public_id})
    response = client.post(url, {"body": "x" * (10 * 1024 * 1024)}, HTTP_ACCEPT_LANGUAGE="id")
    assert response.status_code == 200
    assert "paling banyak 20000 karakter" in response.content.decode()
    assert not open_case.notes.exists()


@pytest.mark.parametrize(
    "server_zone", ["Asia/Jakarta", "Asia/Jayapura", "America/Los_Angeles", "Pacific/Kiritimati"]
)
def test_birth_date_is_the_same_day_in_every_time_zone(
    client, reporter_kemayoran, caseworker_a, server_zone
):
    # The report date is the reporter's today: Jakarta Pusat is WIB whatever the server's zone
    # (at 10:00-17:00 UTC Kiritimati, UTC+14, is already on the next day).
    reported_on = datetime.now(WIB).date().strftime("%d-%m-%Y")
    with override_settings(TIME_ZONE=server_zone):
        client.force_login(reporter_kemayoran)
        response = client.post(CREATE_URL, _intake_data(reported_on=reported_on))
        assert response.status_code == 302
        case = Case.objects.get()
        person = next(
            p.person
            for p in case.participants.select_related("person")
            if p.person.full_name == "Sintetis Satu"
        )
        assert person.date_of_birth == date(2005, 8, 17)
        client.force_login(caseworker_a)
        page = client.get(
            reverse("cases:case-detail", kwargs={"public_id": case.public_id}),
            HTTP_ACCEPT_LANGUAGE="id",
        ).content.decode()
        assert "17 Agustus 2005" in page
        api = client.get(f"/api/v1/cases/{case.public_id}/").json()
        assert "2005-08-17" in [v.get("date_of_birth") for v in api["victims"]]


def test_referral_to_the_cases_own_agency_is_refused_in_indonesian(open_case, caseworker_a):
    from django.core.exceptions import ValidationError
    from django.utils.translation import override

    from sigap.agencies.models import Service
    from sigap.referrals.models import Referral
    from sigap.referrals.services import referral_send

    with override("id"), pytest.raises(ValidationError) as exc:
        referral_send(
            case=open_case,
            actor=caseworker_a,
            victim=open_case.participants.first(),
            to_agency=open_case.handling_agency,
            service=Service.objects.get(code="shelter"),
            sharing_basis="public_task",
            legal_reference="UU 21/2007 Pasal 51",
        )
    message = exc.value.message_dict["to_agency"][0]
    assert "instansi penangan" in message
    assert not Referral.objects.exists()
