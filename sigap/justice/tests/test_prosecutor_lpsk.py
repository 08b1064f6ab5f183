"""The prosecutor's office (Kejari) and LPSK as roles of their own (issue 13 §7): each receives
cases by referral (its inbox, with a notification), acts on its own steps of the justice
process and of the victim's rights, and nothing else; all through the one access rule."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from conftest import TEST_PASSWORD
from sigap.cases.access import identity_visible
from sigap.cases.models import Case
from sigap.core.exceptions import ApplicationError
from sigap.justice.access import justice_view_for
from sigap.justice.services import justice_stage_advance
from sigap.referrals.tests.conftest import send
from sigap.rights.access import rights_view_for
from sigap.rights.models import LpskProtection, RestitutionClaim
from sigap.rights.services import protection_set, restitution_claim_set

pytestmark = pytest.mark.django_db


def _refer(case, actor, victim, agency_code, service_code):
    return send(case, actor, agency_code, service_code, victim=victim)


@pytest.fixture
def kejari_referral(open_case, caseworker_a, victims):
    return _refer(open_case, caseworker_a, victims[0], "kejari-jakpus", "prosecution")


@pytest.fixture
def lpsk_referral(open_case, caseworker_a, victims):
    return _refer(open_case, caseworker_a, victims[1], "lpsk", "protection")


def test_no_referral_no_case(open_case, prosecutor_user, lpsk_user, client):
    for user in (prosecutor_user, lpsk_user):
        assert not Case.objects.visible_to(user).exists()
        client.force_login(user)
        page = client.get(reverse("cases:case-detail", args=[open_case.public_id]))
        assert page.status_code == 404


def test_the_new_services_are_offered_by_their_agencies(reference):
    from sigap.agencies.models import AgencyService

    offered = set(
        AgencyService.objects.filter(service__code__in=["prosecution", "protection"]).values_list(
            "agency__code", "service__code"
        )
    )
    assert offered == {("kejari-jakpus", "prosecution"), ("lpsk", "protection")}


def test_prosecutor_inbox_notification_and_justice_steps(
    open_case, caseworker_a, victims, prosecutor_user, client, django_capture_on_commit_callbacks
):
    from sigap.casework.models import Notification
    from sigap.referrals.services import referral_accept

    with django_capture_on_commit_callbacks(execute=True):
        kejari_referral = _refer(
            open_case, caseworker_a, victims[0], "kejari-jakpus", "prosecution"
        )
    note = Notification.objects.get(recipient=prosecutor_user)
    assert note.case_number == open_case.number
    client.force_login(prosecutor_user)
    inbox = client.get(reverse("referrals:referral-inbox"))
    assert inbox.status_code == 200
    assert str(kejari_referral.public_id) in inbox.content.decode()
    referral_accept(referral=kejari_referral, actor=prosecutor_user)

    assert list(Case.objects.visible_to(prosecutor_user)) == [open_case]
    view = justice_view_for(prosecutor_user, open_case)
    assert (view.read, view.manage, view.record_verdict, view.print_summary) == (
        True,
        True,
        True,
        False,
    )
    event = justice_stage_advance(
        case=open_case, actor=prosecutor_user, stage="file_complete", on=date(2026, 11, 20)
    )
    assert event.recorded_by == prosecutor_user
    # The referred adult victim's identity is visible to Kejari; the others' are not.
    victims = list(open_case.participants.filter(role="victim").order_by("id"))
    assert identity_visible(prosecutor_user, victims[0])
    assert not identity_visible(prosecutor_user, victims[2])


def test_prosecutor_writes_only_the_indictment_amount(
    kejari_referral, open_case, prosecutor_user, caseworker_a, victims
):
    restitution_claim_set(
        case=open_case,
        victim=victims[0],
        actor=caseworker_a,
        claimed_on=date(2026, 11, 5),
        amount_claimed=50_000_000,
    )
    assert rights_view_for(prosecutor_user, open_case).claim_fields == {"amount_in_indictment"}
    restitution_claim_set(
        case=open_case, victim=victims[0], actor=prosecutor_user, amount_in_indictment=45_000_000
    )
    claim = RestitutionClaim.objects.get(participant=victims[0])
    # The case team's claim is kept; only the indictment amount is the prosecutor's.
    assert (claim.amount_claimed, claim.claimed_on) == (50_000_000, date(2026, 11, 5))
    assert claim.amount_in_indictment == 45_000_000
    with pytest.raises(ValidationError) as exc:
        restitution_claim_set(
            case=open_case, victim=victims[0], actor=prosecutor_user, amount_claimed=1
        )
    assert "amount_claimed" in exc.value.message_dict
    with pytest.raises(ApplicationError):
        protection_set(
            case=open_case, victim=victims[0], actor=prosecutor_user, applied_on=date(2026, 11, 6)
        )


def test_lpsk_reads_justice_records_protection_and_assessment(
    lpsk_referral, open_case, lpsk_user, victims
):
    view = justice_view_for(lpsk_user, open_case)
    assert view.read and not view.manage and not view.record_verdict
    with pytest.raises(ApplicationError):
        justice_stage_advance(
            case=open_case, actor=lpsk_user, stage="investigation", on=date(2026, 11, 20)
        )
    protection_set(
        case=open_case,
        victim=victims[1],
        actor=lpsk_user,
        applied_on=date(2026, 11, 6),
        decided_on=date(2026, 11, 9),
        decision="granted",
        forms=["safe_house"],
    )
    assert LpskProtection.objects.get(participant=victims[1]).decision == "granted"
    restitution_claim_set(
        case=open_case,
        victim=victims[1],
        actor=lpsk_user,
        assessed_on=date(2026, 11, 10),
        amount_assessed=30_000_000,
    )
    assert RestitutionClaim.objects.get(participant=victims[1]).amount_assessed == 30_000_000
    with pytest.raises(ValidationError):
        restitution_claim_set(
            case=open_case, victim=victims[1], actor=lpsk_user, amount_in_indictment=1
        )


def test_declined_referral_ends_access(kejari_referral, open_case, prosecutor_user):
    from sigap.referrals.services import referral_decline

    referral_decline(
        referral=kejari_referral, actor=prosecutor_user, reason="Bukan kewenangan kami."
    )
    assert not Case.objects.visible_to(prosecutor_user).exists()
    assert not justice_view_for(prosecutor_user, open_case).read


def test_restitution_page_shows_only_the_prosecutors_field(
    kejari_referral, open_case, prosecutor_user, victims, client
):
    assert client.login(username=prosecutor_user.username, password=TEST_PASSWORD)
    url = reverse("rights:restitution-edit", args=[open_case.public_id, victims[0].public_id])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="amount_in_indictment"' in html
    assert 'name="amount_claimed"' not in html
    answer = client.post(url, {"amount_in_indictment": "12000000", "expected_version": "0"})
    assert answer.status_code == 302
    assert RestitutionClaim.objects.get(participant=victims[0]).amount_in_indictment == 12_000_000
    protection = reverse("rights:protection-edit", args=[open_case.public_id, victims[0].public_id])
    assert client.get(protection).status_code == 403
    # A victim of the case whose rights page is open; another case's victim stays 404.
    rights = client.get(reverse("rights:case-rights", args=[open_case.public_id]))
    assert rights.status_code == 200 and url in rights.content.decode()


def test_closed_case_nothing_to_write(kejari_referral, open_case, prosecutor_user):
    from django.utils import timezone

    Case.objects.filter(pk=open_case.pk).update(status="closed", closed_at=timezone.now())
    open_case.refresh_from_db()
    view = rights_view_for(prosecutor_user, open_case)
    assert view.read_justice and not view.edit_claim and not view.edit_protection


def test_kejari_and_lpsk_write_only_for_the_victims_referred_to_them(
    kejari_referral, lpsk_referral, open_case, prosecutor_user, lpsk_user, victims, client
):
    """Kejari had victim 0 referred, LPSK victim 1: neither writes for another victim of the
    same case, though both read its restitution and protection for the case file."""
    with pytest.raises(ApplicationError):
        restitution_claim_set(
            case=open_case, victim=victims[2], actor=prosecutor_user, amount_in_indictment=1
        )
    with pytest.raises(ApplicationError):
        protection_set(
            case=open_case, victim=victims[0], actor=lpsk_user, applied_on=date(2026, 11, 6)
        )
    assert not RestitutionClaim.objects.exists() and not LpskProtection.objects.exists()
    client.force_login(prosecutor_user)
    page = client.get(reverse("rights:case-rights", args=[open_case.public_id])).content.decode()
    for n, victim in enumerate(victims):
        url = reverse("rights:restitution-edit", args=[open_case.public_id, victim.public_id])
        assert (url in page) is (n == 0)
        assert client.get(url).status_code == (200 if n == 0 else 403)
