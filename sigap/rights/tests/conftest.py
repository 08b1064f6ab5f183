"""Fixtures for the rights tests, on top of the root personas. All data is synthetic."""

from datetime import date

import pytest
from django.utils import timezone

from sigap.agencies.models import Agency, Service


@pytest.fixture
def victims(open_case):
    return list(
        open_case.participants.filter(role="victim").select_related("person").order_by("id")
    )


@pytest.fixture
def victim(victims):
    return victims[0]


@pytest.fixture
def refer(open_case, caseworker_a):
    """``refer(victim, agency_code, service_code)`` → a sent referral."""
    from sigap.referrals.services import referral_send

    def _refer(victim, agency_code, service_code):
        return referral_send(
            sharing_basis="public_task",
            legal_reference="UU 21/2007 Pasal 51",
            case=open_case,
            actor=caseworker_a,
            victim=victim,
            to_agency=Agency.objects.get(code=agency_code),
            service=Service.objects.get(code=service_code),
        )

    return _refer


@pytest.fixture
def health_referral(refer, victim):
    return refer(victim, "sudin-kesehatan-jakpus", "health_rehab")


@pytest.fixture
def completed_health(health_referral, health_provider):
    from sigap.referrals.services import referral_accept, referral_complete

    referral_accept(referral=health_referral, actor=health_provider)
    return referral_complete(
        referral=health_referral,
        actor=health_provider,
        delivered_on=timezone.localdate(),
        description="Synthetic check-up delivered.",
    )


@pytest.fixture
def police_referral(refer, victim):
    return refer(victim, "polres-jakpus-ppa", "law_enforcement")


@pytest.fixture
def verdict(open_case, police_referral, police_officer, caseworker_a, victims):
    """A conviction with restitution to victims 0 and 1; final verdict notified on
    10 Nov 2026, so payment is due on 24 Nov 2026 (overdue from 00:00 WIB on 25 Nov)."""
    from sigap.cases.services import PersonData
    from sigap.justice.services import police_report_add, suspect_add, verdict_record

    police_report_add(
        case=open_case,
        actor=police_officer,
        number="LP/B/999/XI/2026/SPKT/Polres Metro Jakarta Pusat",
        unit="Unit PPA",
        reported_on=date(2026, 11, 2),
    )
    suspect = suspect_add(
        case=open_case,
        actor=police_officer,
        data=PersonData(full_name="Tersangka Sintetisdua", sex="M", estimated_age=40),
        roles=["recruiter"],
    )
    return verdict_record(
        case=open_case,
        actor=caseworker_a,
        suspect=suspect,
        level="first_instance",
        court="Pengadilan Negeri Jakarta Pusat",
        decided_on=date(2026, 11, 5),
        outcome="convicted",
        prison_months=48,
        fine_rupiah=120_000_000,
        final_notice_on=date(2026, 11, 10),
        restitution={victims[0]: 10_000_000, victims[1]: 20_000_000},
    )
