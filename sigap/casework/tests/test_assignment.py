"""The named case manager and the supervisors' caseload (issue 13 §7)."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from sigap.agencies.choices import Role
from sigap.audit.models import AuditEvent
from sigap.cases.models import Case
from sigap.casework.assignment import case_assign, caseload
from sigap.casework.choices import TaskKind
from sigap.casework.models import Notification, Task
from sigap.core.exceptions import ApplicationError

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague(make_user):
    return make_user(Role.CASE_MANAGER, "upt-ppa-dki", username="manajer-kedua")


def test_taking_a_case_on_names_the_case_manager(open_case, caseworker_a):
    assert open_case.case_manager == caseworker_a


def test_supervisor_reassigns_audited_and_both_notified(
    open_case, caseworker_a, supervisor_a, colleague
):
    case_assign(actor=supervisor_a, case=open_case, assignee=colleague)
    open_case.refresh_from_db()
    assert open_case.case_manager == colleague
    event = AuditEvent.objects.get(action="case.assign")
    assert event.changes["case_manager"] == [caseworker_a.pk, colleague.pk]
    new = Notification.objects.get(recipient=colleague, verb="case_assigned")
    assert new.case_number == open_case.number
    assert new.target_url() == reverse("cases:case-detail", args=[open_case.public_id])
    assert Notification.objects.filter(recipient=caseworker_a, verb="case_unassigned").exists()
    # the same assignment again changes nothing
    case_assign(actor=supervisor_a, case=open_case, assignee=colleague)
    assert AuditEvent.objects.filter(action="case.assign").count() == 1


def test_who_may_assign_and_whom(
    open_case, caseworker_a, colleague, caseworker_b, supervisor_a, make_user
):
    with pytest.raises(ApplicationError):  # a case manager cannot reassign a case that has one
        case_assign(actor=colleague, case=open_case, assignee=colleague)
    with pytest.raises(ApplicationError):  # another agency's case manager is not assignable
        case_assign(actor=supervisor_a, case=open_case, assignee=caseworker_b)
    other_supervisor = make_user(Role.SUPERVISOR, "sudin-sosial-jakpus")
    with pytest.raises(ApplicationError):
        case_assign(actor=other_supervisor, case=open_case, assignee=colleague)
    Case.objects.filter(pk=open_case.pk).update(case_manager=None)
    open_case.refresh_from_db()
    case_assign(actor=colleague, case=open_case, assignee=colleague)  # takes the unassigned case
    open_case.refresh_from_db()
    assert open_case.case_manager == colleague


def test_assign_page_and_case_page(client, open_case, supervisor_a, colleague, caseworker_b):
    client.force_login(caseworker_b)  # out of scope
    assert (
        client.get(reverse("casework:case-assign", args=[open_case.public_id])).status_code == 404
    )
    client.force_login(supervisor_a)
    page = client.get(reverse("cases:case-detail", args=[open_case.public_id])).content.decode()
    assert reverse("casework:case-assign", args=[open_case.public_id]) in page
    url = reverse("casework:case-assign", args=[open_case.public_id])
    assert "manajer-kedua" in client.get(url).content.decode() or colleague.get_full_name() in (
        client.get(url).content.decode()
    )
    bad = client.post(url, {"assignee": "999999"})
    assert bad.status_code == 400
    ok = client.post(url, {"assignee": str(colleague.pk)})
    assert ok.status_code == 302
    open_case.refresh_from_db()
    assert open_case.case_manager == colleague


def test_my_cases_filter(client, open_case, caseworker_a, colleague):
    client.force_login(colleague)
    html = client.get(reverse("cases:case-list") + "?mine=1").content.decode()
    assert open_case.number not in html
    client.force_login(caseworker_a)
    html = client.get(reverse("cases:case-list") + "?mine=1").content.decode()
    assert open_case.number in html


def test_caseload_numbers_equal_independent_counts(
    client, open_case, caseworker_a, supervisor_a, colleague, reported_case
):
    today = date(2026, 12, 4)
    Task.objects.create(
        case=open_case,
        kind=TaskKind.values[0],
        title="Kunjungan rumah",
        due_on=today - timedelta(days=2),
        assignee_agency=open_case.handling_agency,
        assignee_user=caseworker_a,
    )
    rows = {r.user: r for r in caseload(user=supervisor_a, today=today)}
    assert set(rows) >= {caseworker_a, colleague}
    for user, row in rows.items():
        expected = (
            Case.objects.filter(handling_agency=supervisor_a.membership.agency, case_manager=user)
            .exclude(status="closed")
            .count()
        )
        assert row.open_cases == expected
        expected_tasks = Task.objects.filter(assignee_user=user, status="open") if user else None
        assert row.open_tasks == (expected_tasks.count() if user else 0)
        if user:
            assert row.overdue_tasks == expected_tasks.filter(due_on__lt=today).count()
    assert rows[caseworker_a].overdue_tasks == 1
    assert rows[colleague].open_cases == 0
    assert caseload(user=caseworker_a, today=today) == []
    client.force_login(supervisor_a)
    assert client.get(reverse("casework:caseload")).status_code == 200
    client.force_login(caseworker_a)
    assert client.get(reverse("casework:caseload")).status_code == 403
