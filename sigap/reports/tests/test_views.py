"""The dashboard page: access, what it shows, and that it never shows an identity."""

from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from sigap.agencies.models import Agency, Service
from sigap.referrals.models import Referral
from sigap.referrals.services import referral_send

pytestmark = pytest.mark.django_db

URL = reverse("reports:dashboard")


def _get(client, user):
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    return response, response.content.decode()


def test_dashboard_requires_login(client, reference):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_leadership_sees_counts_but_no_identity(client, leadership_user, open_case, all_kecamatan):
    victim = open_case.participants.select_related("person").first().person
    response, html = _get(client, leadership_user)

    assert response.context["city_wide"] is True
    assert response.context["totals"].open == 1
    assert 'data-code="31.71.03">1</td>' in html
    assert 'data-code="forced_labour">1</td>' in html
    for code in all_kecamatan:
        assert f'data-code="{code}">' in html
    for secret in (open_case.number, str(open_case.public_id), victim.full_name, "Korban"):
        assert secret not in html
    # leadership cannot open the case list, so no widget links there
    assert reverse("cases:case-list") not in html


def test_case_team_widgets_link_to_the_filtered_case_list(client, caseworker_a, open_case, areas):
    _response, html = _get(client, caseworker_a)
    base = reverse("cases:case-list")
    assert f'href="{base}?kecamatan=31.71.03"' in html
    assert f'href="{base}?exploitation_form=forced_labour"' in html
    assert f'href="{base}?status=open"' in html
    assert f"{base}?reported_from=" in html


def test_outsider_counts_do_not_include_other_agencies_cases(client, reporter_gambir, open_case):
    response, html = _get(client, reporter_gambir)
    assert response.context["city_wide"] is False
    assert response.context["totals"].open == 0
    assert 'data-code="31.71.03">0</td>' in html
    assert open_case.number not in html


def test_dashboard_runs_a_bounded_number_of_queries(
    client, leadership_user, reporter_kemayoran, report_case, django_assert_max_num_queries
):
    for _ in range(5):
        report_case(reporter_kemayoran, "31.71.03.1001", forms=["forced_labour", "sexual"])
    client.force_login(leadership_user)
    with django_assert_max_num_queries(15):  # incl. the header's notification bell
        assert client.get(URL).status_code == 200


@pytest.mark.parametrize(
    ("utc_now", "expected"),
    [
        (datetime(2026, 3, 10, 16, 59, tzinfo=UTC), 0),  # 23:59 WIB on the due date
        (datetime(2026, 3, 10, 17, 1, tzinfo=UTC), 1),  # 00:01 WIB the day after
    ],
)
def test_overdue_referral_count_follows_the_jakarta_date(
    client, monkeypatch, open_case, caseworker_a, health_provider, utc_now, expected
):
    referral = referral_send(
        sharing_basis="public_task",
        legal_reference="UU 21/2007 Pasal 51",
        case=open_case,
        actor=caseworker_a,
        victim=open_case.participants.first(),
        to_agency=Agency.objects.get(code="sudin-kesehatan-jakpus"),
        service=Service.objects.get(code="health_rehab"),
    )
    Referral.objects.filter(pk=referral.pk).update(due_on=date(2026, 3, 10))
    monkeypatch.setattr("django.utils.timezone.now", lambda: utc_now)

    response, _html = _get(client, health_provider)
    assert response.context["referrals"].overdue_to_us == expected
    assert response.context["referrals"].waiting == 1
    response, _html = _get(client, caseworker_a)
    assert response.context["referrals"].overdue_from_us == expected
