"""One referral form for several victims and several services (issue 13 §5): all or nothing,
each referral audited and announced as a single one, the agency picker narrowed to the
agencies that offer the chosen service (with their time limits), refusals in Indonesian."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from sigap.agencies.models import Agency, AgencyService, Service
from sigap.audit.models import AuditEvent
from sigap.cases.models import Participant
from sigap.casework.models import Notification
from sigap.referrals.models import Referral
from sigap.referrals.services import ReferralBatchError, ReferralItem, referral_send_many

LAWFUL = {"sharing_basis": "public_task", "legal_reference": "UU 21/2007 Pasal 51"}


def _agency(code):
    return Agency.objects.get(code=code)


def _service(code):
    return Service.objects.get(code=code)


def _victims(case):
    return list(case.participants.filter(role="victim").order_by("id"))


def _url(case):
    return reverse("referrals:referral-create", kwargs={"case_id": case.public_id})


def test_several_victims_times_several_services_make_one_referral_each(
    open_case, caseworker_a, health_provider, social_provider
):
    victims = _victims(open_case)[:2]
    sent = referral_send_many(
        case=open_case,
        actor=caseworker_a,
        victims=victims,
        items=[
            ReferralItem(_service("health_rehab"), _agency("sudin-kesehatan-jakpus")),
            ReferralItem(_service("social_rehab"), _agency("sudin-sosial-jakpus")),
        ],
        **LAWFUL,
    )
    assert len(sent) == 4
    pairs = set(Referral.objects.values_list("victim_id", "service__code", "to_agency__code"))
    assert pairs == {
        (v.pk, s, a)
        for v in victims
        for s, a in [
            ("health_rehab", "sudin-kesehatan-jakpus"),
            ("social_rehab", "sudin-sosial-jakpus"),
        ]
    }
    # Each audited and announced exactly as a single referral.
    assert AuditEvent.objects.filter(action="referral.send").count() == 4
    assert (
        Notification.objects.filter(verb="referral_received", recipient=health_provider).count()
        == 2
    )
    assert (
        Notification.objects.filter(verb="referral_received", recipient=social_provider).count()
        == 2
    )
    # The due date follows each agency's own time limit for the service.
    link = AgencyService.objects.get(
        agency__code="sudin-kesehatan-jakpus", service__code="health_rehab"
    )
    health = Referral.objects.filter(service__code="health_rehab").first()
    assert (health.due_on - timezone.localdate()).days in (link.days_limit, link.days_limit + 1)


def test_one_refused_combination_sends_nothing(open_case, caseworker_a, health_provider):
    victims = _victims(open_case)[:2]
    audits = AuditEvent.objects.count()
    with pytest.raises(ReferralBatchError) as caught:
        referral_send_many(
            case=open_case,
            actor=caseworker_a,
            victims=victims,
            items=[
                ReferralItem(_service("health_rehab"), _agency("sudin-kesehatan-jakpus")),
                # Sudin Kesehatan does not offer shelter: the last combination is refused.
                ReferralItem(_service("shelter"), _agency("sudin-kesehatan-jakpus")),
            ],
            **LAWFUL,
        )
    assert caught.value.item_index == 1
    assert "to_agency" in caught.value.error_dict
    assert not Referral.objects.exists()
    assert not Notification.objects.filter(verb="referral_received").exists()
    assert AuditEvent.objects.count() == audits


def test_a_child_among_the_victims_still_needs_a_guardian_or_lawful_basis(open_case, caseworker_a):
    adult, child = _victims(open_case)[:2]
    Participant.objects.filter(pk=child.pk).update(is_child=True)
    with pytest.raises(ValidationError) as caught:
        referral_send_many(
            case=open_case,
            actor=caseworker_a,
            victims=[adult, child],
            items=[ReferralItem(_service("health_rehab"), _agency("sudin-kesehatan-jakpus"))],
            sharing_basis="victim_consent",
            consent_given_by="korban",
            consent_recorded_on=timezone.localdate(),
        )
    assert "sharing_basis" in caught.value.error_dict
    assert not Referral.objects.exists()  # the adult's referral is undone too


def test_a_service_twice_is_refused(open_case, caseworker_a):
    item = ReferralItem(_service("health_rehab"), _agency("sudin-kesehatan-jakpus"))
    with pytest.raises(ValidationError):
        referral_send_many(
            case=open_case,
            actor=caseworker_a,
            victims=_victims(open_case),
            items=[item, item],
            **LAWFUL,
        )
    assert not Referral.objects.exists()


def test_picker_lists_only_agencies_offering_the_service_with_time_limits(
    client, open_case, caseworker_a
):
    client.force_login(caseworker_a)
    response = client.post(
        _url(open_case),
        {"refresh": "1", "service": "shelter", "service_1": "health_rehab"},
        HTTP_ACCEPT_LANGUAGE="id",
    )
    assert response.status_code == 200
    assert not Referral.objects.exists()  # a refresh sends nothing
    form = response.context["form"]
    offered = {v: label for v, label in form.fields["to_agency"].widget.choices if v}
    expected = set(
        AgencyService.objects.filter(service__code="shelter", agency__is_active=True)
        .exclude(agency__code="upt-ppa-dki")  # the case's own agency
        .values_list("agency__public_id", flat=True)
    )
    assert set(offered) == {str(p) for p in expected}
    assert str(_agency("sudin-sosial-jakpus").public_id) in offered
    assert str(_agency("sudin-kesehatan-jakpus").public_id) not in offered
    days = AgencyService.objects.get(
        agency__code="sudin-sosial-jakpus", service__code="shelter"
    ).days_limit
    assert f"{days} hari" in offered[str(_agency("sudin-sosial-jakpus").public_id)]
    second = {v for v, _label in form.fields["to_agency_1"].widget.choices if v}
    assert second == {str(_agency("sudin-kesehatan-jakpus").public_id)}


def test_picker_refresh_through_htmx_keeps_the_row_fragment(client, open_case, caseworker_a):
    client.force_login(caseworker_a)
    response = client.post(
        _url(open_case), {"refresh": "1", "service": "health_rehab"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert 'id="picker-0"' in html
    assert 'data-service="health_rehab"' in html
    kelurahan = Agency.objects.filter(services__isnull=True).first()
    assert str(kelurahan.public_id) not in html


def test_form_refers_two_victims_to_two_services(client, open_case, caseworker_a, health_provider):
    client.force_login(caseworker_a)
    victims = _victims(open_case)
    response = client.post(
        _url(open_case),
        {
            "victim": [str(victims[0].public_id), str(victims[2].public_id)],
            "service": "health_rehab",
            "to_agency": str(_agency("sudin-kesehatan-jakpus").public_id),
            "service_1": "repatriation",
            "to_agency_1": str(_agency("sudin-sosial-jakpus").public_id),
            **LAWFUL,
        },
        HTTP_ACCEPT_LANGUAGE="id",
    )
    assert response.status_code == 302
    assert Referral.objects.count() == 4
    assert set(Referral.objects.values_list("victim_id", flat=True)) == {
        victims[0].pk,
        victims[2].pk,
    }


def test_form_refuses_an_invalid_combination_in_indonesian(client, open_case, caseworker_a):
    client.force_login(caseworker_a)
    victims = _victims(open_case)
    response = client.post(
        _url(open_case),
        {
            "victim": [str(v.public_id) for v in victims],
            "service": "health_rehab",
            "to_agency": str(_agency("sudin-kesehatan-jakpus").public_id),
            "service_1": "legal_aid",
            "to_agency_1": str(_agency("sudin-kesehatan-jakpus").public_id),
            **LAWFUL,
        },
        HTTP_ACCEPT_LANGUAGE="id",
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "to_agency_1" in errors and "to_agency" not in errors
    assert "tidak menyediakan layanan" in errors["to_agency_1"][0]
    assert "Bantuan hukum" in errors["to_agency_1"][0]
    assert not Referral.objects.exists()


def test_form_row_with_a_service_but_no_agency_is_refused_in_indonesian(
    client, open_case, caseworker_a
):
    client.force_login(caseworker_a)
    response = client.post(
        _url(open_case),
        {
            "victim": [str(_victims(open_case)[0].public_id)],
            "service": "health_rehab",
            "to_agency": str(_agency("sudin-kesehatan-jakpus").public_id),
            "service_1": "shelter",
            **LAWFUL,
        },
        HTTP_ACCEPT_LANGUAGE="id",
    )
    assert response.status_code == 200
    assert response.context["form"].errors["to_agency_1"] == ["Pilih instansi untuk layanan ini."]
    assert not Referral.objects.exists()
