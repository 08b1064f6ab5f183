"""Change history (issue 7 finding 6): old and new values kept, identity/free text masked, and a
history page for the case team only."""

from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import translation

from sigap.audit.history import MASK, change_lines, masked_diff
from sigap.audit.models import AuditEvent
from sigap.casework import services

pytestmark = pytest.mark.django_db


def test_masked_diff_keeps_old_and_new_values_and_masks_identity():
    diff = masked_diff(
        {"status": "open", "full_name": "Siti", "nik": "3171", "same": 1},
        {"status": "closed", "full_name": "Sri", "nik": "3172", "same": 1},
    )["diff"]
    assert diff["status"] == {"old": "open", "new": "closed"}
    assert diff["full_name"] == diff["nik"] == {"old": MASK, "new": MASK}
    assert "same" not in diff
    assert "Siti" not in str(diff) and "3171" not in str(diff)


def test_change_lines_read_new_and_old_shapes():
    def lines(changes, action="plan.update", target="casework.caseplan"):
        event = SimpleNamespace(action=action, target_type=target, changes=changes)
        with translation.override("id"):
            return [(line.label, line.old, line.new) for line in change_lines(event)]

    rows = lines({"diff": {"status": {"old": "draft", "new": "submitted"}, "goals": {"old": "x"}}})
    assert ("Status", "Draf", "Diajukan untuk persetujuan") in rows and (
        "Tujuan",
        MASK,
        MASK,
    ) in rows
    assert lines({"status": ["open", "closed"]}, "case.close", "cases.case") == [
        ("Status", "Ditangani", "Ditutup")
    ]
    assert lines({"fields": ["phone", "summary"]}, "case.report", "cases.case") == [
        ("Dicatat (nilainya tidak disimpan di log)", None, "Telepon, Ringkasan kejadian")
    ]


def test_plan_update_records_old_and_new_values_with_goals_masked(
    draft_plan, caseworker_a, service_rows
):
    services.plan_update(
        plan=draft_plan,
        actor=caseworker_a,
        goals="Rahasia tujuan baru",
        services=[],
        expected_version=draft_plan.version,
    )
    event = AuditEvent.objects.filter(action="plan.update").get()
    diff = event.changes["diff"]
    assert diff["services"] == {"old": ["health_rehab"], "new": []}
    assert diff["goals"] == {"old": MASK, "new": MASK}
    assert "Rahasia" not in str(event.changes) and "Recovery" not in str(event.changes)


def test_history_page_shows_changes_to_the_case_team(
    client, draft_plan, caseworker_a, open_case, victim
):
    services.plan_update(
        plan=draft_plan,
        actor=caseworker_a,
        goals="Rahasia tujuan baru",
        services=[],
        expected_version=draft_plan.version,
    )
    client.force_login(caseworker_a)
    response = client.get(reverse("audit:case-history", args=[open_case.public_id]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "health_rehab" not in body and MASK in body
    assert "Layanan: Rehabilitasi kesehatan → –" in " ".join(body.split())
    assert "Rahasia" not in body
    assert victim.person.full_name not in body
    events = list(response.context["page"].object_list)
    assert events and all(not e.action.endswith(".view") for e in events)


def test_history_page_is_refused_outside_the_case_team(client, open_case, caseworker_b):
    client.force_login(caseworker_b)
    response = client.get(reverse("audit:case-history", args=[open_case.public_id]))
    assert response.status_code in (403, 404)
