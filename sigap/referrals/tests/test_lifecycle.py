"""Referral states beyond accept/decline: start (in progress), revoke by the sending agency,
"accept selected" in the inbox; optimistic locking in the UI (form error) and API (409)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from sigap.audit.models import AuditEvent
from sigap.cases.tests.factories import assert_audited
from sigap.casework.models import Notification
from sigap.core.exceptions import ApplicationError, ConflictError
from sigap.referrals.choices import BULK_ACCEPT_MAX
from sigap.referrals.models import Referral
from sigap.referrals.services import (
    referral_accept,
    referral_accept_many,
    referral_complete,
    referral_decline,
    referral_revoke,
    referral_start,
)
from sigap.referrals.tests.conftest import send

pytestmark = pytest.mark.django_db

REASON = "Korban sudah mendapat layanan dari lembaga lain."


def _url(name, referral):
    return reverse(f"referrals:referral-{name}", kwargs={"public_id": referral.public_id})


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


# --- start ---------------------------------------------------------------------------------------


def test_receiver_starts_an_accepted_referral(accepted_referral, health_provider):
    referral = referral_start(referral=accepted_referral, actor=health_provider)
    referral.refresh_from_db()
    assert referral.status == "in_progress"
    assert referral.started_at is not None
    assert referral.version == 3
    event = assert_audited(action="referral.start", actor=health_provider, target=referral)
    assert event.changes == {"status": ["accepted", "in_progress"]}


def test_a_sent_referral_cannot_be_started(sent_referral, health_provider):
    with pytest.raises(ApplicationError):
        referral_start(referral=sent_referral, actor=health_provider)
    sent_referral.refresh_from_db()
    assert sent_referral.status == "sent"
    assert not AuditEvent.objects.filter(action="referral.start").exists()


def test_only_the_receiving_agency_starts(accepted_referral, social_provider, caseworker_a):
    for actor in (social_provider, caseworker_a):
        with pytest.raises(ApplicationError):
            referral_start(referral=accepted_referral, actor=actor)
    accepted_referral.refresh_from_db()
    assert accepted_referral.status == "accepted"


def test_an_in_progress_referral_is_completed(accepted_referral, health_provider):
    started = referral_start(referral=accepted_referral, actor=health_provider)
    done = referral_complete(
        referral=started,
        actor=health_provider,
        delivered_on=timezone.localdate(),
        description="Pemeriksaan kesehatan.",
    )
    assert done.status == "completed"
    event = assert_audited(action="referral.complete", actor=health_provider, target=done)
    assert event.changes["status"] == ["in_progress", "completed"]


def test_start_with_a_stale_version_is_refused(accepted_referral, health_provider):
    with pytest.raises(ConflictError):
        referral_start(referral=accepted_referral, actor=health_provider, expected_version=1)
    accepted_referral.refresh_from_db()
    assert accepted_referral.status == "accepted"


# --- revoke --------------------------------------------------------------------------------------


@pytest.mark.parametrize("state", ["sent", "accepted", "in_progress"])
def test_sending_agency_revokes_an_open_referral(
    state, sent_referral, caseworker_a, health_provider
):
    referral = sent_referral
    if state in ("accepted", "in_progress"):
        referral = referral_accept(referral=referral, actor=health_provider)
    if state == "in_progress":
        referral = referral_start(referral=referral, actor=health_provider)
    revoked = referral_revoke(referral=referral, actor=caseworker_a, reason=REASON)
    revoked.refresh_from_db()
    assert revoked.status == "revoked"
    assert revoked.revoke_reason == REASON
    assert revoked.revoked_by == caseworker_a
    event = assert_audited(
        action="referral.revoke", actor=caseworker_a, target=revoked, pii=[REASON]
    )
    assert event.changes == {"status": [state, "revoked"], "fields": ["revoke_reason"]}
    # The receiving agency is told: case number and service, nothing else.
    note = Notification.objects.get(recipient=health_provider, verb="referral_revoked")
    assert note.case_number == revoked.case.number
    assert note.detail == str(revoked.service)


def test_revoke_needs_a_reason(sent_referral, caseworker_a):
    with pytest.raises(ValidationError) as exc:
        referral_revoke(referral=sent_referral, actor=caseworker_a, reason="  ")
    assert "reason" in exc.value.message_dict
    sent_referral.refresh_from_db()
    assert sent_referral.status == "sent"


def test_a_completed_or_declined_referral_cannot_be_revoked(
    open_case, caseworker_a, health_provider
):
    done = send(open_case, caseworker_a)
    done = referral_accept(referral=done, actor=health_provider)
    done = referral_complete(
        referral=done,
        actor=health_provider,
        delivered_on=timezone.localdate(),
        description="Layanan selesai.",
    )
    declined = send(open_case, caseworker_a)
    declined = referral_decline(referral=declined, actor=health_provider, reason="Penuh.")
    for referral in (done, declined):
        with pytest.raises(ApplicationError):
            referral_revoke(referral=referral, actor=caseworker_a, reason=REASON)
        status = referral.status
        referral.refresh_from_db()
        assert referral.status == status
    assert not AuditEvent.objects.filter(action="referral.revoke").exists()


def test_receiver_and_outsider_cannot_revoke(sent_referral, health_provider, caseworker_b):
    for actor in (health_provider, caseworker_b):
        with pytest.raises(ApplicationError):
            referral_revoke(referral=sent_referral, actor=actor, reason=REASON)
    sent_referral.refresh_from_db()
    assert sent_referral.status == "sent"


def test_revoke_with_a_stale_version_is_refused(accepted_referral, caseworker_a):
    with pytest.raises(ConflictError):
        referral_revoke(
            referral=accepted_referral, actor=caseworker_a, reason=REASON, expected_version=1
        )
    accepted_referral.refresh_from_db()
    assert accepted_referral.status == "accepted"


# --- UI: start / revoke, access, conflicts -------------------------------------------------------


def test_start_button_in_the_ui(client, accepted_referral, health_provider):
    client.force_login(health_provider)
    page = client.get(_url("detail", accepted_referral))
    assert _url("start", accepted_referral) in page.content.decode()
    response = client.post(_url("start", accepted_referral), {"start-expected_version": 2})
    assert response.status_code == 302
    accepted_referral.refresh_from_db()
    assert accepted_referral.status == "in_progress"


def test_revoke_button_in_the_ui(client, sent_referral, caseworker_a):
    client.force_login(caseworker_a)
    page = client.get(_url("detail", sent_referral))
    assert _url("revoke", sent_referral) in page.content.decode()
    response = client.post(
        _url("revoke", sent_referral),
        {"revoke-expected_version": 1, "revoke-reason": REASON},
    )
    assert response.status_code == 302
    sent_referral.refresh_from_db()
    assert sent_referral.status == "revoked"


def test_second_of_two_users_saving_the_same_referral_is_refused_in_the_ui(
    client, sent_referral, caseworker_a, health_provider
):
    """Both loaded version 1; the receiver accepts first; the sender's revoke is refused with
    a form error and nothing changes."""
    referral_accept(referral=sent_referral, actor=health_provider, expected_version=1)
    client.force_login(caseworker_a)
    response = client.post(
        _url("revoke", sent_referral),
        {"revoke-expected_version": 1, "revoke-reason": REASON},
    )
    assert response.status_code == 200
    assert response.context["revoke_form"].non_field_errors()
    sent_referral.refresh_from_db()
    assert sent_referral.status == "accepted"
    assert sent_referral.revoke_reason == ""


def test_stale_start_in_the_ui_shows_a_form_error(client, accepted_referral, health_provider):
    client.force_login(health_provider)
    response = client.post(_url("start", accepted_referral), {"start-expected_version": 1})
    assert response.status_code == 200
    assert response.context["start_form"].non_field_errors()
    accepted_referral.refresh_from_db()
    assert accepted_referral.status == "accepted"


def test_receiver_may_not_revoke_in_the_ui(client, sent_referral, health_provider):
    client.force_login(health_provider)  # sees the referral, lacks referrals.add_referral
    response = client.post(
        _url("revoke", sent_referral), {"revoke-expected_version": 1, "revoke-reason": REASON}
    )
    assert response.status_code == 403


def test_outsider_case_team_gets_404_on_revoke(client, sent_referral, caseworker_b):
    client.force_login(caseworker_b)  # has add_referral, does not see the referral
    response = client.post(
        _url("revoke", sent_referral), {"revoke-expected_version": 1, "revoke-reason": REASON}
    )
    assert response.status_code == 404
    sent_referral.refresh_from_db()
    assert sent_referral.status == "sent"


def test_sender_may_not_start_in_the_ui(client, accepted_referral, caseworker_a):
    client.force_login(caseworker_a)  # lacks referrals.respond_referral
    response = client.post(_url("start", accepted_referral), {"start-expected_version": 2})
    assert response.status_code == 403


# --- API -----------------------------------------------------------------------------------------


def _api_url(referral, action):
    return f"/api/v1/referrals/{referral.public_id}/{action}/"


def test_api_start_and_revoke(accepted_referral, health_provider, caseworker_a):
    response = _api(health_provider).post(
        _api_url(accepted_referral, "start"), {"expected_version": 2}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "in_progress"
    assert response.json()["started_at"]
    response = _api(caseworker_a).post(
        _api_url(accepted_referral, "revoke"),
        {"reason": REASON, "expected_version": 3},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "revoked"
    assert AuditEvent.objects.filter(
        action="referral.revoke", target_public_id=accepted_referral.public_id
    ).exists()


def test_api_second_save_of_the_same_referral_gets_409(
    sent_referral, health_provider, caseworker_a
):
    first = _api(health_provider).post(
        _api_url(sent_referral, "accept"), {"expected_version": 1}, format="json"
    )
    assert first.status_code == 200
    second = _api(caseworker_a).post(
        _api_url(sent_referral, "revoke"),
        {"reason": REASON, "expected_version": 1},
        format="json",
    )
    assert second.status_code == 409
    assert second.json()["extra"]["current_version"] == 2
    sent_referral.refresh_from_db()
    assert sent_referral.status == "accepted"


def test_api_stale_start_gets_409(accepted_referral, health_provider):
    response = _api(health_provider).post(
        _api_url(accepted_referral, "start"), {"expected_version": 1}, format="json"
    )
    assert response.status_code == 409


def test_api_revoke_access(sent_referral, health_provider, caseworker_b, secretariat_user):
    body = {"reason": REASON}
    # A receiver sees the referral but lacks the permission: 403.
    assert _api(health_provider).post(_api_url(sent_referral, "revoke"), body).status_code == 403
    # An outsider case team does not see it: 404.
    assert _api(caseworker_b).post(_api_url(sent_referral, "revoke"), body).status_code == 404
    # The secretariat lacks referrals.add_referral: 403.
    assert _api(secretariat_user).post(_api_url(sent_referral, "revoke"), body).status_code == 403
    sent_referral.refresh_from_db()
    assert sent_referral.status == "sent"


def test_api_start_wrong_state_is_400(sent_referral, health_provider):
    response = _api(health_provider).post(_api_url(sent_referral, "start"), {}, format="json")
    assert response.status_code == 400


# --- accept selected -----------------------------------------------------------------------------


def _many(case, actor, n):
    return [send(case, actor) for _ in range(n)]


def test_accept_many_accepts_each_through_the_service(open_case, caseworker_a, health_provider):
    referrals = _many(open_case, caseworker_a, 3)
    results = referral_accept_many(referrals=referrals, actor=health_provider)
    assert [r.ok for r in results] == [True, True, True]
    assert set(Referral.objects.values_list("status", flat=True)) == {"accepted"}
    assert AuditEvent.objects.filter(action="referral.accept").count() == 3


def test_accept_many_reports_each_refused_row(open_case, caseworker_a, health_provider):
    ok, stale, declined = _many(open_case, caseworker_a, 3)
    referral_decline(referral=declined, actor=health_provider, reason="Penuh.")
    results = referral_accept_many(
        referrals=[ok, stale, declined],
        actor=health_provider,
        versions={str(ok.public_id): 1, str(stale.public_id): 7},
    )
    assert [r.ok for r in results] == [True, False, False]
    assert all(r.error for r in results[1:])
    assert Referral.objects.get(pk=ok.pk).status == "accepted"
    assert Referral.objects.get(pk=stale.pk).status == "sent"
    assert Referral.objects.get(pk=declined.pk).status == "declined"


def test_accept_many_is_bounded(open_case, caseworker_a, health_provider, sent_referral):
    with pytest.raises(ValidationError):
        referral_accept_many(referrals=[], actor=health_provider)
    with pytest.raises(ValidationError):
        referral_accept_many(
            referrals=[sent_referral] * (BULK_ACCEPT_MAX + 1), actor=health_provider
        )


def test_inbox_shows_checkboxes_to_the_receiver_only(
    client, sent_referral, health_provider, caseworker_a
):
    client.force_login(health_provider)
    body = client.get(reverse("referrals:referral-inbox")).content.decode()
    assert f'value="{sent_referral.public_id}"' in body
    assert reverse("referrals:referral-accept-selected") in body
    client.force_login(caseworker_a)
    body = client.get(reverse("referrals:referral-inbox") + "?box=sent").content.decode()
    assert reverse("referrals:referral-accept-selected") not in body


def test_accept_selected_in_the_inbox(
    client, open_case, caseworker_a, health_provider, django_assert_max_num_queries
):
    referrals = _many(open_case, caseworker_a, 4)
    stale = referrals[-1]
    data = {"selected": [str(r.public_id) for r in referrals]}
    data.update({f"v-{r.public_id}": "1" for r in referrals})
    data[f"v-{stale.public_id}"] = "5"
    client.force_login(health_provider)
    with django_assert_max_num_queries(60):
        response = client.post(reverse("referrals:referral-accept-selected"), data)
    assert response.status_code == 302
    statuses = dict(Referral.objects.values_list("public_id", "status"))
    assert [statuses[r.public_id] for r in referrals] == ["accepted"] * 3 + ["sent"]
    messages = [str(m) for m in response.wsgi_request._messages]
    assert len(messages) == 2  # one success line, one line for the refused row
    assert open_case.number in messages[1]


def test_accept_selected_costs_a_bounded_number_of_queries_per_row(
    client, open_case, caseworker_a, health_provider
):
    """Loading the selection is one query; each row costs the same fixed number."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def cost(n):
        Referral.objects.all().delete()
        referrals = _many(open_case, caseworker_a, n)
        client.force_login(health_provider)
        with CaptureQueriesContext(connection) as ctx:
            client.post(
                reverse("referrals:referral-accept-selected"),
                {"selected": [str(r.public_id) for r in referrals]},
            )
        assert set(Referral.objects.values_list("status", flat=True)) == {"accepted"}
        return len(ctx.captured_queries)

    one, three = cost(1), cost(3)
    per_row = (three - one) / 2
    assert per_row <= 13  # 13th: may the notified sender read the case number (notify)
    assert one - per_row <= 15  # the fixed part: session, user, membership, the selection


def test_accept_selected_ignores_referrals_outside_the_received_box(
    client, open_case, caseworker_a, caseworker_b, health_provider, social_provider
):
    to_social = send(
        open_case, caseworker_a, agency_code="sudin-sosial-jakpus", service_code="social_rehab"
    )
    client.force_login(health_provider)
    response = client.post(
        reverse("referrals:referral-accept-selected"), {"selected": [str(to_social.public_id)]}
    )
    assert response.status_code == 302
    to_social.refresh_from_db()
    assert to_social.status == "sent"
    assert not AuditEvent.objects.filter(action="referral.accept").exists()


def test_accept_selected_needs_the_permission(client, sent_referral, caseworker_a):
    client.force_login(caseworker_a)
    response = client.post(
        reverse("referrals:referral-accept-selected"), {"selected": [str(sent_referral.public_id)]}
    )
    assert response.status_code == 403
    sent_referral.refresh_from_db()
    assert sent_referral.status == "sent"
