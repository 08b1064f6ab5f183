"""Writes for user accounts."""

from __future__ import annotations

from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from sigap.audit.services import audit_record
from sigap.core.text import name_clean


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    actor=None,
    is_staff: bool = False,
):
    """Create an active user with a hashed password (Argon2 in production). Audited."""
    from sigap.accounts.models import User

    user = User(
        username=username,
        first_name=name_clean(first_name),  # personal names: one normaliser (core.text)
        last_name=name_clean(last_name),
        email=email,
        is_staff=is_staff,
    )
    user.set_password(password)
    user.full_clean()
    user.save()
    audit_record(actor=actor, action="user.create", target=user, changes={"fields": ["username"]})
    return user


@transaction.atomic
def user_deactivate(*, user, actor) -> None:
    """Deactivate ``user``: ends their sessions and deletes their API tokens at once."""
    user.is_active = False
    user.save(update_fields=["is_active"])
    from sigap.api.tokens import api_tokens_revoke_all  # lazy: api sits to the right

    api_tokens_revoke_all(user=user)
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
            ended += 1
    audit_record(
        actor=actor, action="user.deactivate", target=user, changes={"sessions_ended": ended}
    )


class TwoFactorError(Exception):
    """A TOTP code was wrong (``locked`` True when the account is now locked out)."""

    def __init__(self, locked: bool):
        super().__init__("wrong code")
        self.locked = locked


def twofactor_verify(*, request, user, token: str, confirm: bool = False):
    """Check ``token`` against the user's TOTP device and mark the session verified.

    ``confirm=True`` checks the pending (unconfirmed) device and confirms it (enrolment).
    A wrong code is reported to django-axes as a failed login for the username, so five wrong
    codes (``AXES_FAILURE_LIMIT``) lock the account for ``AXES_COOLOFF_TIME``, exactly like
    wrong passwords. Raises TwoFactorError. Audited: ``auth.2fa_enrol`` / ``auth.2fa_verify``
    / ``auth.2fa_failed``.
    """
    from axes.handlers.proxy import AxesProxyHandler
    from django.contrib.auth.signals import user_login_failed
    from django_otp import login as otp_login
    from django_otp.plugins.otp_totp.models import TOTPDevice

    credentials = {"username": user.get_username()}
    if AxesProxyHandler.is_locked(request, credentials):
        raise TwoFactorError(locked=True)
    devices = TOTPDevice.objects.filter(user=user, confirmed=not confirm)
    device = next((d for d in devices if d.verify_token(token)), None)
    if device is None:
        with transaction.atomic():
            audit_record(actor=user, action="auth.2fa_failed", target=user)
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        raise TwoFactorError(locked=AxesProxyHandler.is_locked(request, credentials))
    with transaction.atomic():
        if confirm:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
        otp_login(request, device)
        audit_record(
            actor=user, action="auth.2fa_enrol" if confirm else "auth.2fa_verify", target=user
        )
    return device


@transaction.atomic
def password_change(*, form, request=None):
    """Save a valid ``PasswordChangeForm`` (old password checked, new one through
    ``AUTH_PASSWORD_VALIDATORS``) and audit ``auth.password_change`` in the same transaction
    (no password, no hash: the user and the IP only). Returns the user."""
    user = form.save()
    ip = request.META.get("REMOTE_ADDR") if request is not None else None
    audit_record(actor=user, action="auth.password_change", target=user, ip_address=ip)
    return user
