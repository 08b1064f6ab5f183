"""Dashboard numbers cached per scope (issue 8 §4): a cached number is always the fresh count
of the same scope rule, per role, before and after writes; city-wide users share one
computation, users with their own scope never share theirs."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from sigap.cases.access import case_view_for
from sigap.cases.choices import CaseStatus
from sigap.cases.models import Case
from sigap.reports.selectors import (
    dashboard_case_totals,
    dashboard_cases_by_exploitation_form,
    dashboard_cases_by_kecamatan,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cache_on():
    cache.clear()
    with override_settings(SIGAP_DASHBOARD_CACHE_SECONDS=60):
        yield
    cache.clear()


def _independent_open(qs) -> int:
    """Open cases counted without the dashboard code: reported + open rows, by Python."""
    return sum(1 for c in qs if c.status in (CaseStatus.REPORTED, CaseStatus.OPEN))


def test_cached_numbers_equal_fresh_counts_per_role_after_writes(
    leadership_user, reporter_kemayoran, reporter_gambir, health_provider, report_case
):
    users = [leadership_user, reporter_kemayoran, reporter_gambir, health_provider]
    report_case(reporter_kemayoran, "31.71.03.1001", forms=["sexual"])
    for round_ in range(3):
        for user in users:
            scope = Case.objects.all() if user is leadership_user else Case.objects.visible_to(user)
            expected_open = _independent_open(scope)
            assert dashboard_case_totals(user=user).open == expected_open, (round_, user)
            by_form = {r.code: r.count for r in dashboard_cases_by_exploitation_form(user=user)}
            # Exploitation forms count where the user sees the case in full (city-wide: all).
            expected_sexual = sum(
                1
                for c in scope.prefetch_related("exploitations")
                if (user is leadership_user or case_view_for(user, c).full)
                and any(e.form == "sexual" for e in c.exploitations.all())
            )
            assert by_form["sexual"] == expected_sexual, (round_, user)
        # a write through the services between rounds: the next round must see it
        report_case(
            reporter_gambir if round_ % 2 else reporter_kemayoran, "31.71.01.1001", forms=["sexual"]
        )
    assert dashboard_case_totals(user=leadership_user).open == 4


def test_second_view_runs_no_case_aggregate_and_city_wide_users_share_it(
    leadership_user, secretariat_user, report_case, reporter_kemayoran
):
    report_case(reporter_kemayoran, "31.71.03.1001")
    first = dashboard_cases_by_kecamatan(user=leadership_user)
    with CaptureQueriesContext(connection) as ctx:
        again = dashboard_cases_by_kecamatan(user=secretariat_user)  # also city-wide
        dashboard_cases_by_kecamatan(user=leadership_user)
    assert again == first
    assert not [q for q in ctx.captured_queries if "cases_case" in q["sql"]]


def test_own_scope_numbers_are_never_shared(reporter_kemayoran, reporter_gambir, report_case):
    report_case(reporter_kemayoran, "31.71.03.1001")
    report_case(reporter_kemayoran, "31.71.03.1001")
    assert dashboard_case_totals(user=reporter_kemayoran).open == 2  # cached now
    assert dashboard_case_totals(user=reporter_gambir).open == 0  # not the cached 2


def test_bulk_writes_reach_the_numbers_after_the_ttl(
    leadership_user, report_case, reporter_kemayoran
):
    report_case(reporter_kemayoran, "31.71.03.1001")
    assert dashboard_case_totals(user=leadership_user).reported == 1
    Case.objects.update(status=CaseStatus.OPEN)  # no save(): no invalidation signal
    assert dashboard_case_totals(user=leadership_user).reported == 1  # cached (within TTL)
    with override_settings(SIGAP_DASHBOARD_CACHE_SECONDS=0):
        assert dashboard_case_totals(user=leadership_user).reported == 0
    cache.clear()  # what the TTL does
    assert dashboard_case_totals(user=leadership_user).reported == 0


def test_notification_badge_counts_at_most_a_hundred_rows(caseworker_a):
    """The unread badge on every page stops counting at 100 rows ("99+", issue 8 §4)."""
    import uuid
    from types import SimpleNamespace

    from sigap.casework.choices import NotificationVerb
    from sigap.casework.models import Notification
    from sigap.casework.templatetags.casework import unread_notifications

    def badge():
        return unread_notifications({"request": SimpleNamespace(user=caseworker_a)})

    def add(n):
        Notification.objects.bulk_create(
            Notification(
                recipient=caseworker_a,
                verb=NotificationVerb.values[0],
                case_public_id=uuid.uuid4(),
                case_number="TPPO-3171-2026-0001",
            )
            for _ in range(n)
        )

    add(99)
    assert badge() == 99
    add(1)
    assert badge() == "99+"
    with CaptureQueriesContext(connection) as ctx:
        badge()
    assert "LIMIT 100" in ctx.captured_queries[-1]["sql"]


def test_cached_form_rows_hold_no_translation_and_label_in_the_readers_language(
    leadership_user,
):
    """The cached rows are codes and numbers only (no lazy translation to unpickle on every
    view), and one cached computation gives each reader the labels of their language."""
    import pickle

    from django.utils.functional import Promise
    from django.utils.translation import override

    from sigap.cases.choices import ExploitationForm

    with override("id"):
        first = dashboard_cases_by_exploitation_form(user=leadership_user)
        labels_id = [str(row.label) for row in first]
    with CaptureQueriesContext(connection) as queries, override("en"):
        again = dashboard_cases_by_exploitation_form(user=leadership_user)
        labels_en = [str(row.label) for row in again]
    assert not any("cases_caseexploitation" in q["sql"] for q in queries.captured_queries)
    assert [row.code for row in again] == list(ExploitationForm.values)
    assert labels_id != labels_en  # the same cached rows, each reader's language
    with override("en"):
        assert labels_en == [str(label) for label in ExploitationForm.labels]
    pickled = pickle.dumps(first)
    assert not any(isinstance(value, Promise) for row in first for value in vars(row).values())
    assert b"__proxy__" not in pickled and b"lazy" not in pickled


def test_threads_missing_the_same_number_compute_it_once(settings):
    """Twenty threads ask for a number that is not cached while it takes a while to compute:
    one computes it, the others wait and read it (no stampede when it expires; issue 8)."""
    import threading
    import time

    from django.core.cache import cache

    from sigap.reports import cache as dash_cache

    settings.SIGAP_DASHBOARD_CACHE_SECONDS = 60
    cache.clear()
    calls = []

    def compute():
        calls.append(1)
        time.sleep(0.2)
        return {"cases": 7}

    results = []
    threads = [
        threading.Thread(
            target=lambda: results.append(dash_cache.cached("w", "city", ("x",), compute))
        )
        for _ in range(20)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(calls) == 1
    assert results == [{"cases": 7}] * 20
