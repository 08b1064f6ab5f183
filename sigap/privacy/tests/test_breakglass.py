"""Break-glass: written reason, time-limited, audited, reported to the DPO."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from sigap.audit.models import AuditEvent
from sigap.cases.access import case_view_for
from sigap.cases.models import Case
from sigap.core.exceptions import ApplicationError
from sigap.privacy.models import BreakGlassGrant
from sigap.privacy.services import breakglass_open

REASON = "Korban dalam bahaya, instansi penangan tidak dapat dihubungi malam ini."


@pytest.mark.django_db
def test_outsider_sees_case_only_after_break_glass_with_reason(open_case, caseworker_b):
    assert not Case.objects.visible_to(caseworker_b).filter(pk=open_case.pk).exists()
    grant = breakglass_open(user=caseworker_b, case_number=open_case.number, reason=REASON)
    assert Case.objects.visible_to(caseworker_b).filter(pk=open_case.pk).exists()
    assert case_view_for(caseworker_b, open_case).full
    event = AuditEvent.objects.get(action="case.break_glass")
    assert event.actor == caseworker_b and event.target_public_id == open_case.public_id
    assert grant.expires_at > timezone.now()


@pytest.mark.django_db
def test_expired_grant_gives_no_access(open_case, caseworker_b):
    grant = breakglass_open(user=caseworker_b, case_number=open_case.number, reason=REASON)
    BreakGlassGrant.objects.filter(pk=grant.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert not Case.objects.visible_to(caseworker_b).filter(pk=open_case.pk).exists()


@pytest.mark.django_db
def test_short_reason_and_unknown_number_are_refused(open_case, caseworker_b):
    with pytest.raises(ValidationError) as exc:
        breakglass_open(user=caseworker_b, case_number="TPPO-0000-2026-9999", reason="butuh")
    assert set(exc.value.message_dict) == {"reason", "case_number"}
    assert not BreakGlassGrant.objects.exists()


@pytest.mark.django_db
def test_leadership_and_reporters_cannot_break_glass(open_case, leadership_user, reporter_gambir):
    for user in (leadership_user, reporter_gambir):
        with pytest.raises(ApplicationError):
            breakglass_open(user=user, case_number=open_case.number, reason=REASON)


@pytest.mark.django_db
def test_daily_report_goes_to_data_protection_officer(open_case, caseworker_b, make_user):
    officer = make_user("auditor", "pemkot-jakpus", "dpo")
    officer.email = "dpo@example.org"
    officer.save(update_fields=["email"])
    breakglass_open(user=caseworker_b, case_number=open_case.number, reason=REASON)
    call_command("breakglass_report")
    assert len(mail.outbox) == 1
    assert open_case.number in mail.outbox[0].body
    assert mail.outbox[0].to == ["dpo@example.org"]
