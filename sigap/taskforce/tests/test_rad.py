from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from sigap.audit.models import AuditEvent
from sigap.cases.models import Case
from sigap.taskforce import selectors, services
from sigap.taskforce.choices import ComputedSource, SubTaskForceKind
from sigap.taskforce.tests.conftest import agency

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(task_force, secretariat_user):
    sg = task_force.subgroups.get(kind=SubTaskForceKind.HEALTH_REHAB)
    programme = services.programme_create(
        actor=secretariat_user, subgroup=sg, name="Rehabilitasi", first_year=2025, last_year=2027
    )
    activity = services.activity_create(
        actor=secretariat_user,
        programme=programme,
        name="Skrining",
        agency=agency("sudin-kesehatan-jakpus"),
    )
    reported = services.indicator_create(
        actor=secretariat_user,
        activity=activity,
        name="Korban diskrining",
        unit="orang",
        baseline=Decimal("10"),
        baseline_year=2024,
        targets={2025: 30, 2026: 40},
    )
    computed = services.indicator_create(
        actor=secretariat_user,
        activity=activity,
        name="Kasus dilaporkan",
        unit="kasus",
        computed=ComputedSource.CASES_REPORTED,
    )
    return {"reported": reported, "computed": computed}


def test_target_outside_programme_years_is_refused(plan, secretariat_user):
    with pytest.raises(ValidationError):
        services.indicator_create(
            actor=secretariat_user,
            activity=plan["reported"].activity,
            name="x",
            unit="x",
            targets={2030: 1},
        )


def test_responsible_agency_reports_its_quarter(plan, health_provider, police_officer):
    ind = plan["reported"]
    with pytest.raises(PermissionDenied):
        services.realisation_report(
            actor=police_officer, indicator=ind, year=2025, quarter=1, value=5, evidence="x"
        )
    with pytest.raises(ValidationError):
        services.realisation_report(
            actor=health_provider, indicator=ind, year=2025, quarter=5, value=5, evidence="x"
        )
    services.realisation_report(
        actor=health_provider, indicator=ind, year=2025, quarter=1, value=7, evidence="Daftar"
    )
    services.realisation_report(
        actor=health_provider, indicator=ind, year=2025, quarter=1, value=8, evidence="Koreksi"
    )
    row = selectors.indicator_year(user=health_provider, indicator=ind, year=2025)
    assert row.quarters == {1: "8", 2: "–", 3: "–", 4: "–"} and row.total == "8"
    assert row.target == 30
    event = AuditEvent.objects.filter(action="rad.realisation").order_by("occurred_at").last()
    assert event.changes["value"] == ["7.00", "8"]
    # another member agency sees the plan, not the reported values
    hidden = selectors.indicator_year(user=police_officer, indicator=ind, year=2025)
    assert hidden.total == "–" and not hidden.visible


def test_computed_indicator_counts_cases_and_takes_no_report(plan, health_provider, reported_case):
    ind = plan["computed"]
    with pytest.raises(PermissionDenied):
        services.realisation_report(
            actor=health_provider, indicator=ind, year=2025, quarter=1, value=1, evidence="x"
        )
    day = reported_case.reported_on
    quarter = (day.month - 1) // 3 + 1
    expected = Case.objects.filter(
        reported_on__year=day.year, reported_on__month__in=range(3 * quarter - 2, 3 * quarter + 1)
    ).count()
    assert selectors.computed_quarter_value(ind.computed, day.year, quarter) == expected
    row = selectors.indicator_year(user=health_provider, indicator=ind, year=day.year)
    assert row.computed
    assert row.quarters[quarter] == ("<5" if 0 < expected < 5 else str(expected))


def test_rad_pages(client, plan, health_provider, caseworker_b):
    client.force_login(health_provider)
    page = client.get(reverse("taskforce:rad-overview") + "?year=2025").content.decode()
    assert "Korban diskrining" in page and 'data-testid="computed"' in page
    url = reverse("taskforce:indicator-detail", args=[plan["reported"].public_id])
    r = client.post(url, {"year": 2025, "quarter": 2, "value": "3", "evidence": "Daftar hadir"})
    assert r.status_code == 302
    client.force_login(caseworker_b)  # Sudin Sosial: not a member of this task force
    assert client.get(url).status_code == 404


def test_quarter_bounds():
    assert selectors._quarter_bounds(2025, 4) == (date(2025, 10, 1), date(2026, 1, 1))
    assert selectors._quarter_bounds(2025, 1) == (date(2025, 1, 1), date(2025, 4, 1))
