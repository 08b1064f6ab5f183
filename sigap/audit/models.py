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

    ``changes`` holds field names only for personal-data fields, never their values (masked
    old/new values of identity fields are allowed, see ``sigap.audit.history``).

    ``content_hash`` (SHA-256 hex of the row's content) is written at append time, without any
    lock. The sealing step (:func:`sigap.audit.services.audit_seal`) later gives each row its
    place in the chain: ``seq`` (1, 2, 3, ... with no gaps), ``prev_hash`` (the previous sealed
    row's ``row_hash``) and ``row_hash``. Unsealed rows have ``seq``/``row_hash`` NULL. See
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
    action = models.CharField(max_length=64)
    target_type = models.CharField(max_length=64, blank=True)
    # No index of its own: lookups by target go through (target_type, target_public_id, -id).
    # A random UUID B-tree costs every append a random page (issue 8 §2/§3).
    target_public_id = models.UUIDField(null=True, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    content_hash = models.CharField(max_length=64, default="")
    seq = models.BigIntegerField(null=True, blank=True, unique=True)
    prev_hash = models.CharField(max_length=64, blank=True, default="")
    # Not unique/indexed: nothing looks a row up by its hash (verification walks ``seq``), and
    # an index of random SHA-256 keys made every sealed append touch a random page.
    row_hash = models.CharField(max_length=64, null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            models.Index(fields=["target_type", "target_public_id", "-id"]),
            # The auditor's log filtered by action, newest first, and the list of actions (a
            # skip scan): both served by one index (issue 8 §4).
            models.Index(fields=["action", "-id"], name="audit_action_id_idx"),
            # The sealing step reads the unsealed rows in id order; keep that index small.
            models.Index(
                fields=["id"], condition=models.Q(seq__isnull=True), name="audit_unsealed_idx"
            ),
        ]

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
    """Single row (pk=1): the last sealed row's ``seq`` and ``row_hash``.

    Locked only by the sealing step (:func:`sigap.audit.services.audit_seal`), never by appends,
    so audited transactions do not wait on each other (issue 8 section 3).
    """

    last_hash = models.CharField(max_length=64)
    last_seq = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("audit chain head")
        verbose_name_plural = _("audit chain heads")

    def __str__(self) -> str:
        return self.last_hash[:12]
