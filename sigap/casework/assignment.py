"""The named case manager of a case and the supervisors' caseload view (issue 13 §7).

Rule: a case's case manager (``Case.case_manager``) is an active user holding the case-manager
role in the case's handling agency. A case manager who takes a case on becomes its case
manager (``cases.services.case_open``); afterwards a supervisor of the handling agency assigns
or reassigns it, and a case manager of that agency may take a case that has none. Each change
is audited (``case.assign``, old and new user ids) and announced to the new case manager (and
to the previous one) by a notification with a link to the case. A transfer to another agency
clears it (``case_handover``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from sigap.agencies.choices import Role
from sigap.audit.services import audit_record
from sigap.cases.access import membership_of
from sigap.cases.choices import CaseStatus
from sigap.cases.models import Case
from sigap.casework.choices import NotificationVerb
from sigap.casework.models import Task
from sigap.casework.services import notify
from sigap.core.exceptions import ApplicationError


def assignable_case_managers(case: Case):
    """Active case managers of ``case``'s handling agency, by name (a queryset of users);
    empty while no agency handles the case."""
    User = get_user_model()  # noqa: N806
    if case.handling_agency_id is None:
        return User.objects.none()
    return User.objects.filter(
        is_active=True,
        membership__agency_id=case.handling_agency_id,
        membership__role=Role.CASE_MANAGER,
    ).order_by("first_name", "last_name", "username")


def can_assign(user, case: Case) -> bool:
    """A supervisor of the handling agency, on a case that is not closed."""
    m = membership_of(user)
    return (
        m is not None
        and m.role == Role.SUPERVISOR
        and case.handling_agency_id == m.agency_id
        and case.status != CaseStatus.CLOSED
    )


def can_take(user, case: Case) -> bool:
    """A case manager of the handling agency, on an open case without a case manager."""
    m = membership_of(user)
    return (
        m is not None
        and m.role == Role.CASE_MANAGER
        and case.handling_agency_id == m.agency_id
        and case.case_manager_id is None
        and case.status != CaseStatus.CLOSED
    )


@transaction.atomic
def case_assign(*, actor, case: Case, assignee) -> Case:
    """Make ``assignee`` the case manager of ``case`` (see the module's rule).

    Raises ApplicationError (Indonesian) when ``actor`` may neither assign nor take the case,
    or ``assignee`` is not an active case manager of the handling agency. Assigning the
    current case manager again changes nothing (no audit row, no notification)."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    taking = assignee == actor and can_take(actor, case)
    if not (can_assign(actor, case) or taking):
        raise ApplicationError(_("Only a supervisor of the handling agency assigns this case."))
    if not assignable_case_managers(case).filter(pk=assignee.pk).exists():
        raise ApplicationError(_("Choose an active case manager of the agency handling this case."))
    previous = case.case_manager
    if previous == assignee:
        return case
    case.case_manager = assignee
    case.version += 1
    case.save(update_fields=["case_manager", "version", "updated_at"])
    audit_record(
        actor=actor,
        action="case.assign",
        target=case,
        changes={"case_manager": [previous.pk if previous else None, assignee.pk]},
    )
    link = reverse("cases:case-detail", args=[case.public_id])
    notify(
        recipients=[assignee],
        verb=NotificationVerb.CASE_ASSIGNED,
        case=case,
        exclude=actor,
        link=link,
    )
    if previous is not None:
        notify(
            recipients=[previous],
            verb=NotificationVerb.CASE_UNASSIGNED,
            case=case,
            exclude=actor,
            link=reverse("casework:my-work"),
        )
    return case


@dataclass
class CaseloadRow:
    """One case manager's load: open cases (not closed) by status, open tasks and overdue
    tasks assigned to them, and the last change to any of their cases."""

    user: object | None  # None: cases of the agency without a case manager
    by_status: dict
    open_cases: int
    open_tasks: int
    overdue_tasks: int
    last_activity: datetime | None


def caseload(*, user, today: date) -> list[CaseloadRow]:
    """The caseload of every case manager of ``user``'s agency (supervisors only; others get
    ``[]``), plus a row for its open cases without a case manager. Three grouped queries
    whatever the number of cases (indexes ``case_manager_status_idx`` and the handling-agency
    index); case managers without cases are listed with zeros."""
    m = membership_of(user)
    if m is None or m.role != Role.SUPERVISOR:
        return []
    managers = list(assignable_case_managers(Case(handling_agency_id=m.agency_id)))
    cases = (
        Case.objects.filter(handling_agency_id=m.agency_id)
        .exclude(status=CaseStatus.CLOSED)
        .values("case_manager_id", "status")
        .annotate(n=Count("id"), last=Max("updated_at"))
    )
    per: dict = {}
    for row in cases:
        entry = per.setdefault(row["case_manager_id"], {"by_status": {}, "last": None})
        entry["by_status"][row["status"]] = row["n"]
        if entry["last"] is None or (row["last"] and row["last"] > entry["last"]):
            entry["last"] = row["last"]
    tasks = (
        Task.objects.actionable()
        .filter(assignee_user__in=managers)
        .values("assignee_user_id")
        .annotate(n=Count("id"), overdue=Count("id", filter=Q(due_on__lt=today)))
    )
    task_counts = {t["assignee_user_id"]: (t["n"], t["overdue"]) for t in tasks}
    labels = dict(CaseStatus.choices)
    out = []
    for person in [*managers, None]:
        entry = per.get(person.pk if person else None, {"by_status": {}, "last": None})
        if person is None and not entry["by_status"]:
            continue
        n_tasks, overdue = task_counts.get(person.pk, (0, 0)) if person else (0, 0)
        by_status = {labels.get(k, k): v for k, v in sorted(entry["by_status"].items())}
        out.append(
            CaseloadRow(
                user=person,
                by_status=by_status,
                open_cases=sum(entry["by_status"].values()),
                open_tasks=n_tasks,
                overdue_tasks=overdue,
                last_activity=entry["last"],
            )
        )
    return out
