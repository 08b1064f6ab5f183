"""The victim's printable progress summary (UU 21/2007 Pasal 36): only this victim's data."""

from datetime import date

import pytest
from django.urls import reverse

from sigap.audit.models import AuditEvent
from sigap.justice import services
from sigap.justice.models import Article
from sigap.justice.tests.conftest import SUSPECT_NAME

pytestmark = pytest.mark.django_db


def _url(case, victim):
    return reverse(
        "justice:summary-print", kwargs={"case_id": case.public_id, "victim_id": victim.public_id}
    )


@pytest.fixture
def charged(verdict, suspect, justice_case, police_officer):
    services.suspect_charges_set(
        case=justice_case,
        actor=police_officer,
        suspect=suspect,
        roles=["recruiter"],
        articles=[Article.objects.get(code="uu21-2007-p2")],
    )
    return verdict


def test_summary_shows_this_victims_data_only(client, charged, justice_case, victims, caseworker_a):
    client.force_login(caseworker_a)
    response = client.get(_url(justice_case, victims[0]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Korban Sintetis 0" in body
    assert justice_case.number in body
    assert "LP/B/123/XI/2026" in body
    assert "11.111.111" in body or "11,111,111" in body  # this victim's restitution
    # no other victim, no suspect
    assert "Korban Sintetis 1" not in body and "Korban Sintetis 2" not in body
    assert "22.222.222" not in body and "22,222,222" not in body
    assert SUSPECT_NAME not in body
    s = response.context["s"]
    assert len(s.defendants) == 1
    assert [a.code for a in s.defendants[0].charges] == ["uu21-2007-p2"]
    assert [r.amount for r in s.restitution] == [11_111_111]
    assert s.restitution[0].due_on == date(2026, 11, 24)


def test_summary_print_is_audited(client, charged, justice_case, victims, caseworker_a):
    client.force_login(caseworker_a)
    client.get(_url(justice_case, victims[1]))
    event = AuditEvent.objects.filter(action="justice.summary_print").get()
    assert event.changes["participant"] == str(victims[1].public_id)
    assert event.actor == caseworker_a


def test_summary_lists_the_victims_own_services(
    client, justice_case, victims, caseworker_a, police_referral
):
    client.force_login(caseworker_a)
    s = client.get(_url(justice_case, victims[0])).context["s"]
    assert len(s.services) == 1  # the referral to the police, for this victim
    assert client.get(_url(justice_case, victims[1])).context["s"].services == []


def test_summary_leaves_out_the_victims_own_suspect_role(
    client, justice_case, suspect, victims, caseworker_a, police_officer
):
    services.victim_screening_record(
        case=justice_case,
        actor=police_officer,
        victim=victims[0],
        reason="Returnee from a scam compound, role being examined.",
        also_suspect=True,
    )
    client.force_login(caseworker_a)
    s = client.get(_url(justice_case, victims[0])).context["s"]
    assert len(s.defendants) == 1  # the other suspect only
    s_other = client.get(_url(justice_case, victims[1])).context["s"]
    assert len(s_other.defendants) == 2  # numbered, no names


@pytest.mark.parametrize("persona", ["police_officer", "health_provider", "reporter_kemayoran"])
def test_only_the_handling_case_team_prints(client, request, justice_case, victims, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(_url(justice_case, victims[0])).status_code == 403
    assert not AuditEvent.objects.filter(action="justice.summary_print").exists()


def test_outsider_and_wrong_victim_get_404(
    client, justice_case, suspect, victims, caseworker_b, caseworker_a
):
    client.force_login(caseworker_b)
    assert client.get(_url(justice_case, victims[0])).status_code == 404
    client.force_login(caseworker_a)
    assert client.get(_url(justice_case, suspect)).status_code == 404  # not a victim
