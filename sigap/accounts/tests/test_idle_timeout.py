"""Idle timeout (issue 7 finding 13: configured but untested). A session expires
``SIGAP_SESSION_IDLE_MINUTES`` (30) after the last request, and each request extends it."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_idle_timeout_is_thirty_minutes_and_sliding():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    # sliding through the touch middleware, at most one session write a minute (issue 8 §4)
    assert "sigap.accounts.middleware.SessionIdleTouchMiddleware" in settings.MIDDLEWARE
    assert settings.SIGAP_SESSION_TOUCH_SECONDS == 60


def _session_writes(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return [
        q
        for q in ctx.captured_queries
        if "django_session" in q["sql"]
        and q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))
    ]


def test_session_is_written_at_most_once_a_minute(client, caseworker_a):
    client.force_login(caseworker_a)
    url = reverse("reports:dashboard")
    assert not _session_writes(client, url)  # just logged in: the login wrote it
    _age_touch(client)  # the last touch a minute ago
    assert _session_writes(client, url)
    assert not _session_writes(client, url)  # a second later: no write


def _age_touch(client, seconds=61):
    """Pretend the session's last touch was ``seconds`` ago (login counts as a touch)."""
    session = client.session
    session["_touched"] -= seconds
    session.save()


def test_each_request_extends_the_session(client, caseworker_a):
    client.force_login(caseworker_a)
    _age_touch(client)
    key = client.session.session_key
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() + timedelta(minutes=1)
    )
    assert client.get(reverse("reports:dashboard")).status_code == 200
    expires = Session.objects.get(session_key=key).expire_date
    assert expires > timezone.now() + timedelta(minutes=29)


def test_an_idle_session_is_logged_out(client, caseworker_a):
    client.force_login(caseworker_a)
    key = client.session.session_key
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    response = client.get(reverse("reports:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
