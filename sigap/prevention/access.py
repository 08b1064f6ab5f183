"""Who sees which community report: the one rule (``CommunityReport.objects.visible_to``).

- triage: the secretariat, and case managers and supervisors of a UPT PPA, see the reports of
  their agency's territory (the area code under the agency's area) and reports with no place in
  Indonesia (abroad or not given);
- the agency that entered a report in the app (kelurahan, school, hotline) sees its own, through
  its reporters, secretariat and case team (not leadership, auditors or service providers);
- police see the reports forwarded to their agency;
- everyone else: none. The receipt code shows its holder the status only.
"""

from __future__ import annotations

from django.db.models import Q

from sigap.agencies.choices import AgencyKind, Role
from sigap.cases.access import CASE_TEAM_ROLES, membership_of

# Roles that enter reports in the app and see the ones their agency entered.
REPORTING_ROLES = {Role.REPORTER, Role.SECRETARIAT, *CASE_TEAM_ROLES}


def is_triage(user) -> bool:
    """Secretariat users, and the case team of a UPT PPA: they work the queue."""
    m = membership_of(user)
    if m is None:
        return False
    return m.role == Role.SECRETARIAT or (
        m.role in CASE_TEAM_ROLES and m.agency.kind == AgencyKind.UPT_PPA
    )


def report_scope_q(user) -> Q | None:
    """Filter on CommunityReport for what ``user`` may see, or None for nothing."""
    m = membership_of(user)
    if m is None:
        return None
    parts = []
    if m.role in REPORTING_ROLES:
        parts.append(Q(created_by_agency=m.agency))
    if is_triage(user):
        territory = m.agency.area.code if m.agency.area_id else ""
        parts.append(Q(area__code__startswith=territory) if territory else Q(area__isnull=False))
        parts.append(Q(area__isnull=True))
    if m.role == Role.POLICE:
        parts.append(Q(forwarded_to=m.agency))
    if not parts:
        return None
    q = parts[0]
    for part in parts[1:]:
        q |= part
    return q
