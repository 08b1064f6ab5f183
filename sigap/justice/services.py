"""Every write to the justice process (STYLE B2): keyword-only, one transaction, rules checked,
audit row written in the same transaction with field names and codes only, never names.

Who may write is decided by :func:`sigap.justice.access.justice_view_for` and checked here
again (views and the API check it first to answer 403/404).

Departure: ``suspect_add`` and ``victim_screening_record`` create ``cases.Person``,
``cases.Participant`` and ``cases.Identification`` rows directly rather than through
``sigap.cases.services`` (whose ``participant_add`` admits only the handling case team, not the
police of a referred case). They reuse the cases app's child-flag derivation.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sigap.audit.services import audit_record
from sigap.cases import person_hooks
from sigap.cases.choices import IdentificationResult, ParticipantRole
from sigap.cases.models import Case, Identification, Participant, Person
from sigap.cases.services import PersonData, _refresh_child_flags
from sigap.core.dates import DateKind, date_collect, user_today
from sigap.core.exceptions import ApplicationError, ConflictError
from sigap.core.text import name_clean
from sigap.justice import rules
from sigap.justice.access import justice_view_for
from sigap.justice.choices import JusticeStage, SuspectRoleCode, VerdictLevel, VerdictOutcome
from sigap.justice.models import (
    Article,
    Charge,
    PoliceReport,
    RestitutionOrder,
    RestitutionPayment,
    StageEvent,
    SuspectRole,
    Verdict,
)

REASON_MIN_CHARS = 10


def _require(case: Case, actor, capability: str) -> None:
    view = justice_view_for(actor, case)
    if not getattr(view, capability):
        raise ApplicationError(_("You may not change the justice process of this case."))


def _plausible_date(errors: dict, field: str, value: date | None, actor) -> None:
    """The one date rule (``sigap.core.dates``): not after the actor's today, not before
    UU 21/2007 took effect."""
    date_collect(errors, field, value, kind=DateKind.RECORD, today=user_today(actor))


def _suspect_of(case: Case, participant: Participant) -> None:
    if participant.case_id != case.pk or participant.role != ParticipantRole.SUSPECT:
        raise ValidationError({"suspect": [_("Unknown suspect in this case.")]})


def _victim_of(case: Case, participant: Participant) -> None:
    if participant.case_id != case.pk or participant.role != ParticipantRole.VICTIM:
        raise ValidationError({"victim": [_("Unknown victim in this case.")]})


def current_stage(case: Case) -> StageEvent | None:
    """The latest stage event of ``case`` (one query), or None before any."""
    return StageEvent.objects.filter(case=case).order_by("-id").first()


@transaction.atomic
def police_report_add(
    *, case: Case, actor, number: str, unit: str, reported_on: date
) -> PoliceReport:
    """Record a police report; the first one also starts the process at stage "report"."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    _require(case, actor, "manage")
    errors: dict[str, list[str]] = {}
    number, unit = (number or "").strip(), (unit or "").strip()
    if not number:
        errors["number"] = [_("The report number is required.")]
    elif PoliceReport.objects.filter(case=case, number=number).exists():
        errors["number"] = [_("This report number is already recorded for the case.")]
    if not unit:
        errors["unit"] = [_("The police unit is required.")]
    _plausible_date(errors, "reported_on", reported_on, actor)
    if errors:
        raise ValidationError(errors)
    report = PoliceReport.objects.create(
        case=case, number=number, unit=unit, reported_on=reported_on, recorded_by=actor
    )
    started = current_stage(case) is None
    if started:
        StageEvent.objects.create(
            case=case, stage=JusticeStage.REPORT, occurred_on=reported_on, recorded_by=actor
        )
    audit_record(
        actor=actor,
        action="justice.police_report_add",
        target=case,
        changes={"fields": ["number", "unit", "reported_on"], "stage_started": started},
    )
    return report


@transaction.atomic
def justice_stage_advance(
    *, case: Case, actor, stage: str, on: date, reason: str = ""
) -> StageEvent:
    """Move the case's justice process to ``stage`` on date ``on``.

    Forward moves may skip stages (information often arrives late). Going back (e.g. the file
    returned to the investigator, "P19") needs a ``reason`` of at least 10 characters. Refused:
    an unknown stage, the current stage again, appeal before a first-instance verdict, a date
    in the future (Jakarta calendar) or before the current stage's date.
    """
    case = Case.objects.select_for_update().get(pk=case.pk)
    _require(case, actor, "manage")
    if stage not in JusticeStage.values:
        raise ValidationError({"stage": [_("Unknown stage.")]})
    current = current_stage(case)
    now_index = rules.stage_index(current.stage if current else None)
    new_index = rules.stage_index(stage)
    errors: dict[str, list[str]] = {}
    reason = (reason or "").strip()
    if current is not None and stage == current.stage:
        errors["stage"] = [_("The process is already at this stage.")]
    elif new_index < now_index and len(reason) < REASON_MIN_CHARS:
        errors["reason"] = [
            _("Going back to an earlier stage needs a reason (at least %(n)s characters).")
            % {"n": REASON_MIN_CHARS}
        ]
    elif stage == JusticeStage.APPEAL and now_index < rules.stage_index(
        JusticeStage.FIRST_INSTANCE_VERDICT
    ):
        errors["stage"] = [_("An appeal needs a first-instance verdict first.")]
    _plausible_date(errors, "on", on, actor)
    if current is not None and on < current.occurred_on:
        errors.setdefault("on", []).append(
            _("The date cannot be before the date of the current stage.")
        )
    if errors:
        raise ValidationError(errors)
    event = StageEvent.objects.create(
        case=case, stage=stage, occurred_on=on, reason=reason, recorded_by=actor
    )
    audit_record(
        actor=actor,
        action="justice.stage_advance",
        target=case,
        changes={
            "stage": [current.stage if current else None, stage],
            "backwards": new_index < now_index,
            "fields": ["reason"] if reason else [],
        },
    )
    return event


def _set_roles(participant: Participant, roles: list[str]) -> None:
    roles = list(dict.fromkeys(roles))
    if any(r not in SuspectRoleCode.values for r in roles):
        raise ValidationError({"roles": [_("Unknown suspect role.")]})
    SuspectRole.objects.filter(participant=participant).exclude(role__in=roles).delete()
    have = set(participant.suspect_roles.values_list("role", flat=True))
    SuspectRole.objects.bulk_create(
        SuspectRole(participant=participant, role=r) for r in roles if r not in have
    )


@transaction.atomic
def suspect_add(*, case: Case, actor, data: PersonData, roles: list[str]) -> Participant:
    """Add a suspect (a new person) with their roles in the trafficking chain."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    _require(case, actor, "manage")
    errors: dict[str, list[str]] = {}
    if not name_clean(data.full_name):
        errors["full_name"] = [_("Name is required.")]
    date_collect(
        errors, "date_of_birth", data.date_of_birth, kind=DateKind.BIRTH, today=user_today(actor)
    )
    if errors:
        raise ValidationError(errors)
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
    participant = Participant.objects.create(case=case, person=person, role=ParticipantRole.SUSPECT)
    _set_roles(participant, roles)
    _refresh_child_flags(case)
    audit_record(
        actor=actor,
        action="justice.suspect_add",
        target=case,
        changes={
            "participant": str(participant.public_id),
            "roles": sorted(set(roles)),
            "fields": ["full_name", "sex", "date_of_birth", "estimated_age", "nik"],
        },
    )
    participant.refresh_from_db()
    return participant


@transaction.atomic
def suspect_charges_set(
    *, case: Case, actor, suspect: Participant, roles: list[str], articles: list[Article]
) -> Participant:
    """Replace a suspect's roles and the articles charged against them."""
    _require(case, actor, "manage")
    _suspect_of(case, suspect)
    if any(not a.is_active for a in articles):
        raise ValidationError({"articles": [_("This article can no longer be charged.")]})
    before = set(suspect.charges.values_list("article__code", flat=True))
    _set_roles(suspect, roles)
    codes = {a.code for a in articles}
    Charge.objects.filter(participant=suspect).exclude(article__code__in=codes).delete()
    Charge.objects.bulk_create(
        Charge(participant=suspect, article=a) for a in articles if a.code not in before
    )
    audit_record(
        actor=actor,
        action="justice.suspect_charges_set",
        target=case,
        changes={
            "participant": str(suspect.public_id),
            "roles": sorted(set(roles)),
            "charges_added": sorted(codes - before),
            "charges_removed": sorted(before - codes),
        },
    )
    return suspect


@transaction.atomic
def victim_screening_record(
    *, case: Case, actor, victim: Participant, reason: str, also_suspect: bool = False
) -> Identification:
    """Record that a victim is "under screening" (non-punishment principle, issue 4 §6): the
    person is a victim and may also be under investigation (e.g. a returnee from a scam
    compound). With ``also_suspect`` the same person is added as a suspect participant; the
    victim-services pages keep showing them only as a victim, under screening.
    """
    case = Case.objects.select_for_update().get(pk=case.pk)
    _require(case, actor, "manage")
    _victim_of(case, victim)
    reason = (reason or "").strip()
    if len(reason) < REASON_MIN_CHARS:
        raise ValidationError(
            {"reason": [_("Give a reason (at least %(n)s characters).") % {"n": REASON_MIN_CHARS}]}
        )
    ident = Identification.objects.create(
        participant=victim,
        is_child=victim.is_child,
        result=IdentificationResult.UNDER_SCREENING,
        reason=reason,
        identified_by=actor,
    )
    suspect = None
    if also_suspect:
        suspect, _created = Participant.objects.get_or_create(
            case=case, person_id=victim.person_id, role=ParticipantRole.SUSPECT
        )
        if _created:
            _refresh_child_flags(case)
    audit_record(
        actor=actor,
        action="justice.victim_screening",
        target=case,
        changes={
            "participant": str(victim.public_id),
            "result": IdentificationResult.UNDER_SCREENING,
            "also_suspect": str(suspect.public_id) if suspect else None,
            "fields": ["reason"],
        },
    )
    return ident


@transaction.atomic
def verdict_record(
    *,
    case: Case,
    actor,
    suspect: Participant,
    level: str,
    court: str,
    decided_on: date,
    outcome: str,
    prison_months: int | None = None,
    fine_rupiah: int = 0,
    final_notice_on: date | None = None,
    restitution: dict[Participant, int] | None = None,
) -> Verdict:
    """Record a court decision on one suspect, with restitution ordered per victim (Rupiah).

    Only a conviction carries a sentence or restitution. ``final_notice_on`` (notice of the
    final and binding verdict) may come later through :func:`verdict_final_notice_set`.
    """
    case = Case.objects.select_for_update().get(pk=case.pk)
    _require(case, actor, "record_verdict")
    _suspect_of(case, suspect)
    restitution = {v: a for v, a in (restitution or {}).items() if a}
    errors: dict[str, list[str]] = {}
    if level not in VerdictLevel.values:
        errors["level"] = [_("Unknown court level.")]
    if outcome not in VerdictOutcome.values:
        errors["outcome"] = [_("Unknown outcome.")]
    if not (court or "").strip():
        errors["court"] = [_("The court is required.")]
    _plausible_date(errors, "decided_on", decided_on, actor)
    _plausible_date(errors, "final_notice_on", final_notice_on, actor)
    if final_notice_on and final_notice_on < decided_on:
        errors.setdefault("final_notice_on", []).append(
            _("The notice cannot be before the verdict.")
        )
    convicted = outcome == VerdictOutcome.CONVICTED
    if not convicted and (prison_months or fine_rupiah or restitution):
        errors["outcome"] = [_("Only a conviction carries a sentence or restitution.")]
    if any(amount < 0 for amount in restitution.values()) or (fine_rupiah or 0) < 0:
        errors["restitution"] = [_("Amounts cannot be negative.")]
    for victim in restitution:
        if victim.case_id != case.pk or victim.role != ParticipantRole.VICTIM:
            errors["restitution"] = [_("Restitution can only go to victims in this case.")]
    if errors:
        raise ValidationError(errors)
    verdict = Verdict.objects.create(
        participant=suspect,
        level=level,
        court=court.strip(),
        decided_on=decided_on,
        outcome=outcome,
        prison_months=prison_months if convicted else None,
        fine_rupiah=fine_rupiah or 0,
        final_notice_on=final_notice_on,
        recorded_by=actor,
    )
    RestitutionOrder.objects.bulk_create(
        RestitutionOrder(verdict=verdict, victim=v, amount_rupiah=a) for v, a in restitution.items()
    )
    audit_record(
        actor=actor,
        action="justice.verdict_record",
        target=case,
        changes={
            "verdict": str(verdict.public_id),
            "participant": str(suspect.public_id),
            "level": level,
            "outcome": outcome,
            "restitution_orders": len(restitution),
            "final_notice": final_notice_on is not None,
        },
    )
    return verdict


@transaction.atomic
def verdict_final_notice_set(
    *,
    case: Case,
    actor,
    verdict: Verdict,
    final_notice_on: date,
    expected_version: int | None = None,
) -> Verdict:
    """Record the date the final and binding verdict was notified (starts the 14 days)."""
    _require(case, actor, "record_verdict")
    verdict = Verdict.objects.select_for_update().get(pk=verdict.pk)
    if verdict.participant.case_id != case.pk:
        raise ValidationError({"verdict": [_("Unknown verdict in this case.")]})
    if expected_version is not None and verdict.version != expected_version:
        raise ConflictError(
            _(
                "This record has been changed by another user since you opened it. "
                "Reload the page, review the changes, then save again."
            )
        )
    errors: dict[str, list[str]] = {}
    _plausible_date(errors, "final_notice_on", final_notice_on, actor)
    if final_notice_on < verdict.decided_on:
        errors.setdefault("final_notice_on", []).append(
            _("The notice cannot be before the verdict.")
        )
    if errors:
        raise ValidationError(errors)
    before = verdict.final_notice_on
    verdict.final_notice_on = final_notice_on
    verdict.version += 1
    verdict.save(update_fields=["final_notice_on", "version", "updated_at"])
    audit_record(
        actor=actor,
        action="justice.verdict_final_notice",
        target=case,
        changes={
            "verdict": str(verdict.public_id),
            "final_notice_on": [str(before) if before else None, str(final_notice_on)],
        },
    )
    return verdict


@transaction.atomic
def restitution_payment_record(
    *, case: Case, actor, order: RestitutionOrder, paid_on: date, amount_rupiah: int
) -> RestitutionPayment:
    """Record a payment of restitution; refused above the amount still outstanding."""
    _require(case, actor, "record_verdict")
    order = (
        RestitutionOrder.objects.select_for_update(of=("self",))
        .select_related("verdict__participant")
        .get(pk=order.pk)
    )
    if order.verdict.participant.case_id != case.pk:
        raise ValidationError({"order": [_("Unknown restitution order in this case.")]})
    errors: dict[str, list[str]] = {}
    if amount_rupiah is None or amount_rupiah <= 0:
        errors["amount_rupiah"] = [_("The amount must be more than zero.")]
    elif amount_rupiah > order.outstanding_rupiah:
        errors["amount_rupiah"] = [
            _("The amount is more than what is still owed (Rp %(left)s).")
            % {"left": f"{order.outstanding_rupiah:,}".replace(",", ".")}
        ]
    _plausible_date(errors, "paid_on", paid_on, actor)
    if errors:
        raise ValidationError(errors)
    payment = RestitutionPayment.objects.create(
        order=order, paid_on=paid_on, amount_rupiah=amount_rupiah, recorded_by=actor
    )
    audit_record(
        actor=actor,
        action="justice.restitution_payment",
        target=case,
        changes={"order": str(order.public_id), "fields": ["paid_on", "amount_rupiah"]},
    )
    return payment
