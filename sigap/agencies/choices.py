from django.db import models
from django.utils.translation import gettext_lazy as _


class AgencyKind(models.TextChoices):
    """Kinds of task-force member agencies (../shared/domain/indonesia-tppo.md §5)."""

    SECRETARIAT = "secretariat", _("Secretariat (Suku Dinas PPAPP)")
    UPT_PPA = "upt_ppa", _("UPT/UPTD PPA")
    KECAMATAN = "kecamatan", _("Kecamatan office")
    KELURAHAN = "kelurahan", _("Kelurahan office")
    EDUCATION = "education", _("Education")
    SOCIAL = "social", _("Social affairs")
    HEALTH = "health", _("Health")
    MANPOWER = "manpower", _("Manpower")
    POLICE = "police", _("Police")
    PROSECUTOR = "prosecutor", _("Prosecution service")
    IMMIGRATION = "immigration", _("Immigration")
    LPSK = "lpsk", _("LPSK")
    MIGRANT_PROTECTION = "migrant_protection", _("Migrant worker protection")
    SCHOOL = "school", _("School")
    OTHER = "other", _("Other")


class Role(models.TextChoices):
    """User roles; each maps to one Django Group holding its permissions (see roles.py)."""

    REPORTER = "reporter", _("Reporter (kelurahan/kecamatan/school)")
    CASE_MANAGER = "case_manager", _("Case manager")
    SUPERVISOR = "supervisor", _("Supervisor")
    SECRETARIAT = "secretariat", _("Task force secretariat")
    SERVICE_PROVIDER = "service_provider", _("Service provider")
    POLICE = "police", _("Police investigator")
    # Issue 13 §7: the prosecutor's office and LPSK act on their own steps instead of the
    # police carrying P21 and the indictment. Both receive cases by referral (their inbox).
    PROSECUTOR = "prosecutor", _("Prosecutor (Kejari)")
    LPSK = "lpsk_officer", _("LPSK officer")
    LEADERSHIP = "leadership", _("Leadership")
    AUDITOR = "auditor", _("Auditor / data protection officer")
    PLATFORM_ADMIN = "platform_admin", _("Platform administrator")


class ServiceCode(models.TextChoices):
    """Victim services (UU 21/2007 Pasal 51 and Permen PPPA service standards)."""

    HEALTH_REHAB = "health_rehab", _("Health rehabilitation")
    SOCIAL_REHAB = "social_rehab", _("Social rehabilitation")
    REPATRIATION = "repatriation", _("Repatriation")
    REINTEGRATION = "reintegration", _("Social reintegration")
    LEGAL_AID = "legal_aid", _("Legal aid")
    SHELTER = "shelter", _("Temporary shelter")
    ACCOMPANIMENT = "accompaniment", _("Accompaniment")
    RESTITUTION = "restitution", _("Restitution support")
    LAW_ENFORCEMENT = "law_enforcement", _("Law enforcement (police report)")
    # The case handed to the prosecutor's office: P21, indictment with the restitution claim
    # (UU 21/2007 Pasal 48; KUHAP Pasal 138-143).
    PROSECUTION = "prosecution", _("Prosecution (case file to the prosecutor)")
    # Witness and victim protection by LPSK (UU 31/2014 Pasal 5, 28-29; UU 21/2007 Pasal 47).
    PROTECTION = "protection", _("Witness and victim protection (LPSK)")
