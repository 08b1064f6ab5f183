"""Fixtures for the justice tests: ``open_case`` (UPT PPA) referred to Polres Unit PPA, a
police report, suspects and a verdict. All names are synthetic."""

from datetime import date

import pytest

SUSPECT_NAME = "Tersangka Sintetiksatu"


def ensure_articles():
    """The criminal-law articles the data migration seeds. A transactional test elsewhere in
    the same worker (backup drill, database copy) ends with a flush that empties every table,
    so load them again with the migration's own function when they are gone."""
    from importlib import import_module

    from django.apps import apps

    from sigap.justice.models import Article

    if not Article.objects.exists():
        import_module("sigap.justice.migrations.0002_articles").load(apps, None)


@pytest.fixture(autouse=True)
def _reference_articles(request):
    if request.node.get_closest_marker("django_db") is not None:
        request.getfixturevalue("db")
        ensure_articles()


@pytest.fixture
def victims(open_case):
    """The three victims of ``open_case`` ("Korban Sintetis 0/1/2"), in order."""
    return list(
        open_case.participants.filter(role="victim").select_related("person").order_by("id")
    )


@pytest.fixture
def police_referral(open_case, caseworker_a, victims):
    from sigap.agencies.models import Agency, Service
    from sigap.referrals.services import referral_send

    return referral_send(
        sharing_basis="public_task",
        legal_reference="UU 21/2007 Pasal 51",
        case=open_case,
        actor=caseworker_a,
        victim=victims[0],
        to_agency=Agency.objects.get(code="polres-jakpus-ppa"),
        service=Service.objects.get(code="law_enforcement"),
    )


@pytest.fixture
def justice_case(open_case, police_referral, police_officer):
    """``open_case`` with a police report (the process at stage "report" on 2 Nov 2026)."""
    from sigap.justice.services import police_report_add

    ensure_articles()

    police_report_add(
        case=open_case,
        actor=police_officer,
        number="LP/B/123/XI/2026/SPKT/Polres Metro Jakarta Pusat",
        unit="Unit PPA Satreskrim Polres Metro Jakarta Pusat",
        reported_on=date(2026, 11, 2),
    )
    return open_case


@pytest.fixture
def suspect(justice_case, police_officer):
    from sigap.cases.services import PersonData
    from sigap.justice.services import suspect_add

    return suspect_add(
        case=justice_case,
        actor=police_officer,
        data=PersonData(full_name=SUSPECT_NAME, sex="M", estimated_age=40),
        roles=["recruiter", "harbourer"],
    )


@pytest.fixture
def verdict(justice_case, suspect, caseworker_a, victims):
    """A conviction: 48 months, restitution Rp 11.111.111 to victim 0 and 22.222.222 to
    victim 1, final verdict notified on 10 Nov 2026 (due 24 Nov 2026)."""
    from sigap.justice.services import verdict_record

    return verdict_record(
        case=justice_case,
        actor=caseworker_a,
        suspect=suspect,
        level="first_instance",
        court="Pengadilan Negeri Jakarta Pusat",
        decided_on=date(2026, 11, 5),
        outcome="convicted",
        prison_months=48,
        fine_rupiah=120_000_000,
        final_notice_on=date(2026, 11, 10),
        restitution={victims[0]: 11_111_111, victims[1]: 22_222_222},
    )
