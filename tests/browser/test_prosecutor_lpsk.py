"""The prosecutor (Kejari) and LPSK in a real browser (issue 13 §7): each follows the
notification of a referral from its own inbox, accepts it, then acts on its own step: the
prosecutor records P21 on the justice page and the restitution amount of the indictment on
the rights page (the only field of the claim it sees); LPSK records its protection decision.
Every page is checked with axe-core and saved under test-artifacts/."""

import re

import pytest

from conftest import TEST_PASSWORD
from tests.browser.conftest import login


def _accept_from_notification(page, checkpoint, label: str, referral) -> None:
    page.goto(page.base_url + "/casework/notifications/")
    checkpoint(page, f"{label}-notifications")
    link = page.locator(f"ul.notifications a[data-target$='/referrals/{referral.public_id}/']")
    with page.expect_navigation():
        link.click()
    page.wait_for_url(re.compile(rf"/referrals/{referral.public_id}/$"))
    checkpoint(page, f"{label}-referral")
    with page.expect_navigation():
        page.click(f"form[action$='/referrals/{referral.public_id}/accept/'] button")
    checkpoint(page, f"{label}-accepted")


@pytest.mark.django_db(transaction=True)
def test_kejari_and_lpsk_act_on_their_own_steps(
    new_page, checkpoint, open_case, caseworker_a, prosecutor_user, lpsk_user
):
    from sigap.referrals.models import Referral
    from sigap.referrals.services import jakarta_today
    from sigap.referrals.tests.conftest import send
    from sigap.rights.models import LpskProtection, RestitutionClaim

    victim = open_case.participants.filter(role="victim").order_by("id").first()
    kejari = send(open_case, caseworker_a, "kejari-jakpus", "prosecution", victim=victim)
    lpsk = send(open_case, caseworker_a, "lpsk", "protection", victim=victim)
    today = jakarta_today().strftime("%d-%m-%Y")
    case_id = open_case.public_id

    # --- Kejari: inbox → accept → P21 on the justice page → indictment amount. ----------------
    jaksa = new_page()
    login(jaksa, prosecutor_user.username, TEST_PASSWORD)
    _accept_from_notification(jaksa, checkpoint, "jaksa", kejari)
    assert Referral.objects.get(pk=kejari.pk).status == "accepted"
    jaksa.goto(f"{jaksa.base_url}/justice/cases/{case_id}/stage/")
    jaksa.select_option("#id_stage", "file_complete")
    jaksa.fill("#id_on", today)
    checkpoint(jaksa, "jaksa-stage-form")
    with jaksa.expect_navigation():
        jaksa.click("form.stacked > button[type=submit]")
    checkpoint(jaksa, "jaksa-justice-p21")
    assert open_case.justice_stages.get().stage == "file_complete"
    jaksa.goto(f"{jaksa.base_url}/rights/cases/{case_id}/")
    checkpoint(jaksa, "jaksa-rights")
    jaksa.click(f"a[href$='/victims/{victim.public_id}/restitution/']")
    jaksa.wait_for_url(re.compile(r"/restitution/$"))
    assert jaksa.locator("#id_amount_claimed").count() == 0  # the case team's field
    jaksa.fill("#id_amount_in_indictment", "45000000")
    checkpoint(jaksa, "jaksa-restitution-form")
    with jaksa.expect_navigation():
        jaksa.click("form.stacked > button[type=submit]")
    checkpoint(jaksa, "jaksa-rights-saved")
    assert RestitutionClaim.objects.get(participant=victim).amount_in_indictment == 45_000_000
    assert jaksa.locator(f"a[href$='/victims/{victim.public_id}/protection/']").count() == 0

    # --- LPSK: inbox → accept → protection decision. -----------------------------------------
    officer = new_page()
    login(officer, lpsk_user.username, TEST_PASSWORD)
    _accept_from_notification(officer, checkpoint, "lpsk", lpsk)
    officer.goto(f"{officer.base_url}/rights/cases/{case_id}/")
    officer.click(f"a[href$='/victims/{victim.public_id}/protection/']")
    officer.wait_for_url(re.compile(r"/protection/$"))
    officer.fill("#id_applied_on", today)
    officer.fill("#id_decided_on", today)
    officer.select_option("#id_decision", "granted")
    officer.check("input[name=protection_forms][value=safe_house]")
    checkpoint(officer, "lpsk-protection-form")
    with officer.expect_navigation():
        officer.click("form.stacked > button[type=submit]")
    checkpoint(officer, "lpsk-rights-saved")
    protection = LpskProtection.objects.get(participant=victim)
    assert (protection.decision, protection.forms) == ("granted", ["safe_house"])
    # LPSK reads the justice process but has no action on it.
    officer.goto(f"{officer.base_url}/justice/cases/{case_id}/")
    checkpoint(officer, "lpsk-justice-read")
    assert officer.locator(f"a[href$='/justice/cases/{case_id}/stage/']").count() == 0
