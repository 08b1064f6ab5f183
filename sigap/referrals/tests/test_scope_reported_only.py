"""Referrals of a case the user's agency only reported (another agency handles it).

The case team and the secretariat of the reporting agency see such a case by status only
(``case_view_for(...).status_only``; docs/access-model.md): number, status and dates. The
handling agency's referrals carry the case's content (the service, e.g. a forensic medical
exam; decline and revoke reasons; what was delivered), so they must not list, open or count
them, in the inbox, on the referral page or in the API. The referrals their own agency sent
(while it handled the case, before a transfer) are their own records and stay visible.
"""

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from sigap.agencies.choices import Role
from sigap.agencies.models import Agency
from sigap.cases.access import case_view_for
from sigap.cases.models import Case
from sigap.cases.services import case_handover, case_open
from sigap.cases.tests.factories import report_case
from sigap.referrals.models import Referral
from sigap.referrals.services import referral_accept, referral_complete, referral_decline
from sigap.referrals.tests.conftest import send

pytestmark = pytest.mark.django_db

SOSIAL = "sudin-sosial-jakpus"
DECLINE_REASON = "Dokter forensik sedang cuti (sintetis)."
DELIVERY = "Visum et repertum dilakukan (sintetis)."


@pytest.fixture
def supervisor_sosial(make_user):
    return make_user(Role.SUPERVISOR, SOSIAL, "spv-sosial")


def _reported_by(actor, areas, caseworker_a, health_provider):
    """A case reported by ``actor``'s agency, taken on by UPT PPA, which refers its victim to
    Sudin Kesehatan (declined, with a reason), again (completed, with a delivery note), and
    to Sudin Sosial (still sent: in that agency's received box)."""
    case = case_open(case=report_case(actor=actor, areas=areas), actor=caseworker_a)
    declined = send(case, caseworker_a, service_code="health_rehab")
    referral_decline(referral=declined, actor=health_provider, reason=DECLINE_REASON)
    completed = send(case, caseworker_a, service_code="health_rehab")
    referral_accept(referral=completed, actor=health_provider)
    referral_complete(
        referral=completed,
        actor=health_provider,
        delivered_on=timezone.localdate(),
        description=DELIVERY,
    )
    to_sosial = send(case, caseworker_a, agency_code=SOSIAL, service_code="shelter")
    return case, [declined, completed, to_sosial]


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize(
    ("reporter", "viewers"),
    [
        ("caseworker_b", ["caseworker_b", "supervisor_sosial"]),  # another case team
        ("secretariat_user", ["secretariat_user"]),
    ],
)
def test_reporting_agency_neither_lists_opens_nor_counts_the_handling_agencys_referrals(
    client, request, areas, caseworker_a, health_provider, reporter, viewers
):
    reporting = request.getfixturevalue(reporter)
    case, referrals = _reported_by(reporting, areas, caseworker_a, health_provider)
    for name in viewers:
        user = request.getfixturevalue(name)
        assert Case.objects.visible_to(user).filter(pk=case.pk).exists(), name
        view = case_view_for(user, case)
        assert view.status_only and not view.full, name
        assert not Referral.objects.visible_to(user).filter(case=case).exists(), name
        assert Referral.objects.visible_to(user).filter(case=case).count() == 0, name
        client.force_login(user)
        for box in ("received", "sent"):
            page = client.get(reverse("referrals:referral-inbox") + f"?box={box}")
            body = page.content.decode()
            assert case.number not in body, (name, box)
            rows = page.context["page"].object_list
            assert not any(r.case_id == case.pk for r in rows), (name, box)
        api = _api(user)
        listed = api.get("/api/v1/referrals/").json()
        assert listed["count"] == 0, name
        for referral in referrals:
            detail = reverse("referrals:referral-detail", kwargs={"public_id": referral.public_id})
            response = client.get(detail)
            assert response.status_code == 404, (name, referral.service.code)
            for text in (DECLINE_REASON, DELIVERY):
                assert text not in response.content.decode()
            api_detail = api.get(f"/api/v1/referrals/{referral.public_id}/")
            assert api_detail.status_code == 404, (name, referral.service.code)
    # The handling team still sees and opens every one of them.
    assert set(Referral.objects.visible_to(caseworker_a).filter(case=case)) == set(referrals)


def test_a_referral_the_agency_sent_before_a_transfer_stays_its_own(
    client, areas, caseworker_a, caseworker_b, health_provider
):
    """Sudin Sosial reports and takes on a case, refers the victim, then UPT PPA takes the
    case over and refers again: Sudin Sosial keeps its own referral (sent box, page, API),
    not UPT PPA's."""
    case = case_open(case=report_case(actor=caseworker_b, areas=areas), actor=caseworker_b)
    own = send(case, caseworker_b, service_code="health_rehab")
    upt = Agency.objects.get(code="upt-ppa-dki")
    case = case_handover(case=case, to_agency=upt, actor=caseworker_a)
    theirs = send(
        case, caseworker_a, agency_code="polres-jakpus-ppa", service_code="law_enforcement"
    )
    assert case_view_for(caseworker_b, case).status_only
    assert set(Referral.objects.visible_to(caseworker_b)) == {own}
    client.force_login(caseworker_b)
    sent = client.get(reverse("referrals:referral-inbox") + "?box=sent")
    assert [r.pk for r in sent.context["page"].object_list] == [own.pk]

    def detail(r):
        return reverse("referrals:referral-detail", kwargs={"public_id": r.public_id})

    assert client.get(detail(own)).status_code == 200
    assert client.get(detail(theirs)).status_code == 404
    api = _api(caseworker_b)
    assert [r["public_id"] for r in api.get("/api/v1/referrals/").json()["results"]] == [
        str(own.public_id)
    ]
    assert api.get(f"/api/v1/referrals/{theirs.public_id}/").status_code == 404
    # The new handling team sees both: the case's referrals, whoever sent them.
    assert set(Referral.objects.visible_to(caseworker_a)) == {own, theirs}


@pytest.mark.parametrize("persona", ["caseworker_b", "secretariat_user"])
def test_a_break_glass_grant_opens_the_referrals_of_the_case(
    request, areas, caseworker_a, health_provider, persona
):
    from sigap.privacy.services import breakglass_open

    user = request.getfixturevalue(persona)
    case, referrals = _reported_by(user, areas, caseworker_a, health_provider)
    assert not Referral.objects.visible_to(user).filter(case=case).exists()
    breakglass_open(
        user=user, case_number=case.number, reason="Korban dalam bahaya, perlu data segera."
    )
    assert case_view_for(user, case).full
    assert set(Referral.objects.visible_to(user).filter(case=case)) == set(referrals)
