"""Case transfer: request, accept (ownership moves; open referrals and tasks listed, confirmed
and audited, never moved), decline, cancel; sharing-basis rules; access (404 / 403)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from sigap.agencies.choices import Role
from sigap.audit.models import AuditEvent
from sigap.cases.models import Case
from sigap.cases.services import case_handover
from sigap.cases.tests.factories import assert_audited
from sigap.casework.models import Notification, Task
from sigap.casework.services import closure_request, task_create
from sigap.core.exceptions import ApplicationError, ConflictError
from sigap.referrals.models import CaseTransfer
from sigap.referrals.selectors import case_handover_items
from sigap.referrals.services.transfers import (
    transfer_accept,
    transfer_cancel,
    transfer_decline,
    transfer_request,
)
from sigap.referrals.tests.conftest import send

pytestmark = pytest.mark.django_db

REASON = "Korban pindah domisili ke wilayah lembaga penerima."
SOSIAL = "sudin-sosial-jakpus"


def _agency(code):
    from sigap.agencies.models import Agency

    return Agency.objects.get(code=code)


def _request(case, actor, to=SOSIAL, **kw):
    kw.setdefault("sharing_basis", "public_task")
    kw.setdefault("legal_reference", "UU 21/2007 Pasal 51")
    return transfer_request(case=case, actor=actor, to_agency=_agency(to), reason=REASON, **kw)


@pytest.fixture
def transfer(open_case, caseworker_a, caseworker_b):
    """UPT PPA asks Sudin Sosial (caseworker_b's agency) to take the open case over."""
    return _request(open_case, caseworker_a)


@pytest.fixture
def open_items(open_case, caseworker_a, health_provider):
    """An open referral (to Sudin Kesehatan) and an open task (caseworker_a) on the case."""
    referral = send(open_case, caseworker_a)
    task = task_create(
        case=open_case,
        actor=caseworker_a,
        title="Kunjungan rumah",
        kind="other",
        due_on=timezone.localdate() + timedelta(days=3),
        assignee_user=caseworker_a,
    )
    return referral, task


def _ids(*objs):
    return [str(o.public_id) for o in objs]


# --- request -------------------------------------------------------------------------------------


def test_handling_team_requests_a_transfer(transfer, open_case, caseworker_a, caseworker_b):
    assert transfer.status == "requested"
    assert transfer.from_agency.code == "upt-ppa-dki"
    assert transfer.to_agency.code == SOSIAL
    event = assert_audited(
        action="case_transfer.request", actor=caseworker_a, target=transfer, pii=[REASON]
    )
    assert event.changes["fields"] == ["reason"]
    assert event.changes["victims"] == 3
    # The receiving team sees the request (and its case number) on the transfer's page, so the
    # notification names the case too.
    note = Notification.objects.get(recipient=caseworker_b, verb="transfer_requested")
    assert note.case_number == open_case.number
    open_case.refresh_from_db()
    assert open_case.handling_agency.code == "upt-ppa-dki"  # nothing moves yet


def test_one_waiting_transfer_per_case(transfer, open_case, caseworker_a, make_user):
    make_user(Role.CASE_MANAGER, "polres-jakpus-ppa", "cm-polres")
    with pytest.raises(ApplicationError):
        _request(open_case, caseworker_a, to="polres-jakpus-ppa")
    assert CaseTransfer.objects.count() == 1


def test_transfer_needs_a_reason_and_a_basis(open_case, caseworker_a, caseworker_b):
    with pytest.raises(ValidationError) as exc:
        transfer_request(
            case=open_case,
            actor=caseworker_a,
            to_agency=_agency(SOSIAL),
            reason=" ",
            sharing_basis="public_task",
            legal_reference="UU 21/2007",
        )
    assert "reason" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        _request(open_case, caseworker_a, sharing_basis="")
    assert "sharing_basis" in exc.value.message_dict
    assert not CaseTransfer.objects.exists()


def test_child_victim_needs_guardian_consent_or_a_lawful_basis(
    open_case, caseworker_a, caseworker_b
):
    """The same rules as a referral, checked for every victim of the case."""
    child = open_case.participants.order_by("id").last()
    type(child).objects.filter(pk=child.pk).update(is_child=True)
    with pytest.raises(ValidationError) as exc:
        _request(
            open_case,
            caseworker_a,
            sharing_basis="victim_consent",
            consent_given_by="korban",
            consent_recorded_on=timezone.localdate(),
        )
    assert "sharing_basis" in exc.value.message_dict
    assert not CaseTransfer.objects.exists()
    assert _request(open_case, caseworker_a).sharing_basis == "public_task"


def test_override_needs_the_permission(open_case, caseworker_a, caseworker_b):
    with pytest.raises(ApplicationError):
        _request(open_case, caseworker_a, sharing_basis="override", override_reason="x" * 30)
    assert not CaseTransfer.objects.exists()


def test_only_the_handling_team_requests(open_case, caseworker_b, health_provider):
    for actor in (caseworker_b, health_provider):
        with pytest.raises(ApplicationError):
            _request(open_case, actor, to="sudin-kesehatan-jakpus")
    assert not CaseTransfer.objects.exists()


def test_the_receiving_agency_needs_a_case_manager(open_case, caseworker_a):
    with pytest.raises(ValidationError) as exc:
        _request(open_case, caseworker_a, to="sudin-kesehatan-jakpus")  # no case team there
    assert "to_agency" in exc.value.message_dict


def test_not_while_a_closure_request_waits(open_case, caseworker_a, caseworker_b, supervisor_a):
    closure_request(case=open_case, actor=caseworker_a, reason="services_completed")
    with pytest.raises(ApplicationError):
        _request(open_case, caseworker_a)


# --- accept --------------------------------------------------------------------------------------


def test_accepting_moves_ownership_and_audits_the_open_items(
    transfer, open_items, open_case, caseworker_a, caseworker_b
):
    referral, task = open_items
    accepted = transfer_accept(
        transfer=transfer, actor=caseworker_b, confirmed_ids=_ids(referral, task)
    )
    assert accepted.status == "accepted"
    open_case.refresh_from_db()
    assert open_case.handling_agency.code == SOSIAL
    assert open_case.version == 3  # reported → open → transferred
    event = assert_audited(action="case.transfer", actor=caseworker_b, target=open_case)
    assert event.changes["from_agency"] == str(_agency("upt-ppa-dki").public_id)
    assert event.changes["to_agency"] == str(_agency(SOSIAL).public_id)
    assert event.changes["open_referrals"] == [str(referral.public_id)]
    assert event.changes["open_tasks"] == [str(task.public_id)]
    assert_audited(action="case_transfer.accept", actor=caseworker_b, target=accepted)
    # Nothing was moved silently: the referral and the task are exactly as they were.
    referral.refresh_from_db()
    task.refresh_from_db()
    assert (referral.status, referral.from_agency.code) == ("sent", "upt-ppa-dki")
    assert (task.assignee_user, task.assignee_agency.code) == (caseworker_a, "upt-ppa-dki")
    # The requester no longer handles the case but still sees the transfer: the number stays.
    note = Notification.objects.get(recipient=caseworker_a, verb="transfer_accepted")
    assert note.case_number == open_case.number


def test_accepting_needs_the_exact_list_shown(transfer, open_items, open_case, caseworker_b):
    referral, task = open_items
    with pytest.raises(ConflictError) as exc:
        transfer_accept(transfer=transfer, actor=caseworker_b, confirmed_ids=_ids(referral))
    assert sorted(exc.value.extra["items"]) == sorted(_ids(referral, task))
    open_case.refresh_from_db()
    assert open_case.handling_agency.code == "upt-ppa-dki"
    assert not AuditEvent.objects.filter(action="case.transfer").exists()


def test_a_stale_version_is_refused(transfer, caseworker_b):
    with pytest.raises(ConflictError):
        transfer_accept(transfer=transfer, actor=caseworker_b, confirmed_ids=[], expected_version=9)


def test_only_the_receiving_case_team_accepts(
    transfer, caseworker_a, social_provider, health_provider
):
    for actor in (caseworker_a, social_provider, health_provider):
        with pytest.raises(ApplicationError):
            transfer_accept(transfer=transfer, actor=actor, confirmed_ids=[])
    assert Case.objects.get(pk=transfer.case_id).handling_agency.code == "upt-ppa-dki"


def test_case_handover_checks_the_actor(open_case, caseworker_a, social_provider):
    for actor in (caseworker_a, social_provider):
        with pytest.raises(ApplicationError):
            case_handover(case=open_case, to_agency=_agency(SOSIAL), actor=actor)
    open_case.refresh_from_db()
    assert open_case.handling_agency.code == "upt-ppa-dki"


def test_after_the_transfer_the_new_agency_sees_the_case_and_the_old_one_does_not(
    client, transfer, open_case, caseworker_a, caseworker_b
):
    transfer_accept(transfer=transfer, actor=caseworker_b, confirmed_ids=[])
    url = reverse("cases:case-detail", kwargs={"public_id": open_case.public_id})
    client.force_login(caseworker_b)
    assert client.get(url).status_code == 200
    client.force_login(caseworker_a)
    assert client.get(url).status_code == 404


def test_after_the_transfer_the_old_sender_no_longer_sees_victim_names(
    client, transfer, open_items, caseworker_a, caseworker_b
):
    referral, task = open_items
    transfer_accept(transfer=transfer, actor=caseworker_b, confirmed_ids=_ids(referral, task))
    name = referral.victim.person.full_name
    # The case is now out of the old agency's scope, so its sent box no longer lists the
    # referral either: a referral never shows the number of a case that is 404 for the viewer
    # (issue 7 finding 1; referral_scope_q follows the one case rule).
    client.force_login(caseworker_a)
    body = client.get(reverse("referrals:referral-inbox") + "?box=sent").content.decode()
    assert referral.case.number not in body
    assert name not in body
    client.force_login(caseworker_b)
    detail = reverse("referrals:referral-detail", kwargs={"public_id": referral.public_id})
    assert name in client.get(detail).content.decode()


# --- decline / cancel ----------------------------------------------------------------------------


def test_receiver_declines_with_a_reason(transfer, open_case, caseworker_a, caseworker_b):
    with pytest.raises(ValidationError):
        transfer_decline(transfer=transfer, actor=caseworker_b, reason="")
    declined = transfer_decline(transfer=transfer, actor=caseworker_b, reason="Kapasitas penuh.")
    assert declined.status == "declined"
    assert_audited(
        action="case_transfer.decline", actor=caseworker_b, target=declined, pii=["Kapasitas"]
    )
    open_case.refresh_from_db()
    assert open_case.handling_agency.code == "upt-ppa-dki"
    assert Notification.objects.filter(recipient=caseworker_a, verb="transfer_declined").exists()
    with pytest.raises(ApplicationError):  # answered: nothing more to do
        transfer_accept(transfer=declined, actor=caseworker_b, confirmed_ids=[])


def test_requester_cancels(transfer, caseworker_a, caseworker_b):
    with pytest.raises(ApplicationError):
        transfer_cancel(transfer=transfer, actor=caseworker_b)
    cancelled = transfer_cancel(transfer=transfer, actor=caseworker_a)
    assert cancelled.status == "cancelled"
    assert_audited(action="case_transfer.cancel", actor=caseworker_a, target=cancelled)


# --- pages and access ----------------------------------------------------------------------------


def _url(name, transfer):
    return reverse(f"referrals:transfer-{name}", kwargs={"public_id": transfer.public_id})


def test_request_page(client, open_case, caseworker_a, caseworker_b):
    client.force_login(caseworker_a)
    url = reverse("referrals:transfer-request", kwargs={"case_id": open_case.public_id})
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "to_agency": str(_agency(SOSIAL).public_id),
            "reason": REASON,
            "sharing_basis": "public_task",
            "legal_reference": "UU 21/2007 Pasal 51",
        },
    )
    transfer = CaseTransfer.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("detail", transfer)


def test_request_page_access(client, open_case, caseworker_b, secretariat_user, supervisor_a):
    url = reverse("referrals:transfer-request", kwargs={"case_id": open_case.public_id})
    client.force_login(caseworker_b)  # outsider case team: the case is out of scope
    assert client.get(url).status_code == 404
    client.force_login(secretariat_user)  # no cases.change_case
    assert client.get(url).status_code == 403
    client.force_login(supervisor_a)
    assert client.get(url).status_code == 200


def test_receiver_sees_the_list_and_accepts_in_the_ui(
    client, transfer, open_items, open_case, caseworker_b
):
    referral, task = open_items
    client.force_login(caseworker_b)
    page = client.get(_url("detail", transfer))
    assert page.status_code == 200
    body = page.content.decode()
    assert str(referral.service) in body
    assert task.get_kind_display() in body
    for p in open_case.participants.select_related("person"):
        assert p.person.full_name not in body  # no victim's name before the case is accepted
    items = page.context["accept_form"].initial["items"]
    # Without the confirmation box ticked: refused, nothing moves.
    response = client.post(
        _url("accept", transfer), {"accept-expected_version": 1, "accept-items": items}
    )
    assert response.status_code == 200
    assert Case.objects.get(pk=open_case.pk).handling_agency.code == "upt-ppa-dki"
    response = client.post(
        _url("accept", transfer),
        {"accept-expected_version": 1, "accept-items": items, "accept-confirm": "on"},
    )
    assert response.status_code == 302
    assert Case.objects.get(pk=open_case.pk).handling_agency.code == SOSIAL


def test_a_task_added_after_the_page_was_shown_stops_the_acceptance(
    client, transfer, open_case, caseworker_a, caseworker_b
):
    client.force_login(caseworker_b)
    items = client.get(_url("detail", transfer)).context["accept_form"].initial["items"]
    task_create(
        case=open_case,
        actor=caseworker_a,
        title="Tugas baru",
        kind="other",
        due_on=timezone.localdate(),
    )
    response = client.post(
        _url("accept", transfer),
        {"accept-expected_version": 1, "accept-items": items, "accept-confirm": "on"},
    )
    assert response.status_code == 200
    assert response.context["accept_form"].non_field_errors()
    assert Case.objects.get(pk=open_case.pk).handling_agency.code == "upt-ppa-dki"


def test_transfer_pages_access(
    client, transfer, make_user, caseworker_a, health_provider, secretariat_user
):
    outsider = make_user(Role.CASE_MANAGER, "polres-jakpus-ppa", "cm-polres")
    client.force_login(outsider)  # a case team of a third agency: not its transfer
    assert client.get(_url("detail", transfer)).status_code == 404
    assert client.post(_url("accept", transfer), {}).status_code == 404
    for user in (health_provider, secretariat_user):  # no cases.change_case
        client.force_login(user)
        assert client.get(_url("detail", transfer)).status_code == 403
        assert client.post(_url("decline", transfer), {}).status_code == 403
    client.force_login(caseworker_a)  # the requester sees it but may not accept
    assert client.get(_url("detail", transfer)).status_code == 200
    assert client.post(_url("accept", transfer), {}).status_code == 403
    assert CaseTransfer.objects.get().status == "requested"


def test_transfer_inbox_lists_both_sides_only(
    client, transfer, caseworker_a, caseworker_b, make_user, django_assert_max_num_queries
):
    client.force_login(caseworker_b)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("referrals:transfer-inbox"))
    assert [t.pk for t in response.context["page"].object_list] == [transfer.pk]
    client.force_login(make_user(Role.SUPERVISOR, "polres-jakpus-ppa", "spv-polres"))
    response = client.get(reverse("referrals:transfer-inbox"))
    assert list(response.context["page"].object_list) == []
    assert transfer.case.number not in response.content.decode()


def test_handover_items_cost_two_queries(open_case, open_items, django_assert_num_queries):
    with django_assert_num_queries(2):
        items = case_handover_items(case=open_case)
    assert len(items.ids) == 2


def test_tasks_are_not_reassigned(transfer, open_items, caseworker_b):
    referral, task = open_items
    before = list(Task.objects.values_list("pk", "assignee_user_id", "assignee_agency_id"))
    transfer_accept(transfer=transfer, actor=caseworker_b, confirmed_ids=_ids(referral, task))
    after = list(Task.objects.values_list("pk", "assignee_user_id", "assignee_agency_id"))
    assert before == after


# --- retention -----------------------------------------------------------------------------------


def test_anonymisation_clears_the_free_text_of_transfers_revocations_and_conferences(
    open_case, caseworker_a, caseworker_b, health_provider
):
    from sigap.cases.services import ANONYMISED, case_anonymise, case_close
    from sigap.casework.models import CaseConference, ConferenceDecision
    from sigap.casework.services import DecisionData, conference_record
    from sigap.referrals.models import Referral
    from sigap.referrals.services import referral_revoke

    referral = send(open_case, caseworker_a)
    referral_revoke(referral=referral, actor=caseworker_a, reason=REASON)
    transfer = _request(open_case, caseworker_a)
    transfer_decline(transfer=transfer, actor=caseworker_b, reason=REASON)
    conference_record(
        case=open_case,
        actor=caseworker_a,
        held_on=timezone.localdate(),
        agencies=[_agency("upt-ppa-dki")],
        summary=REASON,
        participant_roles="ibu korban",
        decisions=[DecisionData(text=REASON)],
    )
    case = case_close(case=open_case, actor=caseworker_a, reason="services_completed")
    case_anonymise(case=case)
    assert Referral.objects.get(pk=referral.pk).revoke_reason == ""
    transfer.refresh_from_db()
    assert (transfer.reason, transfer.decline_reason) == ("", ANONYMISED)
    conference = CaseConference.objects.get()
    assert (conference.summary, conference.participant_roles) == ("", "")
    assert ConferenceDecision.objects.get().text == ""
