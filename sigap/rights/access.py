"""Who may read or change the victims' rights of a case (docs/access-model.md).

Record scope first comes from ``Case.objects.visible_to(user)``; within a visible case:

- users with full access to the case (``case_view_for(...).full``: the handling agency's case
  team, the UPT PPA intake queue, the handling secretariat, break-glass) read every victim's
  rights;
- police, prosecutors (Kejari) and LPSK of an agency the case is referred to (those who read
  its justice process) read the restitution and LPSK protection of each victim: they need them
  for the case file (restitution goes into the indictment; Pasal 47 protection), not the
  services;
- the handling agency's case team of an open case (``cases.change_case``) changes them all;
- on an open case, for a victim referred to them (issue 13 §7), the prosecutor records the
  restitution amount in the indictment (UU 21/2007 Pasal 48 ayat 1; PP 43/2017 Pasal 9) and LPSK its
  restitution assessment and protection decisions (UU 31/2014 Pasal 7A, 28-29); nothing else;
- everyone else, service providers included, gets 404 (as for a record that does not exist).
"""

from __future__ import annotations

from dataclasses import dataclass

from sigap.agencies.choices import Role
from sigap.cases.access import case_view_for, membership_of
from sigap.cases.choices import CaseStatus
from sigap.casework.access import can_work
from sigap.justice.access import justice_view_for

# The fields of a restitution claim (``RestitutionClaim``) and who writes which.
CLAIM_FIELDS = frozenset(
    {"claimed_on", "amount_claimed", "assessed_on", "amount_assessed", "amount_in_indictment"}
)
PROSECUTOR_CLAIM_FIELDS = frozenset({"amount_in_indictment"})
LPSK_CLAIM_FIELDS = frozenset({"assessed_on", "amount_assessed"})


@dataclass(frozen=True)
class RightsView:
    """What a user may read and write of the rights of one case.

    ``edit``: everything (the handling case team); ``claim_fields``: the restitution-claim
    fields the user may write (all for the case team, the indictment amount for the
    prosecutor, the assessment for LPSK); ``edit_protection``: the LPSK protection record.
    """

    read_all: bool = False  # every right, repatriation, restitution, protection
    read_justice: bool = False  # restitution and LPSK protection only
    edit: bool = False
    claim_fields: frozenset = frozenset()
    edit_protection: bool = False

    @property
    def read(self) -> bool:
        return self.read_all or self.read_justice

    @property
    def edit_claim(self) -> bool:
        return bool(self.claim_fields)


def referred_victim_ids(user, case) -> set[int]:
    """Ids of the victims of ``case`` referred to the user's agency (a referral not declined
    or revoked): the victims whose claim or protection Kejari or LPSK may write."""
    from sigap.referrals.choices import ReferralStatus
    from sigap.referrals.models import Referral

    membership = membership_of(user)
    if membership is None:
        return set()
    return set(
        Referral.objects.filter(case=case, to_agency_id=membership.agency_id)
        .exclude(status__in=[ReferralStatus.DECLINED, ReferralStatus.REVOKED])
        .values_list("victim_id", flat=True)
    )


def rights_view_for(user, case, victim=None) -> RightsView:
    """Capabilities of ``user`` on the rights of ``case`` (a case already known visible).

    With ``victim`` (a participant of the case), the prosecutor's and LPSK's write
    capabilities hold only for a victim referred to their agency; without it, they describe
    the case (what the page may offer at all)."""
    if case_view_for(user, case).full:
        edit = can_work(user, case)
        return RightsView(
            read_all=True,
            read_justice=True,
            edit=edit,
            claim_fields=CLAIM_FIELDS if edit else frozenset(),
            edit_protection=edit,
        )
    if justice_view_for(user, case).read:
        membership = membership_of(user)
        role = membership.role if membership else None
        is_open = case.status == CaseStatus.OPEN  # as ``can_work`` for the case team
        if victim is not None and victim.pk not in referred_victim_ids(user, case):
            is_open = False  # not this victim's: read only
        if role == Role.PROSECUTOR and is_open:
            return RightsView(read_justice=True, claim_fields=PROSECUTOR_CLAIM_FIELDS)
        if role == Role.LPSK and is_open:
            return RightsView(
                read_justice=True, claim_fields=LPSK_CLAIM_FIELDS, edit_protection=True
            )
        return RightsView(read_justice=True)
    return RightsView()
