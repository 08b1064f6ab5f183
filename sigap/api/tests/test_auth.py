"""Token authentication: obtain, use, refuse inactive users, anonymous access."""

import time

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from conftest import TEST_PASSWORD
from sigap.audit.models import AuditEvent

TOKEN_URL = "/api/v1/auth/token/"
CASES_URL = "/api/v1/cases/"


def _obtain(api, username, password=TEST_PASSWORD, **extra):
    return api.post(TOKEN_URL, {"username": username, "password": password, **extra}, format="json")


@pytest.mark.django_db
def test_token_is_obtained_used_and_audited(api, caseworker_a):
    assert reverse("api:auth-token") == TOKEN_URL
    response = _obtain(api, caseworker_a.username)
    assert response.status_code == 200
    token = response.json()["token"]
    assert len(token) >= 40
    assert response.json()["expires_at"]
    assert AuditEvent.objects.filter(action="auth.token", actor=caseworker_a).count() == 1

    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get(CASES_URL).status_code == 200
    # Each login issues a new token; both work until they expire or are revoked.
    second = _obtain(APIClient(), caseworker_a.username).json()["token"]
    assert second != token


@pytest.mark.django_db
def test_wrong_password_gets_400_without_token(api, caseworker_a):
    from sigap.api.models import ApiToken

    response = _obtain(api, caseworker_a.username, password="wrong")
    assert response.status_code == 400
    assert set(response.json()) == {"message", "extra"}
    assert not ApiToken.objects.filter(user=caseworker_a).exists()
    assert not AuditEvent.objects.filter(action="auth.token").exists()
    assert AuditEvent.objects.filter(action="auth.login_failed").exists()


@pytest.mark.django_db
def test_inactive_user_cannot_obtain_token(api, caseworker_a):
    caseworker_a.is_active = False
    caseworker_a.save(update_fields=["is_active"])
    assert _obtain(api, caseworker_a.username).status_code == 400


@pytest.mark.django_db
def test_deactivated_users_token_stops_working_on_next_request(api, caseworker_a):
    token = _obtain(api, caseworker_a.username).json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get(CASES_URL).status_code == 200

    caseworker_a.is_active = False
    caseworker_a.save(update_fields=["is_active"])  # not through the service: token remains

    response = api.get(CASES_URL)
    assert response.status_code == 401
    assert set(response.json()) == {"message", "extra"}


@pytest.mark.django_db
def test_unknown_token_gets_401(api, reference):
    api.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)
    assert api.get(CASES_URL).status_code == 401


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/cases/",
        "/api/v1/referrals/",
        "/api/v1/areas/",
        "/api/v1/agencies/",
        "/api/v1/areas/31.71/",
    ],
)
def test_anonymous_is_refused(api, reference, url):
    response = api.get(url)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Token")


@pytest.mark.django_db
def test_anonymous_cannot_create_case(api, reference):
    from sigap.cases.models import Case

    response = api.post(CASES_URL, {"summary": "x"}, format="json")
    assert response.status_code == 401
    assert not Case.objects.exists()


@pytest.mark.django_db
def test_token_needs_totp_code_when_role_requires_two_factor(api, caseworker_a, settings):
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    settings.SIGAP_REQUIRE_2FA = True
    device = TOTPDevice.objects.create(user=caseworker_a, name="test", confirmed=True)

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    code = f"{totp.token():06d}"
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"

    assert _obtain(api, caseworker_a.username).status_code == 400
    assert _obtain(api, caseworker_a.username, otp=code).status_code == 200
    # A wrong code is refused (and, by django-otp, throttles the device for a while).
    assert _obtain(api, caseworker_a.username, otp=wrong).status_code == 400
    # Only the wrong code is a failed attempt; the missing code was just explained.
    assert AuditEvent.objects.filter(action="auth.login_failed").count() == 1


@pytest.mark.django_db
def test_reporter_without_two_factor_role_needs_no_code(api, reporter_kemayoran, settings):
    settings.SIGAP_REQUIRE_2FA = True
    assert _obtain(api, reporter_kemayoran.username).status_code == 200


@pytest.mark.django_db
def test_token_endpoint_is_throttled(api, caseworker_a):
    from sigap.api.views import TokenLoginThrottle

    limit = int(TokenLoginThrottle.rate.split("/")[0])
    statuses = [
        _obtain(api, caseworker_a.username, password="wrong").status_code for _ in range(limit)
    ]
    assert set(statuses) == {400}
    assert _obtain(api, caseworker_a.username).status_code == 429


# --- issue 7 finding 2: tokens expire, are bound to the 2FA state, can be listed and revoked --


def _device_code(user):
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return device, f"{totp.token():06d}"


@pytest.mark.django_db
def test_token_issued_without_2fa_stops_working_when_2fa_is_required(api, caseworker_a, settings):
    """Issue 7 #2: a token issued while SIGAP_REQUIRE_2FA=false kept working after 2FA was
    switched on, for a case manager without any TOTP device."""
    settings.SIGAP_REQUIRE_2FA = False
    token = _obtain(api, caseworker_a.username).json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get(CASES_URL).status_code == 200
    settings.SIGAP_REQUIRE_2FA = True
    response = api.get(CASES_URL)
    assert response.status_code == 401
    assert "dua" in response.json()["message"] or "two-factor" in response.json()["message"]
    # Even after enrolling a device, the old token stays refused: request a new one.
    _device, code = _device_code(caseworker_a)
    assert api.get(CASES_URL).status_code == 401
    fresh = _obtain(APIClient(), caseworker_a.username, otp=code).json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {fresh}")
    assert api.get(CASES_URL).status_code == 200


@pytest.mark.django_db
def test_token_refused_when_the_device_is_removed(api, caseworker_a, settings):
    settings.SIGAP_REQUIRE_2FA = True
    device, code = _device_code(caseworker_a)
    token = _obtain(api, caseworker_a.username, otp=code).json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get(CASES_URL).status_code == 200
    device.delete()
    assert api.get(CASES_URL).status_code == 401


@pytest.mark.django_db
def test_tokens_expire(api, caseworker_a):
    from datetime import timedelta

    from django.utils import timezone

    from sigap.api.models import ApiToken

    token = _obtain(api, caseworker_a.username).json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get(CASES_URL).status_code == 200
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = api.get(CASES_URL)
    assert response.status_code == 401


@pytest.mark.django_db
def test_only_a_hash_of_the_token_is_stored(api, caseworker_a):
    from sigap.api.models import ApiToken

    token = _obtain(api, caseworker_a.username).json()["token"]
    row = ApiToken.objects.get()
    assert token not in (row.key_hash, row.prefix)
    assert row.prefix == token[:8]


@pytest.mark.django_db
def test_owner_lists_and_revokes_a_token(api, caseworker_a, caseworker_b):
    token = _obtain(api, caseworker_a.username).json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    listing = api.get("/api/v1/auth/tokens/").json()
    assert len(listing) == 1 and listing[0]["active"] is True
    assert token not in str(listing)
    public_id = listing[0]["public_id"]
    other = APIClient()
    other.force_authenticate(caseworker_b)
    assert other.post(f"/api/v1/auth/tokens/{public_id}/revoke/").status_code == 404
    assert api.post(f"/api/v1/auth/tokens/{public_id}/revoke/").status_code == 200
    assert api.get(CASES_URL).status_code == 401
    assert AuditEvent.objects.filter(action="api_token.revoke").count() == 1


@pytest.mark.django_db
def test_admin_lists_and_revokes_another_users_token(api, caseworker_a, make_user):
    from sigap.agencies.choices import Role

    admin_user = make_user(Role.PLATFORM_ADMIN, "pemkot-jakpus")
    token = _obtain(api, caseworker_a.username).json()["token"]
    admin = APIClient()
    admin.force_authenticate(admin_user)
    listing = admin.get("/api/v1/auth/tokens/", {"user": caseworker_a.username}).json()
    assert len(listing) == 1
    assert admin.post(f"/api/v1/auth/tokens/{listing[0]['public_id']}/revoke/").status_code == 200
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get(CASES_URL).status_code == 401
    outsider = APIClient()
    outsider.force_authenticate(caseworker_a)
    response = outsider.get("/api/v1/auth/tokens/", {"user": admin_user.username})
    assert response.status_code == 403


@pytest.mark.django_db
def test_token_page_lists_and_revokes(client, api, caseworker_a):
    from sigap.api.models import ApiToken

    _obtain(api, caseworker_a.username)
    row = ApiToken.objects.get()
    client.force_login(caseworker_a)
    page = client.get(reverse("api-pages:token-list"))
    assert row.prefix in page.content.decode()
    client.post(reverse("api-pages:token-revoke", args=[row.public_id]))
    row.refresh_from_db()
    assert row.revoked_at is not None


@pytest.mark.django_db
def test_bearer_scheme_is_accepted_too(api, caseworker_a):
    token = _obtain(api, caseworker_a.username).json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.get(CASES_URL).status_code == 200
    api.credentials(HTTP_AUTHORIZATION="Bearer nope")
    assert api.get(CASES_URL).status_code == 401
