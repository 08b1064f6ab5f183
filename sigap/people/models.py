"""Blocking keys of persons (issue 10 §1) and identifiers as records (issue 10 §3)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sigap.core.fields import EncryptedBlobField, EncryptedCharField
from sigap.core.models import BaseModel


class PersonKey(models.Model):
    """One blocking key of a person: a keyed hash (``sigap.people.keys``) of a normalised,
    phonetic name word with the birth year, with the birth day and month, or with the origin
    kabupaten/kota; of the whole name; or of the birth date with the origin kabupaten.

    Derived data (like ``Person.name_index``): rewritten by :func:`sigap.people.keys.keys_refresh`
    whenever a person is written. Holds no plaintext; ``(key, person)`` is indexed so the
    duplicate check reads only the index entries of the query's keys.
    """

    person = models.ForeignKey(
        "cases.Person", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    key = models.CharField(max_length=20)

    class Meta:
        verbose_name = _("person blocking key")
        verbose_name_plural = _("person blocking keys")
        constraints = [
            models.UniqueConstraint(fields=["key", "person"], name="uniq_person_key"),
        ]
        indexes = [models.Index(fields=["person"], name="personkey_person_idx")]

    def __str__(self) -> str:
        return f"PersonKey {self.pk}"


class IdentifierKind(models.TextChoices):
    PHONE = "phone", _("Phone number")
    BANK_ACCOUNT = "bank_account", _("Bank account")
    SOCIAL_HANDLE = "social_handle", _("Social media account")
    PASSPORT = "passport", _("Passport")
    VEHICLE = "vehicle", _("Vehicle plate")
    ADDRESS = "address", _("Address")
    ORGANISATION = "organisation", _("Organisation (company, P3MI)")


class Identifier(BaseModel):
    """A phone number, bank account, handle, passport, vehicle, address or organisation seen
    in a case (issue 10 §3), of one participant or of the case itself (``participant`` None,
    e.g. the recruiting company).

    Personal data: ``value`` (as typed) is encrypted; ``value_hash`` is the keyed hash of the
    kind and the normalised value (``sigap.people.identifiers.normalise``: phones in E.164,
    bank code + digits, platform + handle, ...), so the same number written two ways is found
    in another case without storing it in clear. Scoped through the case and, for a
    participant's identifier, the identity rule (``sigap.people.identifiers``).
    """

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    participant = models.ForeignKey(
        "cases.Participant", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=IdentifierKind.choices)
    qualifier = models.CharField(_("bank code or platform"), max_length=32, blank=True)
    value = EncryptedCharField(_("value"), max_length=300)
    value_hash = models.CharField(max_length=64, db_index=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["kind", "id"]
        indexes = [models.Index(fields=["case", "kind"], name="identifier_case_kind_idx")]
        verbose_name = _("identifier")
        verbose_name_plural = _("identifiers")

    def __str__(self) -> str:
        return f"Identifier {self.public_id}"


class SharedIdentifier(BaseModel):
    """An identifier an analyst (secretariat or police) marked as public or shared: an agency
    hotline, a bank's customer service, a payment gateway. It never links cases or persons
    (issue 10 §4). Keyed by the value hash only; ``reason`` is free text without the value."""

    value_hash = models.CharField(max_length=64, unique=True)
    kind = models.CharField(max_length=16, choices=IdentifierKind.choices)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("identifier shared across cases")
        verbose_name_plural = _("identifiers shared across cases")

    def __str__(self) -> str:
        return f"SharedIdentifier {self.public_id}"


class PersonMerge(BaseModel):
    """Two records of one person merged (issue 10 §2): every participation of ``merged`` now
    points at ``survivor``; nothing else changes (notes, identifications and audit rows stay
    on their cases and participants), so :func:`sigap.people.merge.person_merge_undo` moves
    exactly ``moved_participants`` back. ``merged`` keeps its row (no blocking keys while the
    merge stands). ``reason`` is free text and never copied into audit rows."""

    survivor = models.ForeignKey("cases.Person", on_delete=models.PROTECT, related_name="+")
    merged = models.ForeignKey("cases.Person", on_delete=models.PROTECT, related_name="+")
    moved_participants = models.JSONField(default=list)
    reason = models.TextField(_("reason"), max_length=2000)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    across_agencies = models.BooleanField(default=False)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    undo_reason = models.TextField(blank=True, max_length=2000)

    class Meta:
        verbose_name = _("person merge")
        verbose_name_plural = _("person merges")
        ordering = ["-created_at", "-id"]
        constraints = [
            # A person is merged into another at most once at a time.
            models.UniqueConstraint(
                fields=["merged"],
                condition=models.Q(undone_at__isnull=True),
                name="uniq_active_merge_of_person",
            ),
        ]

    def __str__(self) -> str:
        return f"PersonMerge {self.public_id}"


class AdClusterRunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class AdClusterRunQuerySet(models.QuerySet):
    def visible_to(self, user) -> "AdClusterRunQuerySet":
        """A run is private to the analyst who started it (the pasted ads may hold phones)."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(owner=user)


class AdClusterRun(BaseModel):
    """A background clustering of many recruitment ads (issue 10 §6;
    :mod:`sigap.analytics.adpage`). The task gets this row's id only; ``ads`` (the input, a
    JSON list of str) and ``result`` (JSON list of clusters: size, template, slots, members)
    are Fernet tokens (``sigap.core.crypto``), re-encrypted by ``rotate_keys``. ``ads`` is
    emptied once the run ends. ``progress`` in percent; ``error`` a fixed sentence."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        max_length=10, choices=AdClusterRunStatus.choices, default=AdClusterRunStatus.QUEUED
    )
    ads_total = models.PositiveIntegerField(default=0)
    progress = models.PositiveSmallIntegerField(default=0)
    ads = EncryptedBlobField(blank=True)
    result = EncryptedBlobField(blank=True)
    error = models.CharField(max_length=200, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = AdClusterRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("recruitment ad clustering run")
        verbose_name_plural = _("recruitment ad clustering runs")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["owner", "created_at"], name="adrun_owner_created_idx")]

    def __str__(self) -> str:
        return f"AdClusterRun {self.public_id}"


#: The same four states as an ad clustering run (one definition for background runs).
LinkRunStatus = AdClusterRunStatus


class LinkRun(BaseModel):
    """One batch linkage of every person record (issue 10 §4; :mod:`sigap.people.linkage`),
    run by the background worker. The task gets this row's id only. ``progress`` in percent;
    ``error`` a fixed sentence; ``persons`` and ``suggested`` are counts over the whole
    register, shown only to the one who started the run (they name nobody)."""

    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=LinkRunStatus.choices, default=LinkRunStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0)
    persons = models.PositiveIntegerField(default=0)
    suggested = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=200, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("record linkage run")
        verbose_name_plural = _("record linkage runs")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"LinkRun {self.public_id}"


class LinkStatus(models.TextChoices):
    OPEN = "open", _("To review")
    CONFIRMED = "confirmed", _("Same person (confirmed)")
    REJECTED = "rejected", _("Different persons (rejected)")


class LinkSuggestion(BaseModel):
    """Two person records the batch linkage found likely to be one person (issue 10 §4): a
    suggestion an analyst (secretariat or police) confirms or rejects, never a merge by itself.

    ``person_a`` has the lower id. ``match_weight`` is the Fellegi-Sunter log2 Bayes factor
    of the whole pair (Splink), ``match_probability`` in 0–1, ``weights`` the per-comparison
    match weights that explain it (``{"name": 6.1, "dob": 7.9, ...}``; keys in
    :data:`sigap.people.linkage.COMPARISONS`); no plaintext. A decided pair is never suggested
    again; an open pair the next run no longer finds is withdrawn (deleted: nobody acted).
    """

    person_a = models.ForeignKey(
        "cases.Person", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    person_b = models.ForeignKey(
        "cases.Person", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    run = models.ForeignKey(LinkRun, on_delete=models.SET_NULL, null=True, related_name="+")
    match_weight = models.FloatField()
    match_probability = models.FloatField()
    weights = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=LinkStatus.choices, default=LinkStatus.OPEN)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("suggested pair of persons")
        verbose_name_plural = _("suggested pairs of persons")
        ordering = ["-match_weight", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["person_a", "person_b"], name="uniq_link_pair"),
            models.CheckConstraint(
                condition=models.Q(person_a__lt=models.F("person_b")), name="link_pair_ordered"
            ),
        ]
        indexes = [
            # The review list: one status, best first, keyset on (match_weight, id).
            models.Index(fields=["status", "-match_weight", "-id"], name="link_status_weight_idx"),
            models.Index(fields=["person_b"], name="link_person_b_idx"),
        ]

    def __str__(self) -> str:
        return f"LinkSuggestion {self.public_id}"
