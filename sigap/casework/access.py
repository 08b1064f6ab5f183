"""Capabilities on case work (which *actions*; records are scoped by the selectors).

Checked by views and the API before calling a service, so a user who sees a case but may not
act answers 403; the services check the same rules again.
"""

from __future__ import annotations

from sigap.agencies.choices import Role
from sigap.cases.access import CASE_TEAM_ROLES, membership_of
from sigap.cases.choices import CaseStatus


def handles(user, case) -> bool:
    """A case manager or supervisor of the case's handling agency."""
    m = membership_of(user)
    return (
        m is not None
        and m.role in CASE_TEAM_ROLES
        and case.handling_agency_id is not None
        and case.handling_agency_id == m.agency_id
    )


def can_work(user, case) -> bool:
    """Handling team of an open case with ``cases.change_case``."""
    return (
        handles(user, case)
        and case.status == CaseStatus.OPEN
        and user.has_perm("cases.change_case")
    )


def can_approve(user, case, perm: str) -> bool:
    """A supervisor of the handling agency holding ``perm``, while the case is open."""
    m = membership_of(user)
    return (
        handles(user, case)
        and m.role == Role.SUPERVISOR
        and case.status == CaseStatus.OPEN
        and user.has_perm(perm)
    )


def can_reopen(user, case) -> bool:
    return (
        handles(user, case)
        and case.status == CaseStatus.CLOSED
        and user.has_perm("cases.close_case")
    )
