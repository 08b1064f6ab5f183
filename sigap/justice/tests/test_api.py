"""``/api/v1/justice/``: scope, permissions, transitions, no names, query bounds."""

from datetime import date

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from sigap.justice import services
from sigap.justice.models import RestitutionPayment, StageEvent
from sigap.justice.tests.conftest import SUSPECT_NAME

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_user():
    def _as(user):
        api = APIClient()
        api.force_authenticate(user)
        return api

    return _as


def _detail(case, action=None):
    name = f"api:justice-{action}" if action else "api:justice-detail"
    return reverse(name, kwargs={"public_id": case.public_id})


LIST = reverse("api:justice-list")


def test_list_shows_cases_with_a_started_process_in_scope(
    as_user, justice_case, police_officer, caseworker_b
):
    data = as_user(police_officer).get(LIST).json()
    assert data["count"] == 1
    assert data["results"][0]["public_id"] == str(justice_case.public_id)
    assert data["results"][0]["current_stage"] == "report"
    assert as_user(caseworker_b).get(LIST).json()["count"] == 0


def test_list_refused_without_permission(as_user, justice_case, health_provider):
    assert as_user(health_provider).get(LIST).status_code == 403
    assert as_user(health_provider).get(_detail(justice_case)).status_code == 403
    assert APIClient().get(LIST).status_code == 401


def test_detail_names_no_one(as_user, verdict, justice_case, caseworker_a, victims):
    response = as_user(caseworker_a).get(_detail(justice_case))
    assert response.status_code == 200
    body = response.content.decode()
    assert SUSPECT_NAME not in body and "Korban Sintetis" not in body
    data = response.json()
    suspect = data["suspects"][0]
    assert suspect["roles"] == ["recruiter", "harbourer"]
    orders = suspect["verdicts"][0]["restitution_orders"]
    assert {o["victim"] for o in orders} == {str(victims[0].public_id), str(victims[1].public_id)}
    assert {o["due_on"] for o in orders} == {"2026-11-24"}


def test_detail_out_of_scope_is_404(as_user, justice_case, caseworker_b, open_case):
    assert as_user(caseworker_b).get(_detail(justice_case)).status_code == 404


def test_police_not_referred_get_404(as_user, open_case, police_officer, caseworker_a):
    services.police_report_add(
        case=open_case,
        actor=caseworker_a,
        number="LP/B/9/XI/2026",
        unit="Unit PPA",
        reported_on=date(2026, 11, 2),
    )
    assert as_user(police_officer).get(_detail(open_case)).status_code == 404
    assert as_user(police_officer).get(LIST).json()["count"] == 0


def test_stage_transition(as_user, justice_case, police_officer):
    api = as_user(police_officer)
    response = api.post(
        _detail(justice_case, "stage"), {"stage": "investigation", "on": "2026-11-04"}
    )
    assert response.status_code == 200
    assert response.json()["current_stage"] == "investigation"
    refused = api.post(_detail(justice_case, "stage"), {"stage": "report", "on": "2026-11-05"})
    assert refused.status_code == 400
    assert "reason" in refused.json()["extra"]["fields"]
    assert StageEvent.objects.filter(case=justice_case).count() == 2


def test_police_report_endpoint(as_user, justice_case, police_officer):
    response = as_user(police_officer).post(
        _detail(justice_case, "police-reports"),
        {"number": "LP/B/200/XI/2026", "unit": "Unit PPA", "reported_on": "2026-11-06"},
    )
    assert response.status_code == 200
    assert len(response.json()["police_reports"]) == 2


def test_payments_need_record_verdict(as_user, verdict, justice_case, police_officer, caseworker_a):
    order = verdict.restitution_orders.order_by("id").first()
    payload = {"order": str(order.public_id), "paid_on": "2026-11-20", "amount_rupiah": 1000}
    assert (
        as_user(police_officer).post(_detail(justice_case, "payments"), payload).status_code == 403
    )
    response = as_user(caseworker_a).post(_detail(justice_case, "payments"), payload)
    assert response.status_code == 200
    assert RestitutionPayment.objects.get().amount_rupiah == 1000


def test_list_queries_are_bounded(
    as_user, justice_case, caseworker_a, reporter_kemayoran, areas, django_assert_max_num_queries
):
    from sigap.cases.services import case_open
    from sigap.cases.tests.factories import report_case

    for n in range(4):
        case = case_open(
            case=report_case(actor=reporter_kemayoran, areas=areas), actor=caseworker_a
        )
        services.police_report_add(
            case=case,
            actor=caseworker_a,
            number=f"LP/B/{n}/XI/2026",
            unit="Unit PPA",
            reported_on=date(2026, 11, 2),
        )
    api = as_user(caseworker_a)
    with django_assert_max_num_queries(8):
        data = api.get(LIST).json()
    assert data["count"] == 5
