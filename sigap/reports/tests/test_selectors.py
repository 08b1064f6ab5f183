"""Dashboard aggregates: scope, counting rules and the Asia/Jakarta date boundary."""

from datetime import UTC, date, datetime

import pytest

from sigap.agencies.models import Agency, Service
from sigap.referrals.models import Referral
from sigap.referrals.services import referral_accept, referral_send
from sigap.reports.selectors import (
    dashboard_case_totals,
    dashboard_cases_by_exploitation_form,
    dashboard_cases_by_kecamatan,
    dashboard_referral_totals,
    local_today,
    sees_city_wide,
)

pytestmark = pytest.mark.django_db


def _by_code(rows):
    return {row.code: row.count for row in rows}


def test_local_today_switches_at_midnight_jakarta_not_utc():
    assert local_today(datetime(2026, 3, 10, 16, 59, 59, tzinfo=UTC)) == date(2026, 3, 10)
    assert local_today(datetime(2026, 3, 10, 17, 0, 0, tzinfo=UTC)) == date(2026, 3, 11)


def test_who_sees_city_wide_aggregates(
    leadership_user, secretariat_user, caseworker_b, reporter_kemayoran, health_provider
):
    assert sees_city_wide(leadership_user)
    assert sees_city_wide(secretariat_user)
    assert sees_city_wide(caseworker_b)
    assert not sees_city_wide(reporter_kemayoran)
    assert not sees_city_wide(health_provider)


def test_superuser_without_membership_gets_no_city_wide_counts(django_user_model):
    admin = django_user_model.objects.create_superuser("root", password="x" * 12)
    assert not sees_city_wide(admin)
    assert dashboard_case_totals(user=admin).open == 0


def test_leadership_counts_every_case(
    leadership_user, reporter_kemayoran, reporter_gambir, report_case
):
    report_case(reporter_kemayoran, "31.71.03.1001")
    report_case(reporter_gambir, "31.71.01.1001")
    totals = dashboard_case_totals(user=leadership_user)
    assert (totals.open, totals.reported, totals.handled) == (2, 2, 0)


def test_outsider_counts_leave_out_other_agencies_cases(
    reporter_kemayoran, reporter_gambir, report_case, areas
):
    report_case(reporter_kemayoran, "31.71.03.1001", forms=["sexual"])
    report_case(reporter_gambir, "31.71.01.1001", forms=["forced_labour"])
    report_case(reporter_gambir, "31.71.01.1001", forms=["forced_labour"])

    assert dashboard_case_totals(user=reporter_kemayoran).open == 1
    by_kecamatan = _by_code(dashboard_cases_by_kecamatan(user=reporter_kemayoran))
    assert by_kecamatan == {"31.71.01": 0, "31.71.03": 1}
    by_form = _by_code(dashboard_cases_by_exploitation_form(user=reporter_kemayoran))
    # A reporter sees its cases by status only: their exploitation forms are not counted
    # for it (one case's form would be told by a count of 1).
    assert by_form["sexual"] == 0
    assert by_form["forced_labour"] == 0


def test_service_provider_counts_only_cases_referred_to_it(
    open_case, caseworker_a, health_provider, reporter_gambir, report_case
):
    report_case(reporter_gambir, "31.71.01.1001")
    assert dashboard_case_totals(user=health_provider).open == 0
    referral_send(
        sharing_basis="public_task",
        legal_reference="UU 21/2007 Pasal 51",
        case=open_case,
        actor=caseworker_a,
        victim=open_case.participants.first(),
        to_agency=Agency.objects.get(code="sudin-kesehatan-jakpus"),
        service=Service.objects.get(code="health_rehab"),
    )
    totals = dashboard_case_totals(user=health_provider)
    assert (totals.open, totals.handled) == (1, 1)


def test_kecamatan_widget_lists_all_eight_with_zeros_and_counts_closed_cases(
    all_kecamatan, secretariat_user, reporter_kemayoran, report_case, areas
):
    from sigap.areas.models import Area, normalize_name

    report_case(reporter_kemayoran, "31.71.03.1001")
    report_case(reporter_kemayoran, "31.71.03.1002")
    for code, level, name, parent in [
        ("31.72", "kota", "Kota Administrasi Jakarta Utara", "31"),
        ("31.72.01", "kecamatan", "Penjaringan", "31.72"),
        ("31.72.01.1001", "kelurahan", "Penjaringan", "31.72.01"),
    ]:
        areas[code] = Area.objects.create(
            code=code, level=level, name=name, name_key=normalize_name(name), parent_id=parent
        )
    report_case(reporter_kemayoran, "31.72.01.1001")

    rows = dashboard_cases_by_kecamatan(user=secretariat_user)
    counts = _by_code(rows)
    assert sorted(r.code for r in rows if r.code) == all_kecamatan
    assert counts["31.71.03"] == 2
    assert sum(counts[c] for c in all_kecamatan) == 2
    assert counts[""] == 1  # reported outside Jakarta Pusat
    assert rows[-1].code == ""
    bars = {r.code: r.bar for r in rows}
    assert bars["31.71.03"] == 100 and bars["31.71.01"] == 0 and bars[""] == 50


def test_kecamatan_widget_is_one_fixed_set_of_queries(
    all_kecamatan, leadership_user, reporter_kemayoran, report_case, django_assert_num_queries
):
    for _ in range(3):
        report_case(reporter_kemayoran, "31.71.03.1001")
    leadership_user.membership  # noqa: B018 - load the cached membership outside the count
    leadership_user.has_perm("cases.view_aggregates")
    with django_assert_num_queries(2):
        dashboard_cases_by_kecamatan(user=leadership_user)
    with django_assert_num_queries(1):
        dashboard_cases_by_exploitation_form(user=leadership_user)
    with django_assert_num_queries(1):
        dashboard_case_totals(user=leadership_user)


def test_exploitation_forms_count_cases_once_per_form(
    leadership_user, reporter_kemayoran, report_case
):
    report_case(reporter_kemayoran, "31.71.03.1001", forms=["forced_labour", "sexual"])
    report_case(reporter_kemayoran, "31.71.03.1001", forms=["forced_labour"])
    by_form = _by_code(dashboard_cases_by_exploitation_form(user=leadership_user))
    assert by_form["forced_labour"] == 2
    assert by_form["sexual"] == 1
    assert by_form["organ_removal"] == 0


def test_new_this_month_uses_the_report_date_calendar_month(
    leadership_user, reporter_kemayoran, report_case
):
    report_case(reporter_kemayoran, "31.71.03.1001", reported_on=date(2026, 1, 31))
    report_case(reporter_kemayoran, "31.71.03.1001", reported_on=date(2026, 2, 1))
    report_case(reporter_kemayoran, "31.71.03.1001", reported_on=date(2026, 2, 28))
    totals = dashboard_case_totals(user=leadership_user, today=date(2026, 2, 28))
    assert totals.new_this_month == 2
    assert totals.month_start == date(2026, 2, 1)
    assert dashboard_case_totals(user=leadership_user, today=date(2026, 3, 1)).new_this_month == 0


@pytest.fixture
def referral(open_case, caseworker_a):
    return referral_send(
        sharing_basis="public_task",
        legal_reference="UU 21/2007 Pasal 51",
        case=open_case,
        actor=caseworker_a,
        victim=open_case.participants.first(),
        to_agency=Agency.objects.get(code="sudin-kesehatan-jakpus"),
        service=Service.objects.get(code="health_rehab"),
    )


def test_waiting_counts_sent_referrals_to_my_agency_only(
    referral, health_provider, caseworker_a, social_provider
):
    assert dashboard_referral_totals(user=health_provider).waiting == 1
    assert dashboard_referral_totals(user=caseworker_a).waiting == 0  # sent by, not to
    assert dashboard_referral_totals(user=social_provider).waiting == 0
    referral_accept(referral=referral, actor=health_provider)
    assert dashboard_referral_totals(user=health_provider).waiting == 0


def test_overdue_starts_the_day_after_due_date_in_jakarta(
    referral, health_provider, caseworker_a, social_provider, leadership_user
):
    Referral.objects.filter(pk=referral.pk).update(due_on=date(2026, 3, 10))
    before = local_today(datetime(2026, 3, 10, 16, 59, 59, tzinfo=UTC))  # 23:59:59 WIB
    after = local_today(datetime(2026, 3, 10, 17, 0, 0, tzinfo=UTC))  # 00:00 WIB, 11 March

    assert dashboard_referral_totals(user=health_provider, today=before).overdue == 0
    to_us = dashboard_referral_totals(user=health_provider, today=after)
    assert (to_us.overdue, to_us.overdue_to_us, to_us.overdue_from_us) == (1, 1, 0)
    from_us = dashboard_referral_totals(user=caseworker_a, today=after)
    assert (from_us.overdue, from_us.overdue_to_us, from_us.overdue_from_us) == (1, 0, 1)
    assert dashboard_referral_totals(user=social_provider, today=after).overdue == 0
    assert dashboard_referral_totals(user=leadership_user, today=after).overdue == 0


def test_closed_or_completed_referrals_are_not_overdue(referral, health_provider):
    Referral.objects.filter(pk=referral.pk).update(due_on=date(2026, 3, 10), status="completed")
    assert dashboard_referral_totals(user=health_provider, today=date(2026, 4, 1)).overdue == 0
