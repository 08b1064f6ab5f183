"""Structured modus facts of a case (issue 13 §4): write, read for screening.

``modus_facts_set`` is the one write (the handling case team, as for journey steps;
``modus_facts_write`` is the same write without the access check, for ``case_report`` at
intake, where the reporter records what the victim said). Every change is audited as
``case.modus_facts`` with a masked diff (sigap.audit.history): free text and anything that may
identify a person (job text, recruiter, holding-house address, transit points) appear as •••.

``screening_answers`` turns the facts into the checklist answers of the screening ruleset
(sigap.analytics.screening) and ``screen_facts`` screens them, so the red flags of a case
(tourist visa for work, passport held, fees, debt, unlicensed recruiter, non-placement country,
transit route) are shown on the case page with the ruleset's own labels and sources.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_countries import countries

from sigap.areas.models import Area
from sigap.audit.history import MASKED_FIELDS, masked_diff
from sigap.audit.services import audit_record
from sigap.cases.choices import (
    JobCategory,
    PassportHolder,
    SalaryCurrency,
    VisaType,
)
from sigap.cases.models import Case, CaseModusFacts

#: Fields of the facts that never enter the audit log in clear (free text, may identify).
MODUS_MASKED = MASKED_FIELDS | {
    "job_offered",
    "recruiter_name",
    "penampungan_address",
    "transit_points",
}

#: Visas that are not work visas: travelling on them for a job is the Kemnaker red flag
#: "berangkat dengan visa turis/kunjungan/umrah" (UU 18/2017 Pasal 13: work visa required).
NON_WORK_VISAS = frozenset(
    {VisaType.TOURIST, VisaType.VISIT, VisaType.UMRAH_HAJJ, VisaType.STUDENT}
)
#: Passport held by someone other than the victim (ILO forced-labour indicator 6).
PASSPORT_HELD_BY_OTHERS = frozenset(
    {PassportHolder.RECRUITER, PassportHolder.EMPLOYER, PassportHolder.AGENCY}
)
#: Not placement countries (Kemlu and KP2MI; the ruleset's ``destination_not_placement``
#: question: Cambodia, Myanmar, Laos).
NON_PLACEMENT_COUNTRIES = frozenset({"KH", "MM", "LA"})


@dataclass
class ModusFactsData:
    """Input of :func:`modus_facts_set`. Amounts are whole units (``fees_paid`` and
    ``debt_amount`` Rupiah, ``promised_salary`` per month in ``salary_currency``); country
    codes ISO 3166-1 alpha-2; ``destination_country`` is written to the case itself."""

    job_offered: str = ""
    job_category: str = ""
    promised_salary: int | None = None
    salary_currency: str = SalaryCurrency.IDR
    destination_country: str = ""
    visa_type: str = ""
    passport_holder: str = ""
    recruiter_name: str = ""
    fees_paid: int | None = None
    has_debt: bool | None = None
    debt_amount: int | None = None
    penampungan_area: Area | None = None
    penampungan_address: str = ""
    transit_countries: list[str] = field(default_factory=list)
    transit_points: str = ""

    def is_empty(self) -> bool:
        """Whether nothing was filled in (the optional intake section left blank)."""
        values = asdict(self)
        values.pop("salary_currency")
        values["penampungan_area"] = self.penampungan_area
        return not any(v not in ("", None, [], False) for v in values.values())


def _validate(data: ModusFactsData) -> None:
    errors: dict[str, list[str]] = {}
    for name, allowed in (
        ("job_category", JobCategory.values),
        ("visa_type", VisaType.values),
        ("passport_holder", PassportHolder.values),
        ("salary_currency", SalaryCurrency.values),
    ):
        value = getattr(data, name)
        if value and value not in allowed:
            errors[name] = [_("Unknown choice.")]
    if not isinstance(data.transit_countries, list) or any(
        not isinstance(c, str) or c not in countries for c in data.transit_countries
    ):
        errors["transit_countries"] = [_("Unknown country.")]
    if data.debt_amount is not None and data.has_debt is not True:
        errors["debt_amount"] = [_("A debt amount needs 'debt: yes'.")]
    if errors:
        raise ValidationError(errors)


def _snapshot(facts: CaseModusFacts, case: Case) -> dict:
    return {
        "job_offered": facts.job_offered,
        "job_category": facts.job_category,
        "promised_salary": facts.promised_salary,
        "salary_currency": facts.salary_currency,
        "destination_country": str(case.destination_country or ""),
        "visa_type": facts.visa_type,
        "passport_holder": facts.passport_holder,
        "recruiter_name": facts.recruiter_name,
        "recruiter_licensed": facts.recruiter_licensed,
        "fees_paid": facts.fees_paid,
        "has_debt": facts.has_debt,
        "debt_amount": facts.debt_amount,
        "penampungan_area": facts.penampungan_area.code if facts.penampungan_area else None,
        "penampungan_address": facts.penampungan_address,
        "transit_countries": list(facts.transit_countries or []),
        "transit_points": facts.transit_points,
    }


def recruiter_match(name: str) -> tuple[bool | None, str]:
    """``(licensed, p3mi_name)`` for a recruiter or company name: ``(None, "")`` when no name,
    ``(True, registry name)`` when it fuzzy-matches a licensed P3MI valid today
    (:func:`sigap.analytics.screening.engine.match_licensed`, token-set ratio >= 90),
    else ``(False, "")``. Source of the registry: sigap.analytics ``LicensedAgency`` (KP2MI)."""
    name = (name or "").strip()
    if not name:
        return None, ""
    from sigap.analytics.screening.engine import match_licensed
    from sigap.analytics.selectors import licensed_agency_names

    matched = match_licensed([name], licensed_agency_names()).get(name)
    return (True, matched) if matched else (False, "")


def modus_facts_write(*, case: Case, actor, data: ModusFactsData, action: str) -> CaseModusFacts:
    """Create or update the facts of ``case`` and audit them as ``action`` (no access check:
    callers check it). Must run inside the caller's transaction. Raises ValidationError
    (field → messages) for unknown choices or amounts outside 0..``MAX_RUPIAH`` (model
    validators); nothing is written then."""
    _validate(data)
    facts = CaseModusFacts.objects.select_for_update().filter(case=case).first() or CaseModusFacts(
        case=case
    )
    before = _snapshot(facts, case) if facts.pk else {}
    facts.job_offered = data.job_offered.strip()
    facts.job_category = data.job_category
    facts.promised_salary = data.promised_salary
    facts.salary_currency = data.salary_currency or SalaryCurrency.IDR
    facts.visa_type = data.visa_type
    facts.passport_holder = data.passport_holder
    facts.recruiter_name = data.recruiter_name.strip()
    facts.recruiter_licensed, facts.recruiter_p3mi = recruiter_match(facts.recruiter_name)
    facts.fees_paid = data.fees_paid
    facts.has_debt = data.has_debt
    facts.debt_amount = data.debt_amount if data.has_debt else None
    facts.penampungan_area = data.penampungan_area
    facts.penampungan_address = data.penampungan_address.strip()
    facts.transit_countries = list(dict.fromkeys(data.transit_countries))
    facts.transit_points = data.transit_points.strip()
    facts.updated_by = actor
    try:
        facts.full_clean(exclude=["case", "updated_by"])
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from exc
    if str(case.destination_country or "") != (data.destination_country or ""):
        case.destination_country = data.destination_country or ""
        case.full_clean(validate_unique=False, validate_constraints=False)
        case.save(update_fields=["destination_country", "updated_at"])
    facts.save()
    audit_record(
        actor=actor,
        action=action,
        target=case,
        changes=masked_diff(before, _snapshot(facts, case), masked=MODUS_MASKED),
    )
    return facts


@transaction.atomic
def modus_facts_set(*, case: Case, actor, data: ModusFactsData) -> CaseModusFacts:
    """Record the modus facts of ``case``: the handling case team of an open case only
    (``services._require_handler``, ApplicationError otherwise). ValidationError for bad
    input. Audited as ``case.modus_facts`` with a masked old/new diff."""
    from sigap.cases.services import _require_handler

    # The case as stored now, locked: a case closed meanwhile is refused.
    case = Case.objects.select_for_update().get(pk=case.pk)
    _require_handler(case, actor)
    return modus_facts_write(case=case, actor=actor, data=data, action="case.modus_facts")


def screening_answers(facts: CaseModusFacts | None, case: Case) -> dict[str, bool]:
    """The checklist answers of the screening ruleset (``default_rules`` ``questions``) that
    the facts decide: ``{question_code: bool}``. A fact not recorded ("unknown", blank) gives
    no answer. Questions: ``non_work_visa`` (UU 18/2017 Pasal 13), ``passport_held``,
    ``fee_before_departure`` (UU 18/2017 Pasal 30), ``salary_deduction`` (debt),
    ``agency_not_registered`` (UU 18/2017 Pasal 49-51), ``destination_not_placement``
    (Kemlu/KP2MI), ``indirect_route`` (transit through another country)."""
    answers: dict[str, bool] = {}
    country = str(case.destination_country or "")
    if country:
        answers["destination_not_placement"] = country in NON_PLACEMENT_COUNTRIES
    if facts is None:
        return answers
    if facts.visa_type and facts.visa_type != VisaType.UNKNOWN:
        answers["non_work_visa"] = facts.visa_type in NON_WORK_VISAS
    if facts.passport_holder and facts.passport_holder != PassportHolder.UNKNOWN:
        answers["passport_held"] = facts.passport_holder in PASSPORT_HELD_BY_OTHERS
    if facts.fees_paid is not None:
        answers["fee_before_departure"] = facts.fees_paid > 0
    if facts.has_debt is not None:
        answers["salary_deduction"] = facts.has_debt
    if facts.recruiter_licensed is not None:
        answers["agency_not_registered"] = not facts.recruiter_licensed
    transit = [c for c in facts.transit_countries or [] if c not in ("ID", country)]
    if transit or facts.transit_points:
        answers["indirect_route"] = True
    return answers


_UNREAD = object()


def screen_facts(case: Case, facts=_UNREAD, *, ruleset: dict | None = None):
    """Screen the facts of ``case`` with the active ruleset (or ``ruleset``); a
    :class:`sigap.analytics.screening.engine.ScreeningResult` (flags with labels in the
    user's language and their sources). Questions the ruleset does not have are skipped.
    No write, no audit (a read of the case page, which is audited there). ``facts``: the
    case's ``CaseModusFacts`` or None when the caller has read them already (a case without
    facts is not read twice); left out, they are read here."""
    from sigap.analytics.screening.engine import screen
    from sigap.analytics.selectors import ruleset_active

    if facts is _UNREAD:
        facts = CaseModusFacts.objects.filter(case=case).first()
    ruleset = ruleset or ruleset_active()
    known = {q["code"] for q in ruleset.get("questions", [])}
    answers = {k: v for k, v in screening_answers(facts, case).items() if k in known}
    language = "en" if (get_language() or "id").startswith("en") else "id"
    return screen("", answers, ruleset=ruleset, language=language)
