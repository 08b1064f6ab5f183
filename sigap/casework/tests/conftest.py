"""Fixtures for case-work tests, on top of the root personas (conftest.py)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from sigap.agencies.models import Service
from sigap.casework import services
from sigap.casework.choices import NeedDomain


@pytest.fixture
def victim(open_case):
    return open_case.participants.filter(role="victim").order_by("id").first()


@pytest.fixture
def needs():
    return [services.NeedData(domain=d, level="medium", note="") for d in NeedDomain.values]


@pytest.fixture
def service_rows(reference):
    due = timezone.localdate() + timedelta(days=10)
    return [
        services.PlannedServiceData(service=Service.objects.get(code="health_rehab"), due_on=due)
    ]


@pytest.fixture
def draft_plan(open_case, victim, caseworker_a, service_rows):
    return services.plan_create(
        case=open_case,
        participant=victim,
        actor=caseworker_a,
        goals="Recovery and safe return.",
        services=service_rows,
    )


@pytest.fixture
def submitted_plan(draft_plan, caseworker_a, supervisor_a):
    # supervisor_a must exist before submission to be notified
    return services.plan_submit(plan=draft_plan, actor=caseworker_a)


@pytest.fixture
def pending_closure(open_case, caseworker_a, supervisor_a):
    return services.closure_request(
        case=open_case, actor=caseworker_a, reason="services_completed", note=""
    )
