"""Issue 7, finding 8: one date rule in the user's time zone, with plausible lower bounds.

Before the fix "not in the future" used the server's date (a Jayapura user at 00:30 WIT was
told today is in the future) and 01-01-1900 was accepted as a birth date and as the date of an
LPSK application.
"""

from datetime import UTC, date, datetime
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from sigap.agencies.choices import AgencyKind, Role
from sigap.agencies.models import Agency
from sigap.areas.models import Area
from sigap.cases.models import Case
from sigap.cases.services import case_report
from sigap.cases.tests.factories import PersonDataFactory
from sigap.cases.tests.test_views import _intake_data
from sigap.core.dates import (
    RECORD_FLOOR,
    DateKind,
    date_problems,
    user_today,
    zone_for_area_code,
)

# 2026-03-09 15:30 UTC = 2026-03-09 22:30 WIB = 2026-03-10 00:30 WIT (Jayapura).
JAYAPURA_0030 = datetime(2026, 3, 9, 15, 30, tzinfo=UTC)
WIT_TODAY = date(2026, 3, 10)


@pytest.mark.parametrize(
    ("code", "zone"),
    [
        ("31.71", "Asia/Jakarta"),
        ("61", "Asia/Jakarta"),  # Kalimantan Barat: WIB
        ("51.71", "Asia/Makassar"),  # Bali: WITA
        ("73", "Asia/Makassar"),  # Sulawesi Selatan
        ("81.71", "Asia/Jayapura"),  # Maluku: WIT
        ("91.71", "Asia/Jayapura"),  # Kota Jayapura
        ("", "Asia/Jakarta"),  # no area: the default zone
    ],
)
def test_zone_follows_the_province(code, zone):
    assert str(zone_for_area_code(code)) == zone


def test_floors():
    today = date(2026, 3, 10)
    assert date_problems(date(1916, 3, 10), kind=DateKind.BIRTH, today=today) == []
    assert date_problems(date(1900, 1, 1), kind=DateKind.BIRTH, today=today)
    assert date_problems(RECORD_FLOOR, kind=DateKind.RECORD, today=today) == []
    assert date_problems(date(2007, 4, 18), kind=DateKind.RECORD, today=today)
    assert date_problems(date(2026, 3, 11), kind=DateKind.HISTORY, today=today)
    assert date_problems(None, kind=DateKind.BIRTH, today=today) == []


@pytest.fixture
def jayapura_reporter(make_user, areas):
    """A reporter at an agency in Kota Jayapura (Papua, WIT = UTC+9)."""
    Area.objects.create(code="91", level="provinsi", name="Papua", name_key="papua")
    Area.objects.create(
        code="91.71", level="kota", name="Kota Jayapura", name_key="kota jayapura", parent_id="91"
    )
    Agency.objects.create(
        code="kelurahan-jayapura",
        name="Kantor Kelurahan Sintetis Jayapura",
        kind=AgencyKind.KELURAHAN,
        area_id="91.71",
    )
    return make_user(Role.REPORTER, "kelurahan-jayapura", "lurah-jayapura")


@pytest.mark.django_db
def test_jayapura_user_at_0030_wit_may_enter_today_in_the_service(jayapura_reporter, areas):
    with mock.patch("django.utils.timezone.now", return_value=JAYAPURA_0030):
        assert user_today(jayapura_reporter) == WIT_TODAY
        case = case_report(
            actor=jayapura_reporter,
            intake_channel="kelurahan_report",
            reported_on=WIT_TODAY,
            report_area=areas["31.71.03.1001"],
            summary="Laporan sintetis.",
            victims=[PersonDataFactory()],
        )
    assert case.reported_on == WIT_TODAY


@pytest.mark.django_db
def test_jayapura_user_at_0030_wit_may_enter_today_in_the_form(client, jayapura_reporter):
    client.force_login(jayapura_reporter)
    data = _intake_data(reported_on=WIT_TODAY.strftime("%d-%m-%Y"))
    with mock.patch("django.utils.timezone.now", return_value=JAYAPURA_0030):
        response = client.post(reverse("cases:case-create"), data)
    assert response.status_code == 302, response.context["form"].errors
    assert Case.objects.get().reported_on == WIT_TODAY


@pytest.mark.django_db
def test_jakarta_user_at_the_same_moment_may_not_enter_the_wit_date(reporter_kemayoran, areas):
    with (
        mock.patch("django.utils.timezone.now", return_value=JAYAPURA_0030),
        pytest.raises(ValidationError) as excinfo,
    ):
        case_report(
            actor=reporter_kemayoran,
            intake_channel="kelurahan_report",
            reported_on=WIT_TODAY,
            report_area=areas["31.71.03.1001"],
            summary="Laporan sintetis.",
            victims=[PersonDataFactory()],
        )
    assert "reported_on" in excinfo.value.message_dict


@pytest.mark.django_db
def test_birth_date_of_1900_is_refused_by_the_form(client, reporter_kemayoran):
    client.force_login(reporter_kemayoran)
    data = _intake_data(**{"victims-0-date_of_birth": "01-01-1900"})
    response = client.post(reverse("cases:case-create"), data, HTTP_ACCEPT_LANGUAGE="id")
    assert response.status_code == 200
    assert "tidak masuk akal" in response.content.decode()
    assert not Case.objects.exists()


@pytest.mark.django_db
def test_birth_date_of_1900_is_refused_by_the_service(reporter_kemayoran, areas):
    with pytest.raises(ValidationError) as excinfo:
        case_report(
            actor=reporter_kemayoran,
            intake_channel="kelurahan_report",
            report_area=areas["31.71.03.1001"],
            summary="Laporan sintetis.",
            victims=[PersonDataFactory(date_of_birth=date(1900, 1, 1))],
        )
    assert "date_of_birth" in excinfo.value.message_dict
    assert not Case.objects.exists()


@pytest.mark.django_db
def test_birth_date_of_1900_is_refused_by_the_api(reporter_kemayoran):
    api = APIClient()
    api.force_authenticate(reporter_kemayoran)
    response = api.post(
        "/api/v1/cases/",
        {
            "intake_channel": "kelurahan_report",
            "report_area": "31.71.03.1001",
            "summary": "Laporan sintetis.",
            "victims": [{"full_name": "Sintetis Satu", "date_of_birth": "1900-01-01"}],
        },
        format="json",
    )
    assert response.status_code == 400, response.content
    assert not Case.objects.exists()


@pytest.mark.django_db
def test_lpsk_application_on_1900_is_refused(open_case, caseworker_a):
    from sigap.rights.models import LpskProtection
    from sigap.rights.services import protection_set

    victim = open_case.participants.order_by("id").first()
    with pytest.raises(ValidationError) as excinfo:
        protection_set(
            case=open_case, victim=victim, actor=caseworker_a, applied_on=date(1900, 1, 1)
        )
    assert "applied_on" in excinfo.value.message_dict
    assert not LpskProtection.objects.exists()


@pytest.mark.django_db
def test_lpsk_application_on_1900_is_refused_by_the_form(client, open_case, caseworker_a):
    from sigap.rights.models import LpskProtection

    victim = open_case.participants.order_by("id").first()
    client.force_login(caseworker_a)
    url = reverse(
        "rights:protection-edit",
        kwargs={"case_id": open_case.public_id, "victim_id": victim.public_id},
    )
    response = client.post(url, {"applied_on": "01-01-1900"}, HTTP_ACCEPT_LANGUAGE="id")
    assert response.status_code == 200
    assert "UU 21/2007" in response.content.decode()
    assert not LpskProtection.objects.exists()
