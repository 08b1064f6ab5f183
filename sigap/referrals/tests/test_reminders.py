"""Referral deadlines: reminders the day before and on the due date, escalation of overdue
referrals to the secretariat (``manage.py referral_reminders``), in the Asia/Jakarta calendar;
idempotent per day; the secretariat's "My work" widget."""

from datetime import UTC, date, datetime
from io import StringIO
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from sigap.audit.models import AuditEvent
from sigap.cases.models import Case
from sigap.cases.services import case_open
from sigap.cases.tests.factories import assert_audited, report_case
from sigap.casework.models import Notification
from sigap.referrals.models import Referral
from sigap.referrals.services import referral_accept, referral_decline, referral_revoke
from sigap.referrals.services.reminders import referral_reminders_run
from sigap.referrals.tests.conftest import send

pytestmark = pytest.mark.django_db

# Asia/Jakarta is UTC+7 all year: 17:00 UTC is midnight in Jakarta.
JAN31_2359_WIB = datetime(2026, 1, 31, 16, 59, 59, tzinfo=UTC)
FEB01_0000_WIB = datetime(2026, 1, 31, 17, 0, 0, tzinfo=UTC)


def _due(referral, day: date) -> Referral:
    Referral.objects.filter(pk=referral.pk).update(due_on=day)
    referral.refresh_from_db()
    return referral


def _run_at(moment):
    """Run the management command with ``timezone.now`` pinned to ``moment``."""
    out = StringIO()
    with mock.patch("django.utils.timezone.now", return_value=moment):
        call_command("referral_reminders", stdout=out)
    return out.getvalue()


def _verbs(user):
    return sorted(Notification.objects.filter(recipient=user).values_list("verb", flat=True))


@pytest.fixture
def referral(sent_referral, health_provider, social_provider, secretariat_user):
    """A referral to Sudin Kesehatan; the other personas exist to show who is not notified."""
    return sent_referral


# --- the Jakarta midnight boundary -------------------------------------------------------------


def test_one_second_before_jakarta_midnight_the_referral_is_due_today(
    referral, health_provider, secretariat_user
):
    _due(referral, date(2026, 1, 31))
    output = _run_at(JAN31_2359_WIB)
    assert "2026-01-31" in output
    assert _verbs(health_provider) == ["referral_due_today"]
    assert _verbs(secretariat_user) == []
    referral.refresh_from_db()
    assert referral.last_reminder_on == date(2026, 1, 31)
    assert referral.escalated_at is None


def test_at_jakarta_midnight_it_is_overdue_and_escalated(
    referral, health_provider, secretariat_user
):
    """17:00 UTC on 31 January is still 31 January in UTC but already 1 February in Jakarta."""
    _due(referral, date(2026, 1, 31))
    output = _run_at(FEB01_0000_WIB)
    assert "2026-02-01" in output
    assert _verbs(secretariat_user) == ["referral_escalated"]
    assert _verbs(health_provider) == []  # no "due" reminder once overdue
    referral.refresh_from_db()
    assert referral.escalated_at == FEB01_0000_WIB
    event = assert_audited(action="referral.escalate", actor=None, target=referral)
    assert event.changes["days_overdue"] == 1
    assert event.changes["service"] == "health_rehab"


def test_the_day_before_the_due_date_the_receiver_is_reminded(referral, health_provider):
    _due(referral, date(2026, 2, 1))
    _run_at(JAN31_2359_WIB)
    assert _verbs(health_provider) == ["referral_due_tomorrow"]
    event = assert_audited(action="referral.remind", actor=None, target=referral)
    assert event.changes == {"due_on": "2026-02-01", "days_before": 1}


def test_two_days_before_nothing_is_sent(referral, health_provider):
    _due(referral, date(2026, 2, 2))
    _run_at(JAN31_2359_WIB)
    assert _verbs(health_provider) == []
    assert not AuditEvent.objects.filter(action="referral.remind").exists()


# --- month ends and leap days ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "due_on", "verb"),
    [
        # 28 February 2026 (not a leap year): tomorrow is 1 March.
        (datetime(2026, 2, 28, 3, 0, tzinfo=UTC), date(2026, 3, 1), "referral_due_tomorrow"),
        # 2028 is a leap year: tomorrow is 29 February.
        (datetime(2028, 2, 28, 3, 0, tzinfo=UTC), date(2028, 2, 29), "referral_due_tomorrow"),
        (datetime(2028, 2, 29, 3, 0, tzinfo=UTC), date(2028, 2, 29), "referral_due_today"),
        # 30 April 23:30 WIB (16:30 UTC): 1 May is tomorrow.
        (datetime(2026, 4, 30, 16, 30, tzinfo=UTC), date(2026, 5, 1), "referral_due_tomorrow"),
        # 31 December 17:00 UTC is already 1 January in Jakarta: due today.
        (datetime(2026, 12, 31, 17, 0, tzinfo=UTC), date(2027, 1, 1), "referral_due_today"),
    ],
)
def test_month_ends_and_leap_days(referral, health_provider, now, due_on, verb):
    _due(referral, due_on)
    _run_at(now)
    assert _verbs(health_provider) == [verb]


def test_the_day_after_a_leap_day_is_overdue(referral, secretariat_user):
    _due(referral, date(2028, 2, 29))
    _run_at(datetime(2028, 2, 29, 17, 0, tzinfo=UTC))  # 1 March 00:00 WIB
    assert _verbs(secretariat_user) == ["referral_escalated"]
    assert AuditEvent.objects.get(action="referral.escalate").changes["days_overdue"] == 1


# --- once a day --------------------------------------------------------------------------------


def test_running_twice_the_same_day_sends_nothing_twice(
    referral, open_case, caseworker_a, health_provider, secretariat_user
):
    overdue = _due(send(open_case, caseworker_a), date(2026, 1, 20))
    _due(referral, date(2026, 2, 1))
    first = referral_reminders_run(now=datetime(2026, 1, 31, 1, 0, tzinfo=UTC))
    second = referral_reminders_run(now=datetime(2026, 1, 31, 15, 0, tzinfo=UTC))
    assert (first.reminded, first.escalated) == (1, 1)
    assert (second.reminded, second.escalated) == (0, 0)
    # (The second referral's own "new referral" notification is not a reminder.)
    reminders = Notification.objects.exclude(verb="referral_received")
    assert reminders.filter(recipient=health_provider).count() == 1
    assert reminders.filter(recipient=secretariat_user).count() == 1
    assert AuditEvent.objects.filter(action="referral.escalate").count() == 1
    overdue.refresh_from_db()
    assert overdue.escalated_at is not None
    # The next day (the due date) there is a new reminder; the escalation is not repeated.
    third = referral_reminders_run(now=datetime(2026, 2, 1, 1, 0, tzinfo=UTC))
    assert (third.reminded, third.escalated) == (1, 0)
    assert _verbs(health_provider) == [
        "referral_due_today",
        "referral_due_tomorrow",
        "referral_received",  # the second referral's own announcement
    ]


def test_reminders_do_not_change_the_version(referral):
    _due(referral, date(2026, 1, 31))
    _run_at(JAN31_2359_WIB)
    _run_at(FEB01_0000_WIB)
    referral.refresh_from_db()
    assert referral.version == 1  # a user's open form is not made stale by the system


# --- who is told what --------------------------------------------------------------------------


def test_only_the_receiving_agency_is_reminded(
    referral, health_provider, social_provider, caseworker_a, secretariat_user
):
    _due(referral, date(2026, 1, 31))
    _run_at(JAN31_2359_WIB)
    assert _verbs(health_provider) == ["referral_due_today"]
    for other in (social_provider, caseworker_a, secretariat_user):
        assert _verbs(other) == []


def test_escalation_names_service_only_to_a_secretariat_that_cannot_see_the_case(
    referral, secretariat_user, django_capture_on_commit_callbacks
):
    # The secretariat's My work shows a count without numbers for a case it cannot open
    # (test below); its notification and e-mail must not tell the number either.
    secretariat_user.email = "sekretariat@example.test"
    secretariat_user.save(update_fields=["email"])
    assert not Case.objects.visible_to(secretariat_user).filter(pk=referral.case_id).exists()
    _due(referral, date(2026, 1, 20))
    with django_capture_on_commit_callbacks(execute=True):
        referral_reminders_run(now=FEB01_0000_WIB)
    note = Notification.objects.get(recipient=secretariat_user)
    assert note.case_number == ""
    assert note.detail == str(referral.service)
    names = [p.person.full_name for p in referral.case.participants.select_related("person")]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert referral.case.number not in message.subject + message.body
    assert str(referral.service) in message.subject
    sent = message.subject + message.body + note.detail
    audit = str(AuditEvent.objects.get(action="referral.escalate").changes)
    for name in names:
        assert name not in sent
        assert name not in audit


def test_closed_referrals_are_left_alone(
    open_case, caseworker_a, health_provider, secretariat_user
):
    declined = send(open_case, caseworker_a)
    referral_decline(referral=declined, actor=health_provider, reason="Penuh.")
    revoked = send(open_case, caseworker_a)
    referral_revoke(referral=revoked, actor=caseworker_a, reason="Tidak diperlukan lagi.")
    Referral.objects.update(due_on=date(2026, 1, 20))
    run = referral_reminders_run(now=FEB01_0000_WIB)
    assert (run.reminded, run.escalated) == (0, 0)
    assert not Notification.objects.filter(
        verb__in=["referral_due_today", "referral_due_tomorrow", "referral_escalated"]
    ).exists()


def test_accepted_and_overdue_is_escalated(referral, health_provider, secretariat_user):
    referral_accept(referral=referral, actor=health_provider)
    _due(referral, date(2026, 1, 30))
    run = referral_reminders_run(now=FEB01_0000_WIB)
    assert run.escalated == 1


# --- the secretariat's widget ------------------------------------------------------------------


def test_secretariat_sees_a_count_but_no_number_of_a_case_it_cannot_see(
    client, referral, secretariat_user
):
    _due(referral, date(2026, 1, 20))
    referral_reminders_run(now=FEB01_0000_WIB)
    client.force_login(secretariat_user)
    response = client.get(reverse("casework:my-work"))
    work = response.context["work"]
    assert work.escalations.count == 1
    assert work.escalations.rows == []
    assert referral.case.number not in response.content.decode()


def test_secretariat_sees_the_number_of_a_case_it_may_see(
    client, areas, secretariat_user, caseworker_a, health_provider, django_assert_max_num_queries
):
    case = report_case(actor=secretariat_user, areas=areas)  # reported by the secretariat
    case = case_open(case=case, actor=caseworker_a)
    referral = _due(send(case, caseworker_a), date(2026, 1, 20))
    referral_reminders_run(now=FEB01_0000_WIB)
    client.force_login(secretariat_user)
    response = client.get(reverse("casework:my-work"))
    work = response.context["work"]
    assert work.escalations.count == 1
    assert [r.pk for r in work.escalations.rows] == [referral.pk]
    assert case.number in response.content.decode()


def test_escalation_tells_the_number_to_a_secretariat_that_may_see_the_case(
    client, areas, secretariat_user, caseworker_a, django_capture_on_commit_callbacks
):
    secretariat_user.email = "sekretariat@example.test"
    secretariat_user.save(update_fields=["email"])
    case = report_case(actor=secretariat_user, areas=areas)  # reported by the secretariat
    case = case_open(case=case, actor=caseworker_a)
    _due(send(case, caseworker_a), date(2026, 1, 20))
    with django_capture_on_commit_callbacks(execute=True):
        referral_reminders_run(now=FEB01_0000_WIB)
    note = Notification.objects.get(recipient=secretariat_user, verb="referral_escalated")
    assert note.case_number == case.number
    assert [m.subject for m in mail.outbox if case.number in m.subject] != []
    client.force_login(secretariat_user)
    page = client.get(reverse("casework:notification-list")).content.decode()
    assert case.number in page


def test_notification_list_names_no_number_of_a_case_the_reader_cannot_see(
    client, referral, secretariat_user
):
    _due(referral, date(2026, 1, 20))
    referral_reminders_run(now=FEB01_0000_WIB)
    client.force_login(secretariat_user)
    page = client.get(reverse("casework:notification-list")).content.decode()
    assert referral.case.number not in page
    assert "kasus lembaga lain" in page  # Indonesian first: the default language


def test_escalation_widget_costs_two_queries(secretariat_user, open_case, caseworker_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sigap.referrals.selectors import referral_escalations

    for _ in range(3):
        _due(send(open_case, caseworker_a), date(2026, 1, 20))
    referral_reminders_run(now=FEB01_0000_WIB)
    secretariat_user.refresh_from_db()
    _ = secretariat_user.membership
    with CaptureQueriesContext(connection) as ctx:
        result = referral_escalations(user=secretariat_user)
    assert result.count == 3
    assert len(ctx.captured_queries) <= 3


def test_other_roles_get_no_escalation_widget(client, referral, caseworker_a, health_provider):
    _due(referral, date(2026, 1, 20))
    referral_reminders_run(now=FEB01_0000_WIB)
    for user in (caseworker_a, health_provider):
        client.force_login(user)
        work = client.get(reverse("casework:my-work")).context["work"]
        assert not work.is_secretariat
        assert work.escalations.count == 0


def test_escalation_notification_links_the_secretariat_to_my_work(
    client, referral, secretariat_user
):
    _due(referral, date(2026, 1, 20))
    referral_reminders_run(now=FEB01_0000_WIB)
    client.force_login(secretariat_user)
    html = client.get(reverse("casework:notification-list")).content.decode()
    case_url = reverse("cases:case-detail", kwargs={"public_id": referral.case.public_id})
    assert reverse("casework:my-work") in html
    assert case_url not in html  # the secretariat cannot open it: no dead-end link
