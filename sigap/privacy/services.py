"""Writes for break-glass access and the data-protection registers."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.audit.services import audit_record
from sigap.cases.access import BREAKGLASS_ROLES, membership_of
from sigap.cases.models import Case
from sigap.core.exceptions import ApplicationError
from sigap.privacy.models import BreakGlassGrant, DataSubjectRequest

REASON_MIN_CHARS = 20


def breakglass_allowed(user) -> bool:
    """True when the user's role may request emergency access to an out-of-scope case."""
    membership = membership_of(user)
    return membership is not None and membership.role in BREAKGLASS_ROLES


@transaction.atomic
def breakglass_open(*, user, case_number: str, reason: str) -> BreakGlassGrant:
    """Grant ``user`` access to the case numbered ``case_number`` for
    ``SIGAP_BREAKGLASS_HOURS`` hours (default 4), with a written ``reason`` of at least 20
    characters. Audited as ``case.break_glass``; listed in the DPO's daily report.

    Raises ApplicationError for a role that may not break glass; ValidationError for an
    unknown case number or a reason that is too short.
    """
    if not breakglass_allowed(user):
        raise ApplicationError(_("Your role may not request emergency access."))
    errors = {}
    if len((reason or "").strip()) < REASON_MIN_CHARS:
        errors["reason"] = [
            _("Explain the reason in at least %(n)d characters.") % {"n": REASON_MIN_CHARS}
        ]
    case = Case.objects.filter(number=(case_number or "").strip().upper()).first()
    if case is None:
        errors["case_number"] = [_("No case has this number.")]
    if errors:
        raise ValidationError(errors)
    hours = getattr(settings, "SIGAP_BREAKGLASS_HOURS", 4)
    grant = BreakGlassGrant.objects.create(
        user=user,
        case=case,
        reason=reason.strip(),
        expires_at=timezone.now() + timedelta(hours=hours),
    )
    audit_record(
        actor=user,
        action="case.break_glass",
        target=case,
        changes={"grant": str(grant.public_id), "hours": hours},
    )
    return grant


@transaction.atomic
def subject_request_register(
    *, actor, kind: str, case_number: str = "", received_on=None
) -> DataSubjectRequest:
    """Register a data-subject request with its deadline (``SIGAP_DSR_DAYS`` days after
    receipt, default 3: the 3 × 24-hour response of UU 27/2022 PDP Pasal 32–33 [verify])."""
    received_on = received_on or timezone.localdate()
    days = getattr(settings, "SIGAP_DSR_DAYS", 3)
    request = DataSubjectRequest(
        kind=kind,
        case_number=case_number,
        received_on=received_on,
        due_on=received_on + timedelta(days=days),
    )
    request.full_clean()
    request.save()
    audit_record(
        actor=actor, action="privacy.request_register", target=request, changes={"kind": kind}
    )
    return request
