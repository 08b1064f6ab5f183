"""Case-work pages: outsider 404, wrong role 403, the flows through the UI, my work."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from sigap.agencies.models import Agency, Service
from sigap.cases.models import Case
from sigap.casework import services
from sigap.casework.choices import WorkflowStage
from sigap.casework.models import CasePlan, ClosureRequest, DigestLog, Notification, Task

pytestmark = pytest.mark.django_db


def _url(name, obj):
    return reverse(f"casework:{name}", kwargs={"public_id": obj.public_id})


CASE_PAGES = [
    "case-work",
    "assessment-create",
    "plan-create",
    "closure-request",
    "task-create",
    "task-reassign",
    "followups-schedule",
]


@pytest.mark.parametrize("name", CASE_PAGES)
def test_outsider_gets_404(client, open_case, caseworker_b, name):
    client.force_login(caseworker_b)
    assert client.get(_url(name, open_case)).status_code == 404


@pytest.mark.parametrize("name", CASE_PAGES)
def test_handling_case_manager_gets_the_page(client, open_case, caseworker_a, name):
    client.force_login(caseworker_a)
    assert client.get(_url(name, open_case)).status_code == 200


@pytest.mark.parametrize("persona", ["reporter_kemayoran", "health_provider", "secretariat_user"])
def test_wrong_role_gets_403_on_writes(client, request, open_case, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(_url("plan-create", open_case)).status_code == 403
    assert client.post(_url("closure-request", open_case), {"reason": "other"}).status_code == 403


def test_case_manager_gets_403_on_decisions(client, submitted_plan, pending_closure, caseworker_a):
    client.force_login(caseworker_a)
    assert client.get(_url("plan-decide", submitted_plan)).status_code == 403
    assert client.get(_url("closure-decide", pending_closure.case)).status_code == 403


def test_outsider_gets_404_on_a_plan(client, draft_plan, caseworker_b):
    client.force_login(caseworker_b)
    assert client.get(_url("plan-edit", draft_plan)).status_code == 404


def test_case_page_shows_the_stage_and_the_request_closure_link(client, open_case, caseworker_a):
    client.force_login(caseworker_a)
    response = client.get(reverse("cases:case-detail", kwargs={"public_id": open_case.public_id}))
    body = response.content.decode()
    assert 'id="h-casework"' in body
    assert _url("closure-request", open_case) in body
    assert "stage-identification" in body


def test_case_page_reads_the_stage_once(
    client, open_case, caseworker_a, django_assert_max_num_queries
):
    """The header's stage badge and the case-work panel show the same stage, read once."""
    client.force_login(caseworker_a)
    url = reverse("cases:case-detail", kwargs={"public_id": open_case.public_id})
    with django_assert_max_num_queries(80) as page:
        body = client.get(url).content.decode()
    assert body.count("stage-identification") >= 2  # badge and panel
    assert sum('"cw_identified"' in q["sql"] for q in page.captured_queries) == 1


def test_case_page_has_no_casework_panel_for_a_reporter(client, open_case, reporter_kemayoran):
    client.force_login(reporter_kemayoran)
    response = client.get(reverse("cases:case-detail", kwargs={"public_id": open_case.public_id}))
    assert 'id="h-casework"' not in response.content.decode()


def test_old_close_url_sends_to_the_closure_request(client, open_case, caseworker_a):
    client.force_login(caseworker_a)
    response = client.post(
        reverse("cases:case-close", kwargs={"public_id": open_case.public_id}),
        {"reason": "services_completed", "expected_version": open_case.version},
    )
    assert response.status_code == 302
    assert response["Location"] == _url("closure-request", open_case)
    open_case.refresh_from_db()
    assert open_case.status == "open"  # no direct close any more


def test_closure_through_the_ui_needs_the_supervisor(client, open_case, caseworker_a, supervisor_a):
    client.force_login(caseworker_a)
    response = client.post(
        _url("closure-request", open_case), {"reason": "services_completed", "note": ""}
    )
    assert response.status_code == 302
    open_case.refresh_from_db()
    assert open_case.status == "open"
    client.force_login(supervisor_a)
    assert client.get(_url("closure-decide", open_case)).status_code == 200
    response = client.post(
        _url("closure-decide", open_case),
        {"decision": "approve", "comment": "", "expected_version": open_case.version},
    )
    assert response.status_code == 302
    open_case.refresh_from_db()
    assert open_case.status == "closed"
    assert ClosureRequest.objects.get().status == "approved"
    # Reopen with a reason.
    response = client.post(_url("case-reopen", open_case), {"reason": "New facts."})
    assert response.status_code == 302
    open_case.refresh_from_db()
    assert open_case.status == "open"


def test_stale_closure_decision_is_refused_with_a_message(
    client, pending_closure, open_case, supervisor_a
):
    client.force_login(supervisor_a)
    response = client.post(
        _url("closure-decide", open_case),
        {"decision": "approve", "expected_version": open_case.version - 1},
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    open_case.refresh_from_db()
    assert open_case.status == "open"


def _plan_post(goals, version, due):
    return {
        "goals": goals,
        "expected_version": version,
        "services-TOTAL_FORMS": "1",
        "services-INITIAL_FORMS": "0",
        "services-MIN_NUM_FORMS": "0",
        "services-MAX_NUM_FORMS": "30",
        "services-0-service": str(Service.objects.get(code="shelter").pk),
        "services-0-agency": "",
        "services-0-due_on": due.strftime("%d-%m-%Y"),
        "services-0-note": "",
    }


def test_second_plan_edit_in_the_ui_is_refused_and_keeps_the_input(
    client, draft_plan, caseworker_a, supervisor_a
):
    due = timezone.localdate() + timedelta(days=5)
    loaded = draft_plan.version
    client.force_login(caseworker_a)
    first = client.post(_url("plan-edit", draft_plan), _plan_post("First", loaded, due))
    assert first.status_code == 302
    client.force_login(supervisor_a)
    second = client.post(_url("plan-edit", draft_plan), _plan_post("Second", loaded, due))
    assert second.status_code == 200
    assert second.context["form"].non_field_errors()
    assert "Second" in second.content.decode()  # the user's input is still on the page
    draft_plan.refresh_from_db()
    assert draft_plan.goals == "First"


def test_plan_create_submit_and_approve_through_the_ui(
    client, open_case, victim, caseworker_a, supervisor_a
):
    due = timezone.localdate() + timedelta(days=5)
    client.force_login(caseworker_a)
    data = _plan_post("Safe return", "", due) | {"participant": str(victim.public_id)}
    data.pop("expected_version")
    assert client.post(_url("plan-create", open_case), data).status_code == 302
    plan = CasePlan.objects.get()
    response = client.post(_url("plan-submit", plan), {"expected_version": plan.version})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == "submitted"
    client.force_login(supervisor_a)
    response = client.post(
        _url("plan-decide", plan),
        {"decision": "reject", "comment": "", "expected_version": plan.version},
    )
    assert response.status_code == 200  # a rejection needs a comment
    response = client.post(
        _url("plan-decide", plan),
        {"decision": "approve", "comment": "", "expected_version": plan.version},
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == "approved"


def test_handover_shows_the_tasks_before_moving_them(
    client, open_case, victim, caseworker_a, supervisor_a
):
    tasks = services.followups_schedule(
        case=open_case, participant=victim, start_on=timezone.localdate(), actor=caseworker_a
    )
    client.force_login(supervisor_a)
    data = {"tasks": [str(t.public_id) for t in tasks[:2]], "to_user": str(supervisor_a.public_id)}
    review = client.post(_url("task-reassign", open_case), data)
    assert review.status_code == 200
    assert review.context["confirming"] is True
    assert len(review.context["chosen"]) == 2
    assert Task.objects.filter(assignee_user=supervisor_a).count() == 0  # nothing moved yet
    confirmed = data | {"confirm": "on", "confirmed_ids": review.context["chosen_ids"]}
    assert client.post(_url("task-reassign", open_case), confirmed).status_code == 302
    assert Task.objects.filter(assignee_user=supervisor_a).count() == 2


def test_followups_form_schedules_four_tasks(client, open_case, victim, caseworker_a):
    client.force_login(caseworker_a)
    response = client.post(
        _url("followups-schedule", open_case),
        {"participant": str(victim.public_id), "start_on": "31-01-2026"},
    )
    assert response.status_code == 302
    assert sorted(Task.objects.values_list("due_on", flat=True))[0].isoformat() == "2026-02-28"


def test_task_complete_outsider_404_and_assignee_ok(client, open_case, caseworker_a, caseworker_b):
    task = services.task_create(
        case=open_case, actor=caseworker_a, title="T", kind="other", due_on=timezone.localdate()
    )
    client.force_login(caseworker_b)
    assert client.post(_url("task-complete", task)).status_code == 404
    client.force_login(caseworker_a)
    assert client.post(_url("task-complete", task)).status_code == 302
    task.refresh_from_db()
    assert task.status == "done"


# --- My work --------------------------------------------------------------------------------


def test_my_work_lists_waiting_approvals_for_the_supervisor_only(
    client, submitted_plan, pending_closure, supervisor_a, caseworker_a
):
    client.force_login(supervisor_a)
    work = client.get(reverse("casework:my-work")).context["work"]
    assert [p.pk for p in work.plans_waiting] == [submitted_plan.pk]
    assert [c.pk for c in work.closures_waiting] == [pending_closure.pk]
    client.force_login(caseworker_a)
    work = client.get(reverse("casework:my-work")).context["work"]
    assert work.plans_waiting == [] and work.closures_waiting == []


def test_my_work_shows_overdue_referrals_and_followups_in_scope(
    client, open_case, victim, caseworker_a, caseworker_b, health_provider
):
    from sigap.referrals.models import Referral
    from sigap.referrals.services import referral_send

    ref = referral_send(
        sharing_basis="public_task",
        legal_reference="UU 21/2007 Pasal 51",
        case=open_case,
        actor=caseworker_a,
        victim=victim,
        to_agency=Agency.objects.get(code="sudin-kesehatan-jakpus"),
        service=Service.objects.get(code="health_rehab"),
    )
    Referral.objects.filter(pk=ref.pk).update(due_on=timezone.localdate() - timedelta(days=1))
    services.followups_schedule(
        case=open_case,
        participant=victim,
        start_on=timezone.localdate() - timedelta(days=40),
        actor=caseworker_a,
    )
    client.force_login(caseworker_a)
    work = client.get(reverse("casework:my-work")).context["work"]
    assert [r.pk for r in work.referrals_sent] == [ref.pk]
    assert [t.followup_month for t in work.followups] == [1]  # overdue; 3 months not yet due
    client.force_login(health_provider)
    work = client.get(reverse("casework:my-work")).context["work"]
    assert [r.pk for r in work.referrals_received] == [ref.pk]
    assert work.followups == []
    client.force_login(caseworker_b)
    body = client.get(reverse("casework:my-work")).content.decode()
    assert open_case.number not in body


def test_my_work_runs_a_bounded_number_of_queries(
    client, open_case, victim, caseworker_a, supervisor_a, django_assert_max_num_queries
):
    client.force_login(supervisor_a)
    with django_assert_max_num_queries(25) as few:
        client.get(reverse("casework:my-work"))
    for _ in range(3):
        services.task_create(
            case=open_case,
            actor=caseworker_a,
            title="T",
            kind="follow_up",
            due_on=timezone.localdate(),
            assignee_user=supervisor_a,
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("casework:my-work"))


# --- Case list stage -------------------------------------------------------------------------


def test_case_list_shows_stage_with_bounded_queries(
    client, open_case, caseworker_a, reporter_kemayoran, areas, django_assert_max_num_queries
):
    from sigap.cases.services import case_report

    client.force_login(caseworker_a)
    with django_assert_max_num_queries(30) as few:
        response = client.get(reverse("cases:case-list"))
    assert 'data-stage="identification"' in response.content.decode()
    for _ in range(4):
        case_report(
            actor=reporter_kemayoran,
            intake_channel="walk_in",
            report_area=areas["31.71.03.1001"],
            summary="Synthetic.",
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("cases:case-list"))
    assert response.content.decode().count('data-stage="intake"') == 4


def test_case_list_shows_no_stage_to_a_reporter(client, open_case, reporter_kemayoran):
    client.force_login(reporter_kemayoran)
    response = client.get(reverse("cases:case-list"))
    assert response.context["page_obj"].paginator.count == 1
    assert "data-stage" not in response.content.decode()


def test_list_stages_only_for_the_handling_team(
    open_case, caseworker_a, caseworker_b, supervisor_a
):
    """The stage query reads only the ids ``is_handling_team`` keeps: a case of another
    agency handed to it gives nothing (it no longer re-applies the scope rule itself)."""
    from sigap.casework.selectors import case_list_stages

    assert case_list_stages(user=caseworker_b, cases=[open_case]) == {}
    assert case_list_stages(user=caseworker_a, cases=[open_case]) == {
        open_case.pk: WorkflowStage.IDENTIFICATION
    }
    assert set(case_list_stages(user=supervisor_a, cases=[open_case])) == {open_case.pk}


# --- Notifications and digest --------------------------------------------------------------


def test_bell_count_and_notification_list(client, submitted_plan, supervisor_a):
    client.force_login(supervisor_a)
    response = client.get(reverse("casework:notification-list"))
    assert response.status_code == 200
    assert len(response.context["page_obj"].object_list) == 1
    client.post(reverse("casework:notification-read"))
    assert not Notification.objects.filter(recipient=supervisor_a, read_at__isnull=True).exists()


def test_send_digest_command_is_idempotent(
    open_case, caseworker_a, mailoutbox, django_capture_on_commit_callbacks
):
    caseworker_a.email = "cm@example.org"
    caseworker_a.save(update_fields=["email"])
    services.task_create(
        case=open_case,
        actor=caseworker_a,
        title="T",
        kind="other",
        due_on=timezone.localdate() - timedelta(days=1),
        assignee_user=caseworker_a,
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digest")
        call_command("send_digest")
    assert DigestLog.objects.filter(user=caseworker_a).count() == 1
    assert len([m for m in mailoutbox if "cm@example.org" in m.to]) == 1
    assert Case.objects.count() == 1
