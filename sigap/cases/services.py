"""Every write to cases, people, journeys, identification and notes (STYLE B2).

Each service is keyword-only, runs in one transaction, checks its rules (raising
``ValidationError`` or ``ApplicationError`` with an Indonesian message) and writes its audit row
in the same transaction. Personal-data values never go into audit rows or messages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.agencies.choices import AgencyKind, Role
from sigap.areas.models import Area
from sigap.audit.history import masked_diff
from sigap.audit.services import audit_record
from sigap.cases import person_hooks, rules
from sigap.cases.access import CASE_TEAM_ROLES, membership_of
from sigap.cases.choices import (
    CaseStatus,
    ExploitationForm,
    JourneyStage,
    Means,
    ParticipantRole,
    Process,
    Purpose,
)
from sigap.cases.models import (
    Case,
    CaseCounter,
    CaseExploitation,
    CaseNote,
    Identification,
    JourneyEvent,
    Participant,
    Person,
)
from sigap.core.dates import DateKind, date_collect, user_today
from sigap.core.exceptions import ApplicationError, ConflictError
from sigap.core.text import name_clean

PERSON_PII_FIELDS = ("full_name", "nik", "date_of_birth", "phone", "address")


@dataclass
class PersonData:
    """Input for a person in a case. Dates are ``datetime.date``; ``origin_area`` an Area."""

    full_name: str
    sex: str = ""
    date_of_birth: date | None = None
    estimated_age: int | None = None
    origin_area: Area | None = None
    nik: str = ""
    phone: str = ""
    address: str = ""
    # An existing Person to record again (the user chose them among the duplicate candidates,
    # sigap.people); the other fields are then ignored and nothing new is stored about them.
    link_to: Person | None = None


@dataclass
class JourneyData:
    """Input for one journey step: ``stage`` from JourneyStage; area or ISO country code."""

    stage: str
    area: Area | None = None
    country: str = ""
    place_note: str = ""
    occurred_on: date | None = None


def _require_membership(actor):
    membership = membership_of(actor)
    if membership is None:
        raise ApplicationError(_("Your account is not registered with any agency."))
    return membership


def _check_version(obj, expected: int | None) -> None:
    if expected is not None and obj.version != expected:
        raise ConflictError(
            _(
                "This record has been changed by another user since you opened it. "
                "Reload the page, review the changes, then save again."
            )
        )


def _next_case_number(*, kota_code: str, year: int) -> str:
    prefix = kota_code.replace(".", "")
    counter, _created = CaseCounter.objects.select_for_update().get_or_create(
        prefix=prefix, year=year
    )
    CaseCounter.objects.filter(pk=counter.pk).update(last=F("last") + 1)
    counter.refresh_from_db(fields=["last"])
    return f"TPPO-{prefix}-{year}-{counter.last:04d}"


def _validate_person(data: PersonData, *, today: date) -> None:
    errors: dict[str, list[str]] = {}
    if not name_clean(data.full_name):
        errors.setdefault("full_name", []).append(_("Name is required."))
    date_collect(errors, "date_of_birth", data.date_of_birth, kind=DateKind.BIRTH, today=today)
    if data.nik and (len(data.nik) != 16 or not data.nik.isdigit()):
        errors.setdefault("nik", []).append(_("NIK must consist of 16 digits."))
    if data.estimated_age is not None and not 0 <= data.estimated_age <= 120:
        errors.setdefault("estimated_age", []).append(
            _("Estimated age must be between 0 and 120 years.")
        )
    if errors:
        raise ValidationError(errors)


def _exploitation_start(case: Case) -> date:
    dates = [j.occurred_on for j in case.journey.all() if j.occurred_on]
    exploit = [
        j.occurred_on
        for j in case.journey.all()
        if j.occurred_on and j.stage == JourneyStage.EXPLOITATION
    ]
    if exploit:
        return min(exploit)
    if dates:
        return max(dates)
    return case.reported_on


def _refresh_child_flags(case: Case) -> None:
    at = _exploitation_start(case)
    for participant in case.participants.select_related("person"):
        person = participant.person
        age = rules.age_at(
            date_of_birth=person.date_of_birth,
            estimated_age=person.estimated_age,
            reported_on=case.reported_on,
            at=at,
        )
        child = rules.is_child(age)
        if participant.age_at_exploitation != age or participant.is_child != child:
            participant.age_at_exploitation = age
            participant.is_child = child
            participant.save(update_fields=["age_at_exploitation", "is_child", "updated_at"])


def _add_person(*, case: Case, role: str, data: PersonData, actor=None) -> Participant:
    if data.link_to is not None:
        return _link_person(case=case, role=role, person=data.link_to, actor=actor)
    person = Person(
        full_name=name_clean(data.full_name),
        sex=data.sex,
        date_of_birth=data.date_of_birth,
        estimated_age=data.estimated_age,
        origin_area=data.origin_area,
        nik=data.nik,
        phone=data.phone,
        address=data.address,
    )
    person.full_clean()
    person.save()
    person_hooks.keys_refresh([person])  # blocking keys of the duplicate check (sigap.people)
    return Participant.objects.create(case=case, person=person, role=role)


def _link_person(*, case: Case, role: str, person: Person, actor) -> Participant:
    """A new participation of an already recorded person. The actor must see that person's
    identity in a visible case (``person_hooks.linkable``: the one case and identity rules);
    otherwise, or when the person already has this role in the case, ValidationError."""
    if actor is None or person_hooks.linkable(actor, person.public_id) is None:
        raise ValidationError({"full_name": [_("You cannot link to this person.")]})
    if Participant.objects.filter(case=case, person=person, role=role).exists():
        raise ValidationError({"full_name": [_("This person already has this role in the case.")]})
    return Participant.objects.create(case=case, person=person, role=role)


@transaction.atomic
def case_report(
    *,
    actor,
    intake_channel: str,
    report_area: Area,
    summary: str,
    reported_on: date | None = None,
    modus: str = "",
    exploitation_forms: list[str] | None = None,
    destination_country: str = "",
    destination_area: Area | None = None,
    recruitment_channel: str = "",
    victims: list[PersonData] | None = None,
    journey: list[JourneyData] | None = None,
    modus_facts=None,
    simfoni_number: str = "",
) -> Case:
    """Record a new case reported by the actor's agency; returns it with status ``reported``.

    ``simfoni_number``: the case's SIMFONI-PPA registration number when it is already
    registered there (an imported register, issue 12 §7), checked by
    :func:`simfoni_number_problems`.

    ``modus_facts``: an optional :class:`sigap.cases.modus.ModusFactsData` (the intake form's
    optional section), stored and audited (``case.modus_facts``) in the same transaction.

    ``report_area`` must be a kelurahan or desa. Numbers are issued per kota and year
    (``TPPO-3171-2026-0001``). Raises ValidationError (field → Indonesian messages) for bad
    input; nothing is stored then.
    """
    membership = _require_membership(actor)
    today = user_today(actor)  # the reporter's calendar (WIB/WITA/WIT), sigap.core.dates
    reported_on = reported_on or today
    errors: dict[str, list[str]] = {}
    if not summary or not summary.strip():
        errors["summary"] = [_("Incident summary is required.")]
    date_collect(errors, "reported_on", reported_on, kind=DateKind.RECORD, today=today)
    if report_area.level not in ("kelurahan", "desa"):
        errors["report_area"] = [_("The report location must be a kelurahan or desa.")]
    forms = list(dict.fromkeys(exploitation_forms or []))
    if any(f not in ExploitationForm.values for f in forms):
        errors["exploitation_forms"] = [_("Unknown form of exploitation.")]
    simfoni_number = (simfoni_number or "").strip()
    problems = simfoni_number_problems(simfoni_number)
    if problems:
        errors["simfoni_number"] = problems
    if errors:
        raise ValidationError(errors)
    for victim in victims or []:
        _validate_person(victim, today=today)

    kota_code = report_area.ancestor_code(2)
    case = Case(
        number=_next_case_number(kota_code=kota_code, year=reported_on.year),
        intake_channel=intake_channel,
        reported_on=reported_on,
        reporting_agency=membership.agency,
        report_area=report_area,
        summary=summary.strip(),
        modus=modus,
        destination_country=destination_country,
        destination_area=destination_area,
        recruitment_channel=recruitment_channel,
        simfoni_number=simfoni_number,
        created_by=actor,
    )
    case.full_clean()
    case.save()
    CaseExploitation.objects.bulk_create(CaseExploitation(case=case, form=f) for f in forms)
    for step in journey or []:
        _add_journey(case=case, data=step, today=today)
    for victim in victims or []:
        _add_person(case=case, role=ParticipantRole.VICTIM, data=victim, actor=actor)
    _refresh_child_flags(case)
    if modus_facts is not None and not modus_facts.is_empty():
        from sigap.cases.modus import modus_facts_write

        modus_facts.destination_country = destination_country
        modus_facts_write(case=case, actor=actor, data=modus_facts, action="case.modus_facts")
    audit_record(
        actor=actor,
        action="case.report",
        target=case,
        # Codes of the report, readable in the change history; the summary (free text) and the
        # SIMFONI number by name only.
        changes={
            "fields": ["summary"] + (["simfoni_number"] if simfoni_number else []),
            "intake_channel": intake_channel,
            "report_area": report_area.code,
            "modus": modus,
            "exploitation_forms": sorted(forms),
            "victims_added": len(victims or []),
            "victims_linked": sum(1 for v in victims or [] if v.link_to is not None),
        },
    )
    _notify_intake(case=case, actor=actor)
    return case


def intake_recipients(*, case: Case):
    """Who is told of a newly reported case: the active case managers and supervisors of the
    UPT PPA agencies whose area covers the report area (those whose intake queue holds it,
    ``cases.access``); every active UPT PPA when none covers it. A case reported by a case
    team that could take it on itself still goes to the UPT PPA (the actor is excluded)."""
    from django.contrib.auth import get_user_model

    from sigap.agencies.models import Agency

    upt = list(Agency.objects.filter(kind=AgencyKind.UPT_PPA, is_active=True))
    code = case.report_area_id or ""
    covering = [
        a for a in upt if a.area_id and (code == a.area_id or code.startswith(f"{a.area_id}."))
    ]
    agencies = covering or upt
    return get_user_model().objects.filter(
        membership__agency__in=agencies,
        membership__role__in=list(CASE_TEAM_ROLES),
        is_active=True,
    )


def _notify_intake(*, case: Case, actor) -> None:
    """Notification ``case_reported`` (case number only) linking to the case page, where the
    UPT PPA takes the case on. Inside the caller's transaction."""
    if case.handling_agency_id is not None:
        return
    from sigap.casework.services import notify  # lazy: casework sits to the right of cases

    notify(
        recipients=intake_recipients(case=case),
        verb="case_reported",
        case=case,
        exclude=actor,
        link=reverse("cases:case-detail", args=[case.public_id]),
    )


def _add_journey(*, case: Case, data: JourneyData, today: date) -> JourneyEvent:
    if data.stage not in JourneyStage.values:
        raise ValidationError({"stage": [_("Unknown journey stage.")]})
    errors: dict[str, list[str]] = {}
    date_collect(errors, "occurred_on", data.occurred_on, kind=DateKind.HISTORY, today=today)
    if errors:
        raise ValidationError(errors)
    event = JourneyEvent(
        case=case,
        stage=data.stage,
        area=data.area,
        country=data.country,
        place_note=data.place_note,
        occurred_on=data.occurred_on,
    )
    event.full_clean()
    event.save()
    return event


@transaction.atomic
def case_open(*, case: Case, actor) -> Case:
    """The actor's agency (a UPT PPA or other case team) takes on a reported case.

    Raises ApplicationError when the case is not in ``reported`` status or the actor is not a
    case manager or supervisor.
    """
    membership = _require_membership(actor)
    case = Case.objects.select_for_update().get(pk=case.pk)
    if membership.role not in CASE_TEAM_ROLES:
        raise ApplicationError(_("Only a case manager can take on a case."))
    if case.status != CaseStatus.REPORTED:
        raise ApplicationError(_("This case is already being handled or has been closed."))
    case.status = CaseStatus.OPEN
    case.handling_agency = membership.agency
    # A case manager who takes a case on becomes its named case manager (issue 13 §7).
    if membership.role == Role.CASE_MANAGER:
        case.case_manager = actor
    case.opened_at = timezone.now()
    case.version += 1
    case.save(
        update_fields=[
            "status",
            "handling_agency",
            "case_manager",
            "opened_at",
            "version",
            "updated_at",
        ]
    )
    audit_record(
        actor=actor, action="case.open", target=case, changes={"status": ["reported", "open"]}
    )
    _withdraw_intake_notifications(case=case, agency=membership.agency)
    return case


def _withdraw_intake_notifications(*, case: Case, agency) -> None:
    """Once an agency takes a case on it leaves the other UPT PPAs' intake queue (it is no
    longer in their scope), so their ``case_reported`` notifications of it are withdrawn:
    a notification never shows the number of a case its reader cannot open."""
    from django.apps import apps

    Notification = apps.get_model("casework", "Notification")  # noqa: N806 - lazy, rightward
    Notification.objects.filter(case_public_id=case.public_id, verb="case_reported").exclude(
        recipient__membership__agency__in=[agency.pk, case.reporting_agency_id]
    ).delete()


@transaction.atomic
def case_handover(*, case: Case, to_agency, actor, handover: dict | None = None) -> Case:
    """Move the ownership of an open case (``handling_agency``) to ``to_agency``.

    Called by the acceptance of a case transfer (``sigap.referrals.services.transfers``),
    which checks the request, the basis for sharing and the confirmed list of open referrals
    and tasks; ``handover`` (public ids and codes only) goes into the audit row
    ``case.transfer``. Only a case manager or supervisor of ``to_agency`` may take a case
    over. Open referrals and tasks are not moved.
    """
    membership = _require_membership(actor)
    if membership.role not in CASE_TEAM_ROLES or membership.agency_id != to_agency.pk:
        raise ApplicationError(_("Only a case manager of the receiving agency can take over."))
    case = (
        Case.objects.select_for_update(of=("self",))
        .select_related("handling_agency")
        .get(pk=case.pk)
    )
    if case.status != CaseStatus.OPEN:
        raise ApplicationError(_("Only an open case can be transferred."))
    if case.handling_agency_id == to_agency.pk:
        raise ApplicationError(_("The case is already handled by this agency."))
    previous = case.handling_agency
    case.handling_agency = to_agency
    case.case_manager = None  # the receiving agency names its own case manager
    case.version += 1
    case.save(update_fields=["handling_agency", "case_manager", "version", "updated_at"])
    audit_record(
        actor=actor,
        action="case.transfer",
        target=case,
        changes={
            "from_agency": str(previous.public_id) if previous else None,
            "to_agency": str(to_agency.public_id),
            **(handover or {}),
        },
    )
    return case


def _require_handler(case: Case, actor) -> None:
    membership = _require_membership(actor)
    if membership.role not in CASE_TEAM_ROLES or case.handling_agency_id != membership.agency_id:
        raise ApplicationError(_("Only the case's handling agency can do this."))
    if case.status == CaseStatus.CLOSED:
        raise ApplicationError(_("The case is already closed."))


@transaction.atomic
def participant_add(*, case: Case, actor, role: str, data: PersonData) -> Participant:
    """Add a victim, witness or suspect to a case handled by the actor's agency."""
    _require_handler(case, actor)
    if role not in ParticipantRole.values:
        raise ValidationError({"role": [_("Unknown role.")]})
    _validate_person(data, today=user_today(actor))
    participant = _add_person(case=case, role=role, data=data, actor=actor)
    _refresh_child_flags(case)
    audit_record(
        actor=actor,
        action="participant.add",
        target=case,
        changes={
            "role": role,
            "fields": [] if data.link_to is not None else list(PERSON_PII_FIELDS),
            "linked_existing_person": data.link_to is not None,
        },
    )
    participant.refresh_from_db()
    return participant


@transaction.atomic
def journey_event_add(*, case: Case, actor, data: JourneyData) -> JourneyEvent:
    """Add a recruitment, transit or exploitation step; re-derives the child flags."""
    _require_handler(case, actor)
    event = _add_journey(case=case, data=data, today=user_today(actor))
    _refresh_child_flags(case)
    audit_record(actor=actor, action="journey.add", target=case, changes={"stage": data.stage})
    return event


@transaction.atomic
def identification_record(
    *,
    case: Case,
    actor,
    victims: list[Participant],
    process: list[str],
    means: list[str],
    purpose: list[str],
    notes: str = "",
) -> list[Identification]:
    """Record the UU 21/2007 Pasal 1 angka 1 elements for each of ``victims`` (same findings).

    The result per victim comes from :func:`sigap.cases.rules.assess_identification`, using
    each victim's child flag. Raises ValidationError for unknown codes or non-victims.
    """
    _require_handler(case, actor)
    errors = {}
    for name, values, allowed in (
        ("process", process, Process.values),
        ("means", means, Means.values),
        ("purpose", purpose, Purpose.values),
    ):
        if any(v not in allowed for v in values):
            errors[name] = [_("Unknown choice.")]
    if not victims:
        errors["victims"] = [_("Select at least one victim.")]
    if any(v.case_id != case.pk or v.role != ParticipantRole.VICTIM for v in victims):
        errors["victims"] = [_("Only victims in this case can be identified.")]
    if errors:
        raise ValidationError(errors)
    _refresh_child_flags(case)
    results = []
    for victim in victims:
        victim.refresh_from_db(fields=["is_child"])
        assessment = rules.assess_identification(
            process=process, means=means, purpose=purpose, child=victim.is_child
        )
        ident = Identification.objects.create(
            participant=victim,
            process=list(process),
            means=list(means),
            purpose=list(purpose),
            is_child=victim.is_child,
            result=assessment.result,
            reason=assessment.reason,
            notes=notes,
            identified_by=actor,
        )
        results.append(ident)
        audit_record(
            actor=actor,
            action="identification.record",
            target=case,
            changes={"participant": str(victim.public_id), "result": assessment.result},
        )
    return results


def simfoni_number_problems(
    number: str, *, exclude_pk: int | None = None, taken: set[str] | None = None
) -> list[str]:
    """The one rule for a SIMFONI-PPA registration number (issue 12 §3): the problems of
    ``number`` (already stripped; ``""`` means none recorded and has none) as Indonesian (or
    the active language's) messages, empty when it may be recorded. Its form follows the
    ``Case.simfoni_number`` field (letters, digits, dots, slashes, hyphens; at most 40
    characters); it must not be recorded on another case: checked against ``taken`` (the
    numbers already recorded, looked up once for a whole file) when given, else with one
    query excluding the case ``exclude_pk``."""
    if not number:
        return []
    field = Case._meta.get_field("simfoni_number")
    try:
        field.run_validators(number)
        if len(number) > field.max_length:
            raise ValidationError(_("At most %(n)d characters.") % {"n": field.max_length})
    except ValidationError as exc:
        return list(exc.messages)
    if taken is not None:
        used = number in taken
    else:
        used = Case.objects.filter(simfoni_number=number).exclude(pk=exclude_pk).exists()
    if used:
        return [_("This SIMFONI-PPA number is already recorded on another case.")]
    return []


@transaction.atomic
def case_simfoni_number_set(*, case: Case, actor, number: str) -> Case:
    """Record the case's SIMFONI-PPA registration number (``""`` clears it), so that the
    SIMFONI export carries it and nobody registers the case twice (issue 12 §3). Only the
    handling case team of an open case. ValidationError (``simfoni_number``) for a malformed
    number or one already recorded on another case (:func:`simfoni_number_problems`).
    Audited as ``case.simfoni_number``."""
    _require_handler(case, actor)
    number = (number or "").strip()
    problems = simfoni_number_problems(number, exclude_pk=case.pk)
    if problems:
        raise ValidationError({"simfoni_number": problems})
    old = case.simfoni_number
    if old == number:
        return case
    case.simfoni_number = number
    case.save(update_fields=["simfoni_number", "updated_at"])
    audit_record(
        actor=actor,
        action="case.simfoni_number",
        target=case,
        changes={"simfoni_number": [old, number]},
    )
    return case


@transaction.atomic
def case_note_add(*, case: Case, actor, body: str) -> CaseNote:
    """Add a note. Raises ValidationError when empty or over NOTE_MAX_CHARS characters."""
    from sigap.cases.models import NOTE_MAX_CHARS

    if not body or not body.strip():
        raise ValidationError({"body": [_("The note cannot be empty.")]})
    if len(body) > NOTE_MAX_CHARS:
        raise ValidationError(
            {
                "body": [
                    _("The note is too long: at most %(max)s characters, received %(got)s.")
                    % {
                        "max": f"{NOTE_MAX_CHARS:,}".replace(",", "."),
                        "got": f"{len(body):,}".replace(",", "."),
                    }
                ]
            }
        )
    membership = _require_membership(actor)
    if case.status == CaseStatus.CLOSED:
        raise ApplicationError(_("The case is already closed."))
    note = CaseNote.objects.create(case=case, author=actor, body=body.strip())
    audit_record(
        actor=actor,
        action="case_note.add",
        target=case,
        changes={"fields": ["body"], "agency_role": membership.role},
    )
    return note


@transaction.atomic
def case_close(
    *,
    case: Case,
    actor,
    reason: str,
    note: str = "",
    expected_version: int | None = None,
    approved_by=None,
) -> Case:
    """Close a case handled by the actor's agency with a coded ``reason``.

    Open referrals of the case are revoked (and audited) since no service is owed on a closed
    case. Its open tasks are cancelled the same way (``task.cancel`` with reason
    ``case_closed``, one audit row each, nobody notified, as a task cancelled by hand):
    closed work left open filled My work and the digest with overdue tasks nobody could act
    on. Reintegration follow-ups stay open (``TaskQuerySet.ended_by_closure``): they check on
    the victim after the case work ended. Raises ApplicationError if already closed or the
    actor's agency does not handle it; ConflictError when ``expected_version`` is stale.

    Closing needs a supervisor's approval (issue 4): the UI and API close a case only through
    ``sigap.casework.services.closure_approve``, which passes ``approved_by`` (recorded in the
    audit row). ``approved_by`` stays optional here so system paths (seed data, tests) keep
    working; the rule is enforced where users act, not in this service.
    """
    from sigap.cases.choices import ClosureReason

    case = Case.objects.select_for_update().get(pk=case.pk)
    _require_handler(case, actor)
    _check_version(case, expected_version)
    if reason not in ClosureReason.values:
        raise ValidationError({"reason": [_("A closure reason must be selected.")]})
    if reason == ClosureReason.OTHER and not note.strip():
        raise ValidationError({"note": [_("Explain the reason for closure.")]})
    revoked = 0
    for referral in case.referrals.open():
        referral.status = "revoked"
        referral.responded_at = timezone.now()
        referral.version += 1
        referral.save(update_fields=["status", "responded_at", "version", "updated_at"])
        audit_record(
            actor=actor,
            action="referral.revoke",
            target=referral,
            changes={"reason": "case_closed"},
        )
        revoked += 1
    cancelled = 0
    now = timezone.now()
    for task in case.tasks.ended_by_closure().select_for_update().order_by("pk"):
        task.status = "cancelled"  # casework.choices.TaskStatus.CANCELLED (casework is rightward)
        task.completed_at = now
        task.save(update_fields=["status", "completed_at", "updated_at"])
        audit_record(
            actor=actor,
            action="task.cancel",
            target=task,
            changes={"status": ["open", "cancelled"], "reason": "case_closed"},
        )
        cancelled += 1
    case.status = CaseStatus.CLOSED
    case.closed_at = timezone.now()
    case.closure_reason = reason
    case.closure_note = note.strip()
    case.version += 1
    case.save(
        update_fields=[
            "status",
            "closed_at",
            "closure_reason",
            "closure_note",
            "version",
            "updated_at",
        ]
    )
    audit_record(
        actor=actor,
        action="case.close",
        target=case,
        changes={
            "status": ["open", "closed"],
            "reason": reason,
            "referrals_revoked": revoked,
            "tasks_cancelled": cancelled,
            "approved_by": str(approved_by.public_id) if approved_by is not None else None,
        },
    )
    return case


@transaction.atomic
def case_reopen(*, case: Case, actor, reason: str) -> Case:
    """Reopen a closed case with a written ``reason`` (kept as a case note; audited).

    The handling agency's case manager or supervisor only; status goes back to ``open`` and
    the closure fields are cleared (the previous reason code is in the audit row). Referrals
    revoked and tasks cancelled by the closure stay so: the team sends or sets new ones. An
    anonymised case cannot be reopened.
    """
    case = Case.objects.select_for_update().get(pk=case.pk)
    membership = _require_membership(actor)
    if membership.role not in CASE_TEAM_ROLES or case.handling_agency_id != membership.agency_id:
        raise ApplicationError(_("Only the case's handling agency can do this."))
    if case.status != CaseStatus.CLOSED:
        raise ApplicationError(_("Only a closed case can be reopened."))
    if case.summary == ANONYMISED:
        raise ApplicationError(_("An anonymised case cannot be reopened."))
    if not reason or not reason.strip():
        raise ValidationError({"reason": [_("Explain why the case is reopened.")]})
    previous = case.closure_reason
    case.status = CaseStatus.OPEN
    case.closed_at = None
    case.closure_reason = ""
    case.closure_note = ""
    case.version += 1
    case.save(
        update_fields=[
            "status",
            "closed_at",
            "closure_reason",
            "closure_note",
            "version",
            "updated_at",
        ]
    )
    CaseNote.objects.create(case=case, author=actor, body=reason.strip())
    audit_record(
        actor=actor,
        action="case.reopen",
        target=case,
        changes={"status": ["closed", "open"], "previous_reason": previous, "fields": ["reason"]},
    )
    return case


def role_can_report(actor) -> bool:
    """True when the actor has an agency and the permission to report cases."""
    membership = membership_of(actor)
    return (
        membership is not None
        and actor.has_perm("cases.add_case")
        and (membership.role != Role.LEADERSHIP)
    )


# --- Retention (UU 27/2022 PDP Pasal 43–44; docs/data-protection.md) ------------------------

ANONYMISED = "[dianonimkan]"  # stored marker, not UI text: what replaces a name or a summary


def retention_cutoff(*, now=None, years: int | None = None):
    """The moment before which a case must have been closed to be anonymised
    (``SIGAP_RETENTION_YEARS``, default 5, before ``now``)."""
    from django.conf import settings

    now = now or timezone.now()
    years = settings.SIGAP_RETENTION_YEARS if years is None else years
    try:
        return now.replace(year=now.year - years)
    except ValueError:  # 29 February → 28 February
        return now.replace(year=now.year - years, day=28)


def cases_due_for_anonymisation(*, now=None):
    """Closed cases past the retention period and not yet anonymised, oldest first (a system
    read for ``manage.py retention_anonymise``; no user, so no ``visible_to``)."""
    return (
        Case.objects.filter(status=CaseStatus.CLOSED, closed_at__lte=retention_cutoff(now=now))
        .exclude(summary=ANONYMISED)
        .order_by("closed_at", "pk")
    )


def _coarse_area_code(code: str | None) -> str | None:
    """Keep only the kabupaten/kota of an area code (``33.01.01.2001`` → ``33.01``); None when
    that kabupaten/kota is not in the reference data."""
    if not code:
        return None
    coarse = ".".join(code.split(".")[:2])
    return coarse if Area.objects.filter(code=coarse).exists() else None


def _anonymise_casework_and_rights(case: Case) -> None:
    """Clear the free text of case work (assessments, plans, closure requests, tasks) and the
    rights tracker; coded values (needs levels, statuses, dates) stay for statistics.
    Runs inside ``case_anonymise``'s transaction; those apps sit to the right of cases."""
    from django.apps import apps

    model = apps.get_model
    model("casework", "Assessment").objects.filter(case=case).update(summary="")
    model("casework", "AssessmentNeed").objects.filter(assessment__case=case).update(note="")
    model("casework", "CasePlan").objects.filter(case=case).update(
        goals=ANONYMISED, decision_comment=""
    )
    model("casework", "PlannedService").objects.filter(plan__case=case).update(note="")
    model("casework", "ClosureRequest").objects.filter(case=case).update(
        note="", decision_comment=""
    )
    model("casework", "Task").objects.filter(case=case).update(title=ANONYMISED)
    model("rights", "RightRecord").objects.filter(case=case).update(evidence_note="")


@transaction.atomic
def case_anonymise(*, case: Case, actor=None) -> Case:
    """Anonymise a closed case for good (retention): identities and free text are removed,
    what statistics need is kept.

    - people of the case: name → ``[dianonimkan]``; NIK, phone, address, date of birth and
      their keyed hashes blanked; origin coarsened to its kabupaten/kota; sex, estimated age,
      nationality, age at exploitation and child flag kept. A person who also appears in a
      case that is open or still within its retention period is left as is (that case still
      needs them) and counted as ``persons_kept``;
    - the summary becomes ``[dianonimkan]``; the closure note, journey place descriptions,
      identification notes, case notes, referral notes, decline and revoke reasons and service
      descriptions, transfer reasons, case-conference summaries, roles and decisions are
      cleared; codes, areas, dates and statuses stay;
    - attached documents (``documents.CaseDocument``) are deleted.

    Idempotent: an anonymised case (summary ``[dianonimkan]``) is returned untouched and no
    second audit row is written. Raises ApplicationError for a case that is not closed.
    ``actor`` is None when run by the scheduled command. Audit: ``case.anonymise`` (counts and
    field names only).
    """
    from django.apps import apps

    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.status != CaseStatus.CLOSED:
        raise ApplicationError(_("Only a closed case can be anonymised."))
    if case.summary == ANONYMISED:
        return case
    cutoff = retention_cutoff()
    anonymised = kept = 0
    for participant in case.participants.select_related("person"):
        person = participant.person
        still_needed = (
            Participant.objects.filter(person=person)
            .exclude(case=case)
            .exclude(case__status=CaseStatus.CLOSED, case__closed_at__lte=cutoff)
            .exists()
        )
        if still_needed:
            kept += 1
            continue
        if person.full_name == ANONYMISED:
            continue  # already done through another case
        Person.objects.filter(pk=person.pk).update(
            full_name=ANONYMISED,
            nik="",
            nik_hash="",
            name_index="",
            phone="",
            address="",
            date_of_birth=None,
            origin_area_id=_coarse_area_code(person.origin_area_id),
            updated_at=timezone.now(),
        )
        person_hooks.keys_refresh([Person.objects.get(pk=person.pk)])  # no keys left
        anonymised += 1
    notes = CaseNote.objects.filter(case=case).update(body="")
    JourneyEvent.objects.filter(case=case).update(place_note="")
    Identification.objects.filter(participant__case=case).update(notes="")
    Referral = apps.get_model("referrals", "Referral")  # noqa: N806 - lazy: referrals is rightward
    Delivery = apps.get_model("referrals", "ServiceDelivery")  # noqa: N806
    Referral.objects.filter(case=case).update(note="", decline_reason="", revoke_reason="")
    Delivery.objects.filter(referral__case=case).update(description="")
    transfers = apps.get_model("referrals", "CaseTransfer").objects.filter(case=case)
    transfers.update(reason="")
    transfers.exclude(decline_reason="").update(decline_reason=ANONYMISED)  # a reason must stay
    apps.get_model("casework", "CaseConference").objects.filter(case=case).update(
        summary="", participant_roles=""
    )
    apps.get_model("casework", "ConferenceDecision").objects.filter(conference__case=case).update(
        text=""
    )
    _anonymise_casework_and_rights(case)
    # Attached files (identity documents, photos, medical letters) cannot be anonymised in
    # place: they are deleted; the audit rows of their uploads and downloads stay.
    documents, _per_model = (
        apps.get_model("documents", "CaseDocument").objects.filter(case=case).delete()
    )
    case.summary = ANONYMISED
    case.closure_note = ""
    case.version += 1
    case.save(update_fields=["summary", "closure_note", "version", "updated_at"])
    audit_record(
        actor=actor,
        action="case.anonymise",
        target=case,
        changes={
            "persons_anonymised": anonymised,
            "persons_kept": kept,
            "notes_cleared": notes,
            "documents_deleted": documents,
            "fields": [*PERSON_PII_FIELDS, "summary", "closure_note", "notes", "place_note"],
        },
    )
    return case


# --- Data-subject rights carried out on a person (UU 27/2022 PDP) ------------------------------
# Called only by sigap.privacy.services after a second user has approved the prepared action
# (four eyes); each runs inside the caller's transaction and writes its own audit row with the
# old and new values masked (sigap.audit.history.masked_diff).

ERASED = "[dihapus]"  # stored tombstone, not UI text: what replaces an erased name
CORRECTABLE_FIELDS = ("full_name", "nik", "date_of_birth", "phone", "address")


def _person_snapshot(person: Person) -> dict:
    return {name: getattr(person, name) for name in (*PERSON_PII_FIELDS, "identity_restricted")}


@transaction.atomic
def person_correct(*, person: Person, actor, values: dict, request_ref: str = "") -> Person:
    """Correct the identity fields of ``person`` (UU 27/2022 PDP Pasal 6, Pasal 30 ayat 1: the
    controller corrects within 3 × 24 hours of the request). ``values`` maps some of
    :data:`CORRECTABLE_FIELDS` to new values (``date_of_birth`` a ``datetime.date``); others
    are left unchanged. The keyed search hashes (``nik_hash``, ``name_index``) are recomputed
    by the save, so a search finds the corrected name and NIK and no longer the old ones;
    exports read the fields and show the corrected values. The child flags of the person's
    cases are re-derived when the date of birth changes.

    Raises ValidationError (per field) for a blank name, a NIK that is not 16 digits, a date of
    birth in the future or implausibly old, or an unknown field; ApplicationError for an erased
    person. Audit: ``person.correct`` (field names, old and new masked; ``request_ref`` the
    data-subject request's public id).
    """
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.erased_at is not None:
        raise ApplicationError(_("This person's identity has been erased."))
    unknown = set(values) - set(CORRECTABLE_FIELDS)
    if unknown:
        raise ValidationError(
            {NON_FIELD_ERRORS: [_("These fields cannot be corrected: %s") % ", ".join(unknown)]}
        )
    data = PersonData(
        full_name=values.get("full_name", person.full_name),
        date_of_birth=values.get("date_of_birth", person.date_of_birth),
        nik=values.get("nik", person.nik),
        phone=values.get("phone", person.phone),
        address=values.get("address", person.address),
        estimated_age=person.estimated_age,
    )
    _validate_person(data, today=user_today(actor))
    before = _person_snapshot(person)
    person.full_name = name_clean(data.full_name)
    person.nik = data.nik
    person.date_of_birth = data.date_of_birth
    person.phone = data.phone
    person.address = data.address
    person.full_clean()
    person.save(
        update_fields=[*CORRECTABLE_FIELDS, "nik_hash", "name_index", "updated_at"],
    )
    if before["date_of_birth"] != person.date_of_birth:
        for case in Case.objects.filter(participants__person=person).distinct():
            _refresh_child_flags(case)
    changes = masked_diff(before, _person_snapshot(person))
    changes["request"] = request_ref
    audit_record(actor=actor, action="person.correct", target=person, changes=changes)
    return person


@transaction.atomic
def person_restriction_set(
    *, person: Person, actor, restricted: bool, request_ref: str = ""
) -> Person:
    """Restrict (``restricted=True``) or lift the restriction of the processing of ``person``
    (UU 27/2022 PDP Pasal 11; Pasal 41 ayat 1: within 3 × 24 hours of the request). While
    restricted, :func:`sigap.cases.access.identity_visible` hides the identity from every user
    (the handling case team included) on pages, lists, search, exports and the API; the case's
    other facts stay. Idempotent: setting the current state changes nothing and writes no
    audit row. Audit: ``person.restrict`` or ``person.restrict_lift``.
    """
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.identity_restricted == restricted:
        return person
    before = _person_snapshot(person)
    person.identity_restricted = restricted
    person.save(update_fields=["identity_restricted", "updated_at"])
    changes = masked_diff(before, _person_snapshot(person))
    changes["request"] = request_ref
    action = "person.restrict" if restricted else "person.restrict_lift"
    audit_record(actor=actor, action=action, target=person, changes=changes)
    return person


@transaction.atomic
def person_erase(*, person: Person, actor, request_ref: str = "") -> Person:
    """Erase the identity of ``person`` on their request (UU 27/2022 PDP Pasal 8, Pasal 43 ayat
    1 huruf c): the name becomes the tombstone :data:`ERASED`; NIK, phone, address, date of
    birth and the keyed search hashes are blanked; ``erased_at`` is set. Kept, because they
    identify nobody and the case still needs them: sex, estimated age, nationality, the area of
    origin coarsened to its kabupaten/kota, the participations (role, age at exploitation,
    child flag) and everything else in the case. Audit rows are never touched (they hold masked
    values only), so the hash chain stays valid (``manage.py audit_verify``).

    Raises ApplicationError when the person still appears in a case that is not closed: the
    identity is then still needed for the criminal process and the victim's protection
    (UU 27/2022 PDP Pasal 15 ayat 1 huruf b, law enforcement; Pasal 43 ayat 2 "in accordance
    with the law"; UU 21/2007 Pasal 44 and 51 [verify]); the DPO records a refusal with that
    legal basis instead. Idempotent for an erased person (no second audit row).
    The person's name and NIK are also replaced by ``[dihapus]`` in the free text of their
    cases (``sigap.cases.erasure``), in the same transaction.
    Audit: ``person.erase`` (field names, old and new masked; the free-text fields rewritten
    with their row counts).
    """
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.erased_at is not None:
        return person
    if Participant.objects.filter(person=person).exclude(case__status=CaseStatus.CLOSED).exists():
        raise ApplicationError(
            _(
                "The person is still in a case that is not closed; the identity is needed for "
                "the criminal process. Record a refusal with its legal basis instead."
            )
        )
    before = _person_snapshot(person)
    from sigap.cases.erasure import redact_case_text

    redacted = redact_case_text(
        case_ids=set(Participant.objects.filter(person=person).values_list("case_id", flat=True)),
        full_name=person.full_name or "",
        nik=person.nik or "",
    )
    Person.objects.filter(pk=person.pk).update(
        full_name=ERASED,
        nik="",
        nik_hash="",
        name_index="",
        phone="",
        address="",
        date_of_birth=None,
        origin_area_id=_coarse_area_code(person.origin_area_id),
        erased_at=timezone.now(),
        updated_at=timezone.now(),
    )
    person.refresh_from_db()
    changes = masked_diff(before, _person_snapshot(person))
    changes["request"] = request_ref
    changes["free_text_redacted"] = redacted  # field → rows rewritten, no values
    audit_record(actor=actor, action="person.erase", target=person, changes=changes)
    return person
