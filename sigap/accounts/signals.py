"""Audit of authentication events (login, logout, failed login).

Django's auth signals are the only hook that sees every login path; they carry the request, so
the actor is known. No credentials or usernames of failed attempts are stored.
"""

import time

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from sigap.accounts.middleware import SESSION_TOUCH_KEY
from sigap.audit.services import audit_record


def _ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None


@receiver(user_logged_in)
def _on_login(sender, request, user, **kwargs):
    audit_record(actor=user, action="auth.login", target=user, ip_address=_ip(request))
    # The login saves the session with a fresh expiry: the idle-timeout touch starts now, so
    # the first requests after it do not write the session again (SessionIdleTouchMiddleware).
    session = getattr(request, "session", None)
    if session is not None:
        session[SESSION_TOUCH_KEY] = int(time.time())


@receiver(user_logged_out)
def _on_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_record(actor=user, action="auth.logout", target=user, ip_address=_ip(request))


@receiver(user_login_failed)
def _on_login_failed(sender, credentials, request=None, **kwargs):
    audit_record(actor=None, action="auth.login_failed", ip_address=_ip(request))
