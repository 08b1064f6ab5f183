"""Identifiers as records (issue 10 §3): normalisation, the access rule, writes and reads.

Normalisation (:func:`normalise`): phone → E.164 (``phonenumbers``, region ID:
``0810-2233-4455`` and ``+62 810 2233 4455`` give ``+6281022334455``); bank account → bank
code + digits (``014:1234567890``); social handle → platform + handle without ``@``; passport
and vehicle → letters and digits upper-case; address and organisation → words case-folded
(organisation: legal forms PT/CV/UD dropped). ``value_hash`` = keyed hash of kind + value.

Access (the one rule for identifiers, built on the case and identity rules):
- see: a participant's identifier where ``identity_visible`` allows that participant's
  identity; a case's own identifier with full view of the case (``case_view_for``) or, for
  police, a case visible to them (a referral);
- add: the handling agency's case team of an open case, or police on a case visible to them;
- mark public/shared: secretariat or police, on an identifier they see.
"""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sigap.agencies.choices import Role
from sigap.analytics.linkage.normalise import digits, handle_key, phone_e164, upper_alnum
from sigap.audit.services import audit_record
from sigap.cases.access import (
    case_view_for,
    identity_visible,
    is_handling_team,
    membership_of,
)
from sigap.cases.models import Case
from sigap.core.crypto import keyed_hash
from sigap.people.models import Identifier, IdentifierKind, SharedIdentifier

_LEGAL_FORMS = {"pt", "cv", "ud", "tbk", "persero", "koperasi"}


def normalise(kind: str, value: str, qualifier: str = "") -> str:
    """The comparable form of an identifier; ValidationError (Indonesian) when unusable."""
    value = (value or "").strip()
    qualifier = re.sub(r"\s+", "", (qualifier or "").lower())
    if kind == IdentifierKind.PHONE:
        out = phone_e164(value)
        if not out:
            raise ValidationError({"value": [_("This is not a valid phone number.")]})
        return out
    if kind == IdentifierKind.BANK_ACCOUNT:
        number = digits(value)
        if len(number) < 5 or not qualifier:
            raise ValidationError(
                {"value": [_("Give the bank code and an account number of at least 5 digits.")]}
            )
        return f"{qualifier}:{number}"
    if kind == IdentifierKind.SOCIAL_HANDLE:
        handle = handle_key(value)
        if not handle or not qualifier:
            raise ValidationError({"value": [_("Give the platform and the account name.")]})
        return f"{qualifier}:{handle}"
    if kind in (IdentifierKind.PASSPORT, IdentifierKind.VEHICLE):
        out = upper_alnum(value)
        if len(out) < 3:
            raise ValidationError({"value": [_("This number is too short.")]})
        return out
    if kind in (IdentifierKind.ADDRESS, IdentifierKind.ORGANISATION):
        words = re.findall(r"\w+", value.casefold())
        if kind == IdentifierKind.ORGANISATION:
            words = [w for w in words if w not in _LEGAL_FORMS]
        if not words:
            raise ValidationError({"value": [_("This value is empty.")]})
        return " ".join(words)
    raise ValidationError({"kind": [_("Unknown kind of identifier.")]})


def value_hash(kind: str, normalised: str) -> str:
    """Keyed hash (purpose ``identifier``) of the kind and the normalised value."""
    return keyed_hash(f"{kind}\x00{normalised}", purpose="identifier")


def can_view_case_identifiers(user, case: Case) -> bool:
    """Whether ``user`` (to whom ``case`` is visible) may open the case's identifiers page."""
    membership = membership_of(user)
    if membership is None:
        return False
    return case_view_for(user, case).full or membership.role == Role.POLICE


def can_add(user, case: Case) -> bool:
    """The handling case team of an open case, or police on a case visible to them."""
    membership = membership_of(user)
    if membership is None or case.status == "closed":
        return False
    if membership.role == Role.POLICE:
        return True
    return is_handling_team(user, case) and case.handling_agency_id is not None


def can_mark_public(user) -> bool:
    """Analysts: secretariat and police."""
    membership = membership_of(user)
    return membership is not None and membership.role in (Role.SECRETARIAT, Role.POLICE)


def identifier_visible(user, identifier: Identifier) -> bool:
    """The access rule for one identifier of a case already known to be visible."""
    if identifier.participant_id is not None:
        return identity_visible(user, identifier.participant)
    return can_view_case_identifiers(user, identifier.case)


def identifier_list(*, user, case: Case) -> tuple[list[Identifier], int]:
    """(identifiers of ``case`` that ``user`` may see, number hidden from them). Each shown
    identifier carries ``is_public`` (marked public/shared)."""
    rows = list(Identifier.objects.filter(case=case).select_related("participant__person", "case"))
    shown = [i for i in rows if identifier_visible(user, i)]
    public = set(
        SharedIdentifier.objects.filter(value_hash__in=[i.value_hash for i in shown]).values_list(
            "value_hash", flat=True
        )
    )
    for i in shown:
        i.is_public = i.value_hash in public
    return shown, len(rows) - len(shown)


@transaction.atomic
def identifier_add(
    *, actor, case: Case, participant, kind: str, value: str, qualifier: str = ""
) -> Identifier:
    """Record an identifier of ``participant`` (a Participant of ``case``) or of the case.
    PermissionDenied without the right (see ``can_add``); ValidationError for bad input.
    Audit ``identifier.add`` (kind and field names only)."""
    if not can_add(actor, case):
        raise PermissionDenied
    if participant is not None and participant.case_id != case.pk:
        raise ValidationError({"participant": [_("This person is not in the case.")]})
    if kind not in IdentifierKind.values:
        raise ValidationError({"kind": [_("Unknown kind of identifier.")]})
    normalised = normalise(kind, value, qualifier)
    identifier = Identifier.objects.create(
        case=case,
        participant=participant,
        kind=kind,
        qualifier=qualifier.strip()[:32],
        value=value.strip()[:300],
        value_hash=value_hash(kind, normalised),
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="identifier.add",
        target=case,
        changes={"kind": kind, "fields": ["value"], "of_person": participant is not None},
    )
    return identifier


@transaction.atomic
def identifier_mark_public(*, actor, identifier: Identifier, reason: str = "") -> SharedIdentifier:
    """Mark the value of ``identifier`` as public/shared (it never links cases). Analysts who
    see the identifier only (PermissionDenied otherwise). Idempotent. Audit
    ``identifier.mark_public`` (kind only)."""
    if not can_mark_public(actor) or not identifier_visible(actor, identifier):
        raise PermissionDenied
    shared, created = SharedIdentifier.objects.get_or_create(
        value_hash=identifier.value_hash,
        defaults={"kind": identifier.kind, "marked_by": actor, "reason": reason.strip()[:200]},
    )
    if created:
        audit_record(
            actor=actor,
            action="identifier.mark_public",
            target=identifier.case,
            changes={"kind": identifier.kind},
        )
    return shared
