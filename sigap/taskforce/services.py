"""Writes of the task-force app (issue 11). Each service is keyword-only, runs in one
transaction, checks the acting user's right (``sigap.taskforce.access``) and writes its audit
row (``taskforce.*``) inside that transaction.

Carry-over rule (issue 11 §2): an action item still open after its meeting was *held* goes onto
the agenda of the next *scheduled* meeting of the same task force (a ``CarriedItem`` row, status
``carried``). It is applied whenever a meeting is scheduled or marked held and when an item is
recorded on a meeting already held, so the order in which the secretariat does things does not
matter. An item carried again moves on to the next meeting; every carry stays as history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.agencies.models import Agency
from sigap.audit.services import audit_record
from sigap.core.dates import RECORD_FLOOR
from sigap.taskforce.access import can_manage, can_update_item
from sigap.taskforce.choices import (
    OPEN_ITEM_STATUSES,
    ActionItemStatus,
    MeetingStatus,
    SubTaskForceKind,
)
from sigap.taskforce.models import (
    ActionItem,
    Attendance,
    CarriedItem,
    Meeting,
    SubTaskForce,
    TaskForce,
    TaskForceMembership,
)

TASK_FORCE_FIELDS = (
    "name",
    "level",
    "area",
    "decree_reference",
    "period_start",
    "period_end",
    "chair",
    "daily_chair",
)


def _require_manager(actor) -> None:
    if actor is not None and not can_manage(actor):
        raise PermissionDenied


def _changed(obj, data: dict) -> list[str]:
    changed = []
    for field, value in data.items():
        if getattr(obj, field) != value:
            setattr(obj, field, value)
            changed.append(field)
    return changed


def _values(obj, fields) -> dict:
    out = {}
    for f in fields:
        v = getattr(obj, f)
        out[f] = v.pk if hasattr(v, "pk") else (v.isoformat() if hasattr(v, "isoformat") else v)
    return out


# --- Structure -------------------------------------------------------------------------------


@transaction.atomic
def task_force_save(*, actor, task_force: TaskForce | None = None, **data) -> TaskForce:
    """Create a task force (``task_force=None``; ``secretariat_agency`` required) or change the
    fields in ``TASK_FORCE_FIELDS``. Every sub-task force (six, ``SubTaskForceKind``) is created
    with it. Audits ``taskforce.create``/``taskforce.update`` with old and new values of the
    changed fields (none is personal data about victims). ``actor=None`` is the system (seed).
    Raises PermissionDenied for a non-secretariat actor, ValidationError for a period that
    ends before it starts."""
    _require_manager(actor)
    start, end = data.get("period_start"), data.get("period_end")
    if start is None and task_force is not None:
        start = task_force.period_start
    if end is None and task_force is not None:
        end = task_force.period_end
    if start and end and end < start:
        raise ValidationError({"period_end": [_("The period cannot end before it starts.")]})
    if task_force is None:
        task_force = TaskForce.objects.create(**data)
        for kind in SubTaskForceKind:
            SubTaskForce.objects.create(task_force=task_force, kind=kind)
        audit_record(
            actor=actor,
            action="taskforce.create",
            target=task_force,
            changes=_values(task_force, TASK_FORCE_FIELDS),
        )
        return task_force
    before = _values(task_force, TASK_FORCE_FIELDS)
    changed = _changed(task_force, {k: v for k, v in data.items() if k in TASK_FORCE_FIELDS})
    if changed:
        task_force.save(update_fields=[*changed, "updated_at"])
        after = _values(task_force, changed)
        audit_record(
            actor=actor,
            action="taskforce.update",
            target=task_force,
            changes={f: [before[f], after[f]] for f in changed},
        )
    return task_force


@transaction.atomic
def subgroup_set_coordinator(*, actor, subgroup: SubTaskForce, coordinator: Agency | None):
    """Name the coordinating agency of a sub-task force. Audits ``taskforce.subgroup_update``."""
    _require_manager(actor)
    old = subgroup.coordinator_id
    if old != (coordinator.pk if coordinator else None):
        subgroup.coordinator = coordinator
        subgroup.save(update_fields=["coordinator", "updated_at"])
        audit_record(
            actor=actor,
            action="taskforce.subgroup_update",
            target=subgroup,
            changes={"coordinator": [old, subgroup.coordinator_id], "kind": subgroup.kind},
        )
    return subgroup


@transaction.atomic
def member_set(
    *,
    actor,
    task_force: TaskForce,
    agency: Agency,
    focal_point=None,
    subgroup: SubTaskForce | None = None,
) -> TaskForceMembership:
    """Add ``agency`` to ``task_force`` or change its focal point / sub-task force. The focal
    point must be a user of that agency (ValidationError otherwise). Audits
    ``taskforce.member_add`` or ``taskforce.member_update`` (ids only)."""
    _require_manager(actor)
    if focal_point is not None:
        m = getattr(focal_point, "membership", None)
        if m is None or m.agency_id != agency.pk:
            raise ValidationError(
                {"focal_point": [_("The focal point must be a user of that agency.")]}
            )
    if subgroup is not None and subgroup.task_force_id != task_force.pk:
        raise ValidationError({"subgroup": [_("That sub-task force belongs to another one.")]})
    member, created = TaskForceMembership.objects.get_or_create(
        task_force=task_force,
        agency=agency,
        defaults={"focal_point": focal_point, "subgroup": subgroup},
    )
    if created:
        audit_record(
            actor=actor,
            action="taskforce.member_add",
            target=member,
            changes={"agency": agency.pk, "focal_point": getattr(focal_point, "pk", None)},
        )
        return member
    before = {"focal_point": member.focal_point_id, "subgroup": member.subgroup_id}
    changed = _changed(member, {"focal_point": focal_point, "subgroup": subgroup})
    if changed:
        member.save(update_fields=[*changed, "updated_at"])
        after = {"focal_point": member.focal_point_id, "subgroup": member.subgroup_id}
        audit_record(
            actor=actor,
            action="taskforce.member_update",
            target=member,
            changes={f: [before[f], after[f]] for f in changed},
        )
    return member


# --- Meetings --------------------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingData:
    """What the secretariat types for a meeting. ``starts_at`` aware (WIB on the forms)."""

    kind: str
    title: str
    starts_at: datetime
    place: str
    chair: str = ""
    agenda: str = ""


MEETING_FIELDS = ("kind", "title", "starts_at", "place", "chair", "agenda")


def _check_meeting(data: MeetingData) -> None:
    errors = {}
    if timezone.is_naive(data.starts_at):
        errors["starts_at"] = [_("Give the time with its time zone.")]
    elif data.starts_at.date() < RECORD_FLOOR:
        errors["starts_at"] = [_("This date is before the task force could exist.")]
    if not data.title.strip():
        errors["title"] = [_("This field is required.")]
    if not data.place.strip():
        errors["place"] = [_("This field is required.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def meeting_schedule(*, actor, task_force: TaskForce, data: MeetingData) -> Meeting:
    """Schedule a meeting, then carry open items of earlier held meetings onto its agenda.
    Audits ``meeting.schedule`` (and ``action_item.carry`` per carried item)."""
    _require_manager(actor)
    _check_meeting(data)
    meeting = Meeting.objects.create(
        task_force=task_force,
        created_by=actor,
        **{f: getattr(data, f) for f in MEETING_FIELDS},
    )
    audit_record(
        actor=actor,
        action="meeting.schedule",
        target=meeting,
        changes=_values(meeting, ("kind", "starts_at", "place", "title")),
    )
    carry_over(task_force=task_force, actor=actor)
    return meeting


@transaction.atomic
def meeting_update(
    *, actor, meeting: Meeting, data: MeetingData, minutes: str, status: str
) -> Meeting:
    """Change a meeting's details, minutes and status (scheduled, held, cancelled). A held
    meeting cannot go back to scheduled (ValidationError). Marking it held carries its open
    items to the next scheduled meeting. Audits ``meeting.update`` with the changed fields
    (minutes: name only, they can be long)."""
    _require_manager(actor)
    _check_meeting(data)
    if meeting.status == MeetingStatus.HELD and status == MeetingStatus.SCHEDULED:
        raise ValidationError({"status": [_("A meeting already held cannot be rescheduled.")]})
    if status not in MeetingStatus.values:
        raise ValidationError({"status": [_("Unknown status.")]})
    before = _values(meeting, (*MEETING_FIELDS, "status"))
    values = {f: getattr(data, f) for f in MEETING_FIELDS}
    changed = _changed(meeting, {**values, "minutes": minutes, "status": status})
    if changed:
        meeting.save(update_fields=[*changed, "updated_at"])
        after = _values(meeting, [f for f in changed if f != "minutes"])
        audit_record(
            actor=actor,
            action="meeting.update",
            target=meeting,
            changes={f: ([before[f], after[f]] if f != "minutes" else "changed") for f in changed},
        )
    if "status" in changed or "starts_at" in changed:
        carry_over(task_force=meeting.task_force, actor=actor)
    return meeting


@transaction.atomic
def attendance_record(
    *, actor, meeting: Meeting, agency: Agency, person_name: str, position: str, present: bool
) -> Attendance:
    """Record who came (or was absent) for ``agency``. Audits ``meeting.attendance`` with the
    agency and presence (the official's name is in the row, not repeated in the log)."""
    _require_manager(actor)
    if not person_name.strip():
        raise ValidationError({"person_name": [_("This field is required.")]})
    row = Attendance.objects.create(
        meeting=meeting,
        agency=agency,
        person_name=person_name.strip(),
        position=position.strip(),
        present=present,
    )
    audit_record(
        actor=actor,
        action="meeting.attendance",
        target=meeting,
        changes={"agency": agency.pk, "present": present, "attendance": str(row.public_id)},
    )
    return row


@transaction.atomic
def attendance_remove(*, actor, row: Attendance) -> None:
    """Remove an attendance row typed by mistake. Audits ``meeting.attendance_remove``."""
    _require_manager(actor)
    meeting = row.meeting
    audit_record(
        actor=actor,
        action="meeting.attendance_remove",
        target=meeting,
        changes={"agency": row.agency_id, "attendance": str(row.public_id)},
    )
    row.delete()


# --- Action items ----------------------------------------------------------------------------


@transaction.atomic
def action_item_create(
    *, actor, meeting: Meeting, owner_agency: Agency, description: str, due_on: date
) -> ActionItem:
    """Record an action item decided at ``meeting``. The due date may not be before the
    meeting's day (ValidationError). Audits ``action_item.create``; carries it at once when
    its meeting was already held and a later meeting is scheduled."""
    _require_manager(actor)
    errors = {}
    if not description.strip():
        errors["description"] = [_("This field is required.")]
    if due_on < timezone.localdate(meeting.starts_at):
        errors["due_on"] = [_("The due date cannot be before the meeting.")]
    if meeting.status == MeetingStatus.CANCELLED:
        errors["meeting"] = [_("This meeting was cancelled.")]
    if errors:
        raise ValidationError(errors)
    item = ActionItem.objects.create(
        meeting=meeting,
        owner_agency=owner_agency,
        description=description.strip(),
        due_on=due_on,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="action_item.create",
        target=item,
        changes={
            "meeting": str(meeting.public_id),
            "owner_agency": owner_agency.pk,
            "due_on": due_on.isoformat(),
        },
    )
    if meeting.status == MeetingStatus.HELD:
        carry_over(task_force=meeting.task_force, actor=actor)
    return item


@transaction.atomic
def action_item_complete(
    *,
    actor,
    item: ActionItem,
    evidence: str,
    attachment=None,
) -> ActionItem:
    """Mark ``item`` done with ``evidence`` (text, required) and an optional ``attachment``
    (a :class:`sigap.prevention.uploads.CleanFile`-like object with ``content_type``, ``data``
    and a ``name`` attribute; already sniffed and cleaned). Only the owner agency's users or the
    secretariat (PermissionDenied); an item already done raises ValidationError. Audits
    ``action_item.complete`` (evidence: length only; attachment: type and size)."""
    item = ActionItem.objects.select_for_update().get(pk=item.pk)
    if not can_update_item(actor, item):
        raise PermissionDenied
    if item.status == ActionItemStatus.DONE:
        raise ValidationError({"status": [_("This action item is already done.")]})
    if not evidence.strip():
        raise ValidationError({"evidence": [_("Describe what was done (evidence).")]})
    before = item.status
    item.status = ActionItemStatus.DONE
    item.evidence = evidence.strip()
    item.done_by = actor
    item.done_at = timezone.now()
    fields = ["status", "evidence", "done_by", "done_at", "updated_at"]
    changes = {"status": [before, item.status], "evidence_chars": len(item.evidence)}
    if attachment is not None:
        item.attachment_name = (getattr(attachment, "name", "") or "bukti")[:200]
        item.attachment_type = attachment.content_type
        item.attachment_data = attachment.data
        fields += ["attachment_name", "attachment_type", "attachment_data"]
        changes["attachment"] = {"type": attachment.content_type, "bytes": len(attachment.data)}
    item.save(update_fields=fields)
    audit_record(actor=actor, action="action_item.complete", target=item, changes=changes)
    return item


@transaction.atomic
def action_item_reopen(*, actor, item: ActionItem, reason: str) -> ActionItem:
    """Reopen an item marked done by mistake (secretariat only; a written reason). It is carried
    again at the next carry-over. Audits ``action_item.reopen`` with the reason."""
    _require_manager(actor)
    item = ActionItem.objects.select_for_update().get(pk=item.pk)
    if item.status != ActionItemStatus.DONE:
        raise ValidationError({"status": [_("Only a done item can be reopened.")]})
    if not reason.strip():
        raise ValidationError({"reason": [_("Give a reason.")]})
    item.status = ActionItemStatus.CARRIED if item.carries.exists() else ActionItemStatus.OPEN
    item.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action="action_item.reopen",
        target=item,
        changes={"status": ["done", item.status], "reason": reason.strip()[:500]},
    )
    carry_over(task_force=item.meeting.task_force, actor=actor)
    return item


def carry_over(*, task_force: TaskForce, actor) -> int:
    """Apply the carry-over rule (module docstring) to ``task_force``; return how many items
    were carried. Called inside the caller's transaction; audits ``action_item.carry`` per
    item with the meeting it was carried to."""
    scheduled = list(
        Meeting.objects.filter(task_force=task_force, status=MeetingStatus.SCHEDULED)
        .order_by("starts_at")
        .only("pk", "starts_at", "public_id")
    )
    if not scheduled:
        return 0
    items = (
        ActionItem.objects.filter(meeting__task_force=task_force, status__in=OPEN_ITEM_STATUSES)
        .select_related("meeting")
        .prefetch_related("carries__meeting")
    )
    carried = 0
    for item in items:
        places = [item.meeting, *(c.meeting for c in item.carries.all())]
        last = max(places, key=lambda m: m.starts_at)
        if last.status == MeetingStatus.SCHEDULED:
            continue  # still on an agenda that has not been discussed yet
        target = next((m for m in scheduled if m.starts_at > last.starts_at), None)
        if target is None:
            continue
        CarriedItem.objects.create(meeting=target, action_item=item)
        if item.status != ActionItemStatus.CARRIED:
            item.status = ActionItemStatus.CARRIED
            item.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor,
            action="action_item.carry",
            target=item,
            changes={"from": str(last.public_id), "to": str(target.public_id)},
        )
        carried += 1
    return carried


# --- Regional action plan (RAD) ----------------------------------------------------------------


@transaction.atomic
def programme_create(*, actor, subgroup: SubTaskForce, name: str, first_year: int, last_year: int):
    """Add a RAD programme under a sub-task force. Audits ``rad.programme_create``."""
    from sigap.taskforce.models import Programme

    _require_manager(actor)
    if last_year < first_year:
        raise ValidationError({"last_year": [_("The last year cannot be before the first.")]})
    programme = Programme.objects.create(
        subgroup=subgroup, name=name.strip(), first_year=first_year, last_year=last_year
    )
    audit_record(
        actor=actor,
        action="rad.programme_create",
        target=programme,
        changes={"subgroup": subgroup.kind, "years": [first_year, last_year]},
    )
    return programme


@transaction.atomic
def activity_create(*, actor, programme, name: str, agency: Agency):
    """Add an activity with its responsible agency. Audits ``rad.activity_create``."""
    from sigap.taskforce.models import Activity

    _require_manager(actor)
    activity = Activity.objects.create(programme=programme, name=name.strip(), agency=agency)
    audit_record(
        actor=actor,
        action="rad.activity_create",
        target=activity,
        changes={"programme": str(programme.public_id), "agency": agency.pk},
    )
    return activity


def _check_indicator(programme, computed: str, targets: dict, errors: dict | None = None):
    """The one rule for an indicator's source and target years, for create and update:
    ``computed`` empty or a ``ComputedSource`` value; every target year inside the programme's
    span. Raises ValidationError with ``errors`` (earlier findings) and its own."""
    from sigap.taskforce.choices import ComputedSource

    errors = dict(errors or {})
    if computed and computed not in ComputedSource.values:
        errors["computed"] = [_("Unknown source.")]
    if any(not programme.first_year <= y <= programme.last_year for y in targets):
        errors["targets"] = [_("A target year is outside the programme's years.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def indicator_create(
    *,
    actor,
    activity,
    name: str,
    unit: str,
    baseline=None,
    baseline_year: int | None = None,
    computed: str = "",
    targets: dict[int, object] | None = None,
):
    """Add an indicator with its baseline and yearly targets (``{year: value}``, years inside
    the programme's span). ``computed``: a ``ComputedSource`` value or empty (reported).
    Audits ``rad.indicator_create``."""
    from sigap.taskforce.models import Indicator, IndicatorTarget

    _require_manager(actor)
    _check_indicator(activity.programme, computed, targets or {})
    indicator = Indicator.objects.create(
        activity=activity,
        name=name.strip(),
        unit=unit.strip(),
        baseline=baseline,
        baseline_year=baseline_year,
        computed=computed,
    )
    for year, value in sorted((targets or {}).items()):
        IndicatorTarget.objects.create(indicator=indicator, year=year, target=value)
    audit_record(
        actor=actor,
        action="rad.indicator_create",
        target=indicator,
        changes={
            "computed": computed,
            "baseline": str(baseline) if baseline is not None else None,
            "targets": {str(y): str(v) for y, v in (targets or {}).items()},
        },
    )
    return indicator


@transaction.atomic
def realisation_report(*, actor, indicator, year: int, quarter: int, value, evidence: str):
    """Report (or correct) the responsible agency's realisation of ``indicator`` for one
    quarter, with evidence. Computed indicators take no report; only the responsible agency's
    users or the secretariat (PermissionDenied). The year must be in the programme's span and
    the quarter 1–4, the value not negative (ValidationError). Audits ``rad.realisation``
    with the old and new value."""
    from sigap.taskforce.access import can_report_realisation
    from sigap.taskforce.models import Realisation

    if not can_report_realisation(actor, indicator):
        raise PermissionDenied
    programme = indicator.activity.programme
    errors = {}
    if not programme.first_year <= year <= programme.last_year:
        errors["year"] = [_("This year is outside the programme's years.")]
    if quarter not in (1, 2, 3, 4):
        errors["quarter"] = [_("The quarter is 1 to 4.")]
    if value is None or value < 0:
        errors["value"] = [_("The value cannot be negative.")]
    if not evidence.strip():
        errors["evidence"] = [_("Describe what was done (evidence).")]
    if errors:
        raise ValidationError(errors)
    row, created = Realisation.objects.get_or_create(
        indicator=indicator,
        agency=indicator.activity.agency,
        year=year,
        quarter=quarter,
        defaults={"value": value, "evidence": evidence.strip(), "reported_by": actor},
    )
    old = None
    if not created:
        old = str(row.value)
        row.value, row.evidence, row.reported_by = value, evidence.strip(), actor
        row.save(update_fields=["value", "evidence", "reported_by", "updated_at"])
    audit_record(
        actor=actor,
        action="rad.realisation",
        target=indicator,
        changes={"year": year, "quarter": quarter, "value": [old, str(value)]},
    )
    return row


# --- RAD authoring by the secretariat (issue 11 §3) -------------------------------------------


def _rad_update(*, actor, obj, data: dict, action: str):
    """Apply ``data`` (field → value) to a RAD record, save it and audit ``action`` with the old
    and new value of each changed field (agencies and sub-task forces by their id). Returns the
    list of changed fields (empty: nothing saved, nothing audited)."""
    before = _values(obj, data.keys())
    changed = _changed(obj, data)
    if not changed:
        return changed
    obj.full_clean()
    obj.save()
    after = _values(obj, changed)
    audit_record(
        actor=actor,
        action=action,
        target=obj,
        changes={f: [before[f], after[f]] for f in changed},
    )
    return changed


@transaction.atomic
def programme_update(
    *, actor, programme, name: str, first_year: int, last_year: int, is_active: bool
):
    """Rename a programme, change its years, or (de)activate it. Deactivated programmes leave
    the plan and the report but keep their realisations and history. The years must still hold
    every indicator target already set (ValidationError). Audits ``rad.programme_update`` with
    old and new values."""
    from sigap.taskforce.models import IndicatorTarget

    _require_manager(actor)
    errors = {}
    if last_year < first_year:
        errors["last_year"] = [_("The last year cannot be before the first.")]
    outside = IndicatorTarget.objects.filter(indicator__activity__programme=programme).exclude(
        year__gte=first_year, year__lte=last_year
    )
    if not errors and outside.exists():
        errors["first_year"] = [_("Some indicator targets fall outside these years.")]
    if errors:
        raise ValidationError(errors)
    _rad_update(
        actor=actor,
        obj=programme,
        data={
            "name": name.strip(),
            "first_year": first_year,
            "last_year": last_year,
            "is_active": is_active,
        },
        action="rad.programme_update",
    )
    return programme


@transaction.atomic
def activity_update(*, actor, activity, name: str, agency: Agency, is_active: bool):
    """Rename an activity, change its responsible agency, or (de)activate it. Audits
    ``rad.activity_update`` with old and new values. Realisations already reported stay with
    the agency that reported them."""
    _require_manager(actor)
    _rad_update(
        actor=actor,
        obj=activity,
        data={"name": name.strip(), "agency": agency, "is_active": is_active},
        action="rad.activity_update",
    )
    return activity


@transaction.atomic
def indicator_update(
    *,
    actor,
    indicator,
    name: str,
    unit: str,
    baseline=None,
    baseline_year: int | None = None,
    computed: str = "",
    targets: dict[int, object] | None = None,
    is_active: bool = True,
):
    """Change an indicator: name, unit, baseline, computed source, yearly targets
    (``{year: value}``; a year left out removes its target) and whether it is active. Years
    must lie in the programme's span; a reported indicator with realisations cannot become
    computed (ValidationError). Audits ``rad.indicator_update`` with old and new values."""
    from sigap.taskforce.models import IndicatorTarget

    _require_manager(actor)
    targets = targets or {}
    errors = {}
    if computed and not indicator.computed and indicator.realisations.exists():
        errors["computed"] = [
            _("Agencies already reported realisations for this indicator; add a new one.")
        ]
    _check_indicator(indicator.activity.programme, computed, targets, errors)
    old_targets = {t.year: Decimal(t.target) for t in indicator.targets.all()}
    new_targets = {int(y): Decimal(str(v)) for y, v in targets.items()}
    _rad_update(
        actor=actor,
        obj=indicator,
        data={
            "name": name.strip(),
            "unit": unit.strip(),
            "baseline": baseline,
            "baseline_year": baseline_year,
            "computed": computed,
            "is_active": is_active,
        },
        action="rad.indicator_update",
    )
    if old_targets != new_targets:
        IndicatorTarget.objects.filter(indicator=indicator).exclude(year__in=new_targets).delete()
        for year, value in new_targets.items():
            IndicatorTarget.objects.update_or_create(
                indicator=indicator, year=year, defaults={"target": value}
            )

        def fmt(d):
            return {str(y): format(v.normalize(), "f") for y, v in sorted(d.items())}

        audit_record(
            actor=actor,
            action="rad.targets_update",
            target=indicator,
            changes={"targets": [fmt(old_targets), fmt(new_targets)]},
        )
    return indicator
