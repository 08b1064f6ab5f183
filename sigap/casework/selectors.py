"""Reads of case work. Every query starts from ``Case.objects.visible_to(user)`` (STYLE B3).

Assessments, plans and closure requests are case content: they need full access to the case
(``case_view_for(user, case).full``: the handling team, the handling secretariat, break-glass);
anyone else gets 404, exactly as for a record that does not exist. Tasks are also visible to
the agency they are assigned to, when that agency can see the case.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from sigap.agencies.choices import Role
from sigap.cases.access import (
    CASE_TEAM_ROLES,
    case_view_for,
    is_handling_team,
    membership_of,
)
from sigap.cases.choices import ParticipantRole
from sigap.cases.models import Case, Identification
from sigap.cases.selectors import case_get
from sigap.casework.choices import (
    MY_WORK_HORIZON_DAYS,
    PLAN_IN_PROGRESS,
    ClosureRequestStatus,
    PlanStatus,
    TaskKind,
    TaskStatus,
    WorkflowStage,
)
from sigap.casework.deadlines import jakarta_date
from sigap.casework.models import (
    Assessment,
    CaseConference,
    CasePlan,
    ClosureRequest,
    ConferenceDecision,
    Notification,
    PlannedService,
    Task,
)
from sigap.casework.stages import StageFacts, derive_stage
from sigap.referrals.choices import OPEN_STATUSES, ReferralStatus
from sigap.referrals.models import Referral
from sigap.referrals.selectors import Escalations, referral_escalations


def _today() -> date:
    return jakarta_date(timezone.now())


def casework_case_get(*, user, public_id) -> Case:
    """The case, when ``user`` has full access to it (else Http404, like out of scope)."""
    case = case_get(user=user, public_id=public_id)
    if not case_view_for(user, case).full:
        raise Http404
    return case


# --- Stage -------------------------------------------------------------------------------------


def with_stage_facts(qs: QuerySet[Case]) -> QuerySet[Case]:
    """Annotate cases with what :func:`derive_stage` needs: one query, whatever the count."""
    return qs.annotate(
        cw_identified=Exists(Identification.objects.filter(participant__case=OuterRef("pk"))),
        cw_assessed=Exists(Assessment.objects.filter(case=OuterRef("pk"))),
        cw_approved=Exists(
            CasePlan.objects.filter(case=OuterRef("pk"), status=PlanStatus.APPROVED)
        ),
        cw_referrals=Exists(Referral.objects.filter(case=OuterRef("pk"), status__in=OPEN_STATUSES)),
        cw_followups=Exists(
            Task.objects.filter(
                case=OuterRef("pk"), kind=TaskKind.FOLLOW_UP, status=TaskStatus.OPEN
            )
        ),
    )


def stage_of_annotated(case: Case) -> WorkflowStage:
    """Stage of a case annotated by :func:`with_stage_facts` (no query)."""
    return derive_stage(
        StageFacts(
            status=case.status,
            identified=case.cw_identified,
            assessments=case.cw_assessed,
            approved_plans=case.cw_approved,
            open_referrals=case.cw_referrals,
            pending_followups=case.cw_followups,
        )
    )


def case_stage(*, case: Case) -> WorkflowStage:
    """The stage of one case (one query). Callers check that the user may see it."""
    annotated = with_stage_facts(Case.objects.filter(pk=case.pk)).get()
    return stage_of_annotated(annotated)


def case_list_stages(*, user, cases) -> dict[int, WorkflowStage]:
    """Stages for the cases of a list page, keyed by pk, for the cases whose handling team
    ``user`` is on (others see no stage). One query for the whole page.

    ``cases`` come from a list the user may see (``Case.objects.visible_to``), and
    ``is_handling_team`` keeps only those the user works on, so the stage query reads those
    ids alone: compiling the scope rule a second time cost ~1.3 ms per page (issue 8)."""
    ids = [c.pk for c in cases if is_handling_team(user, c)]
    if not ids:
        return {}
    qs = with_stage_facts(Case.objects.filter(pk__in=ids).only("pk", "status"))
    return {c.pk: stage_of_annotated(c) for c in qs}


# --- Case work of one case ---------------------------------------------------------------------


@dataclass
class CaseWork:
    stage: WorkflowStage
    assessments: list = field(default_factory=list)
    plans: list = field(default_factory=list)
    tasks: list = field(default_factory=list)
    pending_closure: ClosureRequest | None = None
    closures: list = field(default_factory=list)


def case_work(*, user, case: Case, stage: WorkflowStage | None = None) -> CaseWork:
    """Everything the case-work panel shows for a case the user has full access to.
    ``stage``: the case's stage when the caller has just read it (else read here).

    The users it names (assessors, planners, assignees, who asked to close and who decided)
    are read without their password hash (issue 8).
    """
    if not case_view_for(user, case).full:
        raise Http404
    assessments = list(
        Assessment.objects.filter(case=case)
        .select_related("participant", "participant__person", "assessed_by")
        .defer("assessed_by__password")
        .prefetch_related("needs")
    )
    plans = list(
        CasePlan.objects.filter(case=case)
        .select_related("participant", "participant__person", "created_by", "decided_by")
        .defer("created_by__password", "decided_by__password")
        .prefetch_related(
            Prefetch(
                "services",
                queryset=PlannedService.objects.select_related("service", "agency"),
            )
        )
    )
    tasks = list(
        Task.objects.filter(case=case)
        .select_related("participant", "participant__person", "assignee_user", "assignee_agency")
        .defer("assignee_user__password")
        .order_by("status", "due_on", "id")
    )
    closures = list(
        ClosureRequest.objects.filter(case=case)
        .select_related("requested_by", "decided_by")
        .defer("requested_by__password", "decided_by__password")
    )
    pending = next((c for c in closures if c.status == ClosureRequestStatus.PENDING), None)
    return CaseWork(
        stage=stage or case_stage(case=case),
        assessments=assessments,
        plans=plans,
        tasks=tasks,
        pending_closure=pending,
        closures=closures,
    )


def plan_list(*, user) -> QuerySet[CasePlan]:
    """Plans of visible cases handled by the user's agency, for its case team and secretariat
    (the roles with full access; plans exist only on cases an agency has taken on)."""
    membership = membership_of(user)
    if membership is None or not (
        membership.role in CASE_TEAM_ROLES or membership.role == Role.SECRETARIAT
    ):
        return CasePlan.objects.none()
    return (
        CasePlan.objects.filter(
            case__in=Case.objects.visible_to(user), case__handling_agency=membership.agency
        )
        .select_related("case", "participant", "created_by", "decided_by")
        .prefetch_related(
            Prefetch(
                "services",
                queryset=PlannedService.objects.select_related("service", "agency"),
            )
        )
        .order_by("-created_at", "-id")
    )


def plan_get(*, user, public_id) -> CasePlan:
    """A plan of a case the user has full access to; else Http404."""
    plan = (
        CasePlan.objects.filter(case__in=Case.objects.visible_to(user), public_id=public_id)
        .select_related("case", "participant", "participant__person", "created_by")
        .prefetch_related(
            Prefetch(
                "services",
                queryset=PlannedService.objects.select_related("service", "agency"),
            )
        )
        .first()
    )
    if plan is None or not case_view_for(user, plan.case).full:
        raise Http404
    return plan


def task_get(*, user, public_id) -> Task:
    """A task of a visible case, for the handling team (full access) or the assigned agency."""
    task = (
        Task.objects.filter(case__in=Case.objects.visible_to(user), public_id=public_id)
        .select_related("case", "assignee_agency", "assignee_user")
        .first()
    )
    if task is None:
        raise Http404
    membership = membership_of(user)
    assigned = membership is not None and membership.agency_id == task.assignee_agency_id
    if not (assigned or case_view_for(user, task.case).full):
        raise Http404
    return task


def task_list(*, user) -> QuerySet[Task]:
    """Tasks of visible cases assigned to the user or their agency."""
    membership = membership_of(user)
    if membership is None:
        return Task.objects.none()
    return (
        Task.objects.filter(case__in=Case.objects.visible_to(user))
        .filter(Q(assignee_user=user) | Q(assignee_agency=membership.agency))
        .select_related("case", "assignee_agency", "assignee_user")
        .order_by("due_on", "id")
    )


# --- Case conferences --------------------------------------------------------------------------


def conference_list(*, user, case: Case) -> QuerySet[CaseConference]:
    """Conferences of a case the user has full access to (else Http404), newest first, with
    their agencies, decisions and tasks: three queries whatever the count."""
    if not case_view_for(user, case).full:
        raise Http404
    return (
        CaseConference.objects.filter(case=case)
        .select_related("recorded_by")
        .prefetch_related(
            "agencies",
            Prefetch(
                "decisions",
                queryset=ConferenceDecision.objects.select_related("assignee_agency", "task"),
            ),
        )
        .order_by("-held_on", "-id")
    )


# --- My work -----------------------------------------------------------------------------------


@dataclass
class MyWork:
    today: date
    referrals_received: list = field(default_factory=list)
    referrals_sent: list = field(default_factory=list)
    followups: list = field(default_factory=list)
    plans_waiting: list = field(default_factory=list)
    closures_waiting: list = field(default_factory=list)
    tasks: list = field(default_factory=list)
    is_approver: bool = False
    escalations: Escalations = field(default_factory=Escalations)
    is_secretariat: bool = False
    # The sections (attribute names above) that hold more than ``MY_WORK_LIMIT`` rows: the
    # page then says that it shows the first ``MY_WORK_LIMIT`` (by due date or waiting time).
    more: set = field(default_factory=set)


MY_WORK_LIMIT = 100  # rows per section; the page says when there are more


def _capped(work: MyWork, name: str, qs) -> None:
    """Set ``work.<name>`` to the first ``MY_WORK_LIMIT`` rows of ``qs`` and note in
    ``work.more`` whether there were more (one query: ``MY_WORK_LIMIT + 1`` rows read)."""
    rows = list(qs[: MY_WORK_LIMIT + 1])
    if len(rows) > MY_WORK_LIMIT:
        work.more.add(name)
    setattr(work, name, rows[:MY_WORK_LIMIT])


def my_work(*, user, today: date | None = None) -> MyWork:
    """The "my work" page: a fixed number of queries whatever the data (one per section).

    - overdue open referrals received by / sent from the user's agency;
    - reintegration follow-ups of the user or their agency due within 14 days or overdue;
    - plans and closure requests waiting for a decision (supervisors with the permission);
    - the user's own open tasks.
    Everything is limited to cases the user can see; tasks are those still to be done
    (``TaskQuerySet.actionable``: no ordinary task of a closed case, follow-ups stay).
    """
    today = today or _today()
    membership = membership_of(user)
    work = MyWork(today=today)
    if membership is None:
        return work
    agency = membership.agency
    visible = Case.objects.visible_to(user)
    overdue = (
        Referral.objects.visible_to(user)
        .open()
        .filter(due_on__lt=today)
        .select_related("case", "service", "from_agency", "to_agency")
        # A referral can be the agency's without its case being visible (e.g. sent before the
        # case was handed over): the page links the number only where the case opens.
        .annotate(case_visible=Exists(visible.filter(pk=OuterRef("case_id"))))
        .order_by("due_on", "id")
    )
    _capped(work, "referrals_received", overdue.filter(to_agency=agency))
    _capped(work, "referrals_sent", overdue.filter(from_agency=agency))
    tasks = (
        Task.objects.actionable().filter(case__in=visible).select_related("case", "assignee_user")
    )
    _capped(
        work,
        "followups",
        tasks.filter(
            Q(assignee_user=user) | Q(assignee_agency=agency, assignee_user__isnull=True),
            kind=TaskKind.FOLLOW_UP,
            due_on__lte=today + timedelta(days=MY_WORK_HORIZON_DAYS),
        ).order_by("due_on", "id"),
    )
    _capped(work, "tasks", tasks.filter(assignee_user=user).order_by("due_on", "id"))
    if membership.role == Role.SECRETARIAT:
        # Referrals escalated as overdue: a count, and rows only for cases it may see.
        work.is_secretariat = True
        work.escalations = referral_escalations(user=user)
    if membership.role == Role.SUPERVISOR:
        mine = visible.filter(handling_agency=agency)
        if user.has_perm("casework.approve_plan"):
            work.is_approver = True
            _capped(
                work,
                "plans_waiting",
                CasePlan.objects.filter(case__in=mine, status=PlanStatus.SUBMITTED)
                .exclude(submitted_by=user)
                .select_related("case", "submitted_by")
                .order_by("submitted_at", "id"),
            )
        if user.has_perm("casework.approve_closure"):
            work.is_approver = True
            _capped(
                work,
                "closures_waiting",
                ClosureRequest.objects.pending()
                .filter(case__in=mine)
                .exclude(requested_by=user)
                .select_related("case", "requested_by")
                .order_by("created_at", "id"),
            )
    return work


@dataclass
class DigestItems:
    overdue: list = field(default_factory=list)  # (case number, what)
    due_today: list = field(default_factory=list)


def digest_items(*, user, today: date) -> DigestItems:
    """Overdue and due-today items of the daily digest: case numbers (or report receipt
    codes, from ``DIGEST_CONTRIBUTORS``) and labels only."""
    membership = membership_of(user)
    items = DigestItems()
    if membership is None:
        return items
    visible = Case.objects.visible_to(user)
    tasks = (
        Task.objects.actionable()
        .filter(case__in=visible)
        .filter(
            Q(assignee_user=user) | Q(assignee_agency=membership.agency, assignee_user__isnull=True)
        )
        .filter(due_on__lte=today)
        .select_related("case")
        .order_by("due_on", "id")
    )
    for task in tasks:
        row = (task.case.number, str(task.get_kind_display()))
        (items.overdue if task.due_on < today else items.due_today).append(row)
    referrals = (
        Referral.objects.visible_to(user)
        .open()
        .filter(Q(to_agency=membership.agency) | Q(from_agency=membership.agency))
        .filter(due_on__lte=today)
        .select_related("case", "service")
        .order_by("due_on", "id")
    )
    for ref in referrals:
        row = (ref.case.number, str(ref.service))
        (items.overdue if ref.due_on < today else items.due_today).append(row)
    for contribute in DIGEST_CONTRIBUTORS:
        contribute(user=user, items=items, today=today)
    return items


#: Digest rows from apps to the right of casework, which casework must not import: each app
#: registers a callable ``(*, user, items: DigestItems, today: date) -> None`` in its
#: ``AppConfig.ready()`` (sigap.privacy: breaches whose 3 × 24-hour notice is due;
#: sigap.prevention: overdue community reports). The
#: callable appends ``(label, what)`` rows to ``items.overdue`` / ``items.due_today`` for
#: ``user`` alone and applies its own access rule.
DIGEST_CONTRIBUTORS: list = []


def digest_contributor_register(fn):
    """Add ``fn`` to :data:`DIGEST_CONTRIBUTORS` once (idempotent); returns ``fn``."""
    if fn not in DIGEST_CONTRIBUTORS:
        DIGEST_CONTRIBUTORS.append(fn)
    return fn


# --- Notifications -----------------------------------------------------------------------------


def notification_list(*, user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


def notification_unread_count(*, user, cap: int | None = None) -> int:
    """Unread notifications of ``user``; with ``cap``, counting stops at ``cap`` rows (the
    badge on every page must not count a whole backlog: issue 8 §4)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if cap is not None:
        return qs.order_by().values("pk")[:cap].count()
    return qs.count()


# --- Closure checks (issue 13 §6) --------------------------------------------------------------


@dataclass
class VictimClosureCheck:
    """What one victim received before their case closes: every referral (with its status),
    the services delivered (completed referrals), the recorded rights and the open items
    (open referrals, open tasks, plans in progress, rights requested or in progress)."""

    participant: object
    referrals: list = field(default_factory=list)
    rights: list = field(default_factory=list)
    open_tasks: list = field(default_factory=list)
    plans_in_progress: list = field(default_factory=list)

    @property
    def services_received(self) -> list:
        return [r for r in self.referrals if r.status == ReferralStatus.COMPLETED]

    @property
    def open_referrals(self) -> list:
        return [r for r in self.referrals if r.status in OPEN_STATUSES]

    @property
    def rights_open(self) -> list:
        return [r for r in self.rights if r.status in ("requested", "in_progress")]

    @property
    def no_service(self) -> bool:
        """True when the victim received no service at all (no completed referral)."""
        return not self.services_received

    @property
    def open_items(self) -> int:
        return (
            len(self.open_referrals)
            + len(self.open_tasks)
            + len(self.plans_in_progress)
            + len(self.rights_open)
        )


def closure_checks(*, user, case: Case) -> list[VictimClosureCheck]:
    """One :class:`VictimClosureCheck` per victim of ``case``, in participant order, for the
    closure request and the supervisor's decision (issue 13 §6: no case closes silently with
    a victim who received no service). Full access to the case is required (else Http404).
    Five queries whatever the numbers; rights come from ``rights.RightRecord`` (read lazily:
    ``rights`` sits to the right of ``casework``)."""
    from django.apps import apps

    if not case_view_for(user, case).full:
        raise Http404
    RightRecord = apps.get_model("rights", "RightRecord")  # noqa: N806 - lazy, rightward
    victims = list(
        case.participants.filter(role=ParticipantRole.VICTIM)
        .select_related("person")
        .order_by("id")
    )
    checks = {v.pk: VictimClosureCheck(participant=v) for v in victims}
    for ref in (
        Referral.objects.filter(case=case, victim_id__in=checks)
        .select_related("service", "to_agency")
        .order_by("sent_at", "id")
    ):
        checks[ref.victim_id].referrals.append(ref)
    for right in RightRecord.objects.filter(participant_id__in=checks).order_by("id"):
        checks[right.participant_id].rights.append(right)
    for task in Task.objects.open().filter(case=case, participant_id__in=checks):
        checks[task.participant_id].open_tasks.append(task)
    for plan in CasePlan.objects.filter(
        case=case, participant_id__in=checks, status__in=PLAN_IN_PROGRESS
    ):
        checks[plan.participant_id].plans_in_progress.append(plan)
    return [checks[v.pk] for v in victims]
