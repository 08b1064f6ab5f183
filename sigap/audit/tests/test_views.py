"""Auditor pages and the "who accessed this record" panel on the case page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sigap.agencies.choices import Role
from sigap.agencies.models import Agency, Service
from sigap.audit.models import AuditEvent
from sigap.audit.services import audit_record
from sigap.referrals.services import referral_send

pytestmark = pytest.mark.django_db

VICTIM_MARKER = "Korban Sintetis"  # the conftest victims' names


@pytest.fixture
def auditor(make_user):
    return make_user(Role.AUDITOR, "pemkot-jakpus", "dpo")


@pytest.fixture
def referral(open_case, caseworker_a):
    return referral_send(
        case=open_case,
        actor=caseworker_a,
        victim=open_case.participants.order_by("id").first(),
        to_agency=Agency.objects.get(code="sudin-kesehatan-jakpus"),
        service=Service.objects.get(code="health_rehab"),
        sharing_basis="public_task",
        legal_reference="UU 21/2007 Pasal 51",
    )


def _case_url(case):
    return reverse("cases:case-detail", kwargs={"public_id": case.public_id})


def _log_url(case):
    return reverse("audit:case-access-log", kwargs={"public_id": case.public_id})


# --- Panel on the case page -----------------------------------------------------------------


@pytest.mark.parametrize("persona", ["caseworker_a", "supervisor_a"])
def test_handling_case_team_sees_who_accessed_the_case(client, request, open_case, persona):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    response = client.get(_case_url(open_case))
    assert response.status_code == 200
    page = response.context["access_log"]
    assert page is not None
    actions = [e.action for e in page.object_list]
    assert actions[0] == "case.view"  # this very view, newest first
    assert "case.open" in actions
    assert 'id="h-access-log"' in response.content.decode()


def test_outsider_gets_404_for_the_case_page(client, open_case, caseworker_b):
    client.force_login(caseworker_b)
    assert client.get(_case_url(open_case)).status_code == 404


def test_service_provider_does_not_see_the_panel(client, open_case, referral, health_provider):
    client.force_login(health_provider)
    response = client.get(_case_url(open_case))
    assert response.status_code == 200
    assert response.context["access_log"] is None
    assert 'id="h-access-log"' not in response.content.decode()


def test_panel_is_paginated_to_fifty(client, open_case, caseworker_a):
    for _ in range(55):
        audit_record(actor=caseworker_a, action="case.export", target=open_case)
    client.force_login(caseworker_a)
    page = client.get(_case_url(open_case)).context["access_log"]
    assert len(page.object_list) == 50
    assert page.paginator.count > 55
    older = client.get(_case_url(open_case), {"log_page": 2}).context["access_log"]
    assert older.number == 2
    # Each view adds one case.view row, so page 2 starts where page 1 ended, one row later.
    assert max(e.pk for e in older.object_list) <= min(e.pk for e in page.object_list)


# --- Auditor's case access log ----------------------------------------------------------------


def test_auditor_sees_the_access_log_but_no_case_content(
    client, open_case, referral, caseworker_a, auditor
):
    client.force_login(caseworker_a)
    client.get(_case_url(open_case))  # records a case.view
    client.force_login(auditor)
    response = client.get(_log_url(open_case))
    assert response.status_code == 200
    html = response.content.decode()
    assert open_case.number in html
    # Words, not keys (issue 13 §10): the actions read as translated labels.
    assert "Kasus: dilihat" in html and "Rujukan: dikirim" in html
    assert "case.view" not in html
    assert VICTIM_MARKER not in html
    assert open_case.summary not in html
    assert {e.action for e in response.context["page"].object_list} >= {
        "case.view",
        "referral.send",
    }


def test_auditor_cannot_open_the_case_page(client, open_case, auditor):
    client.force_login(auditor)
    assert client.get(_case_url(open_case)).status_code == 403


def test_access_log_page_of_an_unknown_case_is_404(client, auditor):
    client.force_login(auditor)
    url = reverse(
        "audit:case-access-log", kwargs={"public_id": "00000000-0000-4000-8000-000000000000"}
    )
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("persona", ["caseworker_a", "health_provider", "platform_admin"])
def test_access_log_page_is_for_auditors_only(client, request, open_case, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(_log_url(open_case)).status_code == 403


def test_anonymous_is_sent_to_login(client, open_case):
    response = client.get(_log_url(open_case))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


# --- Auditor's event list ---------------------------------------------------------------------


def test_auditor_lists_and_filters_events(client, open_case, referral, auditor):
    client.force_login(auditor)
    response = client.get(reverse("audit:event-list"))
    assert response.status_code == 200
    assert response.context["page"].paginator.count == AuditEvent.objects.count()
    assert reverse("audit:event-list") in response.content.decode()  # the nav link
    response = client.get(reverse("audit:event-list"), {"action": "referral.send"})
    assert [e.action for e in response.context["page"].object_list] == ["referral.send"]
    assert VICTIM_MARKER not in response.content.decode()


def test_event_list_refuses_other_roles(client, caseworker_a):
    client.force_login(caseworker_a)
    assert client.get(reverse("audit:event-list")).status_code == 403


def test_event_list_ignores_an_invalid_date_range(client, open_case, auditor):
    client.force_login(auditor)
    response = client.get(
        reverse("audit:event-list"), {"date_from": "02-01-2026", "date_to": "01-01-2026"}
    )
    assert response.status_code == 200
    assert "date_to" in response.context["form"].errors


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_event_list_costs_the_same_queries_for_5_or_50_rows(
    client, open_case, auditor, caseworker_a, health_provider
):
    client.force_login(auditor)
    url = reverse("audit:event-list")
    small = _queries(client, url)
    for i in range(60):
        actor = caseworker_a if i % 2 else health_provider
        audit_record(actor=actor, action=f"test.action{i % 7}", target=open_case)
    assert _queries(client, url) == small
    assert small <= 13  # includes the notification bell of the header (casework)


def test_case_access_log_costs_the_same_queries_for_5_or_50_rows(
    client, open_case, auditor, caseworker_a, health_provider
):
    client.force_login(auditor)
    url = _log_url(open_case)
    small = _queries(client, url)
    for i in range(60):
        actor = caseworker_a if i % 2 else health_provider
        audit_record(actor=actor, action="case.view", target=open_case)
    assert _queries(client, url) == small


def test_event_list_never_counts_or_sorts_the_whole_log(
    client, open_case, auditor, caseworker_a, monkeypatch
):
    """Issue 8 §4: at tens of millions of audit rows the log page must not count them all or
    read every row for its action list. The count stops at the cap (here 5), the actions come
    from a skip scan, and older events are reached by cursor with the filter kept."""
    from sigap.core import pagination

    monkeypatch.setattr(pagination, "COUNT_CAP", 5)
    for i in range(12):
        audit_record(actor=caseworker_a, action=f"test.action{i % 3}", target=open_case)
    client.force_login(auditor)
    url = reverse("audit:event-list")
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, {"action": "test.action1"})
    body = response.content.decode()
    counts = [
        q["sql"]
        for q in ctx.captured_queries
        if "COUNT(" in q["sql"].upper() and "audit_auditevent" in q["sql"]
    ]
    assert counts and all("LIMIT 6" in sql for sql in counts), counts
    assert not [q for q in ctx.captured_queries if "DISTINCT" in q["sql"].upper()]
    assert response.context["page"].paginator.count_capped is False  # 4 of this action
    assert len(response.context["page"].object_list) == 4
    # Every recorded action is offered, each once, in order; none read from a DISTINCT.
    recorded = sorted(set(AuditEvent.objects.values_list("action", flat=True)))
    offered = [value for value, _label in response.context["form"].fields["action"].choices][1:]
    assert sorted(offered) == recorded
    # Unfiltered: more than the cap, said so; the last page holds the oldest event.
    response = client.get(url)
    assert response.context["page"].paginator.count_capped is True
    assert "Lebih dari 5" in response.content.decode() or "More than 5" in response.content.decode()
    oldest = AuditEvent.objects.order_by("id").first()
    response = client.get(url, {"last": "1"})
    assert oldest.pk in [e.pk for e in response.context["page"].object_list]
    assert "test.action" not in body.split("<form", 1)[0]  # no raw key in the page head


def test_event_list_links_keep_the_valid_filters_only(client, open_case, auditor, caseworker_a):
    """Pagination links carry the filters as submitted when valid, and never an invalid one."""
    from sigap.audit.selectors import EVENT_LIST_PAGE_SIZE

    for _ in range(EVENT_LIST_PAGE_SIZE + 1):
        audit_record(actor=caseworker_a, action="test.paged", target=open_case)
    client.force_login(auditor)
    response = client.get(
        reverse("audit:event-list"), {"action": "test.paged", "date_to": "not-a-date"}
    )
    assert response.context["page_prefix"] == "?"  # the form was invalid: no filter applied
    response = client.get(reverse("audit:event-list"), {"action": "test.paged"})
    assert response.context["page_prefix"] == "?action=test.paged&"
    assert 'href="?action=test.paged&amp;page=2"' in response.content.decode()


@pytest.mark.parametrize(
    ("language", "text"),
    [("id", "Lebih dari 10.000 peristiwa"), ("en", "More than 10,000 events")],
)
def test_capped_event_count_is_grouped_as_the_language_writes_numbers(
    client, open_case, auditor, count_over_cap, settings, language, text
):
    client.force_login(auditor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    assert text in client.get(reverse("audit:event-list")).content.decode()
