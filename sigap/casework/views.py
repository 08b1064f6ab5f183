"""Case-work pages: my work, notifications, and per case: assessments, plans, closure,
reopening, tasks, hand-over and follow-ups.

Access, in order (as everywhere in SIGAP): login; the action permission (403); the record
through the case selectors (404 out of scope); then full access to the case and the
capability (403 for a user who sees the case but may not do this). Each POST calls one
service and redirects.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sigap.cases.access import (
    CASE_TEAM_ROLES,
    case_view_for,
    identity_mask,
    identity_visible,
)
from sigap.cases.choices import CaseStatus, ParticipantRole
from sigap.cases.selectors import case_get
from sigap.casework import services
from sigap.casework.access import can_approve, can_reopen, can_work
from sigap.casework.access import handles as _handles
from sigap.casework.choices import PLAN_EDITABLE, PlanStatus, TaskStatus
from sigap.casework.forms import (
    AssessmentForm,
    ClosureDecisionForm,
    ClosureRequestForm,
    ConferenceForm,
    DecisionFormSet,
    FollowupForm,
    NotificationPreferencesForm,
    PlanDecisionForm,
    PlanForm,
    PlannedServiceFormSet,
    ReassignForm,
    ReopenForm,
    TaskForm,
    VersionForm,
)
from sigap.casework.models import Notification
from sigap.casework.selectors import (
    case_work as case_work_select,
)
from sigap.casework.selectors import (
    closure_checks as closure_checks_select,
)
from sigap.casework.selectors import (
    conference_list as conference_list_select,
)
from sigap.casework.selectors import (
    my_work as my_work_select,
)
from sigap.casework.selectors import (
    notification_list as notification_list_select,
)
from sigap.casework.selectors import (
    plan_get,
    task_get,
)
from sigap.core.exceptions import ApplicationError
from sigap.core.forms import add_service_errors
from sigap.core.pagination import CappedPaginator

# --- Capabilities ------------------------------------------------------------------------------


def _full_case(request, public_id):
    """The case (404 out of scope), only with full access to it (else 403)."""
    case = case_get(user=request.user, public_id=public_id)
    if not case_view_for(request.user, case).full:
        raise PermissionDenied
    return case


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _victims(case):
    return [p for p in case.participants.all() if p.role == ParticipantRole.VICTIM]


def _label(user, participant) -> str:
    if participant is None:
        return ""
    return (
        participant.person.full_name
        if identity_visible(user, participant)
        else (identity_mask(participant))
    )


def _team_users(case):
    """Active case managers and supervisors of the handling agency (task assignees)."""
    return list(
        get_user_model()
        .objects.filter(
            membership__agency_id=case.handling_agency_id,
            membership__role__in=list(CASE_TEAM_ROLES),
            is_active=True,
        )
        .order_by("first_name", "username")
    )


def _to_work(case):
    return redirect("casework:case-work", public_id=case.public_id)


def _run(form, call) -> bool:
    """Call a service; map its errors onto ``form``. True when it succeeded."""
    try:
        call()
    except ValidationError as exc:
        add_service_errors(form, exc)
    except ApplicationError as exc:  # includes ConflictError (stale version)
        form.add_error(None, exc.message)
    else:
        return True
    return False


# --- My work and notifications -------------------------------------------------------------


@login_required
@require_GET
def my_work(request):
    """Overdue referrals, follow-ups due, approvals waiting and the user's open tasks."""
    work = my_work_select(user=request.user)
    groups = _work_groups(request, work)
    context = {"work": work, "groups": groups, "pages": {g.key: g.page for g in groups}}
    return render(request, "casework/my_work.html", context)


MY_WORK_PER_PAGE = 10
# The id of each group's heading (kept stable: links and browser tests use them).
WORK_ANCHORS = {
    "plans": "h-plans-waiting",
    "closures": "h-closures-waiting",
    "tasks": "h-my-tasks",
    "followups": "h-followups",
    "received": "h-ref-received",
    "sent": "h-ref-sent",
}


@dataclass
class WorkGroup:
    """One kind of work on "My work": its rows (at most ``MY_WORK_LIMIT``, in the selector's
    order: by due date, or by waiting time for approvals), the current page of them (query
    parameter ``<key>_page``) and how many are overdue."""

    key: str
    title: str
    page: object
    total: int
    overdue: int
    anchor: str = ""
    more: bool = False  # more than ``total`` rows exist: only the first ``total`` are shown


def _work_groups(request, work) -> list[WorkGroup]:
    """The groups of "My work" in the order a worker acts on them: decisions waiting, own
    tasks, follow-ups, referrals received, referrals sent. Empty groups are listed with 0 in
    the summary. Paging is over the rows already read (no query per page)."""
    spec = []
    if work.is_approver:
        spec += [
            ("plans", _("Case plans waiting for my approval"), "plans_waiting"),
            ("closures", _("Closure requests waiting"), "closures_waiting"),
        ]
    spec += [
        ("tasks", _("My open tasks"), "tasks"),
        ("followups", _("Follow-ups due in the next 14 days or overdue"), "followups"),
        ("received", _("Overdue referrals received by my agency"), "referrals_received"),
        ("sent", _("Overdue referrals sent by my agency"), "referrals_sent"),
    ]
    groups = []
    for key, title, name in spec:
        rows = getattr(work, name)
        page = CappedPaginator(rows, MY_WORK_PER_PAGE).get_page(request.GET.get(f"{key}_page"))
        overdue = sum(1 for r in rows if getattr(r, "due_on", None) and r.due_on < work.today)
        groups.append(
            WorkGroup(key, title, page, len(rows), overdue, WORK_ANCHORS[key], name in work.more)
        )
    return groups


@login_required
@require_GET
def notification_list(request):
    page = Paginator(notification_list_select(user=request.user), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "casework/notification_list.html", {"page_obj": page})


@login_required
def notification_preferences(request):
    """E-mail on or off per kind of notification, for the signed-in user only (in-app
    notifications are always written). Any signed-in user: it touches only their own rows."""
    form = NotificationPreferencesForm(
        request.POST or None,
        initial={"email_verbs": sorted(services.notification_email_verbs(user=request.user))},
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _run(
            form,
            lambda: services.notification_preferences_set(
                user=request.user, email_verbs=form.cleaned_data["email_verbs"]
            ),
        )
    ):
        messages.success(request, _("Your notification preferences were saved."))
        return redirect("casework:notification-preferences")
    return render(request, "casework/notification_preferences.html", {"form": form})


@login_required
@require_GET
def notification_open(request, public_id):
    """Follow a notification: mark it read and go to the page where the recipient acts
    (``Notification.target_url``; only a path on this site, else the notification list).
    404 for another user's notification or an unknown id."""
    try:
        note = services.notification_open(user=request.user, public_id=public_id)
    except Notification.DoesNotExist as exc:
        raise Http404 from exc
    target = note.target_url()
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("casework:notification-list")
    return redirect(target)


@login_required
@require_POST
def notification_read(request):
    """Mark all the user's notifications read (or one, ``notification`` = its public_id)."""
    public_id = request.POST.get("notification") or None
    with contextlib.suppress(ValidationError):  # not a UUID: nothing to mark
        services.notification_mark_read(user=request.user, public_id=public_id)
    return redirect("casework:notification-list")


# --- One case ----------------------------------------------------------------------------------


@login_required
@permission_required("cases.view_case", raise_exception=True)
@require_GET
def case_work(request, public_id):
    """The case-work page: stage, assessments, plans, tasks and closure of one case."""
    case = _full_case(request, public_id)
    work = case_work_select(user=request.user, case=case)
    for row in [*work.assessments, *work.plans, *work.tasks]:
        row.victim_label = _label(request.user, row.participant)
    context = {
        "case": case,
        "work": work,
        "can_work": can_work(request.user, case),
        "can_approve_plan": can_approve(request.user, case, "casework.approve_plan"),
        "can_approve_closure": can_approve(request.user, case, "casework.approve_closure"),
        "can_reopen": can_reopen(request.user, case),
        "plan_editable": PLAN_EDITABLE,
    }
    return render(request, "casework/case_work.html", context)


@login_required
@permission_required("cases.change_case", raise_exception=True)
def assessment_create(request, public_id):
    case = _full_case(request, public_id)
    _require(can_work(request.user, case))
    form = AssessmentForm(request.POST or None, user=request.user, victims=_victims(case))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if _run(
            form,
            lambda: services.assessment_record(
                case=case,
                participant=form.selected_victim(),
                actor=request.user,
                assessed_on=d["assessed_on"],
                needs=form.needs(),
                summary=d["summary"],
            ),
        ):
            messages.success(request, _("Assessment recorded."))
            return _to_work(case)
    return render(request, "casework/assessment_form.html", {"case": case, "form": form})


def _plan_page(request, case, form, formset, plan=None):
    context = {"case": case, "form": form, "formset": formset, "plan": plan}
    return render(request, "casework/plan_form.html", context)


def _service_rows(formset):
    return [f.to_data() for f in formset.forms if f.has_changed() and f.is_valid()]


@login_required
@permission_required("cases.change_case", raise_exception=True)
def plan_create(request, public_id):
    case = _full_case(request, public_id)
    _require(can_work(request.user, case))
    form = PlanForm(request.POST or None, user=request.user, victims=_victims(case))
    formset = PlannedServiceFormSet(request.POST or None, prefix="services")
    if (
        request.method == "POST"
        and form.is_valid()
        and formset.is_valid()
        and _run(
            form,
            lambda: services.plan_create(
                case=case,
                participant=form.selected_victim(),
                actor=request.user,
                goals=form.cleaned_data["goals"],
                services=_service_rows(formset),
            ),
        )
    ):
        messages.success(request, _("Draft plan saved."))
        return _to_work(case)
    return _plan_page(request, case, form, formset)


@login_required
@permission_required("cases.change_case", raise_exception=True)
def plan_edit(request, public_id):
    """Edit a draft or rejected plan; a stale ``expected_version`` is refused (nothing lost:
    the page comes back with the user's input and the message)."""
    plan = plan_get(user=request.user, public_id=public_id)
    case = plan.case
    _require(can_work(request.user, case) and plan.status in PLAN_EDITABLE)
    initial = {"goals": plan.goals, "expected_version": plan.version}
    rows = [
        {"service": s.service, "agency": s.agency, "due_on": s.due_on, "note": s.note}
        for s in plan.services.all()
    ]
    form = PlanForm(request.POST or None, initial=initial, editing=True)
    formset = PlannedServiceFormSet(request.POST or None, prefix="services", initial=rows)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        kept = [f.to_data() for f in formset.forms if f.is_valid() and f.cleaned_data]
        if _run(
            form,
            lambda: services.plan_update(
                plan=plan,
                actor=request.user,
                goals=form.cleaned_data["goals"],
                services=kept,
                expected_version=form.cleaned_data["expected_version"],
            ),
        ):
            messages.success(request, _("Plan saved."))
            return _to_work(case)
    return _plan_page(request, case, form, formset, plan)


@login_required
@permission_required("cases.change_case", raise_exception=True)
@require_POST
def plan_submit(request, public_id):
    plan = plan_get(user=request.user, public_id=public_id)
    _require(can_work(request.user, plan.case))
    form = VersionForm(request.POST)
    version = form.cleaned_data["expected_version"] if form.is_valid() else None
    try:
        services.plan_submit(plan=plan, actor=request.user, expected_version=version)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Plan submitted for approval."))
    return _to_work(plan.case)


@login_required
@permission_required("casework.approve_plan", raise_exception=True)
def plan_decide(request, public_id):
    """A supervisor approves or rejects (with a comment) a submitted plan."""
    plan = plan_get(user=request.user, public_id=public_id)
    case = plan.case
    _require(can_approve(request.user, case, "casework.approve_plan"))
    form = PlanDecisionForm(request.POST or None, initial={"expected_version": plan.version})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        kwargs = {"plan": plan, "actor": request.user, "expected_version": d["expected_version"]}
        if d["decision"] == "approve":
            call = lambda: services.plan_approve(comment=d["comment"], **kwargs)  # noqa: E731
        else:
            call = lambda: services.plan_reject(comment=d["comment"], **kwargs)  # noqa: E731
        if _run(form, call):
            messages.success(request, _("Decision recorded."))
            return _to_work(case)
    plan.victim_label = _label(request.user, plan.participant)
    context = {"case": case, "plan": plan, "form": form, "submitted": PlanStatus.SUBMITTED}
    return render(request, "casework/plan_decide.html", context)


@login_required
@permission_required("cases.close_case", raise_exception=True)
def closure_request(request, public_id):
    """Request closure (case team); shows the waiting request when there is one."""
    case = _full_case(request, public_id)
    _require(_handles(request.user, case) and case.status == CaseStatus.OPEN)
    pending = case.closure_requests.pending().select_related("requested_by").first()
    form = ClosureRequestForm(request.POST or None)
    if request.method == "POST" and pending is None and form.is_valid():
        d = form.cleaned_data
        if _run(
            form,
            lambda: services.closure_request(
                case=case, actor=request.user, reason=d["reason"], note=d["note"]
            ),
        ):
            messages.success(request, _("Closure requested; a supervisor will decide."))
            return redirect("cases:case-detail", public_id=case.public_id)
    open_referrals = list(case.referrals.open().select_related("service", "to_agency"))
    tasks_to_cancel = list(case.tasks.ended_by_closure().select_related("assignee_agency"))
    context = {
        "case": case,
        "form": form,
        "pending": pending,
        "open_referrals": open_referrals,
        "tasks_to_cancel": tasks_to_cancel,
        "can_decide": can_approve(request.user, case, "casework.approve_closure"),
        **_closure_checks(request.user, case),
    }
    return render(request, "casework/closure_request.html", context)


@login_required
@permission_required("casework.approve_closure", raise_exception=True)
def closure_decide(request, public_id):
    """A supervisor approves (the case closes) or rejects the waiting closure request."""
    case = _full_case(request, public_id)
    _require(can_approve(request.user, case, "casework.approve_closure"))
    pending = case.closure_requests.pending().select_related("requested_by").first()
    if pending is None:
        messages.info(request, _("No closure request is waiting for this case."))
        return _to_work(case)
    form = ClosureDecisionForm(request.POST or None, initial={"expected_version": case.version})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if d["decision"] == "approve":
            call = lambda: services.closure_approve(  # noqa: E731
                closure=pending, actor=request.user, expected_version=d["expected_version"]
            )
        else:
            call = lambda: services.closure_reject(  # noqa: E731
                closure=pending, actor=request.user, comment=d["comment"]
            )
        if _run(form, call):
            messages.success(request, _("Decision recorded."))
            return redirect("cases:case-detail", public_id=case.public_id)
    open_referrals = list(case.referrals.open().select_related("service", "to_agency"))
    tasks_to_cancel = list(case.tasks.ended_by_closure().select_related("assignee_agency"))
    context = {
        "case": case,
        "form": form,
        "pending": pending,
        "open_referrals": open_referrals,
        "tasks_to_cancel": tasks_to_cancel,
        **_closure_checks(request.user, case),
    }
    return render(request, "casework/closure_decide.html", context)


def _closure_checks(user, case) -> dict:
    """Each victim's services, rights and open items, with their label (name or mask), and
    the victims who received no service (issue 13 §6)."""
    checks = closure_checks_select(user=user, case=case)
    for check in checks:
        check.label = _label(user, check.participant)
    return {"checks": checks, "without_service": [c for c in checks if c.no_service]}


@login_required
@permission_required("cases.close_case", raise_exception=True)
def case_reopen(request, public_id):
    from sigap.cases.services import case_reopen as reopen

    case = _full_case(request, public_id)
    _require(can_reopen(request.user, case))
    form = ReopenForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and _run(
            form,
            lambda: reopen(case=case, actor=request.user, reason=form.cleaned_data["reason"]),
        )
    ):
        messages.success(request, _("Case reopened."))
        return redirect("cases:case-detail", public_id=case.public_id)
    return render(request, "casework/case_reopen.html", {"case": case, "form": form})


@login_required
@permission_required("cases.change_case", raise_exception=True)
def task_create(request, public_id):
    case = _full_case(request, public_id)
    _require(can_work(request.user, case))
    agencies = services.task_assignable_agencies(case)
    users = _team_users(case)
    form = TaskForm(
        request.POST or None,
        user=request.user,
        victims=_victims(case),
        agencies=agencies,
        users=users,
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if _run(
            form,
            lambda: services.task_create(
                case=case,
                actor=request.user,
                title=d["title"],
                kind=d["kind"],
                due_on=d["due_on"],
                participant=form.selected_victim(),
                assignee_agency=d["assignee_agency"],
                assignee_user=form.selected_user(),
            ),
        ):
            messages.success(request, _("Task created."))
            return _to_work(case)
    return render(request, "casework/task_form.html", {"case": case, "form": form})


@login_required
@permission_required("cases.view_case", raise_exception=True)
@require_POST
def task_complete(request, public_id):
    """Mark a task done: its assignee, its agency or the handling team."""
    task = task_get(user=request.user, public_id=public_id)
    _require(services.task_can_work(task=task, user=request.user))
    try:
        services.task_complete(task=task, actor=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Task done."))
    return redirect("casework:my-work")


@login_required
@permission_required("cases.change_case", raise_exception=True)
def task_reassign(request, public_id):
    """Hand open tasks over to another user: choose, then confirm the listed tasks."""
    case = _full_case(request, public_id)
    _require(can_work(request.user, case))
    tasks = case_work_select(user=request.user, case=case).tasks
    open_tasks = [t for t in tasks if t.status == TaskStatus.OPEN]
    form = ReassignForm(request.POST or None, tasks=open_tasks, users=_team_users(case))
    confirming = False
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["confirm"]:
            if _run(
                form,
                lambda: services.task_reassign(
                    case=case,
                    actor=request.user,
                    tasks=form.selected_tasks(),
                    to_user=form.selected_user(),
                    confirmed_ids=form.confirmed(),
                ),
            ):
                messages.success(request, _("Tasks handed over."))
                return _to_work(case)
        else:
            confirming = True
    context = {
        "case": case,
        "form": form,
        "confirming": confirming,
        "chosen": form.selected_tasks() if confirming else [],
        "to_user": form.selected_user() if confirming else None,
        "chosen_ids": ",".join(form.cleaned_data["tasks"]) if confirming else "",
    }
    return render(request, "casework/task_reassign.html", context)


@login_required
@permission_required("cases.change_case", raise_exception=True)
def followups_schedule(request, public_id):
    """ "Reintegration started": follow-up tasks at 1, 3, 6 and 12 months."""
    case = _full_case(request, public_id)
    _require(can_work(request.user, case))
    form = FollowupForm(request.POST or None, user=request.user, victims=_victims(case))
    if (
        request.method == "POST"
        and form.is_valid()
        and _run(
            form,
            lambda: services.followups_schedule(
                case=case,
                participant=form.selected_victim(),
                start_on=form.cleaned_data["start_on"],
                actor=request.user,
            ),
        )
    ):
        messages.success(request, _("Follow-ups scheduled."))
        return _to_work(case)
    return render(request, "casework/followups_form.html", {"case": case, "form": form})


# --- Case conferences --------------------------------------------------------------------------


@login_required
@permission_required("cases.view_case", raise_exception=True)
@require_GET
def conference_list(request, public_id):
    """The case conferences of a case: agencies present, summary, decisions and their tasks."""
    case = _full_case(request, public_id)
    conferences = conference_list_select(user=request.user, case=case)
    context = {"case": case, "conferences": conferences, "can_work": can_work(request.user, case)}
    return render(request, "casework/conference_list.html", context)


@login_required
@permission_required("cases.change_case", raise_exception=True)
def conference_create(request, public_id):
    """Record a case conference; decisions with an agency and a due date become tasks."""
    case = _full_case(request, public_id)
    _require(can_work(request.user, case))
    form = ConferenceForm(request.POST or None)
    formset = DecisionFormSet(
        request.POST or None,
        prefix="decisions",
        form_kwargs={"agencies": services.task_assignable_agencies(case)},
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        d = form.cleaned_data
        if _run(
            form,
            lambda: services.conference_record(
                case=case,
                actor=request.user,
                held_on=d["held_on"],
                agencies=d["agencies"],
                participant_roles=d["participant_roles"],
                summary=d["summary"],
                decisions=[f.to_data() for f in formset if f.cleaned_data],
            ),
        ):
            messages.success(request, _("Case conference recorded."))
            return redirect("casework:conference-list", public_id=case.public_id)
    context = {"case": case, "form": form, "formset": formset}
    return render(request, "casework/conference_form.html", context)


# --- Named case manager and caseload (issue 13 §7) --------------------------------------------


@login_required
def case_assign(request, public_id):
    """Assign (supervisor) or take (case manager, case without one) the named case manager.
    404 out of scope; 403 for anyone else. ``POST assignee`` (a user's public id, from the
    list of the handling agency's case managers; ``me`` to take the case)."""
    from sigap.casework import assignment

    case = _full_case(request, public_id)
    may_assign = assignment.can_assign(request.user, case)
    _require(may_assign or assignment.can_take(request.user, case))
    choices = list(assignment.assignable_case_managers(case)) if may_assign else []
    error = ""
    if request.method == "POST":
        wanted = request.POST.get("assignee", "")
        if wanted == "me":
            assignee = request.user
        else:
            assignee = next((u for u in choices if str(u.pk) == wanted), None)
        if assignee is None:
            error = _("Choose a case manager.")
        else:
            try:
                assignment.case_assign(actor=request.user, case=case, assignee=assignee)
            except ApplicationError as exc:
                error = exc.message
            else:
                messages.success(request, _("Case manager saved."))
                return redirect("cases:case-detail", public_id=case.public_id)
    return render(
        request,
        "casework/case_assign.html",
        {"case": case, "choices": choices, "may_assign": may_assign, "error": error},
        status=400 if error else 200,
    )


@login_required
@require_GET
def caseload(request):
    """The supervisor's caseload: each case manager of the agency with open cases by status,
    open and overdue tasks and last activity (403 for other roles)."""
    from sigap.cases.access import membership_of as _membership
    from sigap.casework.assignment import caseload as caseload_rows
    from sigap.core.dates import user_today

    m = _membership(request.user)
    _require(m is not None and m.role == "supervisor")
    rows = caseload_rows(user=request.user, today=user_today(request.user))
    return render(request, "casework/caseload.html", {"rows": rows, "agency": m.agency})
