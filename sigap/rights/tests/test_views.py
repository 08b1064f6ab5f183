"""Rights pages: access (outsider 404, provider 404, wrong role 403), read-only police,
optimistic locking in the UI, relocation confirmation, the case-page link and my work."""

from datetime import UTC, date, datetime
from unittest import mock

import pytest
from django.urls import reverse

from sigap.audit.models import AuditEvent
from sigap.rights import services
from sigap.rights.models import Repatriation, RestitutionClaim, RightRecord

pytestmark = pytest.mark.django_db


def _page(case):
    return reverse("rights:case-rights", kwargs={"case_id": case.public_id})


def _victim_url(name, case, victim):
    return reverse(
        f"rights:{name}", kwargs={"case_id": case.public_id, "victim_id": victim.public_id}
    )


def test_handling_team_sees_every_victim_and_the_view_is_audited(client, open_case, caseworker_a):
    client.force_login(caseworker_a)
    response = client.get(_page(open_case))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert len(rows) == 3 and all(len(r.rights) == 9 for r in rows)
    assert response.context["view"].edit
    assert b"Korban Sintetis 0" in response.content
    event = AuditEvent.objects.get(action="rights.view")
    assert event.target_public_id == open_case.public_id
    assert event.changes["fields"] == ["full_name"]


@pytest.mark.parametrize("persona", ["caseworker_b", "reporter_kemayoran", "health_provider"])
def test_outsiders_and_service_providers_get_404(
    request, client, open_case, health_referral, persona
):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(_page(open_case)).status_code == 404
    victim = health_referral.victim
    assert client.get(_victim_url("restitution-edit", open_case, victim)).status_code in (403, 404)


def test_role_without_the_permission_gets_403(client, open_case, leadership_user):
    client.force_login(leadership_user)
    assert client.get(_page(open_case)).status_code == 403


def test_police_read_only(client, open_case, police_officer, verdict, victims):
    client.force_login(police_officer)
    response = client.get(_page(open_case))
    assert response.status_code == 200
    assert not response.context["view"].edit
    assert response.context["rows"][0].rights == []
    assert _victim_url("restitution-edit", open_case, victims[0]).encode() not in response.content
    assert client.get(_victim_url("restitution-edit", open_case, victims[0])).status_code == 403


def test_intake_queue_team_reads_but_cannot_edit(client, reported_case, caseworker_a):
    client.force_login(caseworker_a)
    assert client.get(_page(reported_case)).status_code == 200
    victim = reported_case.participants.filter(role="victim").first()
    assert client.get(_victim_url("protection-edit", reported_case, victim)).status_code == 403


def test_unknown_victim_is_404(client, open_case, caseworker_a, verdict):
    client.force_login(caseworker_a)
    suspect = open_case.participants.get(role="suspect")
    assert client.get(_victim_url("restitution-edit", open_case, suspect)).status_code == 404


def test_second_save_of_the_same_form_is_refused_and_input_kept(
    client, open_case, caseworker_a, supervisor_a, victim
):
    url = _victim_url("restitution-edit", open_case, victim)
    client.force_login(caseworker_a)
    version = client.get(url).context["form"].initial["expected_version"]
    other = client.__class__()
    other.force_login(supervisor_a)
    first = {"claimed_on": "01-05-2026", "amount_claimed": "5000000", "expected_version": version}
    assert other.post(url, first).status_code == 302
    second = {**first, "amount_claimed": "7777777"}
    response = client.post(url, second)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert b"7777777" in response.content  # the user's input is still there
    claim = RestitutionClaim.objects.get(participant=victim)
    assert (claim.amount_claimed, claim.version) == (5_000_000, 1)


def test_rights_formset_saves_changed_rows_only(
    client, open_case, caseworker_a, victim, completed_health
):
    url = _victim_url("victim-rights-edit", open_case, victim)
    client.force_login(caseworker_a)
    response = client.get(url)
    formset = response.context["formset"]
    codes = [f.initial["right"] for f in formset.forms]
    assert "health_rehab" not in codes and "identity" in codes  # derived rows are not editable
    data = {
        "rights-TOTAL_FORMS": str(len(codes)),
        "rights-INITIAL_FORMS": str(len(codes)),
        "rights-MIN_NUM_FORMS": "0",
        "rights-MAX_NUM_FORMS": "1000",
    }
    for i, code in enumerate(codes):
        data[f"rights-{i}-right"] = code
        data[f"rights-{i}-expected_version"] = "0"
    i = codes.index("identity")
    data[f"rights-{i}-status"] = "fulfilled"
    data[f"rights-{i}-evidence_on"] = "01-11-2026"
    data[f"rights-{i}-referral"] = str(completed_health.public_id)
    assert client.post(url, data).status_code == 302
    [rec] = RightRecord.objects.all()
    assert (rec.right, rec.status, rec.referral_id) == (
        "identity",
        "fulfilled",
        completed_health.pk,
    )
    # the same form posted again (stale version 0): refused, nothing changed
    data[f"rights-{i}-status"] = "refused"
    response = client.post(url, data)
    assert response.status_code == 200 and response.context["error"]
    assert RightRecord.objects.get().status == "fulfilled"


def test_relocation_is_confirmed_on_the_page(
    client, open_case, caseworker_a, victim, areas, health_referral
):
    url = _victim_url("repatriation-edit", open_case, victim)
    client.force_login(caseworker_a)
    data = {
        "kind": "domestic",
        "destination_area": "33.01.01.2001",
        "status": "planned",
        "expected_version": "0",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert [r.pk for r in response.context["confirm"]["referrals"]] == [health_referral.pk]
    assert not Repatriation.objects.exists()
    data["confirmed_ids"] = str(health_referral.public_id)
    data["confirm"] = "on"
    assert client.post(url, data).status_code == 302
    assert Repatriation.objects.get().destination_area_id == "33.01.01.2001"


def test_case_page_links_the_tracker_for_readers_only(
    client, open_case, caseworker_a, health_provider, health_referral
):
    link = _page(open_case).encode()
    client.force_login(caseworker_a)
    assert link in client.get(reverse("cases:case-detail", args=[open_case.public_id])).content
    client.force_login(health_provider)
    response = client.get(reverse("cases:case-detail", args=[open_case.public_id]))
    assert response.status_code == 200 and link not in response.content


def test_my_work_lists_overdue_restitution_for_the_handling_team(
    client, open_case, caseworker_a, caseworker_b, verdict
):
    after = datetime(2026, 11, 24, 17, 0, tzinfo=UTC)  # 00:00 WIB on 25 Nov 2026
    with mock.patch("django.utils.timezone.now", return_value=after):
        client.force_login(caseworker_a)
        body = client.get(reverse("casework:my-work")).content
        assert _page(open_case).encode() in body
        client.force_login(caseworker_b)
        assert _page(open_case).encode() not in client.get(reverse("casework:my-work")).content


def test_page_queries_are_bounded(
    client, open_case, caseworker_a, victims, refer, django_assert_max_num_queries
):
    for v in victims:
        refer(v, "sudin-sosial-jakpus", "social_rehab")
        services.protection_set(
            case=open_case, victim=v, actor=caseworker_a, applied_on=date(2026, 6, 1)
        )
    client.force_login(caseworker_a)
    with django_assert_max_num_queries(30):
        assert client.get(_page(open_case)).status_code == 200
