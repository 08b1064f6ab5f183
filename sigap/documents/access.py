"""The one access rule for case documents (issue 13 §8), built on the case rule
(``sigap.cases.access``):

- the handling team of a case (``is_handling_team``: case managers and supervisors of the
  handling agency, or of the intake queue before any agency took the case on), among the cases
  they may see (``case_scope_q``), may list, upload and download all its documents;
- a service provider or the police may list and download only the documents about an adult
  victim with a referral to their agency that is still open: the identity rule
  (``identity_visible``); never once the referral is closed, never a child's (or a person of
  unknown age), never a document about no one in particular;
- nobody else (secretariat, break-glass, auditors, leadership, superusers without a
  membership). Out of scope answers 404, like a document that does not exist.
"""

from __future__ import annotations

from django.apps import apps
from django.db.models import Q

from sigap.agencies.choices import AgencyKind
from sigap.cases.access import (
    CASE_TEAM_ROLES,
    REFERRAL_RECEIVER_ROLES,
    case_scope_q,
    is_handling_team,
    membership_of,
)
from sigap.referrals.choices import OPEN_STATUSES
from sigap.referrals.models import Referral


def document_scope_q(user) -> Q | None:
    """Filter on ``CaseDocument`` for the documents ``user`` may see, or None for none."""
    membership = membership_of(user)
    if membership is None:
        return None
    agency, role = membership.agency, membership.role
    if role in CASE_TEAM_ROLES:
        cases = case_scope_q(user)
        if cases is None:
            return None
        Case = apps.get_model("cases", "Case")  # noqa: N806
        team = Q(case__handling_agency=agency)
        queue = Q(case__reporting_agency=agency)
        if agency.kind == AgencyKind.UPT_PPA:
            queue = Q()
        team |= Q(case__handling_agency__isnull=True) & queue
        return team & Q(case_id__in=Case.objects.filter(cases).values("pk"))
    if role in REFERRAL_RECEIVER_ROLES:
        victims = Referral.objects.filter(to_agency=agency, status__in=OPEN_STATUSES).values(
            "victim_id"
        )
        return Q(participant_id__in=victims, participant__is_child=False)
    return None


def can_upload(user, case) -> bool:
    """Whether ``user`` may attach a document to ``case`` (already known to be visible):
    the handling team, on a case that is not closed, with ``cases.change_case``."""
    return (
        is_handling_team(user, case)
        and case.status != "closed"
        and user.has_perm("cases.change_case")
    )
