"""Who may read or write the justice process of a case (issue 4 §4).

Record scope first comes from ``Case.objects.visible_to(user)``; within a visible case:

- case managers and supervisors with full view of the case (its handling agency, the UPT PPA
  intake queue, or break-glass) read it; the case team of the handling agency also
  records police reports, stages, suspects and charges (``justice.manage_justice``) and
  verdicts and restitution payments (``justice.record_verdict``), and prints the victim's
  progress summary;
- police read and manage it on cases referred to their agency (a referral not declined or
  revoked; break-glass alone is not enough);
- the prosecutor's office (Kejari, issue 13 §7) reads and manages it on cases referred to
  its agency, and records verdicts and restitution payments (the prosecutor receives the
  verdict and executes it, KUHAP Pasal 270; restitution through the executing prosecutor,
  UU 21/2007 Pasal 50); LPSK reads it on cases referred to it (its protection and
  restitution assessment follow the proceedings, UU 31/2014 Pasal 7A) and writes nothing
  here;
- everyone else, service providers included, neither sees the process nor the suspects.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from sigap.agencies.choices import Role
from sigap.cases.access import (
    CASE_TEAM_ROLES,
    JUSTICE_RECEIVER_ROLES,
    _breakglass_case_ids,
    case_view_for,
    membership_of,
)
from sigap.referrals.choices import ReferralStatus
from sigap.referrals.models import Referral

CLOSED_REFERRAL = (ReferralStatus.DECLINED, ReferralStatus.REVOKED)


@dataclass(frozen=True)
class JusticeView:
    read: bool = False
    manage: bool = False
    record_verdict: bool = False
    print_summary: bool = False


def _referred_case_ids(agency):
    """Cases with a referral to ``agency`` that was not declined or revoked."""
    return (
        Referral.objects.filter(to_agency=agency)
        .exclude(status__in=CLOSED_REFERRAL)
        .values("case_id")
    )


def justice_view_for(user, case) -> JusticeView:
    """Capabilities of ``user`` on the justice process of ``case`` (already known visible)."""
    membership = membership_of(user)
    if membership is None or not user.has_perm("justice.view_justice"):
        return JusticeView()
    role = membership.role
    if role in CASE_TEAM_ROLES:
        read = case_view_for(user, case).full
        # Writes and the summary: the agency that has taken the case on (not the intake queue).
        handles = read and case.handling_agency_id == membership.agency_id
        return JusticeView(
            read=read,
            manage=handles and user.has_perm("justice.manage_justice"),
            record_verdict=handles and user.has_perm("justice.record_verdict"),
            print_summary=handles,
        )
    referred = role in JUSTICE_RECEIVER_ROLES and (
        _referred_case_ids(membership.agency).filter(case_id=case.pk).exists()
    )
    if not referred:
        return JusticeView()
    if role == Role.LPSK:
        return JusticeView(read=True)
    return JusticeView(
        read=True,
        manage=user.has_perm("justice.manage_justice"),
        record_verdict=role == Role.PROSECUTOR and user.has_perm("justice.record_verdict"),
    )


def justice_scope_q(user) -> Q | None:
    """Filter (on visible cases) for those whose justice process ``user`` may read."""
    membership = membership_of(user)
    if membership is None or not user.has_perm("justice.view_justice"):
        return None
    agency, role = membership.agency, membership.role
    if role in CASE_TEAM_ROLES:
        return (
            Q(handling_agency=agency)
            | Q(handling_agency__isnull=True)
            | Q(pk__in=_breakglass_case_ids(user))
        )
    if role in JUSTICE_RECEIVER_ROLES:
        return Q(pk__in=_referred_case_ids(agency))
    return None
