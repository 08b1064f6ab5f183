"""TOTP helpers built on django-otp (``django_otp.plugins.otp_totp``)."""

from __future__ import annotations

import segno
from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

# Roles that can see victims' identities, plus the powerful ones (issue 3 §6).
ROLES_REQUIRING_2FA = {
    "case_manager",
    "supervisor",
    "secretariat",
    "service_provider",
    "police",
    "prosecutor",
    "lpsk_officer",
    "auditor",
    "platform_admin",
}


def requires_2fa(user) -> bool:
    """True when ``SIGAP_REQUIRE_2FA`` is on and the user's role (or superuser) needs TOTP."""
    if not settings.SIGAP_REQUIRE_2FA:
        return False
    if user.is_superuser:
        return True
    membership = getattr(user, "membership", None)
    return membership is not None and membership.role in ROLES_REQUIRING_2FA


def has_confirmed_device(user) -> bool:
    """True when the user has a confirmed TOTP device."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_device(user) -> TOTPDevice:
    """The user's unconfirmed TOTP device, created on first call (enrolment in progress)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="SIGAP", confirmed=False)
    return device


def qr_data_uri(device: TOTPDevice) -> str:
    """SVG data URI of the device's ``otpauth://`` URL (CSP allows ``img-src data:``)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=4)


def base32_secret(device: TOTPDevice) -> str:
    """The device key in base32, grouped by 4, for typing into an authenticator app."""
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
