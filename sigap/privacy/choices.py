from django.db import models
from django.utils.translation import gettext_lazy as _


class LawfulBasis(models.TextChoices):
    """Lawful bases for processing personal data (UU 27/2022 PDP Pasal 20 ayat 2)."""

    CONSENT = "consent", _("Explicit consent")
    CONTRACT = "contract", _("Performance of a contract")
    LEGAL_OBLIGATION = "legal_obligation", _("Legal obligation")
    VITAL_INTEREST = "vital_interest", _("Vital interest of the data subject")
    PUBLIC_TASK = "public_task", _("Public interest or official authority")
    LEGITIMATE_INTEREST = "legitimate_interest", _("Legitimate interest")


class RequestKind(models.TextChoices):
    """Data-subject rights (UU 27/2022 PDP Pasal 5–15)."""

    ACCESS = "access", _("Access / copy of data")
    CORRECTION = "correction", _("Correction")
    RESTRICTION = "restriction", _("Restriction of processing")
    DELETION = "deletion", _("Deletion")
    OBJECTION = "objection", _("Objection")


class RequestStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    REFUSED = "refused", _("Refused (legal exception)")


class BreachStatus(models.TextChoices):
    OPEN = "open", _("Open")
    NOTIFIED = "notified", _("Notified")
    CLOSED = "closed", _("Closed")
