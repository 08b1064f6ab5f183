"""Cases, the people in them, their journey, identification under UU 21/2007, and notes."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from sigap.cases.choices import (
    CaseStatus,
    ClosureReason,
    ExploitationForm,
    IdentificationResult,
    IntakeChannel,
    JobCategory,
    JourneyStage,
    Modus,
    ParticipantRole,
    PassportHolder,
    RecruitmentChannel,
    SalaryCurrency,
    Sex,
    VisaType,
)
from sigap.core.fields import (
    EncryptedCharField,
    EncryptedDateField,
    KeyedHashField,
    NameIndexField,
)
from sigap.core.models import BaseModel, ChoiceDisplayMixin
from sigap.core.money import MAX_RUPIAH

NOTE_MAX_CHARS = 20_000
SUMMARY_MAX_CHARS = 5_000


class CaseQuerySet(models.QuerySet):
    """Query vocabulary for cases; ``visible_to`` is the one record-scoping rule.

    ``source_truncated`` (False unless :meth:`mark_truncated`): the rows were drawn from a
    bounded set of candidates (the first ``COUNT_CAP + 1`` matches of a name search), so a
    count over them is a lower bound; ``sigap.core.pagination.CappedPaginator`` then says
    "more than". Kept by every clone.
    """

    source_truncated = False

    def _clone(self):
        clone = super()._clone()
        clone.source_truncated = self.source_truncated
        return clone

    def mark_truncated(self) -> "CaseQuerySet":
        """A copy whose count is a lower bound (see the class docstring)."""
        clone = self._chain()
        clone.source_truncated = True
        return clone

    def visible_to(self, user, *, breakglass: bool = True) -> "CaseQuerySet":
        """Cases ``user`` may see; see :func:`sigap.cases.access.case_scope_q`
        (``breakglass=False``: without the user's emergency grants)."""
        from sigap.cases.access import case_scope_q

        q = case_scope_q(user, breakglass=breakglass)
        if q is None:
            return self.none()
        return self.filter(q)

    def open(self) -> "CaseQuerySet":
        return self.exclude(status=CaseStatus.CLOSED)


class Case(BaseModel):
    """A trafficking (TPPO) case: one situation, possibly several victims and suspects.

    ``number`` is ``TPPO-<kota code without dots>-<year>-<seq>``, e.g. ``TPPO-3171-2026-0001``
    (a pseudonymous identifier: UU 21/2007 Pasal 44). ``version`` supports optimistic locking.
    """

    number = models.CharField(_("case number"), max_length=32, unique=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=CaseStatus.choices,
        default=CaseStatus.REPORTED,
        db_index=True,
    )
    intake_channel = models.CharField(
        _("intake channel"), max_length=32, choices=IntakeChannel.choices
    )
    reported_on = models.DateField(_("report date"), default=timezone.localdate)
    reporting_agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        related_name="reported_cases",
        verbose_name=_("reporting agency"),
        db_index=False,  # served by a composite index (see Meta)
    )
    report_area = models.ForeignKey(
        "areas.Area",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("kelurahan of report"),
    )
    handling_agency = models.ForeignKey(
        "agencies.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="handled_cases",
        verbose_name=_("handling agency"),
        db_index=False,  # served by a composite index (see Meta)
    )
    # The named case manager (issue 13 §7): a case manager of the handling agency, set when
    # one takes the case on and changed by its supervisor (sigap.casework.assignment).
    case_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="managed_cases",
        verbose_name=_("case manager"),
        db_index=False,  # served by a composite index (see Meta)
    )
    summary = models.TextField(_("incident summary"), max_length=SUMMARY_MAX_CHARS)
    modus = models.CharField(_("modus operandi"), max_length=32, choices=Modus.choices, blank=True)
    destination_country = CountryField(_("destination country"), blank=True)
    destination_area = models.ForeignKey(
        "areas.Area",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("destination area (within Indonesia)"),
    )
    recruitment_channel = models.CharField(
        _("recruitment channel"), max_length=32, choices=RecruitmentChannel.choices, blank=True
    )
    opened_at = models.DateTimeField(_("handling started"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closure_reason = models.CharField(
        _("closure reason"), max_length=32, choices=ClosureReason.choices, blank=True
    )
    closure_note = models.TextField(_("closure note"), blank=True, max_length=2000)
    # The case's registration number in KemenPPPA's SIMFONI-PPA, recorded once here so the
    # SIMFONI export (sigap.reports.standards) carries it and nobody enters the case twice.
    simfoni_number = models.CharField(
        _("SIMFONI-PPA registration number"),
        max_length=40,
        blank=True,
        validators=[
            RegexValidator(
                r"^[A-Za-z0-9][A-Za-z0-9./-]*$",
                _("Use letters, digits, dots, slashes and hyphens only."),
            )
        ],
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-reported_on", "-id"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        permissions = [
            ("open_case", "Can open (take on) a reported case"),
            ("identify_case", "Can record identification"),
            ("close_case", "Can close a case"),
            ("view_aggregates", "Can view aggregate dashboard"),
        ]
        indexes = [
            models.Index(fields=["handling_agency", "status"]),
            # "My cases" and the supervisor's caseload (per case manager, by status).
            models.Index(
                fields=["case_manager", "status", "-reported_on", "-id"],
                name="case_manager_status_idx",
            ),
            models.Index(fields=["reporting_agency", "status"]),
            models.Index(fields=["report_area", "status"]),
            # The case list's order (newest first) within each branch of the scope rule
            # (cases.access._role_scope_q), so a page reads ~25 index entries, not the table.
            models.Index(fields=["-reported_on", "-id"], name="case_reported_idx"),
            models.Index(
                fields=["handling_agency", "-reported_on", "-id"], name="case_handling_reported_idx"
            ),
            models.Index(
                fields=["reporting_agency", "-reported_on", "-id"],
                name="case_reporting_reported_idx",
            ),
            # The UPT PPA intake queue: reported cases no agency has taken on yet.
            models.Index(
                fields=["-reported_on", "-id"],
                condition=models.Q(status="reported", handling_agency__isnull=True),
                name="case_intake_reported_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="closed") | models.Q(closed_at__isnull=False),
                name="case_closed_has_date",
            ),
            models.UniqueConstraint(
                fields=["simfoni_number"],
                condition=~models.Q(simfoni_number=""),
                name="uniq_case_simfoni_number",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def exploitation_items(self) -> list["CaseExploitation"]:
        """The case's exploitation forms: the list a selector prefetched into
        ``listed_exploitations`` (``Prefetch(..., to_attr=...)``; Django then builds no related
        manager and queryset per row, ~40 µs each on a 25-row page, issue 8), else one query."""
        listed = self.__dict__.get("listed_exploitations")
        return listed if listed is not None else list(self.exploitations.all())


class CaseExploitation(ChoiceDisplayMixin, models.Model):
    """One exploitation form of a case (a case may have several)."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="exploitations", db_index=False
    )
    form = models.CharField(max_length=32, choices=ExploitationForm.choices, db_index=True)

    class Meta:
        verbose_name = _("exploitation form of a case")
        verbose_name_plural = _("exploitation forms of cases")
        constraints = [
            models.UniqueConstraint(fields=["case", "form"], name="uniq_case_exploitation"),
        ]

    def __str__(self) -> str:
        return self.get_form_display()


class CaseCounter(models.Model):
    """Last issued sequence number per ``(prefix, year)`` for case numbers."""

    prefix = models.CharField(max_length=8)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("case number counter")
        verbose_name_plural = _("case number counters")
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year"], name="uniq_case_counter"),
        ]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}: {self.last}"


nik_validator = RegexValidator(r"^\d{16}$", _("NIK must consist of 16 digits."))


class Person(BaseModel):
    """A natural person in one or more cases. Holds most personal data (UU 27/2022 PDP).

    ``date_of_birth`` or ``estimated_age`` (years at the time of report) gives the age.
    ``full_name``, ``nik``, ``phone``, ``address`` and ``date_of_birth`` are encrypted at rest
    (sigap.core.fields); they cannot be filtered on. Exact search goes through ``nik_hash``
    (keyed hash of the NIK) and ``name_index`` (keyed hashes of the name's words), both derived
    on save (docs/data-protection.md).
    """

    full_name = EncryptedCharField(_("full name"), max_length=150)
    nik = EncryptedCharField(_("NIK"), max_length=16, blank=True, validators=[nik_validator])
    nik_hash = KeyedHashField(source="nik", db_index=True)
    name_index = NameIndexField(source="full_name")
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    date_of_birth = EncryptedDateField(_("date of birth"), null=True, blank=True)
    estimated_age = models.PositiveSmallIntegerField(
        _("estimated age (years)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(120)],
    )
    nationality = CountryField(_("nationality"), default="ID")
    origin_area = models.ForeignKey(
        "areas.Area",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("area of origin"),
    )
    phone = EncryptedCharField(_("phone"), max_length=32, blank=True)
    address = EncryptedCharField(_("address"), max_length=300, blank=True)
    # Restriction of processing (UU 27/2022 PDP Pasal 11, Pasal 41): while True, the one
    # identity rule (sigap.cases.access.identity_visible) hides this person's identity from
    # everyone, the handling case team included. Set and lifted only by
    # ``person_restriction_set`` after a four-eyes approval (sigap.privacy).
    identity_restricted = models.BooleanField(_("processing restricted"), default=False)
    # Erasure (UU 27/2022 PDP Pasal 8, Pasal 43): when set, the identity fields hold a
    # tombstone (``person_erase``); the case's non-identifying facts stay.
    erased_at = models.DateTimeField(_("identity erased at"), null=True, blank=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return f"Person {self.public_id}"


class Participant(BaseModel):
    """A person's role in a case (victim, witness, suspect).

    ``is_child`` is derived by the services from the age at exploitation (UU 21/2007 Pasal 1
    angka 5: a child is under 18) and is None when no age is known.
    """

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="participants", db_index=False
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="participations")
    role = models.CharField(_("role"), max_length=16, choices=ParticipantRole.choices)
    is_child = models.BooleanField(_("child"), null=True, blank=True)
    age_at_exploitation = models.PositiveSmallIntegerField(null=True, blank=True)
    # A suspect who is a parent or legal guardian of a victim in the case: that guardian's
    # consent cannot be the basis for sharing the child's data (issue 3 §3, referrals).
    is_victim_guardian = models.BooleanField(_("parent or guardian of a victim"), default=False)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "person", "role"], name="uniq_participant_role"
            ),
        ]
        verbose_name = _("case participant")
        verbose_name_plural = _("case participants")

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.public_id}"


class JourneyEvent(BaseModel):
    """A step of the trafficking journey: recruitment, transit or exploitation (place, date)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="journey")
    stage = models.CharField(_("stage"), max_length=16, choices=JourneyStage.choices)
    area = models.ForeignKey(
        "areas.Area",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("area (Indonesia)"),
    )
    country = CountryField(_("country"), blank=True)
    place_note = models.CharField(_("place description"), max_length=200, blank=True)
    occurred_on = models.DateField(_("date"), null=True, blank=True)

    class Meta:
        ordering = ["occurred_on", "id"]
        verbose_name = _("journey event")
        verbose_name_plural = _("journey events")

    def __str__(self) -> str:
        return f"{self.get_stage_display()} {self.occurred_on or ''}"


class Identification(BaseModel):
    """Identification of one victim against the three UU 21/2007 Pasal 1 angka 1 elements.

    ``process``, ``means`` and ``purpose`` are lists of codes from choices.Process/Means/Purpose.
    ``result`` and ``reason`` are computed by :func:`sigap.cases.rules.assess_identification`.
    """

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="identifications"
    )
    process = models.JSONField(default=list)
    means = models.JSONField(default=list)
    purpose = models.JSONField(default=list)
    is_child = models.BooleanField(null=True)
    result = models.CharField(_("result"), max_length=24, choices=IdentificationResult.choices)
    reason = models.TextField(_("reason"))
    notes = models.TextField(_("notes"), blank=True, max_length=5000)
    identified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("identification")
        verbose_name_plural = _("identifications")

    def __str__(self) -> str:
        return f"{self.get_result_display()}"


class CaseNote(BaseModel):
    """A free-text note on a case (may contain personal data; never logged)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("note"), max_length=NOTE_MAX_CHARS)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("case note")
        verbose_name_plural = _("case notes")

    def __str__(self) -> str:
        return f"Note {self.public_id}"


def _rupiah_validators():
    return [MinValueValidator(0), MaxValueValidator(MAX_RUPIAH)]


class CaseModusFacts(BaseModel):
    """The structured modus facts of a case (issue 13 §4): the job offered, salary, visa,
    passport, recruiter, fees and debt, the holding house (penampungan) and the route.

    One row per case (one-to-one, created on first save), kept apart from ``Case`` because
    the facts are optional, edited as one group by the handling case team and audited as one
    change (``case.modus_facts``). The destination country stays on ``Case`` (one place).
    Amounts are whole units, bounded by :data:`sigap.core.money.MAX_RUPIAH`; ``fees_paid`` and
    ``debt_amount`` are Rupiah, ``promised_salary`` is per month in ``salary_currency``.
    ``recruiter_name`` and ``penampungan_address`` may identify a person (a sponsor, a house)
    and are encrypted at rest; ``recruiter_licensed``/``recruiter_p3mi`` record the fuzzy match
    of the recruiter against the P3MI registry (sigap.analytics) at the time of saving
    (UU 18/2017 Pasal 49-51: only a licensed P3MI may place migrant workers).
    """

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="modus_facts")
    job_offered = models.CharField(_("job offered"), max_length=200, blank=True)
    job_category = models.CharField(
        _("job category"), max_length=24, choices=JobCategory.choices, blank=True, db_index=True
    )
    promised_salary = models.BigIntegerField(
        _("promised salary per month"), null=True, blank=True, validators=_rupiah_validators()
    )
    salary_currency = models.CharField(
        _("salary currency"),
        max_length=3,
        choices=SalaryCurrency.choices,
        default=SalaryCurrency.IDR,
        blank=True,
    )
    visa_type = models.CharField(
        _("visa type"), max_length=16, choices=VisaType.choices, blank=True, db_index=True
    )
    passport_holder = models.CharField(
        _("passport held by"),
        max_length=16,
        choices=PassportHolder.choices,
        blank=True,
        db_index=True,
    )
    recruiter_name = EncryptedCharField(_("recruiter or company"), max_length=200, blank=True)
    recruiter_licensed = models.BooleanField(_("licensed P3MI"), null=True, blank=True)
    recruiter_p3mi = models.CharField(_("matching P3MI"), max_length=200, blank=True)
    fees_paid = models.BigIntegerField(
        _("fees paid (Rp)"), null=True, blank=True, validators=_rupiah_validators()
    )
    has_debt = models.BooleanField(_("debt to the recruiter or employer"), null=True, blank=True)
    debt_amount = models.BigIntegerField(
        _("debt amount (Rp)"), null=True, blank=True, validators=_rupiah_validators()
    )
    penampungan_area = models.ForeignKey(
        "areas.Area",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("holding house (penampungan) area"),
    )
    penampungan_address = EncryptedCharField(
        _("holding house (penampungan) address"), max_length=300, blank=True
    )
    # ISO 3166-1 alpha-2 codes, in route order (validated by sigap.cases.modus).
    transit_countries = models.JSONField(_("transit countries"), default=list, blank=True)
    transit_points = models.CharField(_("transit points"), max_length=500, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("modus facts")
        verbose_name_plural = _("modus facts")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(debt_amount__isnull=True) | models.Q(has_debt=True),
                name="modus_debt_amount_needs_debt",
            ),
        ]

    def __str__(self) -> str:
        return f"Modus facts {self.public_id}"

    @property
    def transit_country_names(self) -> list[str]:
        """The transit countries' names in the active language, in route order."""
        from django_countries import countries

        return [str(countries.name(code) or code) for code in self.transit_countries or []]


class CaseNameToken(models.Model):
    """One name word of a victim of a case, for the case list's name search (issue 8 §4):
    ``(agency_id, token, reported_on, case_id)`` with ``agency_id`` the case's handling
    agency, ``token`` one keyed hash of ``Person.name_index`` (no plaintext), for every victim
    whose processing is not restricted (UU 27/2022 PDP Pasal 41: never found by their
    identity while restricted), once per case and word.

    Derived data kept by **database triggers** (migration ``cases 0010``) on ``cases_case``,
    ``cases_participant`` and ``cases_person``, as the GIN index is kept by the database
    itself: every writer (services, imports, merges, the bulk seeder's ``COPY``) keeps it
    without knowing of it. Not managed by Django (the migration creates the table, its
    index and the triggers per database), so the bulk seeder does not copy it. A search for
    one word reads the ``(agency_id, token)`` range of the unique index instead of probing
    every case of the agency for the word.
    """

    id = models.BigAutoField(primary_key=True)
    agency_id = models.BigIntegerField()
    token = models.CharField(max_length=40)
    reported_on = models.DateField()
    case_id = models.BigIntegerField()

    class Meta:
        verbose_name = _("victim name word (search)")
        verbose_name_plural = _("victim name words (search)")
        managed = False
        db_table = "cases_casenametoken"

    def __str__(self) -> str:
        return f"CaseNameToken {self.pk}"
