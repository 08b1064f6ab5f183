"""The one access rule for case documents (issue 13 §8), built on the case rule
(``sigap.cases.access``):

- the handling team of a case (``is_handling_team``: case managers and supervisors of the
  handling agency, or of the intake queue before any agency took the case on), among the cases
  they may see (``case_scope_q``), may list, upload and download all its documents;
- a receiving agency's user (service provider, police, prosecutor, LPSK) may list and download
  the documents about an adult victim with a referral to their agency that is still open (the
  identity rule, ``identity_visible``), except those that belong to another agency's
  referral, to a stage of the justice process or to a right: those follow their record's rule;
- police, prosecutors and LPSK, who read the justice process of a case referred to them
  (``sigap.justice.access``), also see the documents of its justice stages, and of the
  victims' restitution and LPSK protection (what ``sigap.rights.access`` shows them);
- whatever the record: never a document about a child (or a person of unknown age) to anyone
  but the handling team, never once the referral is declined or revoked, and never a
  document about a person whose processing is restricted (``Person.identity_restricted``,
  UU 27/2022 PDP Pasal 41), to anyone, the handling team included: the identity rule's
  first clause (``identity_searchable_q``), as the case pages mask that person;
- nobody else (secretariat, break-glass, auditors, leadership, superusers without a
  membership). Out of scope answers 404, like a document that does not exist.
"""

from __future__ import annotations

from django.apps import apps
from django.db.models import Q

from sigap.agencies.choices import AgencyKind
from sigap.cases.access import (
    CASE_TEAM_ROLES,
    JUSTICE_RECEIVER_ROLES,
    REFERRAL_RECEIVER_ROLES,
    _referred_case_ids,
    case_scope_q,
    identity_searchable_q,
    is_handling_team,
    membership_of,
)
from sigap.referrals.choices import OPEN_STATUSES
from sigap.referrals.models import Referral
from sigap.rights.choices import RightCode

# The rights whose documents the justice side reads (as ``rights.access`` read_justice).
JUSTICE_RIGHTS = (RightCode.RESTITUTION, RightCode.PROTECTION)


def document_scope_q(user) -> Q | None:
    """Filter on ``CaseDocument`` for the documents ``user`` may see, or None for none
    (the rules of the module docstring)."""
    scope = _document_scope_q(user)
    if scope is None:
        return None
    # A document about a restricted person is that person's data: nobody reads it while the
    # restriction holds (the identity rule's restriction clause, in its query form).
    return scope & (Q(participant__isnull=True) | identity_searchable_q("participant__person__"))


def _document_scope_q(user) -> Q | None:
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
        q = Q(
            participant_id__in=victims,
            participant__is_child=False,
            justice_stage__isnull=True,
            right="",
        ) & (Q(referral__isnull=True) | Q(referral__to_agency=agency))
        if role in JUSTICE_RECEIVER_ROLES:
            not_a_child = Q(participant__isnull=True) | Q(participant__is_child=False)
            justice_records = Q(justice_stage__isnull=False) | Q(right__in=JUSTICE_RIGHTS)
            q |= (
                Q(case_id__in=_referred_case_ids(agency, open_only=False))
                & justice_records
                & not_a_child
            )
        return q
    return None


def can_upload(user, case) -> bool:
    """Whether ``user`` may attach a document to ``case`` (already known to be visible):
    the handling team, on a case that is not closed, with ``cases.change_case``."""
    return (
        is_handling_team(user, case)
        and case.status != "closed"
        and user.has_perm("cases.change_case")
    )
