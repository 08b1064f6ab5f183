"""Coded lists for cases (../shared/domain/: UU 21/2007 Pasal 1, HTCDS and CTDC names)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CaseStatus(models.TextChoices):
    REPORTED = "reported", _("Reported")
    OPEN = "open", pgettext_lazy("case status", "Open")
    CLOSED = "closed", _("Closed")


class IntakeChannel(models.TextChoices):
    KELURAHAN_REPORT = "kelurahan_report", _("Kelurahan/kecamatan report")
    SCHOOL_REPORT = "school_report", _("School report")
    WALK_IN = "walk_in", _("Walk-in")
    HOTLINE = "hotline", _("Hotline (SAPA 129 etc.)")
    POLICE = "police", _("Police referral")
    AGENCY_REFERRAL = "agency_referral", _("Referral from another agency")
    REPATRIATION = "repatriation", _("Repatriation from abroad")
    OUTREACH = "outreach", _("Outreach")
    ONLINE = "online", _("Online complaint")
    OTHER = "other", _("Other")


class Modus(models.TextChoices):
    """Modus operandi (domain §3.1; Polri Satgas TPPO categories kept as a mapping)."""

    MIGRANT_WORKER = "migrant_worker", _("Non-procedural migrant worker")
    DOMESTIC_WORKER = "domestic_worker", _("Domestic worker")
    ONLINE_SCAM = "online_scam", _("Online scam")
    FISHING_CREW = "fishing_crew", _("Ship or fishing crew (ABK)")
    SEXUAL_EXPLOITATION = "sexual_exploitation", _("Sexual exploitation / prostitution")
    CHILD_EXPLOITATION = "child_exploitation", _("Child exploitation")
    ORGAN_TRADE = "organ_trade", _("Organ trade")
    MAIL_ORDER_BRIDE = "mail_order_bride", _("Mail-order bride")
    INTERNSHIP = "internship", _("Fake internship / campus programme")
    OTHER = "other", _("Other")


class ExploitationForm(models.TextChoices):
    """UU 21/2007 Pasal 1 angka 7 (exploitation) and HTCDS exploitation types."""

    FORCED_LABOUR = "forced_labour", _("Forced labour")
    SEXUAL = "sexual", _("Sexual exploitation")
    DOMESTIC_SERVITUDE = "domestic_servitude", _("Domestic servitude")
    SLAVERY = "slavery", _("Slavery or practices similar to slavery")
    FORCED_CRIMINALITY = "forced_criminality", _("Forced criminality (e.g. scams)")
    FORCED_BEGGING = "forced_begging", _("Forced begging")
    FORCED_MARRIAGE = "forced_marriage", _("Forced marriage")
    ORGAN_REMOVAL = "organ_removal", _("Removal of organs or body tissue")
    OTHER = "other", _("Other")


class RecruitmentChannel(models.TextChoices):
    FACEBOOK = "facebook", _("Facebook")
    INSTAGRAM = "instagram", _("Instagram")
    TIKTOK = "tiktok", _("TikTok")
    WHATSAPP = "whatsapp", _("WhatsApp")
    TELEGRAM = "telegram", _("Telegram")
    OTHER_ONLINE = "other_online", _("Other social media / online")
    BROKER = "broker", _("Broker / sponsor")
    FAMILY_FRIEND = "family_friend", _("Family / friend")
    AGENCY = "agency", _("Placement company (P3MI)")
    CAMPUS = "campus", _("Campus / school")
    UNKNOWN = "unknown", _("Unknown")


class ParticipantRole(models.TextChoices):
    VICTIM = "victim", _("Victim")
    WITNESS = "witness", _("Witness")
    SUSPECT = "suspect", _("Suspect")


class Sex(models.TextChoices):
    FEMALE = "F", _("Female")
    MALE = "M", _("Male")


class JourneyStage(models.TextChoices):
    RECRUITMENT = "recruitment", _("Recruitment")
    TRANSIT = "transit", _("Transit / harbouring")
    EXPLOITATION = "exploitation", _("Exploitation")


class Process(models.TextChoices):
    """Process element, UU 21/2007 Pasal 1 angka 1."""

    RECRUITMENT = "recruitment", _("Recruitment")
    TRANSPORTATION = "transportation", _("Transportation")
    HARBOURING = "harbouring", _("Harbouring")
    SENDING = "sending", _("Sending")
    TRANSFER = "transfer", _("Transfer")
    RECEIPT = "receipt", _("Receipt")


class Means(models.TextChoices):
    """Means element, UU 21/2007 Pasal 1 angka 1."""

    THREAT = "threat", _("Threat of violence")
    VIOLENCE = "violence", _("Use of force")
    ABDUCTION = "abduction", _("Abduction")
    CONFINEMENT = "confinement", _("Confinement")
    FORGERY = "forgery", _("Forgery")
    DECEPTION = "deception", _("Deception")
    ABUSE_OF_POWER = "abuse_of_power", _("Abuse of power or of a position of vulnerability")
    DEBT_BONDAGE = "debt_bondage", _("Debt bondage")
    PAYMENT = "payment", _("Giving payments or benefits to a person having control")


class Purpose(models.TextChoices):
    """Purpose element: exploitation, UU 21/2007 Pasal 1 angka 1 and angka 7."""

    PROSTITUTION = "prostitution", _("Prostitution / sexual exploitation")
    FORCED_LABOUR = "forced_labour", _("Forced labour or services")
    SLAVERY = "slavery", _("Slavery or practices similar to slavery")
    OPPRESSION = "oppression", _("Oppression / extortion")
    ORGAN_REMOVAL = "organ_removal", _("Removal of organs or body tissue")
    OTHER_EXPLOITATION = (
        "other_exploitation",
        _("Use of a person's labour or abilities for another party's benefit"),
    )


class IdentificationResult(models.TextChoices):
    INDICATED = "indicated", _("Indicated TPPO")
    NOT_INDICATED = "not_indicated", _("Not indicated TPPO")
    NEEDS_INFORMATION = "needs_information", _("Needs more information")
    UNDER_SCREENING = "under_screening", _("Under screening")


class ClosureReason(models.TextChoices):
    SERVICES_COMPLETED = (
        "services_completed",
        _("Services completed, victim recovered or reintegrated"),
    )
    NOT_TPPO = "not_tppo", _("Not TPPO after identification")
    TRANSFERRED = "transferred", _("Transferred to another area or agency")
    VICTIM_DECLINED = "victim_declined", _("Victim declined further services")
    LOST_CONTACT = "lost_contact", _("Contact lost")
    DECEASED = "deceased", _("Victim deceased")
    OTHER = "other", _("Other")


class JobCategory(models.TextChoices):
    """The kind of job a victim was offered (structured modus facts, issue 13 §4)."""

    DOMESTIC_WORK = "domestic_work", _("Domestic worker")
    CAREGIVING = "caregiving", _("Caregiver / nurse aide")
    FACTORY = "factory", _("Factory / manufacturing")
    PLANTATION = "plantation", _("Plantation / agriculture")
    CONSTRUCTION = "construction", _("Construction")
    FISHING = "fishing", _("Fishing vessel / ship crew")
    HOSPITALITY = "hospitality", _("Hotel, restaurant or spa")
    ENTERTAINMENT = "entertainment", _("Entertainment / karaoke / bar")
    ONLINE_OFFICE = "online_office", _("Online / call-centre / IT job")
    OFFICE_SALES = "office_sales", _("Office or sales")
    OTHER = "other", _("Other job")
    UNKNOWN = "unknown", _("Not known")


class VisaType(models.TextChoices):
    """The visa the victim travelled on. UU 18/2017 Pasal 13 requires a work visa for
    placement abroad; the others are the Kemnaker red flag "berangkat dengan visa turis"."""

    TOURIST = "tourist", _("Tourist visa")
    VISIT = "visit", _("Visit visa")
    UMRAH_HAJJ = "umrah_hajj", _("Umrah / hajj visa")
    WORK = "work", _("Work visa")
    STUDENT = "student", _("Student visa")
    NONE = "none", _("No visa")
    UNKNOWN = "unknown", _("Not known")


class PassportHolder(models.TextChoices):
    """Who held the victim's passport (withholding documents: ILO forced-labour indicator)."""

    SELF = "self", _("The victim")
    RECRUITER = "recruiter", _("The recruiter / sponsor")
    EMPLOYER = "employer", _("The employer")
    AGENCY = "agency", _("The placement agency")
    UNKNOWN = "unknown", _("Not known")


class SalaryCurrency(models.TextChoices):
    """Currency of a promised salary (codes of the screening ruleset's exchange rates)."""

    IDR = "idr", _("IDR (Rupiah)")
    MYR = "myr", _("MYR (Ringgit)")
    SGD = "sgd", _("SGD")
    TWD = "twd", _("TWD")
    HKD = "hkd", _("HKD")
    JPY = "jpy", _("JPY (Yen)")
    KRW = "krw", _("KRW (Won)")
    SAR = "sar", _("SAR (Riyal)")
    AED = "aed", _("AED (Dirham)")
    USD = "usd", _("USD")
    THB = "thb", _("THB (Baht)")
