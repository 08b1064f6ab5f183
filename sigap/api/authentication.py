"""Token authentication (``Authorization: Token <key>``) on SIGAP's own tokens (issue 7 #2).

A token is refused (401, Indonesian message) when it is unknown, revoked or expired, when the
user is inactive, and when the account's role needs two-factor authentication
(``SIGAP_REQUIRE_2FA``) but the token was issued without a TOTP code or the user has no
confirmed device any more.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from sigap.accounts.twofactor import has_confirmed_device, requires_2fa
from sigap.api.models import ApiToken, token_hash

TOUCH_EVERY = datetime.timedelta(minutes=5)  # last_used_at is written at most this often


class ActiveUserTokenAuthentication(TokenAuthentication):
    """DRF's header parsing and challenge (``WWW-Authenticate: Token``) on ApiToken rows.
    ``Authorization: Token <key>`` and ``Authorization: Bearer <key>`` are both accepted."""

    def authenticate(self, request):
        from rest_framework.authentication import get_authorization_header

        parts = get_authorization_header(request).split()
        if parts and parts[0].lower() == b"bearer":
            self.keyword = "Bearer"  # authenticators are made per request
        return super().authenticate(request)

    def authenticate_credentials(self, key):
        try:
            token = ApiToken.objects.select_related("user", "user__membership").get(
                key_hash=token_hash(key)
            )
        except ApiToken.DoesNotExist:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
        user = token.user
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("This token has been revoked."))
        now = timezone.now()
        if token.expires_at <= now:
            raise exceptions.AuthenticationFailed(_("This token has expired. Request a new one."))
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("This account is inactive."))
        if requires_2fa(user) and (not token.two_factor_verified or not has_confirmed_device(user)):
            raise exceptions.AuthenticationFailed(
                _(
                    "This account needs two-factor authentication: request a new token with a "
                    "code from your authenticator app."
                )
            )
        if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return user, token
