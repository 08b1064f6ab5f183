"""The victims' rights tracker in a real browser (issue 4 §3): the case team opens the
tracker from the case page, records a domestic repatriation that must be confirmed because
the victim has an open referral (nothing is moved), types in a right and a restitution claim.
Every page visited is checked with axe-core and saved as a screenshot under test-artifacts/.
"""

import pytest

from conftest import TEST_PASSWORD
from tests.browser.conftest import login


@pytest.mark.django_db(transaction=True)
def test_case_team_tracks_rights_with_relocation_confirmed(
    new_page, checkpoint, open_case, caseworker_a
):
    from sigap.agencies.models import Agency, Service
    from sigap.referrals.services import referral_send
    from sigap.rights.models import Repatriation, RestitutionClaim, RightRecord

    victim = open_case.participants.filter(role="victim").order_by("id").first()
    referral = referral_send(
        sharing_basis="public_task",
        legal_reference="UU 21/2007 Pasal 51",
        case=open_case,
        actor=caseworker_a,
        victim=victim,
        to_agency=Agency.objects.get(code="sudin-kesehatan-jakpus"),
        service=Service.objects.get(code="health_rehab"),
    )
    page = new_page()
    login(page, caseworker_a.username, TEST_PASSWORD)
    page.goto(page.base_url + f"/cases/{open_case.public_id}/")
    checkpoint(page, "case-page")
    rights_url = f"/rights/cases/{open_case.public_id}/"
    page.click(f"a[href='{rights_url}']")
    page.wait_for_url("**" + rights_url)
    checkpoint(page, "rights-page")

    victim_base = f"{rights_url}victims/{victim.public_id}/"
    page.goto(page.base_url + victim_base + "repatriation/")
    checkpoint(page, "repatriation-form")
    page.fill("#id_destination_area", "33.01.01.2001")
    page.click("form.stacked button[type=submit]")
    page.wait_for_load_state("load")
    checkpoint(page, "repatriation-confirm")
    assert not Repatriation.objects.exists()
    page.check("#id_confirm")
    page.click("form.stacked button[type=submit]")
    page.wait_for_url("**" + rights_url)
    checkpoint(page, "rights-after-repatriation")
    assert Repatriation.objects.get().destination_area_id == "33.01.01.2001"
    referral.refresh_from_db()
    assert referral.status == "sent"  # nothing moved

    page.goto(page.base_url + victim_base + "rights/")
    checkpoint(page, "rights-form")
    page.select_option("#id_rights-0-status", "fulfilled")
    page.click("form.stacked button[type=submit]")
    page.wait_for_url("**" + rights_url)
    assert RightRecord.objects.get(right="identity").status == "fulfilled"

    page.goto(page.base_url + victim_base + "restitution/")
    checkpoint(page, "restitution-form")
    page.fill("#id_claimed_on", "01-05-2026")
    page.fill("#id_amount_claimed", "5000000")
    page.click("form.stacked button[type=submit]")
    page.wait_for_url("**" + rights_url)
    checkpoint(page, "rights-after-claim")
    assert RestitutionClaim.objects.get().amount_claimed == 5_000_000

    page.goto(page.base_url + victim_base + "protection/")
    checkpoint(page, "protection-form")
