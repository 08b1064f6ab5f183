"""Coded lists of the victims' rights tracker (UU 21/2007 Bab V; UU 31/2014 on LPSK)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RightCode(models.TextChoices):
    """The rights tracked per victim, in the order the page shows them.

    The five service rights share their code with ``agencies.ServiceCode`` so a referral for
    that service is evidence of the right (see ``selectors.derive_rights``).
    """

    IDENTITY = "identity", _("Confidential identity")
    PROTECTION = "protection", _("Protection (police, LPSK)")
    RESTITUTION = "restitution", _("Restitution")
    HEALTH_REHAB = "health_rehab", _("Health rehabilitation")
    SOCIAL_REHAB = "social_rehab", _("Social rehabilitation")
    REPATRIATION = "repatriation", _("Repatriation")
    REINTEGRATION = "reintegration", _("Social reintegration")
    LEGAL_AID = "legal_aid", _("Legal aid")
    INFORMATION = "information", _("Information on the progress of the case")


# Legal basis shown next to each right (../shared/domain/indonesia-tppo.md §1.1).
RIGHT_BASIS = {
    RightCode.IDENTITY: "UU 21/2007 Pasal 44",
    RightCode.PROTECTION: "UU 21/2007 Pasal 46–47; UU 31/2014",
    RightCode.RESTITUTION: "UU 21/2007 Pasal 48–50; UU 31/2014 Pasal 7A",
    RightCode.HEALTH_REHAB: "UU 21/2007 Pasal 51–52",
    RightCode.SOCIAL_REHAB: "UU 21/2007 Pasal 51–52",
    RightCode.REPATRIATION: "UU 21/2007 Pasal 51–52, 54",
    RightCode.REINTEGRATION: "UU 21/2007 Pasal 51–52",
    RightCode.LEGAL_AID: "UU 12/2022 Pasal 70",
    RightCode.INFORMATION: "UU 21/2007 Pasal 36",
}

# Rights whose status comes from a referral for the service of the same code.
SERVICE_RIGHTS = (
    RightCode.HEALTH_REHAB,
    RightCode.SOCIAL_REHAB,
    RightCode.REPATRIATION,
    RightCode.REINTEGRATION,
    RightCode.LEGAL_AID,
)


class RightStatus(models.TextChoices):
    NOT_NEEDED = "not_needed", _("Not needed")
    REQUESTED = "requested", _("Requested")
    IN_PROGRESS = "in_progress", _("In progress")
    FULFILLED = "fulfilled", _("Fulfilled")
    REFUSED = "refused", _("Refused")


class RepatriationKind(models.TextChoices):
    DOMESTIC = "domestic", _("Within Indonesia (to the area of origin)")
    INTERNATIONAL = "international", _("From abroad (through an Indonesian mission)")


class RepatriationStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("Under way")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class LpskDecision(models.TextChoices):
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")


class ProtectionForm(models.TextChoices):
    """Forms of protection and aid the LPSK may grant (UU 31/2014 Pasal 5, 6, 7A) [verify]."""

    PHYSICAL = "physical", _("Physical protection")
    PROCEDURAL = "procedural", _("Procedural rights")
    SAFE_HOUSE = "safe_house", _("Safe house or relocation")
    MEDICAL = "medical", _("Medical aid")
    PSYCHOLOGICAL = "psychological", _("Psychological rehabilitation")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial rehabilitation")
    RESTITUTION = "restitution", _("Help with restitution")
