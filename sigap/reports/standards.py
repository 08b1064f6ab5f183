"""Standard exchange formats (issue 12 §3): SIMFONI-PPA, CTDC and HTCDS v2, one row per victim.

Each format is a list of :class:`Column` (name, code list or pattern) and a row builder that
maps SIGAP's fields onto it; docs/standard-formats.md documents every column (source field →
standard field, code list) and ``sigap/reports/tests/test_standards.py`` checks both against
each other and against the seed data's export.

Sources of the standards:

- SIMFONI-PPA (KemenPPPA): the categories of its public dashboard (age bands 0–5, 6–12,
  13–17, 18–24, 25–44, 45–59, 60+; forms of violence; services), /work/shared/domain
  anchor-systems.md §4. The input form itself is not public: the export is a worksheet an
  operator copies from, carrying ``Case.simfoni_number`` so nothing is entered twice.
- CTDC: the column names of the published k-anonymised global victim dataset ("The Global
  Dataset", yearOfRegistration … recruiterRelationUnknown); ``-99`` means unknown, as there.
- HTCDS v2.0 (IOM, UNMigration/HTCDS, "HTCDS Field Standards 2.0"): field names with their
  table prefix (``cas_``, ``prs_``, ``vic_``) and picklist value names; multi-select values are
  joined with ``;`` in CSV (Salesforce's multi-select convention) and are lists in JSON.
  Columns prefixed ``sigap_`` are local extensions (the pseudonymous case number and victim
  reference needed to exchange updates), not HTCDS fields.

What a row may show is decided by the one access rule: only victims of cases the requester
sees in full (``sigap.cases.access.case_view_for(...).full``) are written; identities never
(no name, NIK, date of birth, phone or address in any of the three formats).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from sigap.cases.access import _breakglass_case_ids as breakglass_case_ids
from sigap.cases.access import case_view_for
from sigap.cases.choices import ParticipantRole
from sigap.cases.models import Case, CaseExploitation, Identification, JourneyEvent, Participant
from sigap.referrals.choices import ReferralStatus
from sigap.referrals.models import Referral

UNKNOWN = "-99"  # CTDC's missing-value code
MULTI_SEP = ";"


@dataclass(frozen=True)
class Column:
    """One column of a standard format: its name, the allowed values (``codes``; each part
    of a ``;``-joined value when ``multi``) or a regular expression (``pattern``), and
    whether it may be empty."""

    name: str
    codes: tuple[str, ...] | None = None
    pattern: str | None = None
    multi: bool = False
    blank: bool = True

    def errors(self, value) -> list[str]:
        """Why ``value`` (a cell as written to CSV, or a JSON value) does not fit; [] if it
        does."""
        if isinstance(value, list):
            parts = [str(v) for v in value]
        else:
            text = "" if value is None else str(value)
            if text == "":
                return [] if self.blank else [f"{self.name}: empty"]
            parts = text.split(MULTI_SEP) if self.multi else [text]
        bad = []
        for part in parts:
            if self.codes is not None and part not in self.codes:
                bad.append(f"{self.name}: {part!r} not in the code list")
            if self.pattern is not None and not re.fullmatch(self.pattern, part):
                bad.append(f"{self.name}: {part!r} does not match {self.pattern}")
        return bad


def validate_rows(columns: list[Column], header: list[str], rows) -> list[str]:
    """Check a file read back (``header`` and rows as lists or dicts) against ``columns``:
    same names in the same order, every cell in its code list or pattern. Returns the
    errors with their row numbers (1 = first data row); [] when the file validates."""
    names = [c.name for c in columns]
    if list(header) != names:
        return [f"header {list(header)!r} != {names!r}"]
    errors = []
    for number, row in enumerate(rows, start=1):
        values = [row[n] for n in names] if isinstance(row, dict) else list(row)
        for column, value in zip(columns, values, strict=True):
            errors += [f"row {number}: {e}" for e in column.errors(value)]
    return errors


# ---------------------------------------------------------------------------- code lists
YEAR = r"(19|20)\d\d"
ISO_DATE = r"\d{4}-\d{2}-\d{2}"
ISO_COUNTRY = r"[A-Z]{2}"

SIMFONI_AGE_BANDS = ((0, 5), (6, 12), (13, 17), (18, 24), (25, 44), (45, 59), (60, None))
SIMFONI_UNKNOWN = "Tidak diketahui"


def band_label(low: int, high: int | None) -> str:
    return f"{low}-{high}" if high is not None else f"{low}+"


def simfoni_age_band(age: int | None) -> str:
    """SIMFONI-PPA age band of ``age`` in whole years: "0-5", "6-12", "13-17", "18-24",
    "25-44", "45-59" or "60+"; "Tidak diketahui" for None."""
    if age is None:
        return SIMFONI_UNKNOWN
    for low, high in SIMFONI_AGE_BANDS:
        if age >= low and (high is None or age <= high):
            return band_label(low, high)
    raise ValueError(age)


SIMFONI_BANDS = tuple(band_label(lo, hi) for lo, hi in SIMFONI_AGE_BANDS) + (SIMFONI_UNKNOWN,)
SIMFONI_SEX = {"F": "Perempuan", "M": "Laki-laki"}
SIMFONI_CHILD = {True: "Anak", False: "Dewasa", None: SIMFONI_UNKNOWN}
SIMFONI_VIOLENCE = ("Fisik", "Psikis", "Seksual", "Eksploitasi", "Trafiking", "Penelantaran")
SIMFONI_SERVICE = {
    "complaint": "Pengaduan",
    "health_rehab": "Kesehatan",
    "legal_aid": "Bantuan Hukum",
    "law_enforcement": "Penegakan Hukum",
    "social_rehab": "Rehabilitasi Sosial",
    "shelter": "Rehabilitasi Sosial",  # temporary shelter is part of social rehabilitation
    "reintegration": "Reintegrasi Sosial",
    "repatriation": "Pemulangan",
    "accompaniment": "Pendampingan",
    "restitution": "Bantuan Hukum",  # restitution support is legal assistance
    "prosecution": "Penegakan Hukum",  # the prosecution is the law-enforcement service
    "protection": "Bantuan Hukum",  # LPSK protection: legal protection of the victim [verify]
}
SIMFONI_SERVICES = tuple(dict.fromkeys(SIMFONI_SERVICE.values()))
# Referral statuses that mean the service was (being) given; sent, declined and revoked
# referrals are not services received.
SERVICE_GIVEN = (ReferralStatus.ACCEPTED, ReferralStatus.IN_PROGRESS, ReferralStatus.COMPLETED)

SIMFONI_COLUMNS = [
    Column("no_registrasi_simfoni", pattern=r"[A-Za-z0-9][A-Za-z0-9./-]*"),
    Column("nomor_kasus_sigap", pattern=r"TPPO-\d+-\d{4}-\d+", blank=False),
    Column("tanggal_pengaduan", pattern=ISO_DATE, blank=False),
    Column("provinsi"),
    Column("kabupaten_kota"),
    Column("kecamatan"),
    Column("kelurahan", blank=False),
    Column("jenis_kelamin", codes=(*SIMFONI_SEX.values(), SIMFONI_UNKNOWN), blank=False),
    Column("kelompok_umur", codes=SIMFONI_BANDS, blank=False),
    Column("status_usia", codes=tuple(dict.fromkeys(SIMFONI_CHILD.values())), blank=False),
    Column("kewarganegaraan", pattern=ISO_COUNTRY),
    Column("provinsi_asal"),
    Column("bentuk_kekerasan", codes=SIMFONI_VIOLENCE, multi=True, blank=False),
    Column("layanan", codes=SIMFONI_SERVICES, multi=True, blank=False),
]

# CTDC -----------------------------------------------------------------------------------
CTDC_AGE_BANDS = ((0, 8), (9, 17), (18, 20), (21, 23), (24, 26), (27, 29), (30, 38), (39, 47))


def ctdc_age_broad(age: int | None) -> str:
    """CTDC ``ageBroad``: "0--8", "9--17", "18--20", "21--23", "24--26", "27--29",
    "30--38", "39--47" or "48+"; "-99" for None."""
    if age is None:
        return UNKNOWN
    for low, high in CTDC_AGE_BANDS:
        if low <= age <= high:
            return f"{low}--{high}"
    return "48+"


CTDC_AGES = tuple(f"{lo}--{hi}" for lo, hi in CTDC_AGE_BANDS) + ("48+", UNKNOWN)
FLAG = ("0", "1")
# Means (UU 21/2007 Pasal 1 angka 1, sigap.cases.choices.Means) → CTDC means of control.
CTDC_MEANS = {
    "threat": "Threats",
    "violence": "PhysicalAbuse",
    "confinement": "RestrictsMovement",
    "forgery": "WithholdsDocuments",
    "deception": "FalsePromises",
    "debt_bondage": "DebtBondage",
    "abduction": "Other",
    "abuse_of_power": "Other",
    "payment": "Other",
}
CTDC_MEANS_FLAGS = (
    "DebtBondage",
    "TakesEarnings",
    "RestrictsFinancialAccess",
    "Threats",
    "PsychologicalAbuse",
    "PhysicalAbuse",
    "SexualAbuse",
    "FalsePromises",
    "PsychoactiveSubstances",
    "RestrictsMovement",
    "RestrictsMedicalCare",
    "ExcessiveWorkingHours",
    "UsesChildren",
    "ThreatOfLawEnforcement",
    "WithholdsNecessities",
    "WithholdsDocuments",
    "Other",
    "NotSpecified",
)
# Exploitation forms (sigap.cases.choices.ExploitationForm) → CTDC type of exploitation.
CTDC_EXPLOIT = {
    "forced_labour": "ForcedLabour",
    "domestic_servitude": "ForcedLabour",
    "forced_begging": "ForcedLabour",
    "forced_criminality": "ForcedLabour",
    "sexual": "SexualExploit",
    "slavery": "SlaveryAndPractices",
    "forced_marriage": "ForcedMarriage",
    "organ_removal": "OrganRemoval",
    "other": "OtherExploit",
}
CTDC_EXPLOIT_FLAGS = (
    "ForcedLabour",
    "SexualExploit",
    "OtherExploit",
    "SexAndLabour",
    "ForcedMarriage",
    "ForcedMilitary",
    "OrganRemoval",
    "SlaveryAndPractices",
)
CTDC_EXPLOIT_LABEL = {
    "ForcedLabour": "Forced labour",
    "SexualExploit": "Sexual exploitation",
    "OtherExploit": "Other",
    "ForcedMarriage": "Forced marriage",
    "OrganRemoval": "Organ removal",
    "SlaveryAndPractices": "Slavery and similar practices",
}
CTDC_LABOUR_FLAGS = (
    "Agriculture",
    "Aquafarming",
    "Begging",
    "Construction",
    "DomesticWork",
    "Hospitality",
    "IllicitActivities",
    "Manufacturing",
    "MiningOrDrilling",
    "Peddling",
    "Transportation",
    "Other",
    "NotSpecified",
)
CTDC_LABOUR_LABEL = {
    "Aquafarming": "Aquafarming",
    "Begging": "Begging",
    "DomesticWork": "Domestic work",
    "IllicitActivities": "Illicit activities",
    "NotSpecified": "Not specified",
}
CTDC_SEX_FLAGS = (
    "Prostitution",
    "Pornography",
    "RemoteInteractiveServices",
    "PrivateSexualServices",
)
CTDC_RELATION_FLAGS = ("IntimatePartner", "Friend", "Family", "Other", "Unknown")


def ctdc_labour_types(modus: str, forms: set[str]) -> list[str]:
    """CTDC type-of-labour flags set for a forced-labour case, from its modus and forms:
    fishing crew → Aquafarming, domestic worker or domestic servitude → DomesticWork, online
    scam or forced criminality → IllicitActivities, forced begging → Begging; otherwise
    NotSpecified. [] when the case is not forced labour."""
    if not {CTDC_EXPLOIT.get(f) for f in forms} & {"ForcedLabour"}:
        return []
    kinds = []
    if modus == "fishing_crew":
        kinds.append("Aquafarming")
    if "forced_begging" in forms:
        kinds.append("Begging")
    if modus == "domestic_worker" or "domestic_servitude" in forms:
        kinds.append("DomesticWork")
    if modus == "online_scam" or "forced_criminality" in forms:
        kinds.append("IllicitActivities")
    ordered = [k for k in CTDC_LABOUR_FLAGS if k in kinds]
    return ordered or ["NotSpecified"]


CTDC_COLUMNS = [
    Column("yearOfRegistration", pattern=YEAR, blank=False),
    Column("Datasource", codes=("Case Management",), blank=False),
    Column("gender", codes=("Female", "Male", UNKNOWN), blank=False),
    Column("ageBroad", codes=CTDC_AGES, blank=False),
    Column("majorityStatus", codes=("Adult", "Minor", UNKNOWN), blank=False),
    Column("majorityStatusAtExploit", codes=("Adult", "Minor", UNKNOWN), blank=False),
    Column("majorityEntry", codes=("Adult", "Minor", UNKNOWN), blank=False),
    Column("citizenship", pattern=f"{ISO_COUNTRY}|{UNKNOWN}", blank=False),
    *[Column(f"meansOfControl{m}", codes=FLAG, blank=False) for m in CTDC_MEANS_FLAGS],
    Column("meansOfControlConcatenated"),
    *[Column(f"is{e}", codes=FLAG, blank=False) for e in CTDC_EXPLOIT_FLAGS],
    Column("typeOfExploitConcatenated"),
    *[Column(f"typeOfLabour{t}", codes=FLAG, blank=False) for t in CTDC_LABOUR_FLAGS],
    Column("typeOfLabourConcatenated"),
    *[Column(f"typeOfSex{t}", codes=FLAG, blank=False) for t in CTDC_SEX_FLAGS],
    Column("typeOfSexConcatenated"),
    Column("isAbduction", codes=FLAG, blank=False),
    Column("RecruiterRelationship", codes=("Other", UNKNOWN), blank=False),
    Column("CountryOfExploitation", pattern=f"{ISO_COUNTRY}|{UNKNOWN}", blank=False),
    *[Column(f"recruiterRelation{r}", codes=FLAG, blank=False) for r in CTDC_RELATION_FLAGS],
]

# HTCDS v2 -------------------------------------------------------------------------------
HTCDS_GENDER = {"F": "Feminine", "M": "Masculine", "": "NonSpecifiedUnknown"}
HTCDS_STATUS = ("Active", "FollowUp", "Closed", "ClosedReferred")
HTCDS_TRAFFICKING_STATUS = {
    "indicated": "ActualVictimOfTrafficking",
    "not_indicated": "NotAVictimOfTrafficking",
    "needs_information": "PossibleVictimOfTrafficking",
    "under_screening": "PossibleVictimOfTrafficking",
}
HTCDS_DECISION_ORGS = ("Police", "NGO", "CourtOrProsecution", "NonPoliceGovernmentalOrganization")
HTCDS_RECRUITMENT = {
    "facebook": "ThroughOnlineSocialNetworks",
    "instagram": "ThroughOnlineSocialNetworks",
    "tiktok": "ThroughOnlineSocialNetworks",
    "whatsapp": "ThroughOnlineSocialNetworks",
    "telegram": "ThroughOnlineSocialNetworks",
    "other_online": "ThroughOnlineSocialNetworks",
    "family_friend": "ThroughFriendsOrSocialEvents",
    "agency": "AtAPlaceOfBusiness",
    "campus": "AtAnEducationalInstitution",
    "broker": "Other",
}
HTCDS_APPS = {
    "facebook": "Facebook",
    "instagram": "Instagram",
    "tiktok": "TikTok",
    "whatsapp": "WhatsApp",
    "telegram": "Telegram",
    "other_online": "Other",
}
HTCDS_CONTROL = {
    "threat": "PhysicalThreats",
    "violence": "PhysicalAbuse",
    "deception": "FalsePromises",
    "debt_bondage": "DebtBondage",
    "forgery": "WithholdsDocuments",
    "abduction": "Other",
    "confinement": "Other",
    "abuse_of_power": "Other",
    "payment": "Other",
}
HTCDS_EXPLOITATION = {
    "forced_labour": "ForcedLabour",
    "sexual": "SexualExploitation",
    "domestic_servitude": "Servitude",
    "slavery": "Servitude",
    "forced_begging": "ForcedBegging",
    "forced_marriage": "ForcedMarriage",
    "organ_removal": "OrganRemoval",
    "forced_criminality": "Other",
    "other": "Other",
}
HTCDS_COLUMNS = [
    Column("sigap_CaseNumber", pattern=r"TPPO-\d+-\d{4}-\d+", blank=False),
    Column("sigap_VictimRef", pattern=r"[0-9a-f-]{36}", blank=False),
    Column("cas_Status", codes=HTCDS_STATUS, blank=False),
    Column("cas_ReasonForCaseClosure"),
    Column("cas_ReferringOrganisation", blank=False),
    Column("cas_IncomingReferralDate", pattern=ISO_DATE, blank=False),
    Column("cas_ReferredOrganisation"),
    Column("cas_OutgoingReferralDate", pattern=ISO_DATE),
    Column("prs_Gender", codes=tuple(HTCDS_GENDER.values()), blank=False),
    Column("prs_Citizenship", pattern=ISO_COUNTRY),
    Column("vic_AgeWhenTrafficked", pattern=r"\d{1,3}"),
    Column(
        "vic_TraffickingStatus",
        codes=tuple(dict.fromkeys(HTCDS_TRAFFICKING_STATUS.values())),
        blank=False,
    ),
    Column("vic_TraffickingStatusDecisionMakingOrg", codes=HTCDS_DECISION_ORGS),
    Column("vic_MethodOfRecruitment", codes=tuple(dict.fromkeys(HTCDS_RECRUITMENT.values()))),
    Column(
        "vic_RecruitmentWebsitesAndApps",
        codes=tuple(dict.fromkeys(HTCDS_APPS.values())),
        multi=True,
    ),
    Column("vic_MethodsOfControl", codes=tuple(dict.fromkeys(HTCDS_CONTROL.values())), multi=True),
    Column(
        "vic_TypeOfExploitation",
        codes=tuple(dict.fromkeys(HTCDS_EXPLOITATION.values())),
        multi=True,
    ),
    Column("vic_LocationOfRecruitment", pattern=ISO_COUNTRY),
    Column("vic_LocationOfExploitation", pattern=ISO_COUNTRY),
]
# Columns written as JSON lists / numbers in the JSON file.
HTCDS_MULTI = {c.name for c in HTCDS_COLUMNS if c.multi}

COLUMNS = {"simfoni": SIMFONI_COLUMNS, "ctdc": CTDC_COLUMNS, "htcds": HTCDS_COLUMNS}


# --------------------------------------------------------------------------- reading rows
CASE_FIELDS = (
    "id",
    "number",
    "status",
    "reported_on",
    "handling_agency_id",
    "reporting_agency_id",
    "handling_agency__kind",
    "reporting_agency__name",
    "report_area__name",
    "report_area__parent__name",
    "report_area__parent__parent__name",
    "report_area__parent__parent__parent__name",
    "modus",
    "destination_country",
    "recruitment_channel",
    "closure_reason",
    "simfoni_number",
)
VICTIM_FIELDS = (
    "id",
    "public_id",
    "case_id",
    "is_child",
    "age_at_exploitation",
    "person__sex",
    "person__estimated_age",
    "person__nationality",
    "person__origin_area_id",
)


@dataclass
class VictimFacts:
    """Everything the three formats read about one victim of one case (no identity)."""

    case: dict
    victim: dict
    forms: set
    means: set
    identification: str  # latest IdentificationResult code, "" if none
    services: list  # ServiceCode of referrals given (accepted, in progress, completed)
    referrals: list  # (to agency name, sent date) of every referral of the victim, oldest first
    recruitment_country: str
    exploitation_country: str
    origin_province: str


def _chunks(iterable, size):
    chunk = []
    for item in iterable:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def victim_facts(user, cases, *, chunk_size: int = 2000):
    """Yield :class:`VictimFacts` for every victim of every case of ``cases`` (a queryset
    already scoped by ``case_list``) that ``user`` sees in full; cases seen only partly are
    skipped (their victims' sex and age are not the user's to read). Per chunk of cases, one
    query each for forms, victims, identifications, referrals and journey events: the cost
    per row is a few dict look-ups. Victims come in the order of their cases' report date."""
    from sigap.areas.models import Area

    breakglass = {row["case_id"] for row in breakglass_case_ids(user)}
    views: dict[tuple, bool] = {}
    provinces = dict(Area.objects.filter(level="provinsi").values_list("code", "name"))
    values = cases.prefetch_related(None).order_by("reported_on", "id").values(*CASE_FIELDS)
    for chunk in _chunks(values.iterator(chunk_size=chunk_size), chunk_size):
        full = []
        for c in chunk:
            key = (
                c["handling_agency_id"],
                c["reporting_agency_id"],
                c["status"],
                c["id"] in breakglass,
            )
            if key not in views:
                bare = Case(
                    id=c["id"],
                    status=c["status"],
                    handling_agency_id=c["handling_agency_id"],
                    reporting_agency_id=c["reporting_agency_id"],
                )
                views[key] = case_view_for(user, bare).full
            if views[key]:
                full.append(c)
        ids = [c["id"] for c in full]
        if not ids:
            continue
        forms = defaultdict(set)
        for case_id, form in CaseExploitation.objects.filter(case_id__in=ids).values_list(
            "case_id", "form"
        ):
            forms[case_id].add(form)
        victims = defaultdict(list)
        for v in (
            Participant.objects.filter(case_id__in=ids, role=ParticipantRole.VICTIM)
            .order_by("case_id", "id")
            .values(*VICTIM_FIELDS)
        ):
            victims[v["case_id"]].append(v)
        victim_ids = [v["id"] for vs in victims.values() for v in vs]
        latest: dict[int, tuple] = {}
        for pid, result, means in (
            Identification.objects.filter(participant_id__in=victim_ids)
            .order_by("participant_id", "-created_at", "-id")
            .values_list("participant_id", "result", "means")
        ):
            latest.setdefault(pid, (result, means))
        services, referrals = defaultdict(list), defaultdict(list)
        for pid, status, code, agency, sent_at in (
            Referral.objects.filter(victim_id__in=victim_ids)
            .order_by("victim_id", "sent_at", "id")
            .values_list("victim_id", "status", "service__code", "to_agency__name", "sent_at")
        ):
            referrals[pid].append((agency, sent_at))
            if status in SERVICE_GIVEN:
                services[pid].append(code)
        journey = defaultdict(dict)
        for case_id, stage, country, area_id in (
            JourneyEvent.objects.filter(case_id__in=ids)
            .order_by("case_id", "occurred_on", "id")
            .values_list("case_id", "stage", "country", "area_id")
        ):
            where = str(country) if country else ("ID" if area_id else "")
            if where:
                journey[case_id].setdefault(stage, where)
        for c in full:
            for v in victims.get(c["id"], []):
                result, means = latest.get(v["id"], ("", []))
                origin = v["person__origin_area_id"] or ""
                yield VictimFacts(
                    case=c,
                    victim=v,
                    forms=forms.get(c["id"], set()),
                    means=set(means or []),
                    identification=result,
                    services=services.get(v["id"], []),
                    referrals=referrals.get(v["id"], []),
                    recruitment_country=journey[c["id"]].get("recruitment", ""),
                    exploitation_country=journey[c["id"]].get("exploitation", "")
                    or str(c["destination_country"] or ""),
                    origin_province=provinces.get(origin[:2], "") if origin else "",
                )


def _age(v: dict) -> int | None:
    age = v["age_at_exploitation"]
    return age if age is not None else v["person__estimated_age"]


def _local_date(value) -> str:
    from django.utils import timezone

    return timezone.localtime(value).date().isoformat() if value else ""


# ----------------------------------------------------------------------------- row makers
def simfoni_row(f: VictimFacts) -> list:
    """One SIMFONI-PPA worksheet row (SIMFONI_COLUMNS) for one victim."""
    c, v = f.case, f.victim
    violence = {"Trafiking"}  # every SIGAP case is a suspected TPPO case
    if f.forms:
        violence.add("Eksploitasi")
    if "sexual" in f.forms:
        violence.add("Seksual")
    if "violence" in f.means:
        violence.add("Fisik")
    if "threat" in f.means:
        violence.add("Psikis")
    services = {"Pengaduan"} | {SIMFONI_SERVICE[s] for s in f.services if s in SIMFONI_SERVICE}
    return [
        c["simfoni_number"],
        c["number"],
        c["reported_on"].isoformat(),
        c["report_area__parent__parent__parent__name"] or "",
        c["report_area__parent__parent__name"] or "",
        c["report_area__parent__name"] or "",
        c["report_area__name"],
        SIMFONI_SEX.get(v["person__sex"], SIMFONI_UNKNOWN),
        simfoni_age_band(_age(v)),
        SIMFONI_CHILD[v["is_child"]],
        str(v["person__nationality"] or ""),
        f.origin_province,
        MULTI_SEP.join(x for x in SIMFONI_VIOLENCE if x in violence),
        MULTI_SEP.join(x for x in SIMFONI_SERVICES if x in services),
    ]


def _majority(is_child) -> str:
    return {True: "Minor", False: "Adult"}.get(is_child, UNKNOWN)


def ctdc_row(f: VictimFacts) -> list:
    """One CTDC victim row (CTDC_COLUMNS); flags are the numbers 1/0 and unknown values the
    number -99 (numbers, so that the formula-safe writer does not quote the minus sign)."""
    return [
        int(value) if value == UNKNOWN or column.codes == FLAG else value
        for column, value in zip(CTDC_COLUMNS, _ctdc_values(f), strict=True)
    ]


def _ctdc_values(f: VictimFacts) -> list:
    c, v = f.case, f.victim
    means = {CTDC_MEANS[m] for m in f.means if m in CTDC_MEANS} or {"NotSpecified"}
    exploit = {CTDC_EXPLOIT[x] for x in f.forms if x in CTDC_EXPLOIT}
    if {"ForcedLabour", "SexualExploit"} <= exploit:
        exploit.add("SexAndLabour")
    labour = set(ctdc_labour_types(c["modus"], f.forms))
    estimated = v["person__estimated_age"]
    if estimated is not None:
        at_report = "Minor" if estimated < 18 else "Adult"
    else:
        at_report = "Adult" if v["is_child"] is False else UNKNOWN
    relation = "Other" if c["recruitment_channel"] in ("broker", "agency", "campus") else UNKNOWN
    concat = MULTI_SEP.join

    def flags(names, chosen):
        return ["1" if n in chosen else "0" for n in names]

    return [
        c["reported_on"].year,
        "Case Management",
        {"F": "Female", "M": "Male"}.get(v["person__sex"], UNKNOWN),
        ctdc_age_broad(_age(v)),
        at_report,
        _majority(v["is_child"]),
        UNKNOWN,
        str(v["person__nationality"] or "") or UNKNOWN,
        *flags(CTDC_MEANS_FLAGS, means),
        concat(m for m in CTDC_MEANS_FLAGS if m in means),
        *flags(CTDC_EXPLOIT_FLAGS, exploit),
        concat(CTDC_EXPLOIT_LABEL.get(e, e) for e in CTDC_EXPLOIT_FLAGS if e in exploit),
        *flags(CTDC_LABOUR_FLAGS, labour),
        concat(CTDC_LABOUR_LABEL.get(t, t) for t in CTDC_LABOUR_FLAGS if t in labour),
        *flags(CTDC_SEX_FLAGS, set()),
        "",
        "1" if "abduction" in f.means else "0",
        relation,
        f.exploitation_country or UNKNOWN,
        *flags(CTDC_RELATION_FLAGS, {"Other"} if relation == "Other" else {"Unknown"}),
    ]


def htcds_status(status: str, closure_reason: str) -> str:
    """HTCDS ``cas_Status``: reported or open → Active; closed → Closed, or ClosedReferred
    when closed because the case was transferred."""
    if status != "closed":
        return "Active"
    return "ClosedReferred" if closure_reason == "transferred" else "Closed"


def htcds_record(f: VictimFacts) -> dict:
    """One HTCDS v2 record (HTCDS_COLUMNS → value); multi-select values are lists, the age an
    int or None, other missing values ""."""
    c, v = f.case, f.victim
    first_referral = f.referrals[0] if f.referrals else ("", None)
    decided = ""
    if f.identification:
        decided = (
            "Police"
            if c["handling_agency__kind"] == "police"
            else ("NonPoliceGovernmentalOrganization")
        )
    return {
        "sigap_CaseNumber": c["number"],
        "sigap_VictimRef": str(v["public_id"]),
        "cas_Status": htcds_status(c["status"], c["closure_reason"]),
        "cas_ReasonForCaseClosure": c["closure_reason"] or "",
        "cas_ReferringOrganisation": c["reporting_agency__name"],
        "cas_IncomingReferralDate": c["reported_on"].isoformat(),
        "cas_ReferredOrganisation": first_referral[0],
        "cas_OutgoingReferralDate": _local_date(first_referral[1]),
        "prs_Gender": HTCDS_GENDER.get(v["person__sex"], "NonSpecifiedUnknown"),
        "prs_Citizenship": str(v["person__nationality"] or ""),
        "vic_AgeWhenTrafficked": v["age_at_exploitation"],
        "vic_TraffickingStatus": HTCDS_TRAFFICKING_STATUS.get(
            f.identification, "PossibleVictimOfTrafficking"
        ),
        "vic_TraffickingStatusDecisionMakingOrg": decided,
        "vic_MethodOfRecruitment": HTCDS_RECRUITMENT.get(c["recruitment_channel"], ""),
        "vic_RecruitmentWebsitesAndApps": [HTCDS_APPS[c["recruitment_channel"]]]
        if c["recruitment_channel"] in HTCDS_APPS
        else [],
        "vic_MethodsOfControl": sorted({HTCDS_CONTROL[m] for m in f.means if m in HTCDS_CONTROL}),
        "vic_TypeOfExploitation": sorted(
            {HTCDS_EXPLOITATION[x] for x in f.forms if x in HTCDS_EXPLOITATION}
        ),
        "vic_LocationOfRecruitment": f.recruitment_country,
        "vic_LocationOfExploitation": f.exploitation_country,
    }


def htcds_row(f: VictimFacts) -> list:
    """The HTCDS record as a CSV row: lists joined with ``;``, no age as ""."""
    record = htcds_record(f)
    return [
        MULTI_SEP.join(value) if isinstance(value, list) else ("" if value is None else value)
        for value in record.values()
    ]


ROW_MAKERS = {"simfoni": simfoni_row, "ctdc": ctdc_row, "htcds": htcds_row}
