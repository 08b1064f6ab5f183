"""Enforces TOTP two-factor authentication for roles that can see identities (issue 3)."""

import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from sigap.accounts.twofactor import has_confirmed_device, requires_2fa

EXEMPT_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/healthz", "/cek-lowongan/", "/lapor/")


class RequireTwoFactorMiddleware:
    """A logged-in user whose role requires 2FA and whose session is not OTP-verified is
    sent to enrolment (no confirmed TOTP device) or to verification. API calls made with
    such a session get HTTP 403 JSON. Token-authenticated API calls are handled by the API's
    token endpoint, which asks for a TOTP code. Off when ``SIGAP_REQUIRE_2FA`` is false.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            settings.SIGAP_REQUIRE_2FA
            and user is not None
            and user.is_authenticated
            and not request.path.startswith(EXEMPT_PREFIXES)
            and requires_2fa(user)
            and not user.is_verified()
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"message": _("Two-factor verification is required."), "extra": {}},
                    status=403,
                )
            target = "accounts:2fa-verify" if has_confirmed_device(user) else "accounts:2fa-setup"
            return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


SESSION_TOUCH_KEY = "_touched"


class SessionIdleTouchMiddleware:
    """The sliding idle timeout without a session write on every request (issue 8 §4).

    ``SESSION_SAVE_EVERY_REQUEST`` wrote the session row on every request (an UPDATE per page
    view, per API call, under every concurrent user). Instead a request marks the session
    modified, so that it is saved with a fresh expiry (``SESSION_COOKIE_AGE`` from now), only
    when the last such touch is at least ``SIGAP_SESSION_TOUCH_SECONDS`` (60) old. A session
    therefore expires between ``SESSION_COOKIE_AGE - touch`` and ``SESSION_COOKIE_AGE`` after
    the last request (29-30 minutes by default). Requests without a session are left alone.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or not session.session_key or session.modified:
            return response
        now = int(time.time())
        if now - int(session.get(SESSION_TOUCH_KEY, 0)) >= settings.SIGAP_SESSION_TOUCH_SECONDS:
            session[SESSION_TOUCH_KEY] = now
        return response
