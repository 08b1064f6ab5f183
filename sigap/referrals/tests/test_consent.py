"""Consent-gated sharing (issue 3 §3; UU 27/2022 PDP Pasal 20, 25–26): a referral needs the
victim's consent (adult), a parent's or guardian's consent (child, unless that guardian is a
suspect) or a lawful basis; overriding needs a permission, a written reason and an audit row.
"""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from sigap.agencies.models import Agency, Service
from sigap.audit.models import AuditEvent
from sigap.cases.models import Participant
from sigap.cases.services import PersonData, participant_add
from sigap.core.exceptions import ApplicationError
from sigap.referrals.models import Referral, SharingBasis
from sigap.referrals.services import referral_send

pytestmark = pytest.mark.django_db

REASON = "Korban dirawat darurat; wali tidak dapat dihubungi dalam 24 jam."


def _send(case, actor, victim=None, **basis):
    return referral_send(
        case=case,
        actor=actor,
        victim=victim or case.participants.order_by("id").first(),
        to_agency=Agency.objects.get(code="sudin-kesehatan-jakpus"),
        service=Service.objects.get(code="health_rehab"),
        **basis,
    )


def _child(case):
    victim = case.participants.order_by("id").first()
    Participant.objects.filter(pk=victim.pk).update(is_child=True)
    victim.refresh_from_db()
    return victim


def _guardian_suspect(case, actor):
    suspect = participant_add(
        case=case, actor=actor, role="suspect", data=PersonData(full_name="Tersangka Sintetis")
    )
    Participant.objects.filter(pk=suspect.pk).update(is_victim_guardian=True)
    return suspect


def _errors(excinfo) -> dict:
    return excinfo.value.message_dict


# --- Rules ------------------------------------------------------------------------------


def test_missing_basis_is_refused(open_case, caseworker_a):
    with pytest.raises(ValidationError) as excinfo:
        _send(open_case, caseworker_a)
    assert "sharing_basis" in _errors(excinfo)
    assert not Referral.objects.exists()
    assert not AuditEvent.objects.filter(action="referral.send").exists()


def test_unknown_basis_is_refused(open_case, caseworker_a):
    with pytest.raises(ValidationError) as excinfo:
        _send(open_case, caseworker_a, sharing_basis="because")
    assert "sharing_basis" in _errors(excinfo)


def test_adult_victim_consent_is_enough(open_case, caseworker_a):
    today = timezone.localdate()
    referral = _send(
        open_case,
        caseworker_a,
        sharing_basis="victim_consent",
        consent_given_by="korban",
        consent_recorded_on=today,
        legal_reference="ignored for consent",
    )
    referral.refresh_from_db()
    assert referral.sharing_basis == SharingBasis.VICTIM_CONSENT
    assert referral.consent_recorded_on == today
    assert referral.legal_reference == ""  # fields of other bases are not kept
    event = AuditEvent.objects.get(action="referral.send", target_public_id=referral.public_id)
    assert event.changes["sharing_basis"] == "victim_consent"
    assert not AuditEvent.objects.filter(action="referral.consent_override").exists()


def test_consent_needs_a_date_not_in_the_future(open_case, caseworker_a):
    with pytest.raises(ValidationError) as excinfo:
        _send(open_case, caseworker_a, sharing_basis="victim_consent")
    assert "consent_recorded_on" in _errors(excinfo)
    with pytest.raises(ValidationError) as excinfo:
        _send(
            open_case,
            caseworker_a,
            sharing_basis="victim_consent",
            consent_recorded_on=timezone.localdate() + timedelta(days=1),
        )
    assert "consent_recorded_on" in _errors(excinfo)
    assert not Referral.objects.exists()


def test_child_victim_consent_alone_is_not_enough(open_case, caseworker_a):
    victim = _child(open_case)
    with pytest.raises(ValidationError) as excinfo:
        _send(
            open_case,
            caseworker_a,
            victim=victim,
            sharing_basis="victim_consent",
            consent_recorded_on=timezone.localdate(),
        )
    assert "sharing_basis" in _errors(excinfo)
    assert not Referral.objects.exists()


def test_child_is_read_from_the_database_not_a_stale_instance(open_case, caseworker_a):
    victim = open_case.participants.order_by("id").first()
    Participant.objects.filter(pk=victim.pk).update(is_child=True)
    assert victim.is_child is not True  # the instance passed in is stale
    with pytest.raises(ValidationError):
        _send(
            open_case,
            caseworker_a,
            victim=victim,
            sharing_basis="victim_consent",
            consent_recorded_on=timezone.localdate(),
        )


def test_child_with_guardian_consent_is_shared(open_case, caseworker_a):
    victim = _child(open_case)
    referral = _send(
        open_case,
        caseworker_a,
        victim=victim,
        sharing_basis="guardian_consent",
        consent_given_by="ibu kandung",
        consent_recorded_on=timezone.localdate(),
    )
    referral.refresh_from_db()
    assert referral.sharing_basis == SharingBasis.GUARDIAN_CONSENT
    assert referral.consent_given_by == "ibu kandung"


def test_guardian_consent_needs_who_gave_it(open_case, caseworker_a):
    victim = _child(open_case)
    with pytest.raises(ValidationError) as excinfo:
        _send(
            open_case,
            caseworker_a,
            victim=victim,
            sharing_basis="guardian_consent",
            consent_recorded_on=timezone.localdate(),
        )
    assert "consent_given_by" in _errors(excinfo)


def test_child_with_a_lawful_basis_is_shared(open_case, caseworker_a):
    victim = _child(open_case)
    referral = _send(
        open_case,
        caseworker_a,
        victim=victim,
        sharing_basis="legal_obligation",
        legal_reference="UU 35/2014 Pasal 59A",
        consent_given_by="ignored",
    )
    referral.refresh_from_db()
    assert referral.sharing_basis == SharingBasis.LEGAL_OBLIGATION
    assert referral.legal_reference == "UU 35/2014 Pasal 59A"
    assert referral.consent_given_by == ""


def test_lawful_basis_needs_its_legal_reference(open_case, caseworker_a):
    with pytest.raises(ValidationError) as excinfo:
        _send(open_case, caseworker_a, sharing_basis="public_task", legal_reference="  ")
    assert "legal_reference" in _errors(excinfo)


def test_consent_of_a_guardian_who_is_a_suspect_is_refused(open_case, caseworker_a):
    victim = _child(open_case)
    _guardian_suspect(open_case, caseworker_a)
    with pytest.raises(ValidationError) as excinfo:
        _send(
            open_case,
            caseworker_a,
            victim=victim,
            sharing_basis="guardian_consent",
            consent_given_by="ayah kandung",
            consent_recorded_on=timezone.localdate(),
        )
    assert "sharing_basis" in _errors(excinfo)
    assert not Referral.objects.exists()
    # A lawful basis is still possible.
    referral = _send(
        open_case,
        caseworker_a,
        victim=victim,
        sharing_basis="public_task",
        legal_reference="UU 21/2007 Pasal 51",
    )
    assert referral.sharing_basis == SharingBasis.PUBLIC_TASK


def test_a_suspect_not_marked_as_guardian_does_not_block_guardian_consent(open_case, caseworker_a):
    victim = _child(open_case)
    participant_add(
        case=open_case,
        actor=caseworker_a,
        role="suspect",
        data=PersonData(full_name="Perekrut Sintetis"),
    )
    referral = _send(
        open_case,
        caseworker_a,
        victim=victim,
        sharing_basis="guardian_consent",
        consent_given_by="bibi (wali)",
        consent_recorded_on=timezone.localdate(),
    )
    assert referral.sharing_basis == SharingBasis.GUARDIAN_CONSENT


# --- Override -----------------------------------------------------------------------------


def test_override_needs_the_permission(open_case, caseworker_a):
    assert not caseworker_a.has_perm("referrals.override_consent")
    with pytest.raises(ApplicationError):
        _send(open_case, caseworker_a, sharing_basis="override", override_reason=REASON)
    assert not Referral.objects.exists()
    assert not AuditEvent.objects.filter(action="referral.consent_override").exists()


def test_override_needs_a_written_reason_of_twenty_characters(open_case, supervisor_a):
    with pytest.raises(ValidationError) as excinfo:
        _send(open_case, supervisor_a, sharing_basis="override", override_reason="mendesak")
    assert "override_reason" in _errors(excinfo)
    assert not Referral.objects.exists()


def test_override_by_supervisor_is_recorded_and_audited(open_case, supervisor_a):
    victim = _child(open_case)
    _guardian_suspect(open_case, supervisor_a)
    referral = _send(
        open_case, supervisor_a, victim=victim, sharing_basis="override", override_reason=REASON
    )
    referral.refresh_from_db()
    assert referral.sharing_basis == SharingBasis.OVERRIDE
    assert referral.override_reason == REASON
    event = AuditEvent.objects.get(
        action="referral.consent_override", target_public_id=referral.public_id
    )
    assert event.actor == supervisor_a
    assert event.changes["fields"] == ["override_reason"]
    assert REASON not in str(event.changes)  # the reason's text stays out of the log
    assert AuditEvent.objects.filter(action="referral.send", target_public_id=referral.public_id)


def test_database_refuses_a_lawful_basis_without_reference(open_case, caseworker_a):
    referral = _send(
        open_case, caseworker_a, sharing_basis="public_task", legal_reference="UU 21/2007 Pasal 51"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Referral.objects.filter(pk=referral.pk).update(legal_reference="")


# --- Form and API -------------------------------------------------------------------------


def _create_url(case):
    return reverse("referrals:referral-create", kwargs={"case_id": case.public_id})


def _post_data(case, **extra):
    return {
        "victim": str(case.participants.order_by("id").first().public_id),
        "service": "health_rehab",
        "to_agency": str(Agency.objects.get(code="sudin-kesehatan-jakpus").public_id),
        "note": "",
        **extra,
    }


def test_form_without_basis_shows_the_error(client, open_case, caseworker_a):
    client.force_login(caseworker_a)
    response = client.post(_create_url(open_case), _post_data(open_case))
    assert response.status_code == 200
    assert "sharing_basis" in response.context["form"].errors
    assert not Referral.objects.exists()


def test_form_maps_the_service_rule_to_its_field(client, open_case, caseworker_a):
    _child(open_case)
    client.force_login(caseworker_a)
    response = client.post(
        _create_url(open_case),
        _post_data(open_case, sharing_basis="victim_consent", consent_recorded_on="01-03-2026"),
    )
    assert response.status_code == 200
    assert "sharing_basis" in response.context["form"].errors
    assert not Referral.objects.exists()


def test_form_sends_with_guardian_consent(client, open_case, caseworker_a):
    _child(open_case)
    client.force_login(caseworker_a)
    response = client.post(
        _create_url(open_case),
        _post_data(
            open_case,
            sharing_basis="guardian_consent",
            consent_given_by="ibu kandung",
            consent_recorded_on=timezone.localdate().strftime("%d-%m-%Y"),
        ),
    )
    assert response.status_code == 302
    assert Referral.objects.get().sharing_basis == SharingBasis.GUARDIAN_CONSENT


def test_override_is_offered_only_to_supervisors(client, open_case, caseworker_a, supervisor_a):
    client.force_login(caseworker_a)
    form = client.get(_create_url(open_case)).context["form"]
    assert "override_reason" not in form.fields
    assert "override" not in [v for v, _label in form.fields["sharing_basis"].choices]
    client.force_login(supervisor_a)
    form = client.get(_create_url(open_case)).context["form"]
    assert "override_reason" in form.fields
    assert "override" in [v for v, _label in form.fields["sharing_basis"].choices]


def test_case_manager_cannot_post_an_override(client, open_case, caseworker_a):
    client.force_login(caseworker_a)
    response = client.post(
        _create_url(open_case),
        _post_data(open_case, sharing_basis="override", override_reason=REASON),
    )
    assert response.status_code == 200
    assert "sharing_basis" in response.context["form"].errors  # not a valid choice for them
    assert not Referral.objects.exists()


def _api_body(case, **extra):
    return {
        "case": str(case.public_id),
        "victim": str(case.participants.order_by("id").first().public_id),
        "to_agency": str(Agency.objects.get(code="sudin-kesehatan-jakpus").public_id),
        "service": "health_rehab",
        **extra,
    }


def test_api_requires_a_basis(client, open_case, caseworker_a):
    client.force_login(caseworker_a)
    response = client.post(
        "/api/v1/referrals/", _api_body(open_case), content_type="application/json"
    )
    assert response.status_code == 400
    assert "sharing_basis" in str(response.json())
    assert not Referral.objects.exists()


def test_api_refuses_victim_consent_for_a_child(client, open_case, caseworker_a):
    _child(open_case)
    client.force_login(caseworker_a)
    body = _api_body(
        open_case,
        sharing_basis="victim_consent",
        consent_recorded_on=timezone.localdate().isoformat(),
    )
    response = client.post("/api/v1/referrals/", body, content_type="application/json")
    assert response.status_code == 400
    assert "sharing_basis" in str(response.json())
    assert not Referral.objects.exists()


def test_api_sends_with_guardian_consent_and_returns_the_basis(client, open_case, caseworker_a):
    _child(open_case)
    client.force_login(caseworker_a)
    body = _api_body(
        open_case,
        sharing_basis="guardian_consent",
        consent_given_by="ibu kandung",
        consent_recorded_on=timezone.localdate().isoformat(),
    )
    response = client.post("/api/v1/referrals/", body, content_type="application/json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["sharing_basis"] == "guardian_consent"
    assert data["consent_given_by"] == "ibu kandung"
    assert "override_reason" not in data
