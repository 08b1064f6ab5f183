"""The case list page: scoping, filters, pagination and a bounded number of queries."""

import re
from datetime import date

import pytest
from django.urls import reverse

from sigap.agencies.models import Agency, Service
from sigap.areas.models import Area, normalize_name
from sigap.cases.services import case_open, case_report
from sigap.referrals.services import referral_send

pytestmark = pytest.mark.django_db

URL = reverse("cases:case-list")


def _report(actor, area, *, forms=("forced_labour",), modus="migrant_worker", reported_on=None):
    return case_report(
        actor=actor,
        intake_channel="kelurahan_report",
        report_area=area,
        summary="Synthetic test case.",
        reported_on=reported_on,
        modus=modus,
        exploitation_forms=list(forms),
    )


def _numbers(response):
    return [case.number for case in response.context["cases"]]


def test_case_list_requires_login(client, reference):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_role_without_view_case_is_refused(client, leadership_user):
    client.force_login(leadership_user)
    assert client.get(URL).status_code == 403


def test_case_manager_sees_handled_case_with_its_columns(client, caseworker_a, open_case):
    client.force_login(caseworker_a)
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert _numbers(response) == [open_case.number]
    detail = reverse("cases:case-detail", kwargs={"public_id": open_case.public_id})
    assert f'href="{detail}"' in html
    assert "Kemayoran / Kemayoran" in html  # kecamatan / kelurahan of report
    assert str(open_case.handling_agency) in html


def test_outsider_sees_nothing_of_agency_a(client, caseworker_b, open_case, reporter_kemayoran):
    _report(reporter_kemayoran, open_case.report_area)  # a second, unhandled case
    open_case.refresh_from_db()
    client.force_login(caseworker_b)
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 0
    assert "TPPO-" not in html
    assert str(open_case.public_id) not in html
    # searching for the exact number finds nothing either (the term is only echoed back)
    by_number = client.get(URL, {"q": open_case.number})
    assert by_number.context["page_obj"].paginator.count == 0
    assert str(open_case.public_id) not in by_number.content.decode()


def test_outsider_cannot_find_a_case_by_victim_name(client, caseworker_b, open_case):
    client.force_login(caseworker_b)
    response = client.get(URL, {"q": "Korban Sintetis"})
    assert response.context["page_obj"].paginator.count == 0


def test_service_provider_sees_only_the_referred_case(
    client, open_case, caseworker_a, health_provider, reporter_kemayoran
):
    other = case_open(case=_report(reporter_kemayoran, open_case.report_area), actor=caseworker_a)
    referral_send(
        sharing_basis="public_task",
        legal_reference="UU 21/2007 Pasal 51",
        case=open_case,
        actor=caseworker_a,
        victim=open_case.participants.first(),
        to_agency=Agency.objects.get(code="sudin-kesehatan-jakpus"),
        service=Service.objects.get(code="health_rehab"),
    )
    client.force_login(health_provider)
    numbers = _numbers(client.get(URL))
    assert numbers == [open_case.number]
    assert other.number not in numbers


@pytest.fixture
def mixed_cases(reporter_kemayoran, reporter_gambir, caseworker_a, areas):
    """Three cases that differ in area, status, form, modus and date."""
    kemayoran = _report(reporter_kemayoran, areas["31.71.03.1001"], reported_on=date(2026, 1, 5))
    handled = case_open(
        case=_report(
            reporter_kemayoran,
            areas["31.71.03.1002"],
            forms=["sexual"],
            modus="online_scam",
            reported_on=date(2026, 2, 1),
        ),
        actor=caseworker_a,
    )
    gambir = _report(reporter_gambir, areas["31.71.01.1001"], forms=["forced_begging"])
    return {"kemayoran": kemayoran, "handled": handled, "gambir": gambir}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, {"kemayoran", "handled", "gambir"}),
        ({"status": "open"}, {"handled"}),
        ({"status": "reported"}, {"kemayoran", "gambir"}),
        ({"kecamatan": "31.71.03"}, {"kemayoran", "handled"}),
        ({"kecamatan": "31.71.01"}, {"gambir"}),
        ({"exploitation_form": "sexual"}, {"handled"}),
        ({"modus": "online_scam"}, {"handled"}),
        ({"reported_from": "2026-02-01"}, {"handled", "gambir"}),
        ({"status": "reported", "kecamatan": "31.71.03"}, {"kemayoran"}),
        ({"status": "not-a-status"}, {"kemayoran", "handled", "gambir"}),  # ignored
    ],
)
def test_filters(client, caseworker_a, mixed_cases, params, expected):
    client.force_login(caseworker_a)
    response = client.get(URL, params)
    assert response.status_code == 200
    assert set(_numbers(response)) == {mixed_cases[key].number for key in expected}


def test_invalid_filter_is_reported_on_the_form(client, caseworker_a, mixed_cases):
    client.force_login(caseworker_a)
    response = client.get(URL, {"status": "not-a-status"})
    assert "status" in response.context["form"].errors


def test_search_by_case_number(client, caseworker_a, mixed_cases):
    client.force_login(caseworker_a)
    number = mixed_cases["gambir"].number
    assert _numbers(client.get(URL, {"q": number})) == [number]


def test_kecamatan_choices_are_those_of_jakarta_pusat(client, caseworker_a, areas):
    client.force_login(caseworker_a)
    choices = dict(client.get(URL).context["form"].fields["kecamatan"].choices)
    assert set(choices) == {"", "31.71.01", "31.71.03"}  # not Dayeuhluhur (Cilacap)


@pytest.fixture
def thirty_cases(reporter_kemayoran, areas):
    for i in range(30):
        _report(
            reporter_kemayoran,
            areas["31.71.03.1001" if i % 2 else "31.71.03.1002"],
            forms=["forced_labour", "sexual"] if i % 3 else ["domestic_servitude"],
        )


def test_pagination_is_25_a_page_and_links_keep_the_filters(client, caseworker_a, thirty_cases):
    client.force_login(caseworker_a)
    response = client.get(URL, {"kecamatan": "31.71.03", "status": "reported"})
    html = response.content.decode()
    assert len(response.context["cases"]) == 25
    assert response.context["page_obj"].paginator.num_pages == 2
    next_link = re.search(r'href="([^"]*)" rel="next"', html).group(1)
    assert "kecamatan=31.71.03" in next_link
    assert "status=reported" in next_link
    assert "page=2" in next_link
    second = client.get(URL + next_link.replace("&amp;", "&"))
    assert len(second.context["cases"]) == 5


def test_query_count_does_not_grow_with_the_page(
    client, caseworker_a, reporter_kemayoran, areas, django_assert_max_num_queries
):
    client.force_login(caseworker_a)
    _report(reporter_kemayoran, areas["31.71.03.1001"])
    with django_assert_max_num_queries(15) as few:
        client.get(URL)
    for _ in range(29):
        _report(reporter_kemayoran, areas["31.71.03.1001"], forms=["sexual", "forced_labour"])
    Area.objects.create(
        code="31.71.03.1003",
        level="kelurahan",
        name="Harapan Mulya",
        name_key=normalize_name("Harapan Mulya"),
        parent_id="31.71.03",
    )
    with django_assert_max_num_queries(15) as many:
        response = client.get(URL, {"exploitation_form": "sexual"})
    assert len(response.context["cases"]) == 25
    assert len(many.captured_queries) == len(few.captured_queries)
