"""Who sees and changes which task-force record: the one rule of this app (issue 11).

Actions (Django permissions through the role's Group, ``sigap/agencies/roles.py``):

- ``taskforce.view_coordination``: every role of a member agency (reporter, case team,
  secretariat, service provider, police) and leadership. Not the auditor or platform admin.
- ``taskforce.manage_coordination``: the secretariat only: structure, meetings, attendance,
  minutes, action items.
- ``taskforce.change_actionitem``: every agency role except leadership: mark its own agency's
  action items done with evidence.

Records (this module; out of scope answers 404):

- the secretariat (``Role.SECRETARIAT``) sees every task force, meeting and action item;
- leadership sees task forces and meetings, and action items only as counts (aggregates);
- any other user sees the task forces its agency is a member of and their meetings, and only
  its own agency's action items (also on a meeting page);
- users without a membership (a superuser included: no bypass), inactive users and
  anonymous users see nothing.
"""

from __future__ import annotations

from django.db.models import Q

from sigap.agencies.choices import Role
from sigap.cases.access import membership_of

VIEW_PERM = "taskforce.view_coordination"
MANAGE_PERM = "taskforce.manage_coordination"
ITEM_CHANGE_PERM = "taskforce.change_actionitem"


def _member_task_forces(agency_id):
    """Subquery of the task forces ``agency_id`` is a member of (no join, no duplicates)."""
    from sigap.taskforce.models import TaskForceMembership

    return TaskForceMembership.objects.filter(agency_id=agency_id).values("task_force_id")


def is_secretariat(user) -> bool:
    """True for a secretariat user (who runs the task force's records)."""
    m = membership_of(user)
    return m is not None and m.role == Role.SECRETARIAT


def is_leadership(user) -> bool:
    """True for leadership (reads structure, meetings and aggregate figures)."""
    m = membership_of(user)
    return m is not None and m.role == Role.LEADERSHIP


def taskforce_scope_q(user) -> Q | None:
    """Filter on TaskForce for what ``user`` may see; None for nothing."""
    m = membership_of(user)
    if m is None or m.role in (Role.AUDITOR, Role.PLATFORM_ADMIN):
        return None
    if m.role in (Role.SECRETARIAT, Role.LEADERSHIP):
        return Q()
    return Q(pk__in=_member_task_forces(m.agency_id))


def meeting_scope_q(user) -> Q | None:
    """Filter on Meeting for what ``user`` may see; None for nothing."""
    m = membership_of(user)
    if m is None or m.role in (Role.AUDITOR, Role.PLATFORM_ADMIN):
        return None
    if m.role in (Role.SECRETARIAT, Role.LEADERSHIP):
        return Q()
    return Q(task_force_id__in=_member_task_forces(m.agency_id))


def action_item_scope_q(user) -> Q | None:
    """Filter on ActionItem for the rows ``user`` may open; None for nothing. Leadership gets
    None here: it reads action items only as counts (:func:`reads_item_aggregates`)."""
    m = membership_of(user)
    if m is None or m.role in (Role.AUDITOR, Role.PLATFORM_ADMIN, Role.LEADERSHIP):
        return None
    if m.role == Role.SECRETARIAT:
        return Q()
    return Q(owner_agency_id=m.agency_id)


def reads_item_aggregates(user) -> bool:
    """Task-force-wide counts of action items (by status, by agency): secretariat and
    leadership."""
    return is_secretariat(user) or is_leadership(user)


def can_manage(user) -> bool:
    """Secretariat with the manage permission: structure, meetings, attendance, items."""
    return is_secretariat(user) and user.has_perm(MANAGE_PERM)


def can_update_item(user, item) -> bool:
    """May ``user`` mark ``item`` done (or reopen it)? The owner agency's users holding
    ``change_actionitem``, and the secretariat. Assumes the item is already in scope."""
    m = membership_of(user)
    if m is None or not user.has_perm(ITEM_CHANGE_PERM):
        return False
    return m.role == Role.SECRETARIAT or m.agency_id == item.owner_agency_id


# --- Regional action plan (RAD) ----------------------------------------------------------------


def programme_scope_q(user) -> Q | None:
    """Filter on Programme: the RAD of the task forces ``user`` may see; None for nothing."""
    m = membership_of(user)
    if m is None or m.role in (Role.AUDITOR, Role.PLATFORM_ADMIN):
        return None
    if m.role in (Role.SECRETARIAT, Role.LEADERSHIP):
        return Q()
    return Q(subgroup__task_force_id__in=_member_task_forces(m.agency_id))


def reads_realisations(user, indicator) -> bool:
    """May ``user`` read the reported realisations of ``indicator`` (values and evidence)?
    The secretariat and leadership (the task force's figures), and the responsible agency.
    Computed indicators are city-wide counts, shown to everyone who sees the plan."""
    m = membership_of(user)
    if m is None:
        return False
    if indicator.computed or m.role in (Role.SECRETARIAT, Role.LEADERSHIP):
        return True
    return m.agency_id == indicator.activity.agency_id


def can_report_realisation(user, indicator) -> bool:
    """May ``user`` report a quarter's realisation of ``indicator``? Not for computed
    indicators; the responsible agency's users holding ``change_actionitem``, and the
    secretariat on its behalf."""
    m = membership_of(user)
    if m is None or indicator.computed or not user.has_perm(ITEM_CHANGE_PERM):
        return False
    return m.role == Role.SECRETARIAT or m.agency_id == indicator.activity.agency_id
