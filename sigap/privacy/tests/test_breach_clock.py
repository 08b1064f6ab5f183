"""The breach register with the 3 × 24-hour clock (UU 27/2022 PDP Pasal 46): boundaries of the
clock, the register pages, "My work" and the daily digest of the data-protection officer, and
the privacy notice rendered from the record of processing activities."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from sigap.agencies.choices import Role
from sigap.audit.models import AuditEvent
from sigap.privacy.clock import breach_clock
from sigap.privacy.models import BreachIncident, ProcessingActivity
from sigap.privacy.services import breach_mark_notified, breach_register

pytestmark = pytest.mark.django_db


@pytest.fixture
def dpo(make_user):
    user = make_user(Role.AUDITOR, "pemkot-jakpus", "dpo-clock")
    user.email = "dpo@example.invalid"
    user.save(update_fields=["email"])
    return user


def _incident(dpo, *, hours_ago: float) -> BreachIncident:
    return breach_register(
        actor=dpo,
        discovered_at=timezone.now() - timedelta(hours=hours_ago),
        description="Synthetic: a laptop was lost.",
        data_affected="Names and phone numbers of victims",
        subjects_affected=12,
    )


# --- Clock boundaries ---------------------------------------------------------------------------


def test_clock_boundaries():
    discovered = timezone.now().replace(microsecond=0)
    incident = BreachIncident(discovered_at=discovered, description="x", data_affected="y")
    deadline = discovered + timedelta(hours=72)
    assert breach_clock(incident, now=discovered).state == "running"
    fresh = breach_clock(incident, now=discovered)
    assert (fresh.hours, fresh.minutes) == (72, 0)
    # 48 h after discovery: exactly 24 h left is still "running"; a second later "urgent".
    assert breach_clock(incident, now=discovered + timedelta(hours=48)).state == "running"
    urgent = breach_clock(incident, now=discovered + timedelta(hours=48, seconds=1))
    assert (urgent.state, urgent.hours, urgent.minutes) == ("urgent", 23, 59)
    # Exactly at the 72nd hour the notice is on time; one second later it is overdue.
    at_deadline = breach_clock(incident, now=deadline)
    assert (at_deadline.state, at_deadline.hours, at_deadline.minutes) == ("urgent", 0, 0)
    late = breach_clock(incident, now=deadline + timedelta(seconds=1))
    assert late.state == "overdue"
    later = breach_clock(incident, now=deadline + timedelta(hours=5, minutes=30))
    assert (later.state, later.hours, later.minutes) == ("overdue", 5, 30)
    assert later.notify_by == deadline


def test_notified_stops_the_clock_and_says_if_late(dpo):
    on_time = breach_mark_notified(actor=dpo, incident=_incident(dpo, hours_ago=10))
    assert breach_clock(on_time).state == "notified" and not breach_clock(on_time).late
    late = breach_mark_notified(actor=dpo, incident=_incident(dpo, hours_ago=80))
    assert breach_clock(late).late is True
    event = AuditEvent.objects.filter(action="privacy.breach_notified").order_by("id").last()
    assert event.changes == {"late": True}


def test_discovery_in_the_future_is_refused(dpo):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as excinfo:
        _incident(dpo, hours_ago=-1)
    assert "discovered_at" in excinfo.value.message_dict
    assert not BreachIncident.objects.exists()


# --- Pages ----------------------------------------------------------------------------------------


def test_breach_pages_show_time_left_and_overdue(client, dpo):
    running = _incident(dpo, hours_ago=1)
    overdue = _incident(dpo, hours_ago=75)
    client.force_login(dpo)
    listing = client.get(reverse("privacy:breach-list")).content.decode()
    assert "row-overdue" in listing
    detail = client.get(reverse("privacy:breach-detail", args=[running.public_id]))
    body = detail.content.decode()
    assert "clock-urgent" not in body and "clock-running" in body
    assert "70 " in body  # about 70 h 59 min left
    assert "Synthetic: a laptop was lost." in body  # the notice text is on the page
    body = client.get(reverse("privacy:breach-detail", args=[overdue.public_id])).content.decode()
    assert "clock-overdue" in body


def test_breach_register_and_notify_through_the_pages(client, dpo):
    client.force_login(dpo)
    when = (timezone.localtime() - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("privacy:breach-create"),
        {
            "discovered_at": when,
            "description": "Synthetic: wrong recipient of an e-mail.",
            "data_affected": "Case numbers and names",
            "subjects_affected": "3",
        },
    )
    assert response.status_code == 302
    incident = BreachIncident.objects.get()
    assert incident.subjects_affected == 3
    client.post(reverse("privacy:breach-notified", args=[incident.public_id]))
    incident.refresh_from_db()
    assert incident.notified_at is not None and incident.status == "notified"


@pytest.mark.parametrize("persona", ["caseworker_a", "supervisor_a", "leadership_user"])
def test_other_roles_cannot_open_the_breach_register(client, dpo, persona, request):
    incident = _incident(dpo, hours_ago=1)
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("privacy:breach-list")).status_code == 403
    detail = reverse("privacy:breach-detail", args=[incident.public_id])
    assert client.get(detail).status_code == 403


# --- My work and the digest ---------------------------------------------------------------------


def test_open_breaches_on_the_dpo_my_work_only(client, dpo, caseworker_a):
    overdue = _incident(dpo, hours_ago=80)
    notified = breach_mark_notified(actor=dpo, incident=_incident(dpo, hours_ago=5))
    client.force_login(dpo)
    page = client.get(reverse("casework:my-work")).content.decode()
    assert 'id="my-breaches"' in page
    assert str(overdue.public_id) in page
    assert str(notified.public_id) not in page
    assert "clock-overdue" in page
    client.force_login(caseworker_a)
    page = client.get(reverse("casework:my-work")).content.decode()
    assert 'id="my-breaches"' not in page and str(overdue.public_id) not in page


def test_breaches_in_the_daily_digest(dpo, caseworker_a, django_capture_on_commit_callbacks):
    from sigap.casework.selectors import digest_items
    from sigap.casework.services import digest_send

    _incident(dpo, hours_ago=80)
    _incident(dpo, hours_ago=1)
    today = timezone.localdate()
    items = digest_items(user=dpo, today=today)
    assert len(items.overdue) == 1 and len(items.due_today) == 1
    assert digest_items(user=caseworker_a, today=today).overdue == []
    with django_capture_on_commit_callbacks(execute=True):
        assert digest_send(user=dpo, today=today) == 2
    body = mail.outbox[-1].body
    assert body.count("Kegagalan pelindungan data") == 2  # one row per breach
    assert "Synthetic" not in body and "laptop" not in body  # the deadline, never the content


# --- Privacy notice -----------------------------------------------------------------------------


def test_privacy_notice_is_public_indonesian_and_from_the_register(client):
    ProcessingActivity.objects.create(
        purpose="Tujuan uji pemberitahuan",
        lawful_basis="legal_obligation",
        legal_reference="Pasal uji 99",
        data_categories="Kategori uji",
        data_subjects="Subjek uji",
        recipients="Penerima uji",
        retention="Retensi uji",
    )
    response = client.get(reverse("privacy:notice"))
    assert response.status_code == 200
    body = response.content.decode()
    for text in ("Tujuan uji pemberitahuan", "Pasal uji 99", "Penerima uji", "Retensi uji"):
        assert text in body
    assert "Pemberitahuan privasi" in body  # Indonesian first
    assert "Kewajiban hukum" in body or "kewajiban hukum" in body  # the basis, translated
    assert "data-print" in body
