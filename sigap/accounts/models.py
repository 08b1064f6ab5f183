"""Custom user model (from day one, so it can grow without a painful migration)."""

import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A SIGAP user. Agency and role live in ``agencies.Membership`` (``user.membership``).

    ``public_id`` is used in URLs and the audit log instead of the integer pk.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    phone = models.CharField(_("phone"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username
