"""API tokens (issue 7 finding 2): they expire, are bound to the two-factor state at issue, can
be listed and revoked by their owner and by an administrator. Only a SHA-256 hash of the token
is stored; the token itself is shown once, when it is issued."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sigap.core.models import BaseModel

PREFIX_LEN = 8


def token_hash(key: str) -> str:
    """SHA-256 hex of a token key (tokens are 256-bit random: no salt or slow hash needed)."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def new_key() -> str:
    """A fresh random token key (43 URL-safe characters)."""
    return secrets.token_urlsafe(32)


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        """Not revoked and not expired."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class ApiToken(BaseModel):
    """One API token of one user. ``two_factor_verified``: a current TOTP code was given when
    it was issued; when the account's role needs two-factor authentication, only such tokens
    work (a token issued while ``SIGAP_REQUIRE_2FA`` was off stops working when it is on)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(_("token begins with"), max_length=PREFIX_LEN)
    label = models.CharField(_("label"), max_length=80, blank=True)
    two_factor_verified = models.BooleanField(_("two-factor code given"), default=False)
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        indexes = [models.Index(fields=["user", "-created_at"], name="api_token_user")]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
