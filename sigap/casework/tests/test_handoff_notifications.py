"""Every hand-off is announced (issue 13 §1): who is told, with which verb, linking where.

Each test checks the recipients (and who is not told), the link to the page where the
recipient acts (and that the recipient can open it), and that nothing personal travels.
"""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse

from sigap.audit.models import AuditEvent
from sigap.cases.services import case_open
from sigap.cases.tests.factories import report_case
from sigap.casework import services
from sigap.casework.models import Notification, NotificationEmailOptOut
from sigap.referrals.services import (
    jakarta_today,
    referral_accept,
    referral_complete,
    referral_decline,
)
from sigap.referrals.services.reminders import referral_remind
from sigap.referrals.services.transfers import transfer_accept, transfer_decline, transfer_request
from sigap.referrals.tests.conftest import send

pytestmark = pytest.mark.django_db

PASSWORD = "Sigap-Test-Passw0rd!"


def _notes(user, verb):
    return list(Notification.objects.filter(recipient=user, verb=verb))


def _one(user, verb) -> Notification:
    rows = _notes(user, verb)
    assert len(rows) == 1, [n.verb for n in Notification.objects.filter(recipient=user)]
    return rows[0]


def _opens(client, user, note) -> int:
    client.force_login(user)
    return client.get(note.target_url()).status_code


def _victim_names(case):
    return [p.person.full_name for p in case.participants.select_related("person")]


def _no_personal_data(text, case):
    for name in _victim_names(case):
        assert name not in text


# --- New case reported -------------------------------------------------------------------------


def test_new_case_reaches_the_upt_ppa_case_team_with_a_link_to_take_it_on(
    client,
    caseworker_a,
    supervisor_a,
    caseworker_b,
    reporter_kemayoran,
    areas,
    django_capture_on_commit_callbacks,
):
    caseworker_a.email = "cm@upt.example.org"
    caseworker_a.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        case = report_case(actor=reporter_kemayoran, areas=areas)
    for user in (caseworker_a, supervisor_a):
        note = _one(user, "case_reported")
        assert note.case_number == case.number
        assert note.link == reverse("cases:case-detail", args=[case.public_id])
    assert not Notification.objects.filter(recipient__in=[caseworker_b, reporter_kemayoran])
    assert _opens(client, caseworker_a, _one(caseworker_a, "case_reported")) == 200
    assert [m.to for m in mail.outbox] == [["cm@upt.example.org"]]
    text = mail.outbox[0].subject + mail.outbox[0].body
    assert case.number in text
    assert str(case.public_id) in mail.outbox[0].body  # the link
    _no_personal_data(text, case)


def test_a_case_the_upt_ppa_reports_itself_does_not_notify_the_reporter(
    caseworker_a, supervisor_a, areas
):
    report_case(actor=caseworker_a, areas=areas)
    assert not _notes(caseworker_a, "case_reported")
    assert len(_notes(supervisor_a, "case_reported")) == 1


# --- Referrals ---------------------------------------------------------------------------------


@pytest.fixture
def providers(health_provider, social_provider):
    return health_provider, social_provider


def test_new_referral_reaches_the_provider_with_a_link_to_answer_it(
    client, open_case, caseworker_a, providers, django_capture_on_commit_callbacks
):
    health, social = providers
    health.email = "rs@example.org"
    health.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        referral = send(open_case, caseworker_a)
    note = _one(health, "referral_received")
    assert note.link == reverse("referrals:referral-detail", args=[referral.public_id])
    assert note.detail == str(referral.service)
    assert not _notes(social, "referral_received")  # another agency
    assert not _notes(caseworker_a, "referral_received")  # the sender
    assert _opens(client, health, note) == 200
    assert len(mail.outbox) == 1
    _no_personal_data(mail.outbox[0].subject + mail.outbox[0].body, open_case)


@pytest.mark.parametrize(
    ("answer", "verb"),
    [("accept", "referral_accepted"), ("decline", "referral_declined")],
)
def test_the_case_manager_hears_the_answer_to_a_referral(
    client, open_case, caseworker_a, supervisor_a, health_provider, answer, verb
):
    referral = send(open_case, caseworker_a)
    if answer == "accept":
        referral_accept(referral=referral, actor=health_provider)
    else:
        referral_decline(referral=referral, actor=health_provider, reason="Kapasitas penuh.")
    note = _one(caseworker_a, verb)
    assert note.link == reverse("referrals:referral-detail", args=[referral.public_id])
    assert not _notes(supervisor_a, verb)  # the sender is told, not the whole team
    assert not _notes(health_provider, verb)
    assert _opens(client, caseworker_a, note) == 200


def test_the_case_manager_hears_that_the_service_was_delivered(
    open_case, caseworker_a, health_provider
):
    referral = send(open_case, caseworker_a)
    referral_accept(referral=referral, actor=health_provider)
    referral_complete(
        referral=referral,
        actor=health_provider,
        delivered_on=jakarta_today(),
        description="Pemeriksaan kesehatan lengkap.",
    )
    note = _one(caseworker_a, "referral_completed")
    assert note.detail == str(referral.service)


def test_when_the_sender_has_left_the_team_the_handling_team_hears_instead(
    open_case, caseworker_a, supervisor_a, health_provider
):
    referral = send(open_case, caseworker_a)
    caseworker_a.is_active = False
    caseworker_a.save(update_fields=["is_active"])
    referral_accept(referral=referral, actor=health_provider)
    assert _one(supervisor_a, "referral_accepted")
    assert not _notes(caseworker_a, "referral_accepted")


def test_the_day_before_the_deadline_the_provider_is_reminded_with_a_link(
    client, open_case, caseworker_a, health_provider
):
    referral = send(open_case, caseworker_a)
    assert referral_remind(referral_id=referral.pk, today=referral.due_on - timedelta(days=1))
    note = _one(health_provider, "referral_due_tomorrow")
    assert note.link == reverse("referrals:referral-detail", args=[referral.public_id])
    assert _opens(client, health_provider, note) == 200


# --- Transfers ---------------------------------------------------------------------------------


def _transfer(case, actor):
    from sigap.agencies.models import Agency

    return transfer_request(
        case=case,
        actor=actor,
        to_agency=Agency.objects.get(code="sudin-sosial-jakpus"),
        reason="Korban pindah domisili.",
        sharing_basis="public_task",
        legal_reference="UU 21/2007 Pasal 51",
    )


def test_transfer_request_reaches_the_receiving_team_with_a_link(
    client, open_case, caseworker_a, caseworker_b
):
    transfer = _transfer(open_case, caseworker_a)
    note = _one(caseworker_b, "transfer_requested")
    assert note.link == reverse("referrals:transfer-detail", args=[transfer.public_id])
    assert _opens(client, caseworker_b, note) == 200


@pytest.mark.parametrize("decision", ["accept", "decline"])
def test_transfer_decision_reaches_the_requester(
    client, open_case, caseworker_a, caseworker_b, decision
):
    transfer = _transfer(open_case, caseworker_a)
    if decision == "accept":
        transfer_accept(transfer=transfer, actor=caseworker_b, confirmed_ids=[])
        verb = "transfer_accepted"
    else:
        transfer_decline(transfer=transfer, actor=caseworker_b, reason="Di luar wilayah.")
        verb = "transfer_declined"
    note = _one(caseworker_a, verb)
    assert note.link == reverse("referrals:transfer-detail", args=[transfer.public_id])
    assert _opens(client, caseworker_a, note) == 200


# --- Closure, plans, tasks ---------------------------------------------------------------------


def test_closure_request_links_the_supervisor_to_the_decision_page(
    client, open_case, caseworker_a, supervisor_a
):
    services.closure_request(case=open_case, actor=caseworker_a, reason="services_completed")
    note = _one(supervisor_a, "closure_requested")
    assert note.link == reverse("casework:closure-decide", args=[open_case.public_id])
    assert _opens(client, supervisor_a, note) == 200


@pytest.mark.parametrize("decision", ["approve", "reject"])
def test_closure_decision_reaches_the_requester(
    client, open_case, caseworker_a, supervisor_a, decision
):
    request = services.closure_request(
        case=open_case, actor=caseworker_a, reason="services_completed"
    )
    if decision == "approve":
        services.closure_approve(closure=request, actor=supervisor_a)
        verb = "closure_approved"
    else:
        services.closure_reject(closure=request, actor=supervisor_a, comment="Belum lengkap.")
        verb = "closure_rejected"
    note = _one(caseworker_a, verb)
    assert note.link
    assert _opens(client, caseworker_a, note) == 200


def test_plan_submission_links_the_supervisor_to_the_decision(client, submitted_plan, supervisor_a):
    note = _one(supervisor_a, "plan_submitted")
    assert note.link == reverse("casework:plan-decide", args=[submitted_plan.public_id])
    assert _opens(client, supervisor_a, note) == 200


def test_task_assigned_links_to_my_work(client, open_case, caseworker_a, supervisor_a):
    services.task_create(
        case=open_case,
        actor=caseworker_a,
        title="Kunjungan rumah",
        kind="other",
        due_on=open_case.reported_on + timedelta(days=400),
        assignee_user=supervisor_a,
    )
    note = _one(supervisor_a, "task_assigned")
    assert note.link == reverse("casework:my-work")
    assert _opens(client, supervisor_a, note) == 200


# --- Preferences -------------------------------------------------------------------------------


def test_email_turned_off_for_one_kind_keeps_the_in_app_notification(
    open_case, caseworker_a, health_provider, django_capture_on_commit_callbacks
):
    health_provider.email = "rs@example.org"
    health_provider.save(update_fields=["email"])
    services.notification_preferences_set(
        user=health_provider,
        email_verbs=[v for v in services.NotificationVerb.values if v != "referral_received"],
    )
    assert list(NotificationEmailOptOut.objects.values_list("verb", flat=True)) == [
        "referral_received"
    ]
    event = AuditEvent.objects.get(action="notification.preferences")
    assert event.changes == {"email_off": ["referral_received"]}
    with django_capture_on_commit_callbacks(execute=True):
        referral = send(open_case, caseworker_a)
    assert _one(health_provider, "referral_received")
    assert mail.outbox == []
    # Another kind still e-mails.
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(
            recipients=[health_provider],
            verb="referral_revoked",
            case=open_case,
            detail=str(referral.service),
        )
    assert len(mail.outbox) == 1


def test_preferences_page_saves_the_users_own_choices(client, caseworker_a):
    client.force_login(caseworker_a)
    url = reverse("casework:notification-preferences")
    page = client.get(url)
    assert page.status_code == 200
    # Every kind is offered, ticked by default.
    assert page.content.decode().count('name="email_verbs"') == len(
        services.NotificationVerb.values
    )
    response = client.post(url, {"email_verbs": ["closure_requested", "task_assigned"]})
    assert response.status_code == 302
    assert services.notification_email_verbs(user=caseworker_a) == {
        "closure_requested",
        "task_assigned",
    }
    bad = client.post(url, {"email_verbs": ["not_a_verb"]})
    assert bad.status_code == 200
    assert services.notification_email_verbs(user=caseworker_a) == {
        "closure_requested",
        "task_assigned",
    }


def test_notification_list_links_each_row_to_its_place(
    client, open_case, caseworker_a, supervisor_a
):
    services.closure_request(case=open_case, actor=caseworker_a, reason="services_completed")
    client.force_login(supervisor_a)
    page = client.get(reverse("casework:notification-list")).content.decode()
    assert reverse("casework:closure-decide", args=[open_case.public_id]) in page


def test_when_another_agency_takes_the_case_on_the_upt_ppa_notice_is_withdrawn(
    caseworker_a, supervisor_a, caseworker_b, areas
):
    """Sudin Sosial reports and takes on its own case: it leaves the UPT PPA's intake queue,
    so the UPT PPA's "new case" notices (a number it can no longer open) are withdrawn."""
    case = report_case(actor=caseworker_b, areas=areas)
    assert Notification.objects.filter(verb="case_reported").count() == 2
    case_open(case=case, actor=caseworker_b)
    assert not Notification.objects.filter(verb="case_reported").exists()


def test_when_the_upt_ppa_takes_the_case_on_its_team_keeps_the_notice(
    caseworker_a, supervisor_a, reporter_kemayoran, areas
):
    case = report_case(actor=reporter_kemayoran, areas=areas)
    case_open(case=case, actor=caseworker_a)
    assert len(_notes(supervisor_a, "case_reported")) == 1


def test_a_case_team_of_the_receiving_agency_is_not_told_of_a_referral(
    open_case, caseworker_a, caseworker_b, social_provider
):
    """Sudin Sosial's case manager cannot see referrals to Sudin Sosial (its service
    providers answer them), so only the provider is told."""
    send(open_case, caseworker_a, agency_code="sudin-sosial-jakpus", service_code="social_rehab")
    assert _one(social_provider, "referral_received")
    assert not Notification.objects.filter(recipient=caseworker_b).exists()


def test_following_a_notification_reads_it_and_only_ones_own(
    client, open_case, caseworker_a, providers, django_capture_on_commit_callbacks
):
    """The list links through ``notification-open``: it marks the notification read and
    goes to the page where the recipient acts; another user's notification is 404 and stays
    unread."""
    health, social = providers
    with django_capture_on_commit_callbacks(execute=True):
        referral = send(open_case, caseworker_a)
    note = _one(health, "referral_received")
    url = reverse("casework:notification-open", args=[note.public_id])
    client.force_login(social)
    assert client.get(url).status_code == 404
    note.refresh_from_db()
    assert note.read_at is None
    client.force_login(health)
    listing = client.get(reverse("casework:notification-list")).content.decode()
    assert url in listing
    answer = client.get(url)
    assert answer.status_code == 302
    assert answer["Location"] == reverse("referrals:referral-detail", args=[referral.public_id])
    note.refresh_from_db()
    assert note.read_at is not None
    assert client.post(url).status_code == 405
