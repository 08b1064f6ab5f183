"""Justice pages: who gets 200, 403 or 404; the forms call the services; non-punishment on the
victim-services pages; the link on the case page; query bounds."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sigap.cases.services import PersonData
from sigap.justice import services
from sigap.justice.models import StageEvent
from sigap.justice.tests.conftest import SUSPECT_NAME

pytestmark = pytest.mark.django_db


def _url(name, case, **extra):
    return reverse(f"justice:{name}", kwargs={"case_id": case.public_id, **extra})


WRITE_PAGES = [
    "police-report-create",
    "stage-advance",
    "suspect-create",
    "suspect-charges",
    "screening-create",
]
VERDICT_PAGES = ["verdict-create", "final-notice-create", "payment-create"]


@pytest.mark.parametrize("persona", ["caseworker_a", "supervisor_a", "police_officer"])
def test_case_team_and_referred_police_see_the_process(client, request, justice_case, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(_url("case-detail", justice_case))
    assert response.status_code == 200
    assert response.context["record"].current.stage == "report"


@pytest.mark.parametrize("persona", ["health_provider", "reporter_kemayoran", "secretariat_user"])
def test_roles_without_the_permission_get_403(client, request, justice_case, persona):
    client.force_login(request.getfixturevalue(persona))
    for name in ["case-detail", *WRITE_PAGES, *VERDICT_PAGES]:
        assert client.get(_url(name, justice_case)).status_code == 403, name


def test_service_provider_with_a_referral_gets_403_and_no_suspects(
    client, justice_case, suspect, health_provider, caseworker_a, victims
):
    from sigap.agencies.models import Agency, Service
    from sigap.referrals.services import referral_send

    referral_send(
        sharing_basis="public_task",
        legal_reference="UU 21/2007 Pasal 51",
        case=justice_case,
        actor=caseworker_a,
        victim=victims[1],
        to_agency=Agency.objects.get(code="sudin-kesehatan-jakpus"),
        service=Service.objects.get(code="health_rehab"),
    )
    client.force_login(health_provider)
    assert client.get(_url("case-detail", justice_case)).status_code == 403
    page = client.get(reverse("cases:case-detail", kwargs={"public_id": justice_case.public_id}))
    assert page.status_code == 200
    assert SUSPECT_NAME not in page.content.decode()
    assert _url("case-detail", justice_case) not in page.content.decode()  # no link


def test_outsider_gets_404(client, justice_case, caseworker_b):
    client.force_login(caseworker_b)
    assert client.get(_url("case-detail", justice_case)).status_code == 404
    assert client.get(_url("stage-advance", justice_case)).status_code == 404


def test_police_get_404_on_a_case_not_referred_to_them(client, open_case, police_officer):
    client.force_login(police_officer)
    assert client.get(_url("case-detail", open_case)).status_code == 404


def test_police_may_not_record_verdicts(client, justice_case, police_officer):
    client.force_login(police_officer)
    for name in VERDICT_PAGES:
        assert client.get(_url(name, justice_case)).status_code == 403, name
    assert client.get(_url("stage-advance", justice_case)).status_code == 200


def test_stage_form_advances_the_process(client, justice_case, police_officer):
    client.force_login(police_officer)
    response = client.post(
        _url("stage-advance", justice_case), {"stage": "investigation", "on": "05-11-2026"}
    )
    assert response.status_code == 302
    assert StageEvent.objects.filter(case=justice_case).last().stage == "investigation"


def test_stage_form_shows_the_refusal(client, justice_case, police_officer):
    client.force_login(police_officer)
    services.justice_stage_advance(
        case=justice_case, actor=police_officer, stage="prosecution", on=date(2026, 11, 10)
    )
    response = client.post(
        _url("stage-advance", justice_case), {"stage": "report", "on": "11-11-2026", "reason": ""}
    )
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors


def test_verdict_form_records_restitution(client, justice_case, suspect, caseworker_a, victims):
    client.force_login(caseworker_a)
    data = {
        "suspect": str(suspect.public_id),
        "level": "first_instance",
        "court": "PN Jakarta Pusat",
        "decided_on": "05-11-2026",
        "outcome": "convicted",
        "prison_months": "60",
        "fine_rupiah": "",
        "final_notice_on": "10-11-2026",
        f"restitution_{victims[2].public_id}": "7500000",
    }
    response = client.post(_url("verdict-create", justice_case), data)
    assert response.status_code == 302
    order = victims[2].restitution_orders.get()
    assert order.amount_rupiah == 7_500_000
    assert order.verdict.prison_months == 60


def test_charges_form(client, justice_case, suspect, police_officer):
    client.force_login(police_officer)
    response = client.post(
        _url("suspect-charges", justice_case),
        {"suspect": str(suspect.public_id), "roles": ["exploiter"], "articles": ["uu21-2007-p2"]},
    )
    assert response.status_code == 302
    assert list(suspect.charges.values_list("article__code", flat=True)) == ["uu21-2007-p2"]


def test_victim_also_suspect_is_only_a_victim_on_the_case_page(
    client, justice_case, victims, caseworker_a, police_officer
):
    """Non-punishment: the case page lists the person as a victim under screening, not among
    the suspects; the justice page shows the suspect side to police and the case team."""
    victim = victims[0]
    services.victim_screening_record(
        case=justice_case,
        actor=police_officer,
        victim=victim,
        reason="Returnee from a scam compound, role being examined.",
        also_suspect=True,
    )
    client.force_login(caseworker_a)
    page = client.get(reverse("cases:case-detail", kwargs={"public_id": justice_case.public_id}))
    others = page.context["others"]
    assert not any(o["p"].person_id == victim.person_id for o in others)
    row = next(r for r in page.context["victims"] if r["p"].pk == victim.pk)
    assert row["ident"].result == "under_screening"
    assert _url("case-detail", justice_case) in page.content.decode()  # the link to justice

    client.force_login(police_officer)
    record = client.get(_url("case-detail", justice_case)).context["record"]
    assert [r.also_victim for r in record.suspects] == [True]


def test_case_page_still_lists_ordinary_suspects(client, justice_case, suspect, caseworker_a):
    client.force_login(caseworker_a)
    page = client.get(reverse("cases:case-detail", kwargs={"public_id": justice_case.public_id}))
    assert [o["p"].pk for o in page.context["others"]] == [suspect.pk]


def _add_suspect_with_verdict(case, police, team, victim, n):
    s = services.suspect_add(
        case=case,
        actor=police,
        data=PersonData(full_name=f"Tersangka Tambahan {n}", estimated_age=30),
        roles=["transporter"],
    )
    services.verdict_record(
        case=case,
        actor=team,
        suspect=s,
        level="first_instance",
        court="PN Jakarta Pusat",
        decided_on=date(2026, 11, 5),
        outcome="convicted",
        prison_months=40,
        final_notice_on=date(2026, 11, 10),
        restitution={victim: 1_000_000 + n},
    )


def test_justice_page_queries_do_not_grow_with_suspects(
    client, justice_case, police_officer, caseworker_a, victims
):
    client.force_login(caseworker_a)
    url = _url("case-detail", justice_case)
    _add_suspect_with_verdict(justice_case, police_officer, caseworker_a, victims[0], 1)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for n in range(2, 6):
        _add_suspect_with_verdict(justice_case, police_officer, caseworker_a, victims[n % 3], n)
    with CaptureQueriesContext(connection) as five:
        assert client.get(url).status_code == 200
    assert len(five) == len(one)
    assert len(five) <= 40
