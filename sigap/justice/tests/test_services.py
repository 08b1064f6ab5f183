"""Justice services: rules, refusals and the audit row of each write."""

from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from sigap.audit.models import AuditEvent
from sigap.cases.models import Identification, Participant
from sigap.core.exceptions import ApplicationError
from sigap.justice import services
from sigap.justice.models import Article, Charge, RestitutionPayment, StageEvent, Verdict
from sigap.justice.selectors import restitution_orders_for_case

pytestmark = pytest.mark.django_db


def _stages(case):
    return list(StageEvent.objects.filter(case=case).order_by("id").values_list("stage", flat=True))


def _last_audit(action):
    return AuditEvent.objects.filter(action=action).order_by("-id").first()


def test_first_police_report_starts_the_process_and_is_audited(justice_case):
    assert _stages(justice_case) == ["report"]
    event = _last_audit("justice.police_report_add")
    assert event.target_public_id == justice_case.public_id
    assert event.changes["stage_started"] is True
    assert "LP/B" not in str(event.changes)  # field names only


def test_duplicate_report_number_is_refused(justice_case, police_officer):
    with pytest.raises(ValidationError) as exc:
        services.police_report_add(
            case=justice_case,
            actor=police_officer,
            number="LP/B/123/XI/2026/SPKT/Polres Metro Jakarta Pusat",
            unit="Unit PPA",
            reported_on=date(2026, 11, 3),
        )
    assert "number" in exc.value.error_dict


def test_stage_moves_forward_and_may_skip(justice_case, police_officer):
    services.justice_stage_advance(
        case=justice_case, actor=police_officer, stage="investigation", on=date(2026, 11, 4)
    )
    services.justice_stage_advance(
        case=justice_case, actor=police_officer, stage="prosecution", on=date(2026, 11, 20)
    )
    assert _stages(justice_case) == ["report", "investigation", "prosecution"]
    event = _last_audit("justice.stage_advance")
    assert event.changes["stage"] == ["investigation", "prosecution"]
    assert event.changes["backwards"] is False


def test_going_back_without_a_reason_is_refused(justice_case, police_officer):
    services.justice_stage_advance(
        case=justice_case, actor=police_officer, stage="file_complete", on=date(2026, 11, 10)
    )
    with pytest.raises(ValidationError) as exc:
        services.justice_stage_advance(
            case=justice_case, actor=police_officer, stage="investigation", on=date(2026, 11, 11)
        )
    assert "reason" in exc.value.error_dict
    assert _stages(justice_case) == ["report", "file_complete"]


def test_going_back_with_a_reason_is_recorded(justice_case, police_officer):
    services.justice_stage_advance(
        case=justice_case, actor=police_officer, stage="file_complete", on=date(2026, 11, 10)
    )
    services.justice_stage_advance(
        case=justice_case,
        actor=police_officer,
        stage="investigation",
        on=date(2026, 11, 12),
        reason="P19: berkas dikembalikan jaksa untuk dilengkapi.",
    )
    assert _stages(justice_case)[-1] == "investigation"
    assert _last_audit("justice.stage_advance").changes["backwards"] is True


@pytest.mark.parametrize(
    ("stage", "on", "field"),
    [
        ("report", date(2026, 11, 5), "stage"),  # the current stage again
        ("appeal", date(2026, 11, 5), "stage"),  # appeal before any verdict
        ("investigation", date(2026, 11, 1), "on"),  # before the current stage's date
        ("investigation", date(2099, 1, 1), "on"),  # in the future
        ("nonsense", date(2026, 11, 5), "stage"),
    ],
)
def test_invalid_stage_moves_are_refused(justice_case, police_officer, stage, on, field):
    with pytest.raises(ValidationError) as exc:
        services.justice_stage_advance(case=justice_case, actor=police_officer, stage=stage, on=on)
    assert field in exc.value.error_dict
    assert _stages(justice_case) == ["report"]


def test_future_is_judged_in_jakarta(justice_case, police_officer, monkeypatch):
    # 29 Nov 2026 17:30 UTC is already 30 Nov in Jakarta: a stage dated 30 Nov is not "future".
    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 11, 29, 17, 30, tzinfo=UTC))
    services.justice_stage_advance(
        case=justice_case, actor=police_officer, stage="investigation", on=date(2026, 11, 30)
    )
    assert _stages(justice_case)[-1] == "investigation"


def test_service_provider_cannot_touch_the_process(justice_case, police_referral, make_user):
    provider = make_user("service_provider", "polres-jakpus-ppa", "provider-at-polres")
    with pytest.raises(ApplicationError):
        services.justice_stage_advance(
            case=justice_case, actor=provider, stage="investigation", on=date(2026, 11, 4)
        )


def test_police_cannot_write_on_a_case_not_referred_to_them(open_case, police_officer):
    with pytest.raises(ApplicationError):
        services.police_report_add(
            case=open_case,
            actor=police_officer,
            number="LP/B/1/XI/2026",
            unit="Unit PPA",
            reported_on=date(2026, 11, 2),
        )
    assert not StageEvent.objects.filter(case=open_case).exists()


def test_police_cannot_record_a_verdict(justice_case, suspect, police_officer):
    with pytest.raises(ApplicationError):
        services.verdict_record(
            case=justice_case,
            actor=police_officer,
            suspect=suspect,
            level="first_instance",
            court="PN Jakarta Pusat",
            decided_on=date(2026, 11, 5),
            outcome="acquitted",
        )
    assert not Verdict.objects.exists()


def test_suspect_roles_and_charges_are_replaced_and_audited(justice_case, suspect, caseworker_a):
    p2 = Article.objects.get(code="uu21-2007-p2")
    p4 = Article.objects.get(code="uu21-2007-p4")
    services.suspect_charges_set(
        case=justice_case, actor=caseworker_a, suspect=suspect, roles=["recruiter"], articles=[p2]
    )
    services.suspect_charges_set(
        case=justice_case,
        actor=caseworker_a,
        suspect=suspect,
        roles=["financier"],
        articles=[p2, p4],
    )
    assert set(suspect.suspect_roles.values_list("role", flat=True)) == {"financier"}
    assert set(
        Charge.objects.filter(participant=suspect).values_list("article__code", flat=True)
    ) == {
        "uu21-2007-p2",
        "uu21-2007-p4",
    }
    event = _last_audit("justice.suspect_charges_set")
    assert event.changes["charges_added"] == ["uu21-2007-p4"]
    assert event.changes["charges_removed"] == []


def test_charges_only_for_a_suspect(justice_case, victims, caseworker_a):
    with pytest.raises(ValidationError):
        services.suspect_charges_set(
            case=justice_case, actor=caseworker_a, suspect=victims[0], roles=[], articles=[]
        )


def test_verdict_orders_restitution_per_victim(verdict, victims, caseworker_a, justice_case):
    orders = {o.victim_id: o for o in verdict.restitution_orders.all()}
    assert orders[victims[0].pk].amount_rupiah == 11_111_111
    assert orders[victims[1].pk].due_on == date(2026, 11, 24)
    event = _last_audit("justice.verdict_record")
    assert event.changes["restitution_orders"] == 2


def test_acquittal_carries_no_sentence(justice_case, suspect, caseworker_a, victims):
    with pytest.raises(ValidationError) as exc:
        services.verdict_record(
            case=justice_case,
            actor=caseworker_a,
            suspect=suspect,
            level="first_instance",
            court="PN Jakarta Pusat",
            decided_on=date(2026, 11, 5),
            outcome="acquitted",
            restitution={victims[0]: 1_000},
        )
    assert "outcome" in exc.value.error_dict


def test_restitution_only_to_victims_of_the_case(justice_case, suspect, caseworker_a):
    with pytest.raises(ValidationError) as exc:
        services.verdict_record(
            case=justice_case,
            actor=caseworker_a,
            suspect=suspect,
            level="first_instance",
            court="PN Jakarta Pusat",
            decided_on=date(2026, 11, 5),
            outcome="convicted",
            restitution={suspect: 1_000},
        )
    assert "restitution" in exc.value.error_dict


def test_final_notice_sets_the_deadline(justice_case, suspect, caseworker_a, victims):
    v = services.verdict_record(
        case=justice_case,
        actor=caseworker_a,
        suspect=suspect,
        level="first_instance",
        court="PN Jakarta Pusat",
        decided_on=date(2026, 11, 5),
        outcome="convicted",
        prison_months=36,
        restitution={victims[0]: 5_000_000},
    )
    order = v.restitution_orders.get()
    assert order.due_on is None and order.status == "awaiting_final"
    services.verdict_final_notice_set(
        case=justice_case, actor=caseworker_a, verdict=v, final_notice_on=date(2026, 11, 20)
    )
    order.verdict.refresh_from_db()
    assert order.due_on == date(2026, 12, 4)
    assert _last_audit("justice.verdict_final_notice").changes["final_notice_on"] == [
        None,
        "2026-11-20",
    ]


def test_payments_reduce_what_is_owed_and_overpaying_is_refused(verdict, victims, caseworker_a):
    case = victims[0].case
    order = verdict.restitution_orders.get(victim=victims[0])
    services.restitution_payment_record(
        case=case, actor=caseworker_a, order=order, paid_on=date(2026, 11, 20), amount_rupiah=111
    )
    with pytest.raises(ValidationError) as exc:
        services.restitution_payment_record(
            case=case,
            actor=caseworker_a,
            order=order,
            paid_on=date(2026, 11, 21),
            amount_rupiah=11_111_111,
        )
    assert "amount_rupiah" in exc.value.error_dict
    assert RestitutionPayment.objects.count() == 1
    event = _last_audit("justice.restitution_payment")
    assert event.changes["fields"] == ["paid_on", "amount_rupiah"]


def test_unpaid_restitution_is_overdue_after_fourteen_days(
    verdict, victims, caseworker_a, monkeypatch
):
    """Notice 10 Nov 2026 → due 24 Nov; overdue from 00:00 WIB on 25 Nov (17:00 UTC on the 24th)."""
    case = victims[0].case
    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 11, 24, 16, 59, tzinfo=UTC))
    orders = list(restitution_orders_for_case(user=caseworker_a, case=case))
    assert [o.is_overdue for o in orders] == [False, False]
    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 11, 24, 17, 0, tzinfo=UTC))
    orders = list(restitution_orders_for_case(user=caseworker_a, case=case))
    assert [o.status for o in orders] == ["overdue", "overdue"]


def test_screening_records_under_screening_and_may_add_the_suspect_role(
    justice_case, victims, police_officer
):
    victim = victims[0]
    ident = services.victim_screening_record(
        case=justice_case,
        actor=police_officer,
        victim=victim,
        reason="Returnee from a scam compound; police are checking her role.",
        also_suspect=True,
    )
    assert ident.result == "under_screening"
    assert Identification.objects.filter(participant=victim).first() == ident
    suspect = Participant.objects.get(case=justice_case, role="suspect", person=victim.person)
    event = _last_audit("justice.victim_screening")
    assert event.changes["also_suspect"] == str(suspect.public_id)
    assert "scam" not in str(event.changes)


def test_screening_needs_a_reason_and_a_victim(justice_case, victims, suspect, caseworker_a):
    with pytest.raises(ValidationError):
        services.victim_screening_record(
            case=justice_case, actor=caseworker_a, victim=victims[0], reason="short"
        )
    with pytest.raises(ValidationError):
        services.victim_screening_record(
            case=justice_case, actor=caseworker_a, victim=suspect, reason="a long enough reason"
        )
    assert not Identification.objects.filter(result="under_screening").exists()
