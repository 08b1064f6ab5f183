"""Helpers for the dashboard tests (the full list of Jakarta Pusat kecamatan, quick cases)
and the task-force report's year of data."""

from datetime import UTC, date, datetime

import pytest

from sigap.agencies.models import Agency, Service
from sigap.areas.models import Area, normalize_name
from sigap.cases.services import PersonData, case_open
from sigap.cases.tests.factories import JourneyDataFactory, PersonDataFactory
from sigap.cases.tests.factories import report_case as factory_report_case
from sigap.justice.tests.conftest import ensure_articles
from sigap.prevention.models import CommunityReport
from sigap.prevention.services import report_submit
from sigap.referrals.models import Referral
from sigap.referrals.services import referral_accept, referral_complete, referral_send

OTHER_JAKPUS_KECAMATAN = [  # conftest's slice already has Gambir (01) and Kemayoran (03)
    ("31.71.02", "Sawah Besar"),
    ("31.71.04", "Senen"),
    ("31.71.05", "Cempaka Putih"),
    ("31.71.06", "Menteng"),
    ("31.71.07", "Tanah Abang"),
    ("31.71.08", "Johar Baru"),
]


@pytest.fixture
def all_kecamatan(areas):
    """The 8 kecamatan of Jakarta Pusat; returns their codes."""
    for code, name in OTHER_JAKPUS_KECAMATAN:
        Area.objects.create(
            code=code,
            level="kecamatan",
            name=name,
            name_key=normalize_name(name),
            parent_id="31.71",
        )
    return sorted([code for code, _ in OTHER_JAKPUS_KECAMATAN] + ["31.71.01", "31.71.03"])


@pytest.fixture
def report_case(areas):
    """Factory: ``report_case(actor, area_code, forms=[...], reported_on=None, victim=None)``."""
    from sigap.cases.services import PersonData, case_report

    def _report(actor, area_code, *, forms=("forced_labour",), reported_on=None, victim=None):
        return case_report(
            actor=actor,
            intake_channel="kelurahan_report",
            report_area=areas[area_code],
            summary="Synthetic test case.",
            reported_on=reported_on,
            modus="migrant_worker",
            exploitation_forms=list(forms),
            victims=[PersonData(full_name=victim, sex="F", date_of_birth=date(2000, 1, 1))]
            if victim
            else [],
        )

    return _report


# --- The task-force report's year of data (test_taskforce_report, test_taskforce_page) ------


@pytest.fixture
def year_of_data(reporter_kemayoran, caseworker_a, health_provider, social_provider, areas):
    """2025: nine cases (seven with one adult woman, two with two girls of 15 and one with a
    man of 30), three of them taken on; one case of 2024; six referrals sent on 1 Apr 2025,
    served on 5 Apr (x3), 8 Apr (7 days: x2) and 9 Apr (8 days); a police report, a verdict
    with two restitution orders and one payment; six community reports, one closed."""
    journey = [JourneyDataFactory(occurred_on=date(2025, 1, 10))]
    cases = []
    for _ in range(7):
        cases.append(
            factory_report_case(
                actor=reporter_kemayoran,
                areas=areas,
                reported_on=date(2025, 3, 10),
                journey=journey,
                victims=[PersonDataFactory(origin_area=areas["33.01.01.2001"])],
            )
        )
    for _ in range(2):
        cases.append(
            factory_report_case(
                actor=reporter_kemayoran,
                areas=areas,
                reported_on=date(2025, 8, 1),
                journey=journey,
                victims=[
                    PersonData(full_name="Anak Sintetis A", sex="F", estimated_age=15),
                    PersonData(full_name="Anak Sintetis B", sex="F", estimated_age=15),
                    PersonData(full_name="Lelaki Sintetis", sex="M", estimated_age=30),
                ],
            )
        )
    factory_report_case(actor=reporter_kemayoran, areas=areas, reported_on=date(2024, 12, 31))
    for case in cases[:3]:
        case_open(case=case, actor=caseworker_a)

    sent = datetime(2025, 4, 1, 3, 0, tzinfo=UTC)  # 10:00 WIB
    served = [date(2025, 4, 5)] * 3 + [date(2025, 4, 8)] * 2 + [date(2025, 4, 9)]
    targets = [("sudin-kesehatan-jakpus", "health_rehab", health_provider)] * 3 + [
        ("sudin-sosial-jakpus", "social_rehab", social_provider)
    ] * 3
    for n, (agency, service, provider) in enumerate(targets):
        case = cases[n % 3]
        referral = referral_send(
            sharing_basis="public_task",
            legal_reference="UU 21/2007 Pasal 51",
            case=case,
            actor=caseworker_a,
            victim=case.participants.get(),
            to_agency=Agency.objects.get(code=agency),
            service=Service.objects.get(code=service),
        )
        Referral.objects.filter(pk=referral.pk).update(sent_at=sent)
        referral.refresh_from_db()
        referral_accept(referral=referral, actor=provider)
        referral_complete(
            referral=referral, actor=provider, delivered_on=served[n], description="Layanan."
        )
    _justice(cases[0], caseworker_a)
    for n in range(6):
        report = report_submit(
            channel="public_web",
            category="job_offer",
            what_happened="Tawaran kerja mencurigakan di luar negeri, gaji sangat tinggi.",
            area=areas["31.71.03.1001"],
        )
        CommunityReport.objects.filter(pk=report.pk).update(
            created_at=datetime(2025, 7, 1, 2, 0, tzinfo=UTC),
            status="closed" if n == 0 else "received",
        )
    return cases


def _justice(case, caseworker):
    from sigap.accounts.services import user_create
    from sigap.agencies.services import membership_set
    from sigap.justice.services import (
        police_report_add,
        restitution_payment_record,
        suspect_add,
        verdict_record,
    )

    ensure_articles()
    case.refresh_from_db()  # taken on since it was reported
    police = user_create(username="polisi-tf", password="x" * 20)
    membership_set(user=police, agency=Agency.objects.get(code="polres-jakpus-ppa"), role="police")
    victim = case.participants.get()
    referral_send(
        sharing_basis="public_task",
        legal_reference="UU 21/2007 Pasal 51",
        case=case,
        actor=caseworker,
        victim=victim,
        to_agency=Agency.objects.get(code="polres-jakpus-ppa"),
        service=Service.objects.get(code="law_enforcement"),
    )
    police_report_add(
        case=case,
        actor=police,
        number="LP/B/7/V/2025",
        unit="Unit PPA",
        reported_on=date(2025, 5, 2),
    )
    suspect = suspect_add(
        case=case,
        actor=police,
        data=PersonData(full_name="Tersangka Sintetis", sex="M", estimated_age=40),
        roles=["recruiter"],
    )
    verdict = verdict_record(
        case=case,
        actor=caseworker,
        suspect=suspect,
        level="first_instance",
        court="PN Jakarta Pusat",
        decided_on=date(2025, 6, 2),
        outcome="convicted",
        prison_months=36,
        final_notice_on=date(2025, 6, 10),
        restitution={victim: 15_000_000},
    )
    restitution_payment_record(
        case=case,
        actor=caseworker,
        order=verdict.restitution_orders.get(),
        paid_on=date(2025, 6, 20),
        amount_rupiah=5_000_000,
    )
