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


class ActionKind(models.TextChoices):
    """What carrying out a data-subject request does (prepared by one user, approved by
    another: ``privacy.services.subject_action_prepare`` / ``subject_action_approve``)."""

    CORRECT = "correct", _("Correct the identity")
    ERASE = "erase", _("Erase the identity")
    RESTRICT = "restrict", _("Restrict processing (hide the identity)")
    LIFT = "lift", _("Lift the restriction")
    REFUSE = "refuse", _("Refuse (legal exception)")


#: Which actions answer which kind of request.
ACTIONS_FOR_REQUEST = {
    "correction": (ActionKind.CORRECT, ActionKind.REFUSE),
    "deletion": (ActionKind.ERASE, ActionKind.REFUSE),
    "restriction": (ActionKind.RESTRICT, ActionKind.LIFT, ActionKind.REFUSE),
    "objection": (ActionKind.RESTRICT, ActionKind.LIFT, ActionKind.REFUSE),
}


class ActionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPLIED = "applied", _("Approved and carried out")
    REJECTED = "rejected", _("Rejected by the approver")


class RefusalBasis(models.TextChoices):
    """Legal bases for refusing (wholly or partly) a data-subject request. Article numbers of
    UU 27/2022 are from its text (Pasal 15, 41 ayat 2, 43 ayat 2, 44 ayat 1 huruf c); have the
    task force's legal officer confirm them before citing externally."""

    LAW_ENFORCEMENT = (
        "law_enforcement",
        _("Needed for the law-enforcement process (UU 27/2022 Pasal 15 ayat 1 huruf b)"),
    )
    LEGAL_PROCEEDINGS = (
        "legal_proceedings",
        _("Related to the settlement of a legal case (UU 27/2022 Pasal 44 ayat 1 huruf c)"),
    )
    VICTIM_PROTECTION = (
        "victim_protection",
        _("Needed for the victim's protection and rights (UU 21/2007 Pasal 44 and 51)"),
    )
    SAFETY = "safety", _("Would endanger the safety of others (UU 27/2022 Pasal 41 ayat 2 huruf b)")
    RETENTION = (
        "retention",
        _("A retention duty under another law applies (UU 27/2022 Pasal 43 ayat 2)"),
    )
    OTHER = "other", _("Another legal basis (explain)")
