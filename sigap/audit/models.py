"""Append-only, hash-chained audit log (STYLE B4; UU 27/2022 PDP accountability)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEventQuerySet(models.QuerySet):
    """Refuses bulk updates and deletes: the log is append-only."""

    def update(self, **kwargs):  # noqa: D102
        raise PermissionError("AuditEvent is append-only")

    def delete(self):  # noqa: D102
        raise PermissionError("AuditEvent is append-only")


class AuditEvent(models.Model):
    """One recorded action: who (actor, actor's agency), what (action, target), when.

    ``changes`` holds field names only for personal-data fields, never their values.
    ``prev_hash``/``row_hash`` chain every row to the one before (SHA-256 hex); see
    :func:`sigap.audit.services.audit_verify_chain`.
    """

    occurred_at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_agency_public_id = models.UUIDField(null=True, blank=True)
    action = models.CharField(max_length=64, db_index=True)
    target_type = models.CharField(max_length=64, blank=True)
    target_public_id = models.UUIDField(null=True, blank=True, db_index=True)
    changes = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    row_hash = models.CharField(max_length=64, unique=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["target_type", "target_public_id", "-id"])]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.action}"

    def save(self, *args, **kwargs):
        """Insert only; an existing row can never be saved again."""
        if self.pk is not None:
            raise PermissionError("AuditEvent is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # noqa: D102
        raise PermissionError("AuditEvent is append-only")


class AuditChainHead(models.Model):
    """Single row (pk=1) holding the last hash; locked while appending so the chain is serial."""

    last_hash = models.CharField(max_length=64)

    def __str__(self) -> str:
        return self.last_hash[:12]
