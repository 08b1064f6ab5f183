"""Coded lists for the justice process (../shared/domain/indonesia-tppo.md §1; UU 21/2007)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class JusticeStage(models.TextChoices):
    """Stages of the criminal process, in order (KUHAP practice; "P21": the prosecutor declares
    the investigation file complete)."""

    REPORT = "report", _("Police report")
    INVESTIGATION = "investigation", _("Investigation")
    FILE_COMPLETE = "file_complete", _("Case file complete (P21)")
    PROSECUTION = "prosecution", _("Prosecution (trial)")
    FIRST_INSTANCE_VERDICT = "first_instance_verdict", _("First-instance verdict")
    APPEAL = "appeal", _("Appeal")
    FINAL = "final", _("Final and binding verdict (inkracht)")


STAGE_ORDER: tuple[str, ...] = tuple(JusticeStage.values)


class SuspectRoleCode(models.TextChoices):
    """What a suspect did in the trafficking chain (UU 21/2007 Pasal 1 angka 1 processes;
    Pasal 8 for officials)."""

    RECRUITER = "recruiter", _("Recruiter")
    TRANSPORTER = "transporter", _("Transporter")
    HARBOURER = "harbourer", _("Harbourer (holds victims)")
    EXPLOITER = "exploiter", _("Employer or exploiter")
    FINANCIER = "financier", _("Financier")
    DOCUMENT_FORGER = "document_forger", _("Document forger")
    OFFICIAL = "official", _("Official abusing their office (UU 21/2007 Pasal 8)")


class Law(models.TextChoices):
    UU_21_2007 = "uu_21_2007", _("UU 21/2007 (trafficking in persons)")
    UU_18_2017 = "uu_18_2017", _("UU 18/2017 (migrant worker protection)")
    UU_12_2022 = "uu_12_2022", _("UU 12/2022 (sexual violence crimes)")


LAW_SHORT = {
    Law.UU_21_2007: "UU 21/2007",
    Law.UU_18_2017: "UU 18/2017",
    Law.UU_12_2022: "UU 12/2022",
}


class VerdictLevel(models.TextChoices):
    FIRST_INSTANCE = "first_instance", _("District court (first instance)")
    APPEAL = "appeal", _("High court (appeal)")
    CASSATION = "cassation", _("Supreme Court (cassation)")


class VerdictOutcome(models.TextChoices):
    CONVICTED = "convicted", _("Convicted")
    ACQUITTED = "acquitted", _("Acquitted")
    RELEASED = "released", _("Released from all charges")


class RestitutionStatus(models.TextChoices):
    AWAITING_FINAL = "awaiting_final", _("Awaiting notice of the final verdict")
    DUE = "due", _("Not yet paid, within the deadline")
    PARTLY_PAID = "partly_paid", _("Partly paid, within the deadline")
    OVERDUE = "overdue", _("Overdue: not fully paid within 14 days")
    PAID = "paid", _("Paid in full")
