import pytest
from django.utils import timezone

from sigap.agencies.models import Agency, Service
from sigap.audit.models import AuditEvent
from sigap.cases.models import Case
from sigap.referrals.services import referral_accept, referral_complete, referral_send


@pytest.mark.django_db
def test_case_flows_from_report_to_referral_completion(open_case, caseworker_a, health_provider):
    victim = open_case.participants.first()
    referral = referral_send(
        sharing_basis="public_task",
        legal_reference="UU 21/2007 Pasal 51",
        case=open_case,
        actor=caseworker_a,
        victim=victim,
        to_agency=Agency.objects.get(code="sudin-kesehatan-jakpus"),
        service=Service.objects.get(code="health_rehab"),
    )
    assert open_case.number.startswith("TPPO-3171-")
    assert Case.objects.visible_to(health_provider).filter(pk=open_case.pk).exists()
    referral_accept(referral=referral, actor=health_provider)
    referral_complete(
        referral=referral,
        actor=health_provider,
        delivered_on=timezone.localdate(),
        description="Pemeriksaan kesehatan",
    )
    assert not Case.objects.visible_to(health_provider).filter(pk=open_case.pk).exists()
    assert AuditEvent.objects.filter(action="referral.complete").count() == 1
