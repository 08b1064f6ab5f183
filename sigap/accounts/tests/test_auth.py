"""Two-factor enrolment, lockout after five wrong codes, deactivation ending access."""

import pytest
from django.test import override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from sigap.accounts.services import user_deactivate
from sigap.audit.models import AuditEvent


def _code(device: TOTPDevice, offset: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@override_settings(SIGAP_REQUIRE_2FA=True)
@pytest.mark.django_db
def test_case_manager_without_device_is_sent_to_enrolment(client, caseworker_a):
    client.force_login(caseworker_a)
    response = client.get(reverse("cases:case-list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:2fa-setup"))


@override_settings(SIGAP_REQUIRE_2FA=True)
@pytest.mark.django_db
def test_reporter_is_not_asked_for_a_second_factor(client, reporter_kemayoran):
    client.force_login(reporter_kemayoran)
    response = client.get(reverse("reports:dashboard"))
    assert not (response.status_code == 302 and "/2fa/" in response.url)


@override_settings(SIGAP_REQUIRE_2FA=True)
@pytest.mark.django_db
def test_enrolment_with_correct_code_verifies_session(client, caseworker_a):
    client.force_login(caseworker_a)
    client.get(reverse("accounts:2fa-setup"))
    device = TOTPDevice.objects.get(user=caseworker_a)
    response = client.post(reverse("accounts:2fa-setup"), {"token": _code(device), "next": "/"})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEvent.objects.filter(action="auth.2fa_enrol", actor=caseworker_a).exists()
    follow = client.get(reverse("cases:case-list"))
    assert not (follow.status_code == 302 and "/2fa/" in follow.url)


@override_settings(SIGAP_REQUIRE_2FA=True, AXES_ENABLED=True, AXES_FAILURE_LIMIT=5)
@pytest.mark.django_db
def test_five_wrong_codes_lock_the_account(client, caseworker_a):
    device = TOTPDevice.objects.create(user=caseworker_a, name="t", confirmed=True)
    good = _code(device)
    wrong = f"{(int(good) + 1) % 1_000_000:06d}"
    client.force_login(caseworker_a)
    for attempt in range(4):
        response = client.post(reverse("accounts:2fa-verify"), {"token": wrong})
        assert response.status_code == 200, attempt
    response = client.post(reverse("accounts:2fa-verify"), {"token": wrong})
    assert response.status_code == 429  # django-axes lockout response
    assert "_auth_user_id" not in client.session  # logged out
    # Even the right password is refused while locked.
    from conftest import TEST_PASSWORD

    response = client.post(
        reverse("accounts:login"), {"username": caseworker_a.username, "password": TEST_PASSWORD}
    )
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="auth.2fa_failed").count() == 5


@pytest.mark.django_db
def test_deactivated_users_token_stops_working(client, caseworker_a):
    from sigap.api.tokens import api_token_issue

    _row, key = api_token_issue(user=caseworker_a, two_factor_verified=False)
    auth = {"HTTP_AUTHORIZATION": f"Token {key}"}
    assert client.get("/api/v1/agencies/", **auth).status_code == 200
    user_deactivate(user=caseworker_a, actor=None)
    assert client.get("/api/v1/agencies/", **auth).status_code == 401


@pytest.mark.django_db
def test_deactivation_ends_sessions(client, caseworker_a):
    client.force_login(caseworker_a)
    assert client.get(reverse("cases:case-list")).status_code == 200
    user_deactivate(user=caseworker_a, actor=None)
    response = client.get(reverse("cases:case-list"))
    assert response.status_code == 302 and reverse("accounts:login") in response.url


@override_settings(SIGAP_REQUIRE_2FA=True, AXES_ENABLED=True, AXES_FAILURE_LIMIT=5)
@pytest.mark.django_db
def test_token_without_code_is_explained_and_not_counted_as_a_failure(
    client, caseworker_a, supervisor_a
):
    from axes.models import AccessAttempt

    from conftest import TEST_PASSWORD

    TOTPDevice.objects.create(user=caseworker_a, name="t", confirmed=True)
    for _attempt in range(6):
        response = client.post(
            "/api/v1/auth/token/",
            {"username": caseworker_a.username, "password": TEST_PASSWORD},
            content_type="application/json",
        )
        assert response.status_code == 400
        assert "otp" in response.json()["extra"]["fields"]
    assert not AccessAttempt.objects.exists()


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
@pytest.mark.django_db
def test_lockout_is_per_user_not_per_office_address(client, caseworker_a, supervisor_a):
    from conftest import TEST_PASSWORD

    for _attempt in range(3):
        client.post(
            "/api/v1/auth/token/",
            {"username": caseworker_a.username, "password": "wrong password"},
            content_type="application/json",
        )
    locked = client.post(
        "/api/v1/auth/token/",
        {"username": caseworker_a.username, "password": TEST_PASSWORD},
        content_type="application/json",
    )
    assert locked.status_code == 429
    assert locked.json()["extra"] == {"locked": True}
    colleague = client.post(
        "/api/v1/auth/token/",
        {"username": supervisor_a.username, "password": TEST_PASSWORD},
        content_type="application/json",
    )
    assert colleague.status_code == 200 and "token" in colleague.json()
