"""Rights selectors: derived statuses, scope, overdue restitution (Asia/Jakarta midnight)
and a query count that does not grow with the data."""

from datetime import UTC, date, datetime
from unittest import mock

import pytest
from django.http import Http404

from sigap.referrals.services import referral_accept, referral_decline
from sigap.rights import services
from sigap.rights.selectors import case_rights, overdue_restitution, rights_case_get

pytestmark = pytest.mark.django_db


def _rights(user, case, victim_index=0):
    c, view = rights_case_get(user=user, case_id=case.public_id)
    rows = case_rights(user=user, case=c, view=view)
    return rows[victim_index]


def _right(row, code):
    return next(r for r in row.rights if r.code == code)


def test_completed_referral_makes_the_right_fulfilled_with_its_source(
    open_case, caseworker_a, completed_health
):
    r = _right(_rights(caseworker_a, open_case), "health_rehab")
    assert r.status == "fulfilled" and not r.editable
    assert r.derived.referral.pk == completed_health.pk


def test_sent_and_accepted_referrals_are_requested_and_in_progress(
    open_case, caseworker_a, health_referral, health_provider, refer, victim
):
    assert _right(_rights(caseworker_a, open_case), "health_rehab").status == "requested"
    referral_accept(referral=health_referral, actor=health_provider)
    assert _right(_rights(caseworker_a, open_case), "health_rehab").status == "in_progress"


def test_declined_referral_counts_for_nothing(
    open_case, caseworker_a, health_referral, health_provider
):
    referral_decline(
        referral=health_referral, actor=health_provider, reason="No capacity this week."
    )
    r = _right(_rights(caseworker_a, open_case), "health_rehab")
    assert r.derived is None and r.editable and r.status == ""


def test_restitution_from_the_verdict_and_lpsk_decision(open_case, caseworker_a, verdict, victims):
    row = _rights(caseworker_a, open_case)
    assert _right(row, "restitution").status == "in_progress"
    assert row.restitution.awarded == 10_000_000
    services.protection_set(
        case=open_case,
        victim=victims[0],
        actor=caseworker_a,
        applied_on=date(2026, 6, 1),
        decided_on=date(2026, 6, 9),
        decision="refused",
    )
    assert _right(_rights(caseworker_a, open_case), "protection").status == "refused"


def test_restitution_paid_in_full_is_fulfilled(open_case, caseworker_a, verdict, victims):
    from sigap.justice.services import restitution_payment_record

    order = verdict.restitution_orders.get(victim=victims[0])
    restitution_payment_record(
        case=open_case,
        actor=caseworker_a,
        order=order,
        paid_on=date(2026, 11, 20),
        amount_rupiah=10_000_000,
    )
    row = _rights(caseworker_a, open_case)
    assert _right(row, "restitution").status == "fulfilled"
    assert not row.restitution.overdue


def test_claim_only_is_requested_and_assessment_in_progress(open_case, caseworker_a, victim):
    services.restitution_claim_set(
        case=open_case,
        victim=victim,
        actor=caseworker_a,
        claimed_on=date(2026, 5, 1),
        amount_claimed=5_000_000,
    )
    assert _right(_rights(caseworker_a, open_case), "restitution").status == "requested"


def test_completed_repatriation_record_is_fulfilled(open_case, caseworker_a, victim, areas):
    services.repatriation_set(
        case=open_case,
        victim=victim,
        actor=caseworker_a,
        kind="domestic",
        destination_area=areas["33.01.01.2001"],
        status="completed",
        travel_on=date(2026, 10, 1),
    )
    assert _right(_rights(caseworker_a, open_case), "repatriation").status == "fulfilled"


@pytest.mark.parametrize("persona", ["caseworker_b", "reporter_kemayoran", "health_provider"])
def test_outsiders_and_providers_get_404(request, open_case, completed_health, persona):
    # health_provider: the referral is completed, so the case is out of its scope; an open
    # referral is tested below (the case is visible, the rights are not).
    with pytest.raises(Http404):
        rights_case_get(user=request.getfixturevalue(persona), case_id=open_case.public_id)


def test_provider_with_an_open_referral_still_gets_404(open_case, health_referral, health_provider):
    with pytest.raises(Http404):
        rights_case_get(user=health_provider, case_id=open_case.public_id)


def test_police_read_restitution_and_protection_only(open_case, police_officer, verdict, victims):
    case, view = rights_case_get(user=police_officer, case_id=open_case.public_id)
    assert view.read_justice and not view.read_all and not view.edit
    rows = case_rights(user=police_officer, case=case, view=view)
    assert rows[0].rights == [] and rows[0].repatriation is None
    assert rows[0].restitution.awarded == 10_000_000
    assert rows[1].name != rows[1].victim.person.full_name  # no referral of victim 1


# --- Overdue restitution at the Asia/Jakarta midnight boundary --------------------------------

# Due 24 Nov 2026: 23:59:59 WIB that day is 16:59:59 UTC; 00:00 WIB on 25 Nov is 17:00 UTC.
BEFORE = datetime(2026, 11, 24, 16, 59, 59, tzinfo=UTC)
AFTER = datetime(2026, 11, 24, 17, 0, 0, tzinfo=UTC)


def test_unpaid_restitution_is_overdue_from_jakarta_midnight(
    open_case, caseworker_a, verdict, victims
):
    with mock.patch("django.utils.timezone.now", return_value=BEFORE):
        assert overdue_restitution(user=caseworker_a) == []
        assert not _rights(caseworker_a, open_case).restitution.overdue
    with mock.patch("django.utils.timezone.now", return_value=AFTER):
        overdue = overdue_restitution(user=caseworker_a)
        assert sorted(o.victim_id for o in overdue) == [victims[0].pk, victims[1].pk]
        assert overdue[0].due_on == date(2026, 11, 24)
        assert _rights(caseworker_a, open_case).restitution.overdue


def test_paid_restitution_is_never_overdue(open_case, caseworker_a, verdict, victims):
    from sigap.justice.services import restitution_payment_record

    order = verdict.restitution_orders.get(victim=victims[1])
    restitution_payment_record(
        case=open_case,
        actor=caseworker_a,
        order=order,
        paid_on=date(2026, 11, 20),
        amount_rupiah=20_000_000,
    )
    with mock.patch("django.utils.timezone.now", return_value=AFTER):
        assert [o.victim_id for o in overdue_restitution(user=caseworker_a)] == [victims[0].pk]


@pytest.mark.parametrize(
    "persona", ["caseworker_b", "police_officer", "health_provider", "secretariat_user"]
)
def test_overdue_restitution_is_for_the_handling_team_only(request, verdict, persona):
    with mock.patch("django.utils.timezone.now", return_value=AFTER):
        assert overdue_restitution(user=request.getfixturevalue(persona)) == []


# --- Bounded queries --------------------------------------------------------------------------


def _count_queries(user, case):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        c, view = rights_case_get(user=user, case_id=case.public_id)
        rows = case_rights(user=user, case=c, view=view)
        for row in rows:
            [r.status for r in row.rights]
    return len(ctx.captured_queries)


def test_query_count_does_not_grow_with_the_data(open_case, caseworker_a, victims, refer):
    refer(victims[0], "sudin-kesehatan-jakpus", "health_rehab")
    _count_queries(caseworker_a, open_case)  # warm perm cache
    baseline = _count_queries(caseworker_a, open_case)
    for v in victims:
        refer(v, "sudin-sosial-jakpus", "social_rehab")
        refer(v, "lpsk", "legal_aid")
        services.restitution_claim_set(
            case=open_case,
            victim=v,
            actor=caseworker_a,
            claimed_on=date(2026, 5, 1),
            amount_claimed=1_000_000,
        )
        services.protection_set(
            case=open_case, victim=v, actor=caseworker_a, applied_on=date(2026, 6, 1)
        )
        services.right_update(
            case=open_case,
            victim=v,
            actor=caseworker_a,
            change=services.RightChange(right="identity", status="fulfilled"),
        )
    assert _count_queries(caseworker_a, open_case) == baseline
    assert baseline <= 10
