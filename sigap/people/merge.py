"""Merging two records of one person, with history and undo (issue 10 §2).

``person_merge`` points every participation of ``merged`` at ``survivor`` and records who
merged, when and why (``PersonMerge``); notes, identifications, referrals and audit rows hang
on cases and participants and are untouched, so nothing is lost and ``person_merge_undo``
moves the same participations back. Authority: when every case of both persons belongs to
the actor's agency (handling agency, else reporting agency), its case team (case manager or
supervisor) who sees both identities (``identity_visible``); when the cases belong to more
than one agency, only the secretariat (issue 10 §2: "a merge across agencies needs the
secretariat"). Audit rows carry ids and counts, never the reason text or a name.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.agencies.choices import Role
from sigap.audit.services import audit_record
from sigap.cases.access import CASE_TEAM_ROLES, membership_of
from sigap.cases.models import Participant, Person
from sigap.people.keys import keys_refresh
from sigap.people.models import PersonMerge
from sigap.people.selectors import person_linkable_get

#: Roles that may ask for a merge at all (the service then checks which applies).
MERGE_ROLES = {*CASE_TEAM_ROLES, Role.SECRETARIAT}


def _agencies(person_ids) -> set[int]:
    rows = Participant.objects.filter(person_id__in=person_ids).values_list(
        "case__handling_agency_id", "case__reporting_agency_id"
    )
    return {handling or reporting for handling, reporting in rows}


def _authorise(actor, survivor: Person, merged: Person) -> bool:
    """True when the merge spans agencies; PermissionDenied when ``actor`` may not do it."""
    membership = membership_of(actor)
    if membership is None:
        raise PermissionDenied
    agencies = _agencies([survivor.pk, merged.pk])
    across = agencies != {membership.agency_id}
    if across:
        if membership.role != Role.SECRETARIAT:
            raise PermissionDenied
        return True
    if membership.role not in CASE_TEAM_ROLES:
        raise PermissionDenied
    # At undo time the merged record's participations are on the survivor: check those.
    holders = [p for p in (survivor, merged) if Participant.objects.filter(person=p).exists()]
    for person in holders:
        if person_linkable_get(actor, person.public_id) is None:
            raise PermissionDenied
    return False


def may_merge(actor, first: Person, second: Person) -> bool:
    """Whether ``actor`` has the authority to merge these two records now (the rule of
    ``person_merge``; reads only)."""
    try:
        _authorise(actor, first, second)
    except PermissionDenied:
        return False
    return True


@transaction.atomic
def person_merge(*, actor, survivor: Person, merged: Person, reason: str) -> PersonMerge:
    """Merge ``merged`` into ``survivor``. ValidationError (Indonesian) for the same person, a
    person already merged away, a missing reason, or a case where both already have the same
    role; PermissionDenied without the authority above. Audit ``person.merge`` on both."""
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("Give the reason for the merge.")]})
    if survivor.pk == merged.pk:
        raise ValidationError({"merged": [_("These are the same record.")]})
    active = PersonMerge.objects.select_for_update().filter(undone_at__isnull=True)
    if active.filter(merged__in=[survivor, merged]).exists():
        raise ValidationError({"merged": [_("One of these records is already merged.")]})
    across = _authorise(actor, survivor, merged)
    moving = list(Participant.objects.select_for_update().filter(person=merged))
    taken = set(Participant.objects.filter(person=survivor).values_list("case_id", "role"))
    if any((p.case_id, p.role) in taken for p in moving):
        raise ValidationError(
            {"merged": [_("Both records have the same role in one case; fix that case first.")]}
        )
    ids = [p.pk for p in moving]
    Participant.objects.filter(pk__in=ids).update(person=survivor, updated_at=timezone.now())
    merge = PersonMerge.objects.create(
        survivor=survivor,
        merged=merged,
        moved_participants=ids,
        reason=reason.strip(),
        merged_by=actor,
        across_agencies=across,
    )
    keys_refresh([survivor, merged])  # the merged record keeps no keys while merged
    for target, other in ((survivor, merged), (merged, survivor)):
        audit_record(
            actor=actor,
            action="person.merge",
            target=target,
            changes={
                "merge": str(merge.public_id),
                "other_person": str(other.public_id),
                "participations_moved": len(ids),
                "across_agencies": across,
            },
        )
    return merge


@transaction.atomic
def person_merge_undo(*, actor, merge: PersonMerge, reason: str) -> PersonMerge:
    """Undo ``merge``: the participations it moved go back to the merged record (those still
    on the survivor), both records get their keys again. Same authority as the merge
    (computed again now); ValidationError when already undone or without a reason. Audit
    ``person.merge_undo`` on both."""
    merge = PersonMerge.objects.select_for_update().get(pk=merge.pk)
    if merge.undone_at is not None:
        raise ValidationError({"merge": [_("This merge has already been undone.")]})
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("Give the reason for undoing the merge.")]})
    survivor, merged = merge.survivor, merge.merged
    _authorise(actor, survivor, merged)
    back = Participant.objects.filter(pk__in=merge.moved_participants, person=survivor)
    moved = back.update(person=merged, updated_at=timezone.now())
    merge.undone_at = timezone.now()
    merge.undone_by = actor
    merge.undo_reason = reason.strip()
    merge.save(update_fields=["undone_at", "undone_by", "undo_reason", "updated_at"])
    keys_refresh([survivor, merged])
    for target in (survivor, merged):
        audit_record(
            actor=actor,
            action="person.merge_undo",
            target=target,
            changes={"merge": str(merge.public_id), "participations_moved_back": moved},
        )
    return merge
