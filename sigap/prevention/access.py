"""Who sees which community report: the one rule (``CommunityReport.objects.visible_to``).

- triage: the secretariat, and case managers and supervisors of a UPT PPA, see the reports of
  their agency's territory (the area code under the agency's area) and reports with no place in
  Indonesia (abroad or not given);
- the agency that entered a report in the app (kelurahan, school, hotline) sees its own, through
  its reporters, secretariat and case team (not leadership, auditors or service providers);
- police see the reports forwarded to their agency;
- everyone else: none. The receipt code shows its holder the status only.

Outreach (issue 9 §4, ``outreach_scope_q``): reporters (kelurahan, kecamatan, school) record
and see their own agency's activities and plans; the secretariat records for any agency and
sees all. Early-warning view (§5, ``early_warning_prefix``): reporters see their agency's area
(a kelurahan, or the kelurahan of a kecamatan); the secretariat and leadership the whole city.
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


# --- Outreach and early warning (issue 9 §4-5) ---------------------------------------------------

# The city whose early-warning view SIGAP draws: Kota Administrasi Jakarta Pusat (Kemendagri).
CITY_AREA_CODE = "31.71"


def outreach_scope_q(user) -> Q | None:
    """Filter on OutreachActivity (organiser) for what ``user`` may see, or None for nothing:
    the secretariat sees all, a reporter its own agency's activities."""
    m = membership_of(user)
    if m is None:
        return None
    if m.role == Role.SECRETARIAT:
        return Q()
    if m.role == Role.REPORTER:
        return Q(organiser=m.agency)
    return None


def plan_scope_q(user) -> Q | None:
    """Filter on OutreachPlan (agency): the same rule as ``outreach_scope_q``."""
    m = membership_of(user)
    if m is None:
        return None
    if m.role == Role.SECRETARIAT:
        return Q()
    if m.role == Role.REPORTER:
        return Q(agency=m.agency)
    return None


def outreach_agencies_q(user) -> Q | None:
    """Filter on Agency for the organisers ``user`` may record for (the organiser picker):
    every active agency for the secretariat, its own for a reporter, else None."""
    m = membership_of(user)
    if m is None:
        return None
    if m.role == Role.SECRETARIAT:
        return Q(is_active=True)
    if m.role == Role.REPORTER:
        return Q(pk=m.agency_id)
    return None


def outreach_may_record_for(user, agency) -> bool:
    """May ``user`` record activities or set plans for ``agency``? Reporters for their own
    agency only; the secretariat for any active agency."""
    m = membership_of(user)
    if m is None or agency is None:
        return False
    if m.role == Role.SECRETARIAT:
        return agency.is_active
    return m.role == Role.REPORTER and agency.pk == m.agency_id


def early_warning_prefix(user) -> str | None:
    """Area code prefix of the kelurahan ``user`` may see on the early-warning view, or None.

    Secretariat and leadership: the whole city (``CITY_AREA_CODE``). Reporters: their agency's
    area when it lies in the city (a kelurahan office or school sees its kelurahan, a kecamatan
    office its kecamatan). Everyone else: None (nothing).
    """
    m = membership_of(user)
    if m is None:
        return None
    if m.role in (Role.SECRETARIAT, Role.LEADERSHIP):
        return CITY_AREA_CODE
    if m.role == Role.REPORTER and m.agency.area_id:
        code = m.agency.area_id
        if code.startswith(CITY_AREA_CODE + ".") and code.count(".") >= 2:
            return code
    return None
