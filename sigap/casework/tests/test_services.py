"""Case-work services: each rule, the audit row, notifications and e-mails."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from sigap.agencies.models import Agency, Service
from sigap.audit.models import AuditEvent
from sigap.cases.services import case_reopen, identification_record
from sigap.casework import services
from sigap.casework.choices import PlanStatus, TaskKind, TaskStatus, WorkflowStage
from sigap.casework.models import Assessment, CasePlan, ClosureRequest, Notification, Task
from sigap.casework.selectors import case_stage
from sigap.core.exceptions import ApplicationError, ConflictError

pytestmark = pytest.mark.django_db


def _audit(action):
    return AuditEvent.objects.filter(action=action).order_by("-id").first()


# --- Assessment -----------------------------------------------------------------------------


def test_assessment_is_recorded_with_every_domain_and_audited(
    open_case, victim, caseworker_a, needs
):
    a = services.assessment_record(
        case=open_case,
        participant=victim,
        actor=caseworker_a,
        assessed_on=timezone.localdate(),
        needs=needs,
        summary="Needs shelter.",
    )
    assert a.needs.count() == 9
    event = _audit("assessment.record")
    assert event.target_public_id == a.public_id
    assert event.actor == caseworker_a
    assert event.changes["levels"]["safety"] == "medium"
    assert "Needs shelter" not in str(event.changes)


def test_assessment_needs_every_domain(open_case, victim, caseworker_a, needs):
    with pytest.raises(ValidationError) as exc:
        services.assessment_record(
            case=open_case,
            participant=victim,
            actor=caseworker_a,
            assessed_on=timezone.localdate(),
            needs=needs[:-1],
        )
    assert "needs" in exc.value.message_dict
    assert not Assessment.objects.exists()


def test_outsider_cannot_assess(open_case, victim, caseworker_b, needs):
    with pytest.raises(ApplicationError):
        services.assessment_record(
            case=open_case,
            participant=victim,
            actor=caseworker_b,
            assessed_on=timezone.localdate(),
            needs=needs,
        )


# --- Plans ----------------------------------------------------------------------------------


def test_plan_create_is_a_draft_and_audited(draft_plan, caseworker_a):
    assert draft_plan.status == PlanStatus.DRAFT
    assert draft_plan.services.count() == 1
    event = _audit("plan.create")
    assert event.target_public_id == draft_plan.public_id
    assert event.changes["services"] == ["health_rehab"]


def test_second_plan_in_progress_is_refused(draft_plan, open_case, victim, caseworker_a):
    with pytest.raises(ApplicationError):
        services.plan_create(
            case=open_case, participant=victim, actor=caseworker_a, goals="Again", services=[]
        )
    assert CasePlan.objects.count() == 1


def test_planned_service_cannot_be_due_in_the_past(open_case, victim, caseworker_a):
    past = services.PlannedServiceData(
        service=Service.objects.get(code="shelter"), due_on=timezone.localdate() - timedelta(1)
    )
    with pytest.raises(ValidationError):
        services.plan_create(
            case=open_case, participant=victim, actor=caseworker_a, goals="G", services=[past]
        )


def test_second_of_two_concurrent_edits_is_refused_and_nothing_is_lost(
    draft_plan, caseworker_a, supervisor_a, service_rows
):
    loaded = draft_plan.version  # both users opened the plan at this version
    services.plan_update(
        plan=draft_plan,
        actor=caseworker_a,
        goals="First editor's goals",
        services=service_rows,
        expected_version=loaded,
    )
    with pytest.raises(ConflictError) as exc:
        services.plan_update(
            plan=draft_plan,
            actor=supervisor_a,
            goals="Second editor's goals",
            services=[],
            expected_version=loaded,
        )
    assert exc.value.extra["current_version"] == loaded + 1
    draft_plan.refresh_from_db()
    assert draft_plan.goals == "First editor's goals"
    assert draft_plan.services.count() == 1
    assert AuditEvent.objects.filter(action="plan.update").count() == 1


def test_submit_notifies_the_supervisors_without_personal_data(
    submitted_plan, supervisor_a, caseworker_a, victim
):
    assert submitted_plan.status == PlanStatus.SUBMITTED
    note = Notification.objects.get(recipient=supervisor_a)
    assert note.verb == "plan_submitted"
    assert note.case_public_id == submitted_plan.case.public_id
    assert not Notification.objects.filter(recipient=caseworker_a).exists()
    assert _audit("plan.submit").target_public_id == submitted_plan.public_id


def test_submit_sends_an_email_with_case_number_only(
    open_case, draft_plan, caseworker_a, supervisor_a, victim, django_capture_on_commit_callbacks
):
    supervisor_a.email = "spv@example.org"
    supervisor_a.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        services.plan_submit(plan=draft_plan, actor=caseworker_a)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["spv@example.org"]
    assert open_case.number in message.subject
    text = message.subject + message.body
    assert victim.person.full_name not in text
    assert "Recovery" not in text  # the plan's goals


def test_supervisor_approves_plan_and_tasks_are_created(submitted_plan, supervisor_a, caseworker_a):
    plan = services.plan_approve(plan=submitted_plan, actor=supervisor_a)
    assert plan.status == PlanStatus.APPROVED
    assert plan.decided_by == supervisor_a
    task = Task.objects.get(kind=TaskKind.PLAN_SERVICE)
    assert task.assignee_user == caseworker_a
    event = _audit("plan.approve")
    assert event.actor == supervisor_a
    assert event.changes["submitted_by"] == str(caseworker_a.public_id)
    assert Notification.objects.filter(recipient=caseworker_a, verb="plan_approved").exists()


def test_case_manager_cannot_approve(submitted_plan, caseworker_a):
    with pytest.raises(ApplicationError):
        services.plan_approve(plan=submitted_plan, actor=caseworker_a)
    submitted_plan.refresh_from_db()
    assert submitted_plan.status == PlanStatus.SUBMITTED


def test_supervisor_cannot_approve_their_own_submission(draft_plan, supervisor_a):
    services.plan_submit(plan=draft_plan, actor=supervisor_a)
    with pytest.raises(ApplicationError):
        services.plan_approve(plan=draft_plan, actor=supervisor_a)


def test_outside_supervisor_cannot_approve(submitted_plan, make_user):
    other = make_user("supervisor", "sudin-sosial-jakpus", "spv-sosial")
    with pytest.raises(ApplicationError):
        services.plan_approve(plan=submitted_plan, actor=other)


def test_rejection_needs_a_comment_and_the_plan_can_be_edited_again(
    submitted_plan, supervisor_a, caseworker_a
):
    with pytest.raises(ValidationError):
        services.plan_reject(plan=submitted_plan, actor=supervisor_a, comment=" ")
    plan = services.plan_reject(plan=submitted_plan, actor=supervisor_a, comment="Add shelter.")
    assert plan.status == PlanStatus.REJECTED
    assert _audit("plan.reject").changes["fields"] == ["decision_comment"]
    plan = services.plan_update(
        plan=plan, actor=caseworker_a, goals="Revised", services=[], expected_version=plan.version
    )
    assert plan.status == PlanStatus.DRAFT


# --- Closure --------------------------------------------------------------------------------


def test_closure_request_leaves_the_case_open(pending_closure, open_case, supervisor_a):
    open_case.refresh_from_db()
    assert open_case.status == "open"
    assert pending_closure.status == "pending"
    assert _audit("closure.request").changes["reason"] == "services_completed"
    assert Notification.objects.filter(recipient=supervisor_a, verb="closure_requested").exists()


def test_only_one_pending_closure_request(pending_closure, open_case, caseworker_a):
    with pytest.raises(ApplicationError):
        services.closure_request(case=open_case, actor=caseworker_a, reason="other", note="x")


def test_closure_reason_other_needs_a_note(open_case, caseworker_a):
    with pytest.raises(ValidationError):
        services.closure_request(case=open_case, actor=caseworker_a, reason="other", note="")
    assert not ClosureRequest.objects.exists()


def test_supervisor_approval_closes_the_case_and_audits_both_actors(
    pending_closure, open_case, supervisor_a, caseworker_a
):
    services.closure_approve(closure=pending_closure, actor=supervisor_a)
    open_case.refresh_from_db()
    assert open_case.status == "closed"
    assert open_case.closure_reason == "services_completed"
    event = _audit("closure.approve")
    assert event.changes["requested_by"] == str(caseworker_a.public_id)
    assert event.changes["approved_by"] == str(supervisor_a.public_id)
    assert _audit("case.close").changes["approved_by"] == str(supervisor_a.public_id)
    assert Notification.objects.filter(recipient=caseworker_a, verb="closure_approved").exists()


def test_closure_cancels_open_tasks_but_keeps_followups_and_audits_each(
    open_case, victim, caseworker_a, supervisor_a
):
    """Closing ends the case work: its open tasks are cancelled in the closure's transaction
    (one ``task.cancel`` row each, reason ``case_closed``); finished tasks are untouched and
    reintegration follow-ups stay open, as they check on the victim after the closure."""
    due = timezone.localdate() - timedelta(days=30)
    ordinary = services.task_create(
        case=open_case,
        actor=caseworker_a,
        title="Shelter",
        kind="plan_service",
        due_on=due,
        assignee_user=caseworker_a,
    )
    done = services.task_create(
        case=open_case, actor=caseworker_a, title="Call family", kind="other", due_on=due
    )
    services.task_complete(task=done, actor=caseworker_a)
    followups = services.followups_schedule(
        case=open_case, participant=victim, start_on=date(2026, 1, 31), actor=caseworker_a
    )
    request = services.closure_request(case=open_case, actor=caseworker_a, reason="other", note="x")
    notifications = Notification.objects.count()
    services.closure_approve(closure=request, actor=supervisor_a)

    ordinary.refresh_from_db()
    done.refresh_from_db()
    assert ordinary.status == TaskStatus.CANCELLED
    assert ordinary.completed_at is not None
    assert done.status == TaskStatus.DONE
    assert all(
        t.status == TaskStatus.OPEN for t in Task.objects.filter(pk__in=[f.pk for f in followups])
    )
    event = AuditEvent.objects.get(action="task.cancel", target_public_id=ordinary.public_id)
    assert event.actor == supervisor_a
    assert event.changes == {"status": ["open", "cancelled"], "reason": "case_closed"}
    assert _audit("case.close").changes["tasks_cancelled"] == 1
    assert Notification.objects.count() == notifications + 1  # the requester's "approved" only


def test_case_manager_cannot_approve_closure(pending_closure, open_case, caseworker_a):
    with pytest.raises(ApplicationError):
        services.closure_approve(closure=pending_closure, actor=caseworker_a)
    open_case.refresh_from_db()
    assert open_case.status == "open"


def test_stale_case_version_refuses_the_approval(pending_closure, open_case, supervisor_a):
    with pytest.raises(ConflictError):
        services.closure_approve(
            closure=pending_closure, actor=supervisor_a, expected_version=open_case.version - 1
        )
    pending_closure.refresh_from_db()
    assert pending_closure.status == "pending"


def test_rejected_closure_keeps_the_case_open(pending_closure, open_case, supervisor_a):
    with pytest.raises(ValidationError):
        services.closure_reject(closure=pending_closure, actor=supervisor_a, comment="")
    services.closure_reject(closure=pending_closure, actor=supervisor_a, comment="Not yet.")
    open_case.refresh_from_db()
    pending_closure.refresh_from_db()
    assert open_case.status == "open"
    assert pending_closure.status == "rejected"
    assert _audit("closure.reject").actor == supervisor_a


def test_reopen_needs_a_reason_and_is_audited(pending_closure, open_case, supervisor_a):
    services.closure_approve(closure=pending_closure, actor=supervisor_a)
    open_case.refresh_from_db()
    with pytest.raises(ValidationError):
        case_reopen(case=open_case, actor=supervisor_a, reason="  ")
    case = case_reopen(case=open_case, actor=supervisor_a, reason="New evidence of exploitation.")
    assert case.status == "open"
    assert case.closed_at is None
    assert case.notes.filter(body="New evidence of exploitation.").exists()
    event = _audit("case.reopen")
    assert event.changes["previous_reason"] == "services_completed"
    assert "evidence" not in str(event.changes)


def test_open_case_cannot_be_reopened_and_outsider_cannot_reopen(open_case, caseworker_b):
    with pytest.raises(ApplicationError):
        case_reopen(case=open_case, actor=caseworker_b, reason="x")


# --- Follow-ups -----------------------------------------------------------------------------


def test_followups_at_1_3_6_12_months_with_month_end_clamping(open_case, victim, caseworker_a):
    tasks = services.followups_schedule(
        case=open_case, participant=victim, start_on=date(2026, 1, 31), actor=caseworker_a
    )
    assert [(t.followup_month, t.due_on) for t in tasks] == [
        (1, date(2026, 2, 28)),
        (3, date(2026, 4, 30)),
        (6, date(2026, 7, 31)),
        (12, date(2027, 1, 31)),
    ]
    assert all(t.assignee_user == caseworker_a and t.kind == "follow_up" for t in tasks)
    assert _audit("followups.schedule").changes["months"] == [1, 3, 6, 12]


def test_followups_in_a_leap_year(open_case, victim, caseworker_a):
    tasks = services.followups_schedule(
        case=open_case, participant=victim, start_on=date(2028, 1, 31), actor=caseworker_a
    )
    assert tasks[0].due_on == date(2028, 2, 29)


def test_scheduling_twice_creates_no_duplicates(open_case, victim, caseworker_a):
    services.followups_schedule(
        case=open_case, participant=victim, start_on=date(2026, 3, 1), actor=caseworker_a
    )
    again = services.followups_schedule(
        case=open_case, participant=victim, start_on=date(2026, 3, 1), actor=caseworker_a
    )
    assert again == []
    assert Task.objects.filter(kind="follow_up").count() == 4


def test_completed_reintegration_referral_schedules_followups_in_jakarta_time(
    open_case, victim, caseworker_a, social_provider
):
    from sigap.referrals.models import Referral
    from sigap.referrals.services import referral_accept, referral_complete, referral_send

    ref = referral_send(
        sharing_basis="public_task",
        legal_reference="UU 21/2007 Pasal 51",
        case=open_case,
        actor=caseworker_a,
        victim=victim,
        to_agency=Agency.objects.get(code="sudin-sosial-jakpus"),
        service=Service.objects.get(code="reintegration"),
    )
    referral_accept(referral=ref, actor=social_provider)
    referral_complete(
        referral=ref,
        actor=social_provider,
        delivered_on=timezone.localdate(),
        description="Synthetic reintegration.",
    )
    # 30 Jan 2026 17:30 UTC is already 31 Jan in Jakarta (UTC+7).
    Referral.objects.filter(pk=ref.pk).update(
        completed_at=datetime(2026, 1, 30, 17, 30, tzinfo=UTC)
    )
    assert services.followups_sync() == 4
    first = Task.objects.get(participant=victim, followup_month=1)
    assert first.due_on == date(2026, 2, 28)
    assert first.assignee_user is None  # scheduled by the system for the agency
    assert services.followups_sync() == 0


# --- Tasks ----------------------------------------------------------------------------------


def test_task_assigned_to_a_user_notifies_them(open_case, caseworker_a, supervisor_a):
    task = services.task_create(
        case=open_case,
        actor=supervisor_a,
        title="Call the family",
        kind=TaskKind.OTHER,
        due_on=timezone.localdate(),
        assignee_user=caseworker_a,
    )
    assert task.assignee_agency == open_case.handling_agency
    assert Notification.objects.filter(recipient=caseworker_a, verb="task_assigned").exists()
    assert _audit("task.create").changes["fields"] == ["title"]


def test_task_cannot_go_to_an_agency_not_on_the_case(open_case, caseworker_a):
    with pytest.raises(ValidationError):
        services.task_create(
            case=open_case,
            actor=caseworker_a,
            title="T",
            kind=TaskKind.OTHER,
            due_on=timezone.localdate(),
            assignee_agency=Agency.objects.get(code="polres-jakpus-ppa"),
        )


def test_task_goes_only_to_agencies_and_users_that_can_open_the_case(
    open_case, victim, caseworker_a, social_provider
):
    from sigap.referrals.services import referral_accept, referral_complete, referral_send

    sosial = Agency.objects.get(code="sudin-sosial-jakpus")
    ref = referral_send(
        sharing_basis="public_task",
        legal_reference="UU 21/2007 Pasal 51",
        case=open_case,
        actor=caseworker_a,
        victim=victim,
        to_agency=sosial,
        service=Service.objects.get(code="reintegration"),
    )
    referral_accept(referral=ref, actor=social_provider)

    def assign():
        return services.task_create(
            case=open_case,
            actor=caseworker_a,
            title="Kunjungan rumah",
            kind=TaskKind.OTHER,
            due_on=timezone.localdate(),
            assignee_agency=sosial,
            assignee_user=social_provider,
        )

    assert assign().assignee_user == social_provider  # open referral: the provider sees it
    referral_complete(
        referral=ref,
        actor=social_provider,
        delivered_on=timezone.localdate(),
        description="Synthetic reintegration.",
    )
    # Completed: the case is closed to the provider, so no new task (and no title) for it.
    assert sosial not in services.task_assignable_agencies(open_case)
    with pytest.raises(ValidationError) as exc:
        assign()
    assert "assignee_agency" in exc.value.message_dict


def test_task_user_must_see_the_case(open_case, caseworker_a, monkeypatch):
    # The agency may take the task, but a user of it who cannot open the case may not.
    from sigap.cases.models import Case

    monkeypatch.setattr(Case.objects, "visible_to", lambda user: Case.objects.none())
    with pytest.raises(ValidationError) as exc:
        services.task_create(
            case=open_case,
            actor=caseworker_a,
            title="T",
            kind=TaskKind.OTHER,
            due_on=timezone.localdate(),
            assignee_user=caseworker_a,
        )
    assert "assignee_user" in exc.value.message_dict


def test_handover_needs_the_exact_confirmed_list_and_is_audited(
    open_case, victim, caseworker_a, supervisor_a
):
    tasks = services.followups_schedule(
        case=open_case, participant=victim, start_on=date(2026, 3, 1), actor=caseworker_a
    )
    with pytest.raises(ApplicationError) as exc:
        services.task_reassign(
            case=open_case, actor=supervisor_a, tasks=tasks, to_user=supervisor_a, confirmed_ids=[]
        )
    assert sorted(exc.value.extra["tasks"]) == sorted(str(t.public_id) for t in tasks)
    assert Task.objects.filter(assignee_user=caseworker_a).count() == 4  # nothing moved
    services.task_reassign(
        case=open_case,
        actor=supervisor_a,
        tasks=tasks[:2],
        to_user=supervisor_a,
        confirmed_ids=[t.public_id for t in tasks[:2]],
    )
    assert Task.objects.filter(assignee_user=supervisor_a).count() == 2
    assert Task.objects.filter(assignee_user=caseworker_a).count() == 2
    events = AuditEvent.objects.filter(action="task.reassign")
    assert events.count() == 2
    assert events.first().changes["from_user"] == str(caseworker_a.public_id)


def test_task_complete_by_an_unrelated_user_is_refused(open_case, caseworker_a, caseworker_b):
    task = services.task_create(
        case=open_case, actor=caseworker_a, title="T", kind="other", due_on=timezone.localdate()
    )
    with pytest.raises(ApplicationError):
        services.task_complete(task=task, actor=caseworker_b)
    task = services.task_complete(task=task, actor=caseworker_a)
    assert task.status == TaskStatus.DONE
    assert _audit("task.complete").target_public_id == task.public_id


# --- Stage from data ------------------------------------------------------------------------


def test_stage_follows_the_case_through_each_step(
    reported_case, caseworker_a, supervisor_a, needs, service_rows
):
    assert case_stage(case=reported_case) == WorkflowStage.INTAKE
    from sigap.cases.services import case_open

    case = case_open(case=reported_case, actor=caseworker_a)
    assert case_stage(case=case) == WorkflowStage.IDENTIFICATION
    victim = case.participants.filter(role="victim").first()
    identification_record(
        case=case,
        actor=caseworker_a,
        victims=[victim],
        process=["recruitment"],
        means=["deception"],
        purpose=["forced_labour"],
    )
    assert case_stage(case=case) == WorkflowStage.ASSESSMENT
    services.assessment_record(
        case=case,
        participant=victim,
        actor=caseworker_a,
        assessed_on=timezone.localdate(),
        needs=needs,
    )
    assert case_stage(case=case) == WorkflowStage.PLAN
    plan = services.plan_create(
        case=case, participant=victim, actor=caseworker_a, goals="G", services=service_rows
    )
    services.plan_submit(plan=plan, actor=caseworker_a)
    assert case_stage(case=case) == WorkflowStage.PLAN
    services.plan_approve(plan=plan, actor=supervisor_a)
    assert case_stage(case=case) == WorkflowStage.SERVICES
    services.followups_schedule(
        case=case, participant=victim, start_on=timezone.localdate(), actor=caseworker_a
    )
    assert case_stage(case=case) == WorkflowStage.FOLLOW_UP
    request = services.closure_request(case=case, actor=caseworker_a, reason="services_completed")
    services.closure_approve(closure=request, actor=supervisor_a)
    assert case_stage(case=case) == WorkflowStage.CLOSED


# --- Digest ---------------------------------------------------------------------------------


def test_digest_is_sent_once_a_day_with_case_numbers_only(
    open_case, victim, caseworker_a, django_capture_on_commit_callbacks
):
    caseworker_a.email = "cm@example.org"
    caseworker_a.save(update_fields=["email"])
    today = timezone.localdate()
    services.task_create(
        case=open_case,
        actor=caseworker_a,
        title="Overdue call",
        kind="other",
        due_on=today - timedelta(days=2),
        assignee_user=caseworker_a,
    )
    services.task_create(
        case=open_case,
        actor=caseworker_a,
        title="Due today",
        kind="other",
        due_on=today,
        assignee_user=caseworker_a,
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.digest_send(user=caseworker_a, today=today) == 2
        assert services.digest_send(user=caseworker_a, today=today) is None
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert open_case.number in body
    assert victim.person.full_name not in body
    assert "Overdue call" not in body  # task titles are free text
