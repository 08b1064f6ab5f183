"""Audit selectors: "who accessed this record" scoping and the auditor's event list."""

from datetime import timedelta

import pytest
from django.http import Http404
from django.utils import timezone

from sigap.agencies.choices import Role
from sigap.agencies.models import Agency, Service
from sigap.audit.models import AuditEvent
from sigap.audit.selectors import (
    access_log_visible,
    audit_action_choices,
    audit_case_ref,
    audit_event_list,
    target_access_log,
)
from sigap.audit.services import audit_record
from sigap.referrals.services import referral_send

pytestmark = pytest.mark.django_db


@pytest.fixture
def auditor(make_user):
    return make_user(Role.AUDITOR, "pemkot-jakpus", "dpo")


@pytest.fixture
def referral(open_case, caseworker_a):
    return referral_send(
        case=open_case,
        actor=caseworker_a,
        victim=open_case.participants.order_by("id").first(),
        to_agency=Agency.objects.get(code="sudin-kesehatan-jakpus"),
        service=Service.objects.get(code="health_rehab"),
        sharing_basis="public_task",
        legal_reference="UU 21/2007 Pasal 51",
    )


def _ids(qs):
    return [e.pk for e in qs]


def test_log_holds_events_on_the_case_its_referrals_participants_and_people(
    open_case, referral, caseworker_a, health_provider
):
    participant = open_case.participants.order_by("id").first()
    person_event = audit_record(
        actor=health_provider, action="person.view", target=participant.person
    )
    participant_event = audit_record(
        actor=caseworker_a, action="participant.view", target=participant
    )
    unrelated = audit_record(actor=caseworker_a, action="auth.login", target=caseworker_a)

    log = list(target_access_log(user=caseworker_a, case=open_case))

    ids = [e.pk for e in log]
    send_event = AuditEvent.objects.get(action="referral.send")
    open_event = AuditEvent.objects.get(action="case.open")
    assert {person_event.pk, participant_event.pk, send_event.pk, open_event.pk} <= set(ids)
    assert unrelated.pk not in ids
    assert ids == sorted(ids, reverse=True)  # newest first
    row = next(e for e in log if e.pk == person_event.pk)
    assert row.actor == health_provider
    assert row.actor_agency_name == Agency.objects.get(code="sudin-kesehatan-jakpus").name


def test_log_leaves_out_other_cases(open_case, caseworker_a, make_user, areas):
    from sigap.cases.services import PersonData, case_report

    other = case_report(
        actor=caseworker_a,
        intake_channel="walk_in",
        report_area=areas["31.71.03.1001"],
        summary="Kasus sintetis lain.",
        victims=[PersonData(full_name="Korban Lain Sintetis")],
        journey=[],
    )
    ids = _ids(target_access_log(user=caseworker_a, case=open_case))
    assert (
        AuditEvent.objects.get(action="case.report", target_public_id=other.public_id).pk not in ids
    )
    assert (
        AuditEvent.objects.get(action="case.open", target_public_id=open_case.public_id).pk in ids
    )


@pytest.mark.parametrize("persona", ["caseworker_a", "supervisor_a", "auditor"])
def test_handling_case_team_and_auditor_may_read_the_log(request, open_case, persona):
    user = request.getfixturevalue(persona)
    assert access_log_visible(user=user, case=open_case)
    assert target_access_log(user=user, case=open_case).exists()


@pytest.mark.parametrize(
    "persona",
    [
        "caseworker_b",
        "health_provider",
        "police_officer",
        "secretariat_user",
        "reporter_kemayoran",
        "leadership_user",
        "platform_admin",
    ],
)
def test_others_get_nothing(request, open_case, referral, persona):
    user = request.getfixturevalue(persona)
    assert not access_log_visible(user=user, case=open_case)
    assert not target_access_log(user=user, case=open_case).exists()


def test_superuser_without_auditor_role_gets_nothing(open_case, django_user_model):
    root = django_user_model.objects.create_superuser("root-test", password="x-synthetic-1")
    assert not target_access_log(user=root, case=open_case).exists()
    assert audit_event_list(user=root).count() == 0
    with pytest.raises(Http404):
        audit_case_ref(user=root, public_id=open_case.public_id)


def test_case_team_of_the_reporting_agency_only_is_not_enough(reported_case, caseworker_a):
    """A case not yet taken on has no handling agency: only the auditor reads its log."""
    assert reported_case.handling_agency_id is None
    assert not target_access_log(user=caseworker_a, case=reported_case).exists()


def test_audit_case_ref_is_for_auditors_only(open_case, auditor, caseworker_a):
    ref = audit_case_ref(user=auditor, public_id=open_case.public_id)
    assert ref.number == open_case.number
    assert set(ref.get_deferred_fields()) >= {"summary", "reporting_agency_id"}
    with pytest.raises(Http404):
        audit_case_ref(user=caseworker_a, public_id=open_case.public_id)
    with pytest.raises(Http404):
        audit_case_ref(user=auditor, public_id="00000000-0000-4000-8000-000000000000")


def test_event_list_filters_by_action_and_date(open_case, referral, auditor, caseworker_a):
    everything = audit_event_list(user=auditor)
    assert everything.count() == AuditEvent.objects.count()
    sends = audit_event_list(user=auditor, action="referral.send")
    assert [e.action for e in sends] == ["referral.send"]
    today = timezone.localdate()
    assert audit_event_list(user=auditor, date_from=today, date_to=today).count() == (
        AuditEvent.objects.count()
    )
    assert not audit_event_list(user=auditor, date_to=today - timedelta(days=1)).exists()
    assert not audit_event_list(user=auditor, date_from=today + timedelta(days=1)).exists()
    assert "referral.send" in audit_action_choices(user=auditor)
    assert audit_event_list(user=caseworker_a).count() == 0
    assert audit_action_choices(user=caseworker_a) == []


def test_log_leaves_out_rows_on_a_shared_person_from_another_agencys_case(
    client, open_case, caseworker_a, caseworker_b, secretariat_user, police_officer, auditor, areas
):
    """The victim's record is also in a case of Sudin Sosial (merged across agencies by the
    secretariat), referred to Polres. The police look at the person's network: that row is
    about Sudin Sosial's case, so UPT PPA's team (which never referred its case to Polres)
    does not read it in its case's log (it named Polres, its investigator and when); Sudin
    Sosial's team and the auditor do."""
    from django.urls import reverse

    from sigap.cases.services import PersonData, case_open, case_report
    from sigap.people.merge import person_merge
    from sigap.people.tests.test_network import _refer_to_police

    victim = open_case.participants.order_by("id").first().person
    other = case_report(
        actor=caseworker_b,
        intake_channel="walk_in",
        report_area=areas["31.71.01.1001"],
        summary="Kasus sintetis Sudin Sosial.",
        victims=[PersonData("Korban Sintetis 0", sex="F")],
    )
    other = case_open(case=other, actor=caseworker_b)
    person_merge(
        actor=secretariat_user,
        survivor=victim,
        merged=other.participants.get().person,
        reason="Sama.",
    )
    _refer_to_police(other, caseworker_b)
    client.force_login(police_officer)
    assert client.get(reverse("people:network-person", args=[victim.public_id])).status_code == 200
    seen = AuditEvent.objects.get(action="network.view", actor=police_officer)
    assert seen.target_public_id == victim.public_id

    assert seen.pk not in _ids(target_access_log(user=caseworker_a, case=open_case))
    client.force_login(caseworker_a)
    page = client.get(reverse("cases:case-section-access-log", args=[open_case.public_id]))
    assert page.status_code == 200
    assert seen.pk not in [e.pk for e in page.context["access_log"].object_list]
    assert Agency.objects.get(code="polres-jakpus-ppa").name not in page.content.decode()
    # The case it belongs to, and the auditor, still read it.
    assert seen.pk in _ids(target_access_log(user=caseworker_b, case=other))
    assert seen.pk in _ids(target_access_log(user=auditor, case=open_case))
    # The case's own rows stay.
    assert AuditEvent.objects.get(action="case.open", target_public_id=open_case.public_id).pk in (
        _ids(target_access_log(user=caseworker_a, case=open_case))
    )
