"""API for plans and tasks: 401/403/404, the 409 conflict, approval."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from sigap.casework import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def _detail(plan, action=None):
    name = f"api:caseplan-{action}" if action else "api:caseplan-detail"
    return reverse(name, kwargs={"public_id": plan.public_id})


def _body(goals, version):
    due = (timezone.localdate() + timedelta(days=3)).isoformat()
    return {
        "goals": goals,
        "expected_version": version,
        "services": [{"service": "shelter", "due_on": due}],
    }


def test_anonymous_gets_401(api, draft_plan):
    assert api.get(reverse("api:caseplan-list")).status_code == 401


def test_plan_list_is_scoped(api, draft_plan, caseworker_a, caseworker_b):
    api.force_authenticate(caseworker_a)
    data = api.get(reverse("api:caseplan-list")).json()
    assert [p["public_id"] for p in data["results"]] == [str(draft_plan.public_id)]
    api.force_authenticate(caseworker_b)
    assert api.get(reverse("api:caseplan-list")).json()["count"] == 0
    assert api.get(_detail(draft_plan)).status_code == 404


def test_second_concurrent_edit_answers_409(api, draft_plan, caseworker_a, supervisor_a):
    loaded = draft_plan.version
    api.force_authenticate(caseworker_a)
    first = api.put(_detail(draft_plan), _body("First", loaded), format="json")
    assert first.status_code == 200
    assert first.json()["version"] == loaded + 1
    api.force_authenticate(supervisor_a)
    second = api.put(_detail(draft_plan), _body("Second", loaded), format="json")
    assert second.status_code == 409
    assert second.json()["extra"]["current_version"] == loaded + 1
    draft_plan.refresh_from_db()
    assert draft_plan.goals == "First"


def test_provider_gets_403_on_plan_edit(api, draft_plan, health_provider):
    api.force_authenticate(health_provider)
    response = api.put(_detail(draft_plan), _body("x", draft_plan.version), format="json")
    assert response.status_code == 403


def test_case_manager_gets_403_on_approve(api, submitted_plan, caseworker_a):
    api.force_authenticate(caseworker_a)
    assert api.post(_detail(submitted_plan, "approve"), {}, format="json").status_code == 403


def test_supervisor_approves_through_the_api(api, submitted_plan, supervisor_a):
    api.force_authenticate(supervisor_a)
    response = api.post(
        _detail(submitted_plan, "approve"),
        {"expected_version": submitted_plan.version},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["status"] == "approved"


def test_reject_without_comment_answers_400(api, submitted_plan, supervisor_a):
    api.force_authenticate(supervisor_a)
    response = api.post(_detail(submitted_plan, "reject"), {"comment": ""}, format="json")
    assert response.status_code == 400
    assert "comment" in response.json()["extra"]["fields"]


def test_tasks_list_and_complete(api, open_case, caseworker_a, caseworker_b):
    task = services.task_create(
        case=open_case,
        actor=caseworker_a,
        title="T",
        kind="other",
        due_on=timezone.localdate(),
        assignee_user=caseworker_a,
    )
    api.force_authenticate(caseworker_b)
    assert api.get(reverse("api:task-list")).json()["count"] == 0
    url = reverse("api:task-complete", kwargs={"public_id": task.public_id})
    assert api.post(url).status_code == 404
    api.force_authenticate(caseworker_a)
    assert api.get(reverse("api:task-list")).json()["count"] == 1
    response = api.post(url)
    assert response.status_code == 200
    assert response.json()["status"] == "done"
