"""Rights services: each rule, optimistic locking and the audit row of every write."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from sigap.audit.models import AuditEvent
from sigap.casework.models import Task
from sigap.core.exceptions import ApplicationError, ConflictError
from sigap.referrals.models import Referral
from sigap.rights import services
from sigap.rights.models import LpskProtection, Repatriation, RestitutionClaim, RightRecord
from sigap.rights.services import RightChange

pytestmark = pytest.mark.django_db


def _events(action):
    return list(AuditEvent.objects.filter(action=action).order_by("id"))


def _set(case, victim, actor, **kw):
    kw.setdefault("right", "identity")
    kw.setdefault("status", "in_progress")
    return services.right_update(case=case, victim=victim, actor=actor, change=RightChange(**kw))


# --- Rights -----------------------------------------------------------------------------------


def test_right_update_creates_record_and_audits_without_text(open_case, victim, caseworker_a):
    rec = _set(
        open_case,
        victim,
        caseworker_a,
        evidence_note="Nama korban disamarkan di media (sintetis).",
        evidence_on=timezone.localdate(),
        expected_version=0,
    )
    assert (rec.status, rec.version, rec.updated_by) == ("in_progress", 1, caseworker_a)
    [event] = _events("right.update")
    assert event.target_public_id == rec.public_id
    assert event.changes["status"] == [None, "in_progress"]
    assert event.changes["right"] == "identity"
    assert "evidence_note" in event.changes["fields"]
    assert "sintetis" not in str(event.changes)


def test_second_save_with_stale_version_is_refused(open_case, victim, caseworker_a, supervisor_a):
    _set(open_case, victim, caseworker_a, expected_version=0)
    _set(open_case, victim, supervisor_a, status="fulfilled", expected_version=1)
    with pytest.raises(ConflictError) as exc:
        _set(open_case, victim, caseworker_a, status="refused", expected_version=1)
    assert exc.value.extra["current_version"] == 2
    rec = RightRecord.objects.get(participant=victim, right="identity")
    assert (rec.status, rec.version) == ("fulfilled", 2)
    assert len(_events("right.update")) == 2


def test_creating_a_right_someone_else_created_is_a_conflict(open_case, victim, caseworker_a):
    _set(open_case, victim, caseworker_a, expected_version=0)
    with pytest.raises(ConflictError):
        _set(open_case, victim, caseworker_a, status="fulfilled", expected_version=0)


def test_rights_update_is_all_or_nothing(open_case, victim, caseworker_a):
    _set(open_case, victim, caseworker_a, expected_version=0)
    changes = [
        RightChange(right="information", status="fulfilled", expected_version=0),
        RightChange(right="identity", status="fulfilled", expected_version=0),  # stale
    ]
    with pytest.raises(ConflictError):
        services.rights_update(case=open_case, victim=victim, actor=caseworker_a, changes=changes)
    assert not RightRecord.objects.filter(right="information").exists()


def test_derived_right_cannot_be_typed_in(open_case, victim, caseworker_a, completed_health):
    with pytest.raises(ApplicationError):
        _set(open_case, victim, caseworker_a, right="health_rehab", status="refused")
    assert not RightRecord.objects.exists()


@pytest.mark.parametrize("persona", ["caseworker_b", "health_provider", "police_officer"])
def test_only_the_handling_team_writes(request, open_case, victim, persona):
    with pytest.raises(ApplicationError):
        _set(open_case, victim, request.getfixturevalue(persona))
    assert not RightRecord.objects.exists()


def test_closed_case_is_read_only(open_case, victim, caseworker_a):
    open_case.status = "closed"
    open_case.closed_at = timezone.now()
    open_case.save(update_fields=["status", "closed_at"])
    with pytest.raises(ApplicationError):
        _set(open_case, victim, caseworker_a)


def test_evidence_must_be_this_victims_and_not_in_the_future(
    open_case, victims, caseworker_a, refer
):
    other = refer(victims[1], "sudin-sosial-jakpus", "social_rehab")
    with pytest.raises(ValidationError) as exc:
        _set(
            open_case,
            victims[0],
            caseworker_a,
            referral=other,
            evidence_on=timezone.localdate() + timedelta(days=2),
        )
    assert set(exc.value.message_dict) == {"referral", "evidence_on"}


def test_unknown_status_is_refused(open_case, victim, caseworker_a):
    with pytest.raises(ValidationError) as exc:
        _set(open_case, victim, caseworker_a, status="maybe")
    assert "status" in exc.value.message_dict


def test_a_non_victim_is_refused(open_case, caseworker_a, verdict):
    suspect = open_case.participants.get(role="suspect")
    with pytest.raises(ValidationError):
        _set(open_case, suspect, caseworker_a)


# --- Repatriation -----------------------------------------------------------------------------


def _repatriate(case, victim, actor, **kw):
    kw.setdefault("kind", "domestic")
    return services.repatriation_set(case=case, victim=victim, actor=actor, **kw)


def test_domestic_repatriation_needs_an_area(open_case, victim, caseworker_a):
    with pytest.raises(ValidationError) as exc:
        _repatriate(open_case, victim, caseworker_a)
    assert "destination_area" in exc.value.message_dict


def test_international_repatriation_needs_country_and_mission(open_case, victim, caseworker_a):
    with pytest.raises(ValidationError) as exc:
        _repatriate(open_case, victim, caseworker_a, kind="international", country="ID")
    assert {"country", "mission"} <= set(exc.value.message_dict)
    rep = _repatriate(
        open_case,
        victim,
        caseworker_a,
        kind="international",
        country="kh",
        mission="KBRI Phnom Penh",
        travel_on=date(2026, 12, 20),
        expected_version=0,
    )
    assert (rep.country.code, rep.destination_area, rep.version) == ("KH", None, 1)
    [event] = _events("repatriation.set")
    assert event.changes["kind"] == "international"
    assert "KBRI" not in str(event.changes)


def test_completed_repatriation_needs_a_past_date(open_case, victim, caseworker_a, areas):
    with pytest.raises(ValidationError) as exc:
        _repatriate(
            open_case,
            victim,
            caseworker_a,
            destination_area=areas["33.01.01.2001"],
            status="completed",
            travel_on=timezone.localdate() + timedelta(days=3),
        )
    assert "travel_on" in exc.value.message_dict


def test_moving_a_victim_with_open_work_needs_confirmation_and_moves_nothing(
    open_case, victim, caseworker_a, areas, health_referral
):
    from sigap.casework.services import task_create

    task = task_create(
        case=open_case,
        actor=caseworker_a,
        title="Synthetic home visit",
        kind="other",
        due_on=timezone.localdate() + timedelta(days=5),
        assignee_user=caseworker_a,
        participant=victim,
    )
    area = areas["33.01.01.2001"]
    with pytest.raises(services.RelocationNotConfirmed) as exc:
        _repatriate(open_case, victim, caseworker_a, destination_area=area)
    assert exc.value.extra == {
        "referrals": [str(health_referral.public_id)],
        "tasks": [str(task.public_id)],
    }
    assert not Repatriation.objects.exists()
    with pytest.raises(services.RelocationNotConfirmed):  # a partial confirmation is refused
        _repatriate(
            open_case,
            victim,
            caseworker_a,
            destination_area=area,
            confirmed_ids=[str(task.public_id)],
        )
    rep = _repatriate(
        open_case,
        victim,
        caseworker_a,
        destination_area=area,
        confirmed_ids=[str(health_referral.public_id), str(task.public_id)],
    )
    assert rep.destination_area == area
    ref, t = Referral.objects.get(pk=health_referral.pk), Task.objects.get(pk=task.pk)
    assert (ref.status, ref.to_agency_id) == ("sent", health_referral.to_agency_id)
    assert (t.status, t.assignee_user_id, t.assignee_agency_id) == (
        "open",
        caseworker_a.pk,
        task.assignee_agency_id,
    )
    [event] = _events("repatriation.set")
    assert event.changes["relocation"]["kept_open"]["tasks"] == [str(task.public_id)]
    assert event.changes["relocation"]["confirmed"] is True
    assert area.code not in str(event.changes)


def test_changing_only_the_status_needs_no_confirmation(
    open_case, victim, caseworker_a, areas, health_referral
):
    area = areas["33.01.01.2001"]
    rep = _repatriate(
        open_case,
        victim,
        caseworker_a,
        destination_area=area,
        confirmed_ids=[str(health_referral.public_id)],
    )
    rep = _repatriate(
        open_case,
        victim,
        caseworker_a,
        destination_area=area,
        status="in_progress",
        expected_version=rep.version,
    )
    assert (rep.status, rep.version) == ("in_progress", 2)


def test_repatriation_stale_version_is_refused(open_case, victim, caseworker_a, areas):
    area = areas["33.01.01.2001"]
    _repatriate(open_case, victim, caseworker_a, destination_area=area, expected_version=0)
    with pytest.raises(ConflictError):
        _repatriate(open_case, victim, caseworker_a, destination_area=area, expected_version=0)


# --- Restitution claim ------------------------------------------------------------------------


def test_restitution_claim_rules(open_case, victim, caseworker_a):
    with pytest.raises(ValidationError) as exc:
        services.restitution_claim_set(
            case=open_case,
            victim=victim,
            actor=caseworker_a,
            amount_claimed=5_000_000,  # no date
            assessed_on=date(2026, 3, 1),
            amount_assessed=0,
        )
    assert {"amount_claimed", "amount_assessed"} <= set(exc.value.message_dict)
    with pytest.raises(ValidationError) as exc:
        services.restitution_claim_set(
            case=open_case,
            victim=victim,
            actor=caseworker_a,
            claimed_on=date(2026, 5, 1),
            amount_claimed=5_000_000,
            assessed_on=date(2026, 4, 1),
            amount_assessed=4_000_000,
        )
    assert "assessed_on" in exc.value.message_dict
    assert not RestitutionClaim.objects.exists()


def test_restitution_claim_saved_and_audited_without_amounts(open_case, victim, caseworker_a):
    claim = services.restitution_claim_set(
        case=open_case,
        victim=victim,
        actor=caseworker_a,
        claimed_on=date(2026, 5, 1),
        amount_claimed=57_300_000,
        expected_version=0,
    )
    claim = services.restitution_claim_set(
        case=open_case,
        victim=victim,
        actor=caseworker_a,
        claimed_on=date(2026, 5, 1),
        amount_claimed=57_300_000,
        assessed_on=date(2026, 6, 1),
        amount_assessed=48_100_000,
        amount_in_indictment=48_100_000,
        expected_version=1,
    )
    assert (claim.amount_assessed, claim.version) == (48_100_000, 2)
    first, second = _events("restitution_claim.set")
    assert first.changes["fields"] == ["amount_claimed", "claimed_on"]
    assert second.changes["fields"] == ["amount_assessed", "amount_in_indictment", "assessed_on"]
    assert "48100000" not in str(second.changes)
    with pytest.raises(ConflictError):
        services.restitution_claim_set(
            case=open_case,
            victim=victim,
            actor=caseworker_a,
            claimed_on=date(2026, 5, 1),
            amount_claimed=1,
            expected_version=1,
        )


# --- LPSK protection --------------------------------------------------------------------------


def _protect(case, victim, actor, **kw):
    kw.setdefault("applied_on", date(2026, 6, 1))
    return services.protection_set(case=case, victim=victim, actor=actor, **kw)


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"decision": "granted", "decided_on": date(2026, 6, 10)}, "forms"),
        ({"decision": "refused", "decided_on": date(2026, 6, 10), "forms": ["physical"]}, "forms"),
        ({"decision": "granted"}, "decided_on"),
        ({"decision": "refused", "decided_on": date(2026, 5, 1)}, "decided_on"),
        ({"applied_on": None}, "applied_on"),
        ({"forms": ["teleport"]}, "forms"),
    ],
)
def test_protection_rules(open_case, victim, caseworker_a, kw, field):
    with pytest.raises(ValidationError) as exc:
        _protect(open_case, victim, caseworker_a, **kw)
    assert field in exc.value.message_dict
    assert not LpskProtection.objects.exists()


def test_protection_applied_then_granted_is_audited(open_case, victim, caseworker_a):
    p = _protect(open_case, victim, caseworker_a, expected_version=0)
    p = _protect(
        open_case,
        victim,
        caseworker_a,
        decided_on=date(2026, 6, 20),
        decision="granted",
        forms=["physical", "medical", "physical"],
        expected_version=p.version,
    )
    assert (p.decision, p.forms, p.version) == ("granted", ["medical", "physical"], 2)
    events = _events("lpsk_protection.set")
    assert [e.changes["decision"] for e in events] == [[None, ""], ["", "granted"]]
    assert events[1].changes["protection_forms"] == ["medical", "physical"]
