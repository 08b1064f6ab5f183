"""Every write of case work (STYLE B2): assessments, plans, closure, tasks, notifications.

Each service is keyword-only, runs in one transaction, checks its rules (``ValidationError``
with field → messages, or ``ApplicationError``; ``ConflictError`` for a stale version) and
writes its audit row in the same transaction. Audit rows and notifications carry codes,
public ids and field names only, never free text (it may hold personal data). E-mails are
sent on commit.

Who may do what (record scope is checked by the selectors before a service is called):

- the handling team (case manager or supervisor of the case's handling agency): assess,
  plan, submit, request closure, reopen, create / complete / reassign tasks, schedule
  follow-ups;
- a supervisor of the handling agency with ``casework.approve_plan`` /
  ``casework.approve_closure``: approve or reject; never their own submission (four eyes).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.agencies.choices import Role, ServiceCode
from sigap.agencies.models import Agency, Service
from sigap.audit.history import masked_diff
from sigap.audit.services import audit_record
from sigap.cases import services as case_services
from sigap.cases.access import CASE_TEAM_ROLES, REFERRAL_RECEIVER_ROLES, membership_of
from sigap.cases.choices import CaseStatus, ClosureReason, ParticipantRole
from sigap.cases.models import Case, Participant
from sigap.casework.choices import (
    FOLLOW_UP_MONTHS,
    PLAN_EDITABLE,
    PLAN_IN_PROGRESS,
    ClosureRequestStatus,
    NeedDomain,
    NeedLevel,
    NotificationVerb,
    PlanStatus,
    TaskKind,
    TaskStatus,
)
from sigap.casework.deadlines import add_months, jakarta_date
from sigap.casework.models import (
    Assessment,
    AssessmentNeed,
    CaseConference,
    CasePlan,
    ClosureRequest,
    ConferenceDecision,
    DigestLog,
    Notification,
    NotificationEmailOptOut,
    PlannedService,
    Task,
)
from sigap.core.dates import DateKind, date_collect, user_today
from sigap.core.exceptions import ApplicationError, ConflictError
from sigap.referrals.choices import OPEN_STATUSES, ReferralStatus

# --- Rules shared by the services -------------------------------------------------------------


def _team_membership(case: Case, actor):
    """The actor's membership when they are on the handling team of an open case; else raise."""
    membership = membership_of(actor)
    if (
        membership is None
        or membership.role not in CASE_TEAM_ROLES
        or case.handling_agency_id is None
        or case.handling_agency_id != membership.agency_id
    ):
        raise ApplicationError(_("Only the case's handling agency can do this."))
    if case.status != CaseStatus.OPEN:
        raise ApplicationError(_("This can only be done while the case is open."))
    return membership


def _require_approver(case: Case, actor, perm: str, *, submitted_by) -> None:
    membership = membership_of(actor)
    if (
        membership is None
        or membership.role != Role.SUPERVISOR
        or case.handling_agency_id != membership.agency_id
        or not actor.has_perm(perm)
    ):
        raise ApplicationError(_("Only a supervisor of the handling agency can decide this."))
    if submitted_by is not None and submitted_by.pk == actor.pk:
        raise ApplicationError(_("You cannot decide on your own request; ask another supervisor."))


def _check_version(obj, expected: int | None) -> None:
    if expected is not None and obj.version != expected:
        raise ConflictError(
            _(
                "This record has been changed by another user since you opened it. "
                "Nothing was saved. Reload the page, review the changes, then save again."
            ),
            extra={"current_version": obj.version},
        )


def _victim_of(case: Case, participant: Participant) -> None:
    if participant.case_id != case.pk or participant.role != ParticipantRole.VICTIM:
        raise ValidationError({"participant": [_("Choose a victim of this case.")]})


def _today() -> date:
    return jakarta_date(timezone.now())


# --- Notifications ---------------------------------------------------------------------------


def supervisors_of(agency: Agency):
    """Active supervisors of ``agency`` who may approve plans (the recipients of requests)."""
    return get_user_model().objects.filter(
        membership__agency=agency, membership__role=Role.SUPERVISOR, is_active=True
    )


def _notify(
    *,
    recipients: Iterable,
    verb: str,
    case: Case,
    exclude=None,
    detail: str = "",
    link: str = "",
    about=None,
) -> list[Notification]:
    """In-app notifications plus an e-mail each (sent on commit, unless the recipient turned
    e-mail off for ``verb``: :func:`notification_preferences_set`). Text: action + case number
    (+ ``detail``, a coded non-personal label such as a service name) + ``link``, the path of
    the page where the recipient acts (public ids only).

    The case number goes only to recipients who may see the case (``Case.objects.visible_to``,
    the one scope rule; one query per recipient) or the record the notification is ``about``
    (a referral or a case transfer: its model's ``objects.visible_to``, whose pages show the
    number, e.g. to the receiving agency of a revoked referral or of a transfer request).
    The others (the secretariat hearing of an overdue referral of a case it cannot open, as
    its My work widget shows a count without numbers) get the action and the detail with an
    empty ``case_number``, and an e-mail without it. Callers may still narrow ``recipients``
    themselves."""
    recipients = list(recipients)
    seen, rows, blind = set(), [], set()
    for user in recipients:
        if user is None or user.pk in seen or (exclude is not None and user.pk == exclude.pk):
            continue
        seen.add(user.pk)
        sees = Case.objects.visible_to(user).filter(pk=case.pk).exists() or (
            about is not None and type(about).objects.visible_to(user).filter(pk=about.pk).exists()
        )
        if not sees:
            blind.add(user.pk)
        rows.append(
            Notification(
                recipient=user,
                verb=verb,
                case_public_id=case.public_id,
                case_number=case.number if sees else "",
                detail=str(detail)[:100],
                link=link[:200],
            )
        )
    Notification.objects.bulk_create(rows)
    label = NotificationVerb(verb).label
    if detail:
        label = f"{label} ({detail})"
    opted_out = set(
        NotificationEmailOptOut.objects.filter(user_id__in=seen, verb=verb).values_list(
            "user_id", flat=True
        )
    )
    mailed = [u for u in recipients if u is not None and u.pk in seen and u.email]
    mailed = [u for u in mailed if u.pk not in opted_out]
    emails: dict[str, bool] = {}  # address -> whether every user of it may read the number
    for u in mailed:
        emails[u.email] = emails.get(u.email, True) and u.pk not in blind
    if emails:
        named_subject = f"[SIGAP] {case.number}: {label}"
        named_body = _("%(action)s: case %(number)s. Sign in to SIGAP to see it.") % {
            "action": label,
            "number": case.number,
        }
        blind_subject = f"[SIGAP] {label}"
        blind_body = _(
            "%(action)s: a case handled by another agency. Sign in to SIGAP to see your work."
        ) % {"action": label}
        if link:
            more = "\n" + _("Open: %(url)s") % {"url": _absolute(link)}
            named_body, blind_body = named_body + more, blind_body + more

        def _send():
            for address, named in emails.items():  # one message each: no one sees another
                subject = named_subject if named else blind_subject
                body = named_body if named else blind_body
                send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address])

        transaction.on_commit(_send)
    return rows


def _absolute(path: str) -> str:
    """``path`` prefixed with ``settings.SIGAP_SITE_URL`` (e.g. ``https://sigap.example.go.id``)
    when it is set; the bare path otherwise."""
    base = getattr(settings, "SIGAP_SITE_URL", "") or ""
    return f"{base.rstrip('/')}{path}"


def notify(
    *,
    recipients: Iterable,
    verb: str,
    case: Case,
    exclude=None,
    detail: str = "",
    link: str = "",
    about=None,
) -> list[Notification]:
    """Notify ``recipients`` of ``verb`` on ``case`` (in-app, and e-mail on commit); for other
    apps (new cases, referrals, reminders, escalations, transfers). Run inside the caller's
    transaction. The text is the action, the case number (only for recipients who may see
    the case or the record it is ``about``: see ``_notify``) and ``detail``: never a
    person's name. ``link``: the path of the page where the recipient acts."""
    return _notify(
        recipients=recipients,
        verb=verb,
        case=case,
        exclude=exclude,
        detail=detail,
        link=link,
        about=about,
    )


def notification_email_verbs(*, user) -> set[str]:
    """The notification kinds (verbs) for which ``user`` receives e-mail (default: all)."""
    off = set(NotificationEmailOptOut.objects.filter(user=user).values_list("verb", flat=True))
    return {v for v in NotificationVerb.values if v not in off}


@transaction.atomic
def notification_preferences_set(*, user, email_verbs: Collection[str]) -> set[str]:
    """Keep e-mail on for ``email_verbs`` and turn it off for every other kind; in-app
    notifications are always kept. Unknown verbs raise ValidationError. Audited
    ``notification.preferences`` with the kinds turned off (codes only). Returns the kinds
    with e-mail on."""
    wanted = set(email_verbs)
    if wanted - set(NotificationVerb.values):
        raise ValidationError({"email_verbs": [_("Unknown kind of notification.")]})
    off = sorted(set(NotificationVerb.values) - wanted)
    NotificationEmailOptOut.objects.filter(user=user).delete()
    NotificationEmailOptOut.objects.bulk_create(
        NotificationEmailOptOut(user=user, verb=v) for v in off
    )
    audit_record(
        actor=user, action="notification.preferences", target=user, changes={"email_off": off}
    )
    return wanted


@transaction.atomic
def notification_open(*, user, public_id) -> Notification:
    """The notification ``public_id`` of ``user``, marked read (issue 13 §1: following a
    notification's link reads it). Raises ``Notification.DoesNotExist`` for another user's
    notification or an unknown id (the view answers 404, as for any record out of scope)."""
    note = Notification.objects.get(recipient=user, public_id=public_id)
    if note.read_at is None:
        note.read_at = timezone.now()
        note.save(update_fields=["read_at"])
    return note


def notification_mark_read(*, user, public_id=None) -> int:
    """Mark one (``public_id``) or all of ``user``'s unread notifications read; returns count."""
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if public_id is not None:
        qs = qs.filter(public_id=public_id)
    return qs.update(read_at=timezone.now())


# --- Assessment ------------------------------------------------------------------------------


@dataclass(frozen=True)
class NeedData:
    domain: str
    level: str
    note: str = ""


@transaction.atomic
def assessment_record(
    *,
    case: Case,
    participant: Participant,
    actor,
    assessed_on: date,
    needs: list[NeedData],
    summary: str = "",
) -> Assessment:
    """Record a needs assessment of one victim, a level (and note) for every domain."""
    _team_membership(case, actor)
    _victim_of(case, participant)
    errors: dict[str, list[str]] = {}
    domains = [n.domain for n in needs]
    if sorted(domains) != sorted(NeedDomain.values):
        errors["needs"] = [_("Give a level for every domain, once.")]
    if any(n.level not in NeedLevel.values for n in needs):
        errors["needs"] = [_("Unknown level.")]
    if assessed_on is None:
        errors["assessed_on"] = [_("The assessment date cannot be in the future.")]
    else:
        date_collect(
            errors, "assessed_on", assessed_on, kind=DateKind.RECORD, today=user_today(actor)
        )
    if errors:
        raise ValidationError(errors)
    assessment = Assessment.objects.create(
        case=case,
        participant=participant,
        assessed_on=assessed_on,
        summary=summary.strip(),
        assessed_by=actor,
    )
    AssessmentNeed.objects.bulk_create(
        AssessmentNeed(assessment=assessment, domain=n.domain, level=n.level, note=n.note.strip())
        for n in needs
    )
    audit_record(
        actor=actor,
        action="assessment.record",
        target=assessment,
        changes={
            "case": str(case.public_id),
            "participant": str(participant.public_id),
            "levels": {n.domain: n.level for n in needs},
            "fields": ["summary", "notes"],
        },
    )
    return assessment


# --- Case plan -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlannedServiceData:
    service: Service
    due_on: date
    agency: Agency | None = None
    note: str = ""


def _validate_plan(*, goals: str, services: list[PlannedServiceData]) -> None:
    errors: dict[str, list[str]] = {}
    if not goals or not goals.strip():
        errors["goals"] = [_("Describe the goals of the plan.")]
    today = _today()
    if any(s.due_on is None or s.due_on < today for s in services):
        errors["services"] = [_("A planned service cannot be due in the past.")]
    if errors:
        raise ValidationError(errors)


def _store_services(plan: CasePlan, services: list[PlannedServiceData]) -> None:
    plan.services.all().delete()
    PlannedService.objects.bulk_create(
        PlannedService(
            plan=plan, service=s.service, agency=s.agency, due_on=s.due_on, note=s.note.strip()
        )
        for s in services
    )


@transaction.atomic
def plan_create(
    *, case: Case, participant: Participant, actor, goals: str, services: list[PlannedServiceData]
) -> CasePlan:
    """Start a draft plan for a victim; refused while another plan of theirs is in progress."""
    _team_membership(case, actor)
    _victim_of(case, participant)
    _validate_plan(goals=goals, services=services)
    if CasePlan.objects.filter(participant=participant, status__in=PLAN_IN_PROGRESS).exists():
        raise ApplicationError(_("This victim already has a plan in progress; edit that one."))
    try:
        with transaction.atomic():
            plan = CasePlan.objects.create(
                case=case, participant=participant, goals=goals.strip(), created_by=actor
            )
    except IntegrityError as exc:  # a concurrent create won the race
        raise ApplicationError(
            _("This victim already has a plan in progress; edit that one.")
        ) from exc
    _store_services(plan, services)
    audit_record(
        actor=actor,
        action="plan.create",
        target=plan,
        changes={
            "case": str(case.public_id),
            "participant": str(participant.public_id),
            "services": [s.service.code for s in services],
            "fields": ["goals"],
        },
    )
    return plan


def _lock_plan(plan: CasePlan) -> CasePlan:
    return CasePlan.objects.select_for_update(of=("self",)).select_related("case").get(pk=plan.pk)


@transaction.atomic
def plan_update(
    *,
    plan: CasePlan,
    actor,
    goals: str,
    services: list[PlannedServiceData],
    expected_version: int | None,
) -> CasePlan:
    """Edit a draft or rejected plan (a rejected plan becomes a draft again).

    ``expected_version`` is the version the user loaded: a stale one raises ConflictError and
    nothing is saved (the second of two concurrent editors is refused).
    """
    plan = _lock_plan(plan)
    _team_membership(plan.case, actor)
    _check_version(plan, expected_version)
    if plan.status not in PLAN_EDITABLE:
        raise ApplicationError(_("Only a draft or rejected plan can be edited."))
    _validate_plan(goals=goals, services=services)
    previous = plan.status
    before = {
        "status": previous,
        "goals": plan.goals,
        "services": sorted(plan.services.values_list("service__code", flat=True)),
    }
    plan.goals = goals.strip()
    plan.status = PlanStatus.DRAFT
    plan.version += 1
    plan.save(update_fields=["goals", "status", "version", "updated_at"])
    _store_services(plan, services)
    after = {
        "status": plan.status,
        "goals": plan.goals,
        "services": sorted(s.service.code for s in services),
    }
    audit_record(
        actor=actor,
        action="plan.update",
        target=plan,
        # Old and new values; free text (goals) masked (sigap.audit.history).
        changes={**masked_diff(before, after), "version": plan.version},
    )
    return plan


@transaction.atomic
def plan_submit(*, plan: CasePlan, actor, expected_version: int | None = None) -> CasePlan:
    """Submit a draft for approval; the supervisors of the handling agency are notified."""
    plan = _lock_plan(plan)
    _team_membership(plan.case, actor)
    _check_version(plan, expected_version)
    if plan.status != PlanStatus.DRAFT:
        raise ApplicationError(_("Only a draft plan can be submitted."))
    plan.status = PlanStatus.SUBMITTED
    plan.submitted_at = timezone.now()
    plan.submitted_by = actor
    plan.version += 1
    plan.save(update_fields=["status", "submitted_at", "submitted_by", "version", "updated_at"])
    audit_record(
        actor=actor, action="plan.submit", target=plan, changes={"status": ["draft", "submitted"]}
    )
    _notify(
        recipients=list(supervisors_of(plan.case.handling_agency)),
        verb=NotificationVerb.PLAN_SUBMITTED,
        case=plan.case,
        exclude=actor,
        link=reverse("casework:plan-decide", args=[plan.public_id]),
    )
    return plan


def _decide_plan(plan: CasePlan, actor, expected_version: int | None) -> CasePlan:
    plan = _lock_plan(plan)
    _require_approver(plan.case, actor, "casework.approve_plan", submitted_by=plan.submitted_by)
    _check_version(plan, expected_version)
    if plan.status != PlanStatus.SUBMITTED:
        raise ApplicationError(_("Only a submitted plan can be approved or rejected."))
    if plan.case.status != CaseStatus.OPEN:
        raise ApplicationError(_("This can only be done while the case is open."))
    return plan


@transaction.atomic
def plan_approve(
    *, plan: CasePlan, actor, comment: str = "", expected_version: int | None = None
) -> CasePlan:
    """Approve a submitted plan; each planned service becomes an open task of the handling
    agency for the plan's author. The submitter is notified."""
    plan = _decide_plan(plan, actor, expected_version)
    plan.status = PlanStatus.APPROVED
    plan.decided_at = timezone.now()
    plan.decided_by = actor
    plan.decision_comment = comment.strip()
    plan.version += 1
    plan.save(
        update_fields=[
            "status",
            "decided_at",
            "decided_by",
            "decision_comment",
            "version",
            "updated_at",
        ]
    )
    services = list(plan.services.select_related("service"))
    Task.objects.bulk_create(
        Task(
            case=plan.case,
            participant=plan.participant,
            title=str(s.service),
            kind=TaskKind.PLAN_SERVICE,
            due_on=s.due_on,
            assignee_agency=plan.case.handling_agency,
            assignee_user=plan.created_by,
            created_by=actor,
        )
        for s in services
    )
    audit_record(
        actor=actor,
        action="plan.approve",
        target=plan,
        changes={
            "status": ["submitted", "approved"],
            "submitted_by": str(plan.submitted_by.public_id) if plan.submitted_by else None,
            "tasks_created": len(services),
            "fields": ["decision_comment"] if plan.decision_comment else [],
        },
    )
    _notify(
        recipients=[plan.submitted_by, plan.created_by],
        verb=NotificationVerb.PLAN_APPROVED,
        case=plan.case,
        exclude=actor,
        link=reverse("casework:case-work", args=[plan.case.public_id]),
    )
    return plan


@transaction.atomic
def plan_reject(
    *, plan: CasePlan, actor, comment: str, expected_version: int | None = None
) -> CasePlan:
    """Reject a submitted plan with a comment (required); the submitter is notified."""
    if not comment or not comment.strip():
        raise ValidationError({"comment": [_("Explain why the plan is rejected.")]})
    plan = _decide_plan(plan, actor, expected_version)
    plan.status = PlanStatus.REJECTED
    plan.decided_at = timezone.now()
    plan.decided_by = actor
    plan.decision_comment = comment.strip()
    plan.version += 1
    plan.save(
        update_fields=[
            "status",
            "decided_at",
            "decided_by",
            "decision_comment",
            "version",
            "updated_at",
        ]
    )
    audit_record(
        actor=actor,
        action="plan.reject",
        target=plan,
        changes={"status": ["submitted", "rejected"], "fields": ["decision_comment"]},
    )
    _notify(
        recipients=[plan.submitted_by, plan.created_by],
        verb=NotificationVerb.PLAN_REJECTED,
        case=plan.case,
        exclude=actor,
        link=reverse("casework:plan-edit", args=[plan.public_id]),
    )
    return plan


# --- Closure ---------------------------------------------------------------------------------


@transaction.atomic
def closure_request(*, case: Case, actor, reason: str, note: str = "") -> ClosureRequest:
    """A member of the handling team asks to close the case; supervisors are notified.

    The case closes only when a supervisor approves (:func:`closure_approve`).
    """
    case = Case.objects.select_for_update().get(pk=case.pk)
    _team_membership(case, actor)
    if reason not in ClosureReason.values:
        raise ValidationError({"reason": [_("A closure reason must be selected.")]})
    if reason == ClosureReason.OTHER and not note.strip():
        raise ValidationError({"note": [_("Explain the reason for closure.")]})
    if ClosureRequest.objects.pending().filter(case=case).exists():
        raise ApplicationError(_("A closure request for this case is already waiting."))
    request = ClosureRequest.objects.create(
        case=case, reason=reason, note=note.strip(), requested_by=actor
    )
    audit_record(
        actor=actor,
        action="closure.request",
        target=request,
        changes={"case": str(case.public_id), "reason": reason, "fields": ["note"]},
    )
    _notify(
        recipients=list(supervisors_of(case.handling_agency)),
        verb=NotificationVerb.CLOSURE_REQUESTED,
        case=case,
        exclude=actor,
        link=reverse("casework:closure-decide", args=[case.public_id]),
    )
    return request


def _lock_request(request: ClosureRequest) -> ClosureRequest:
    request = (
        ClosureRequest.objects.select_for_update(of=("self",))
        .select_related("case", "requested_by")
        .get(pk=request.pk)
    )
    if request.status != ClosureRequestStatus.PENDING:
        raise ApplicationError(_("This closure request has already been decided."))
    return request


@transaction.atomic
def closure_approve(
    *, closure: ClosureRequest, actor, expected_version: int | None = None
) -> ClosureRequest:
    """A supervisor approves: the case is closed with the requested reason
    (:func:`sigap.cases.services.case_close`, which revokes open referrals and cancels open
    tasks other than reintegration follow-ups). Audited with the
    requesting actor and the approver; the requester is notified.

    ``expected_version`` is the case version the supervisor saw (stale: ConflictError).
    """
    closure = _lock_request(closure)
    case = closure.case
    _require_approver(case, actor, "casework.approve_closure", submitted_by=closure.requested_by)
    case_services.case_close(
        case=case,
        actor=actor,
        reason=closure.reason,
        note=closure.note,
        expected_version=expected_version,
        approved_by=actor,
    )
    closure.status = ClosureRequestStatus.APPROVED
    closure.decided_by = actor
    closure.decided_at = timezone.now()
    closure.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    audit_record(
        actor=actor,
        action="closure.approve",
        target=closure,
        changes={
            "case": str(case.public_id),
            "reason": closure.reason,
            "requested_by": str(closure.requested_by.public_id),
            "approved_by": str(actor.public_id),
        },
    )
    case.refresh_from_db()
    _notify(
        recipients=[closure.requested_by],
        verb=NotificationVerb.CLOSURE_APPROVED,
        case=case,
        exclude=actor,
        link=reverse("cases:case-detail", args=[case.public_id]),
    )
    return closure


@transaction.atomic
def closure_reject(*, closure: ClosureRequest, actor, comment: str) -> ClosureRequest:
    """A supervisor rejects the request with a comment (required); the case stays open."""
    if not comment or not comment.strip():
        raise ValidationError({"comment": [_("Explain why the closure is rejected.")]})
    closure = _lock_request(closure)
    _require_approver(
        closure.case, actor, "casework.approve_closure", submitted_by=closure.requested_by
    )
    closure.status = ClosureRequestStatus.REJECTED
    closure.decided_by = actor
    closure.decided_at = timezone.now()
    closure.decision_comment = comment.strip()
    closure.save(
        update_fields=["status", "decided_by", "decided_at", "decision_comment", "updated_at"]
    )
    audit_record(
        actor=actor,
        action="closure.reject",
        target=closure,
        changes={
            "case": str(closure.case.public_id),
            "requested_by": str(closure.requested_by.public_id),
            "fields": ["decision_comment"],
        },
    )
    _notify(
        recipients=[closure.requested_by],
        verb=NotificationVerb.CLOSURE_REJECTED,
        case=closure.case,
        exclude=actor,
        link=reverse("casework:case-work", args=[closure.case.public_id]),
    )
    return closure


# --- Tasks -----------------------------------------------------------------------------------


def task_assignable_agencies(case: Case):
    """Agencies a task of ``case`` may go to: the handling agency and agencies with an open
    (sent, accepted or in progress) referral on the case, since only they can see it
    (``case_scope_q``: a completed referral no longer opens the case to its agency)."""
    referred = case.referrals.filter(status__in=OPEN_STATUSES).values("to_agency_id")
    return Agency.objects.filter(pk=case.handling_agency_id) | Agency.objects.filter(
        pk__in=referred
    )


def _check_assignee(case: Case, agency: Agency, user) -> None:
    """Raise ValidationError unless ``agency`` may take a task of ``case`` and ``user`` (when
    given) is one of its users who may see the case (``Case.objects.visible_to``): the forms
    offer only the handling team, but the service is the rule for every caller."""
    if not task_assignable_agencies(case).filter(pk=agency.pk).exists():
        raise ValidationError({"assignee_agency": [_("This agency is not working on the case.")]})
    if user is not None:
        membership = membership_of(user)
        if membership is None or membership.agency_id != agency.pk:
            raise ValidationError({"assignee_user": [_("Choose a user of the assigned agency.")]})
        if not Case.objects.visible_to(user).filter(pk=case.pk).exists():
            raise ValidationError({"assignee_user": [_("This user cannot open the case.")]})


@transaction.atomic
def task_create(
    *,
    case: Case,
    actor,
    title: str,
    kind: str,
    due_on: date,
    participant: Participant | None = None,
    assignee_agency: Agency | None = None,
    assignee_user=None,
) -> Task:
    """Create an open task on a case for an agency working on it (default: the handling
    agency) and optionally one of its users, who is notified."""
    _team_membership(case, actor)
    errors: dict[str, list[str]] = {}
    if not title or not title.strip():
        errors["title"] = [_("A title is required.")]
    if kind not in TaskKind.values:
        errors["kind"] = [_("Unknown kind.")]
    if due_on is None:
        errors["due_on"] = [_("A due date is required.")]
    if errors:
        raise ValidationError(errors)
    if participant is not None:
        _victim_of(case, participant)
    agency = assignee_agency or case.handling_agency
    if assignee_user is not None and assignee_agency is None:
        membership = membership_of(assignee_user)
        agency = membership.agency if membership else agency
    _check_assignee(case, agency, assignee_user)
    task = Task.objects.create(
        case=case,
        participant=participant,
        title=title.strip(),
        kind=kind,
        due_on=due_on,
        assignee_agency=agency,
        assignee_user=assignee_user,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="task.create",
        target=task,
        changes={
            "case": str(case.public_id),
            "kind": kind,
            "due_on": due_on.isoformat(),
            "assignee_agency": str(agency.public_id),
            "assignee_user": str(assignee_user.public_id) if assignee_user else None,
            "fields": ["title"],
        },
    )
    if assignee_user is not None:
        _notify(
            recipients=[assignee_user],
            verb=NotificationVerb.TASK_ASSIGNED,
            case=case,
            exclude=actor,
            link=reverse("casework:my-work"),
        )
    return task


def task_can_work(*, task: Task, user) -> bool:
    """Whether ``user`` may complete or cancel ``task``: its assignee, a member of the
    assigned agency, or the handling team of the case."""
    return _may_work_on(task, user)


def _may_work_on(task: Task, actor) -> bool:
    membership = membership_of(actor)
    if membership is None:
        return False
    if task.assignee_user_id is not None and task.assignee_user_id == actor.pk:
        return True
    if membership.agency_id == task.assignee_agency_id:
        return True
    return (
        membership.role in CASE_TEAM_ROLES and membership.agency_id == task.case.handling_agency_id
    )


def _set_task_status(task: Task, actor, status: str, action: str) -> Task:
    task = Task.objects.select_for_update(of=("self",)).select_related("case").get(pk=task.pk)
    if not _may_work_on(task, actor):
        raise ApplicationError(_("This task is not assigned to you or your agency."))
    if task.status != TaskStatus.OPEN:
        raise ApplicationError(_("This task is no longer open."))
    task.status = status
    task.completed_at = timezone.now()
    task.save(update_fields=["status", "completed_at", "updated_at"])
    audit_record(actor=actor, action=action, target=task, changes={"status": ["open", status]})
    return task


@transaction.atomic
def task_complete(*, task: Task, actor) -> Task:
    """Mark an open task done (its assignee, its agency or the handling team)."""
    return _set_task_status(task, actor, TaskStatus.DONE, "task.complete")


@transaction.atomic
def task_cancel(*, task: Task, actor) -> Task:
    """Cancel an open task (its assignee, its agency or the handling team)."""
    return _set_task_status(task, actor, TaskStatus.CANCELLED, "task.cancel")


@transaction.atomic
def task_reassign(
    *, case: Case, actor, tasks: list[Task], to_user, confirmed_ids: Collection
) -> list[Task]:
    """Move open tasks of ``case`` to ``to_user`` (and their agency): a handover.

    Nothing moves silently: ``confirmed_ids`` must list exactly the public ids of ``tasks``
    (what the confirmation page showed), else ApplicationError with the expected ids in
    ``extra["tasks"]``. One audit row per task (from and to user and agency); the new
    assignee is notified.
    """
    _team_membership(case, actor)
    if not tasks:
        raise ValidationError({"tasks": [_("Select at least one task.")]})
    ids = sorted(str(t.public_id) for t in tasks)
    if sorted(str(i) for i in confirmed_ids) != ids:
        raise ApplicationError(
            _("Confirm the handover of exactly the tasks listed."), extra={"tasks": ids}
        )
    locked = list(
        Task.objects.select_for_update().filter(pk__in=[t.pk for t in tasks]).order_by("pk")
    )
    if any(t.case_id != case.pk or t.status != TaskStatus.OPEN for t in locked):
        raise ApplicationError(_("Only open tasks of this case can be handed over."))
    membership = membership_of(to_user)
    if membership is None:
        raise ValidationError({"to_user": [_("Choose a user of an agency working on the case.")]})
    _check_assignee(case, membership.agency, to_user)
    for task in locked:
        before_user, before_agency = task.assignee_user, task.assignee_agency
        task.assignee_user = to_user
        task.assignee_agency = membership.agency
        task.save(update_fields=["assignee_user", "assignee_agency", "updated_at"])
        audit_record(
            actor=actor,
            action="task.reassign",
            target=task,
            changes={
                "case": str(case.public_id),
                "from_user": str(before_user.public_id) if before_user else None,
                "to_user": str(to_user.public_id),
                "from_agency": str(before_agency.public_id),
                "to_agency": str(membership.agency.public_id),
            },
        )
    _notify(
        recipients=[to_user],
        verb=NotificationVerb.TASK_ASSIGNED,
        case=case,
        exclude=actor,
        link=reverse("casework:my-work"),
    )
    return locked


# --- Case conferences -------------------------------------------------------------------------


@dataclass(frozen=True)
class DecisionData:
    """One decision of a case conference; with an agency and a due date it becomes a task."""

    text: str
    assignee_agency: Agency | None = None
    due_on: date | None = None


def _conference_recipients(agency: Agency, case: Case) -> list:
    """Users of ``agency`` who see tasks assigned to it (case team and the roles that receive
    referrals: providers, police, prosecutors, LPSK) and to whom ``case`` is visible
    (``Case.objects.visible_to``, the one case rule): a notification carries the case number,
    which must not reach a user outside the case's scope (e.g. a service provider whose
    referral is completed, or a case manager of a referred agency)."""
    users = get_user_model().objects.filter(
        membership__agency=agency,
        membership__role__in=[*CASE_TEAM_ROLES, *REFERRAL_RECEIVER_ROLES],
        is_active=True,
    )
    return [u for u in users if Case.objects.visible_to(u).filter(pk=case.pk).exists()]


def _validate_conference(
    *, case: Case, actor, held_on, agencies, summary: str, decisions: list[DecisionData]
) -> None:
    errors: dict[str, list[str]] = {}
    if held_on is None:
        errors["held_on"] = [_("The date of the conference is required.")]
    else:
        date_collect(errors, "held_on", held_on, kind=DateKind.RECORD, today=user_today(actor))
    if not agencies:
        errors["agencies"] = [_("Select the agencies that attended.")]
    if not summary or not summary.strip():
        errors["summary"] = [_("Summarise the discussion.")]
    assignable = set(task_assignable_agencies(case).values_list("pk", flat=True))
    for d in decisions:
        if not d.text or not d.text.strip():
            errors["decisions"] = [_("Each decision needs a text.")]
        elif (d.assignee_agency is None) != (d.due_on is None):
            errors["decisions"] = [
                _("A decision that becomes a task needs both an agency and a due date.")
            ]
        elif d.assignee_agency is not None and d.assignee_agency.pk not in assignable:
            errors["decisions"] = [
                _("A task can only go to an agency working on the case (handling or referred).")
            ]
        elif d.due_on is not None and d.due_on < _today():
            errors["decisions"] = [_("A task cannot be due in the past.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def conference_record(
    *,
    case: Case,
    actor,
    held_on: date,
    agencies: Collection[Agency],
    summary: str,
    participant_roles: str = "",
    decisions: list[DecisionData] | None = None,
) -> CaseConference:
    """Record a case conference of an open case (the handling team).

    Each decision with an agency and a due date becomes an open task of that agency
    (kind ``conference_decision``, through :func:`task_create`, audited ``task.create``); the
    agency's users are notified. Audit row ``conference.record``: agencies and counts, the
    free-text fields by name only.
    """
    _team_membership(case, actor)
    decisions = [d for d in (decisions or []) if d.text.strip() or d.assignee_agency or d.due_on]
    agencies = list(agencies)
    _validate_conference(
        case=case,
        actor=actor,
        held_on=held_on,
        agencies=agencies,
        summary=summary,
        decisions=decisions,
    )
    conference = CaseConference.objects.create(
        case=case,
        held_on=held_on,
        participant_roles=participant_roles.strip(),
        summary=summary.strip(),
        recorded_by=actor,
    )
    conference.agencies.set(agencies)
    tasks = 0
    for d in decisions:
        task = None
        if d.assignee_agency is not None:
            task = task_create(
                case=case,
                actor=actor,
                title=d.text,
                kind=TaskKind.CONFERENCE_DECISION,
                due_on=d.due_on,
                assignee_agency=d.assignee_agency,
            )
            tasks += 1
            _notify(
                recipients=_conference_recipients(d.assignee_agency, case),
                verb=NotificationVerb.CONFERENCE_TASK,
                case=case,
                exclude=actor,
                link=reverse("casework:my-work"),
            )
        ConferenceDecision.objects.create(
            conference=conference,
            text=d.text.strip(),
            assignee_agency=d.assignee_agency,
            due_on=d.due_on,
            task=task,
        )
    audit_record(
        actor=actor,
        action="conference.record",
        target=conference,
        changes={
            "case": str(case.public_id),
            "held_on": held_on.isoformat(),
            "agencies": sorted(str(a.public_id) for a in agencies),
            "decisions": len(decisions),
            "tasks_created": tasks,
            "fields": ["summary", "participant_roles", "decisions"],
        },
    )
    return conference


# --- Reintegration follow-ups -----------------------------------------------------------------


@transaction.atomic
def followups_schedule(
    *, case: Case, participant: Participant, start_on: date | datetime, actor
) -> list[Task]:
    """Follow-up tasks at 1, 3, 6 and 12 months after reintegration started (issue 4 §3).

    ``start_on`` is a date or an aware moment (turned into its Asia/Jakarta date); months are
    added with month-end clamping (31 January + 1 month = 28/29 February). Months already
    scheduled (not cancelled) are skipped, so calling twice creates nothing new. ``actor`` is
    a handling team member (who gets the tasks) or None when run for a completed referral.
    """
    if actor is not None:
        _team_membership(case, actor)
    elif case.status != CaseStatus.OPEN or case.handling_agency_id is None:
        return []
    _victim_of(case, participant)
    start = jakarta_date(start_on)
    existing = set(
        Task.objects.filter(participant=participant, kind=TaskKind.FOLLOW_UP)
        .exclude(status=TaskStatus.CANCELLED)
        .values_list("followup_month", flat=True)
    )
    created = [
        Task.objects.create(
            case=case,
            participant=participant,
            title=_("Reintegration follow-up after %(months)s months") % {"months": months},
            kind=TaskKind.FOLLOW_UP,
            due_on=add_months(start, months),
            followup_month=months,
            assignee_agency=case.handling_agency,
            assignee_user=actor,
            created_by=actor,
        )
        for months in FOLLOW_UP_MONTHS
        if months not in existing
    ]
    if created:
        audit_record(
            actor=actor,
            action="followups.schedule",
            target=case,
            changes={
                "participant": str(participant.public_id),
                "start_on": start.isoformat(),
                "months": [t.followup_month for t in created],
            },
        )
    return created


def followups_for_referral(*, referral, actor=None) -> list[Task]:
    """Schedule follow-ups from a completed social-reintegration referral (start: the day it
    was completed, in Jakarta). Anything else is ignored (returns [])."""
    if (
        referral.status != ReferralStatus.COMPLETED
        or referral.service.code != ServiceCode.REINTEGRATION
        or referral.completed_at is None
    ):
        return []
    return followups_schedule(
        case=referral.case,
        participant=referral.victim,
        start_on=referral.completed_at,
        actor=actor,
    )


def followups_sync() -> int:
    """Follow-ups for every completed reintegration referral of an open case that has none
    yet (run by ``send_digest`` before the digest; idempotent). Returns tasks created."""
    from sigap.referrals.models import Referral

    referrals = (
        Referral.objects.filter(
            status=ReferralStatus.COMPLETED,
            service__code=ServiceCode.REINTEGRATION,
            case__status=CaseStatus.OPEN,
        )
        .exclude(victim__tasks__kind=TaskKind.FOLLOW_UP)
        .select_related("case", "victim", "service")
    )
    return sum(len(followups_for_referral(referral=r)) for r in referrals)


# --- Daily digest ----------------------------------------------------------------------------


@transaction.atomic
def digest_send(*, user, today: date | None = None) -> int | None:
    """E-mail ``user`` their overdue and due-today items once a day.

    Returns the number of items sent, or None when nothing was sent (already sent today, no
    address, or nothing to report). The text holds counts and case numbers only.
    """
    from sigap.casework.selectors import digest_items

    today = today or _today()
    if not user.email or DigestLog.objects.filter(user=user, sent_on=today).exists():
        return None
    items = digest_items(user=user, today=today)
    total = len(items.overdue) + len(items.due_today)
    if not total:
        return None
    try:
        with transaction.atomic():
            DigestLog.objects.create(user=user, sent_on=today, items=total)
    except IntegrityError:  # another run got there first
        return None
    lines = [_("SIGAP daily digest for %(day)s") % {"day": today.strftime("%d-%m-%Y")}, ""]
    for label, rows in ((_("Overdue"), items.overdue), (_("Due today"), items.due_today)):
        lines.append(f"{label}: {len(rows)}")
        lines.extend(f"- {number}: {what}" for number, what in rows)
        lines.append("")
    label = _("Daily digest")
    subject = f"[SIGAP] {label} {today.strftime('%d-%m-%Y')}"
    body = "\n".join(lines)
    address = user.email
    transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address]))
    return total


def digest_recipients():
    """Active users with an agency and an e-mail address."""
    return (
        get_user_model().objects.filter(is_active=True, membership__isnull=False).exclude(email="")
    )
