"""Data-subject rights carried out in a real browser (issue 7 finding 12): one DPO registers a
restriction request and prepares it, a second DPO finds it on "My work" and approves it, and
the case team's case page then shows the mask instead of the victim's name. The breach
register shows the 3 × 24-hour clock, and the public privacy notice is printable. Every page
visited is checked with axe-core and saved as a screenshot under test-artifacts/.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import TEST_PASSWORD
from sigap.agencies.choices import Role
from tests.browser.conftest import login

NIK = "3171034101980077"


@pytest.mark.django_db(transaction=True)
def test_restriction_with_four_eyes_breach_clock_and_notice(
    new_page, checkpoint, make_user, caseworker_a, areas
):
    from sigap.cases.services import PersonData, case_open, case_report
    from sigap.privacy.services import breach_register

    case = case_open(
        case=case_report(
            actor=caseworker_a,
            intake_channel="kelurahan_report",
            report_area=areas["31.71.03.1001"],
            summary="Synthetic case for the browser.",
            victims=[PersonData(full_name="Kamboja Rahasiabrowser", nik=NIK, sex="F")],
        ),
        actor=caseworker_a,
    )
    dpo = make_user(Role.AUDITOR, "pemkot-jakpus", "dpo-first")
    dpo2 = make_user(Role.AUDITOR, "pemkot-jakpus", "dpo-second")
    breach_register(
        actor=dpo,
        discovered_at=timezone.now() - timedelta(hours=60),
        description="Synthetic: a printed list was left on a train.",
        data_affected="Names of victims",
        subjects_affected=4,
    )

    page = new_page()
    login(page, dpo.username, TEST_PASSWORD)
    page.goto(page.base_url + "/privacy/requests/new/")
    checkpoint(page, "request-form")
    page.select_option("#id_kind", "restriction")
    page.fill("#id_case_number", case.number)
    page.fill("#id_nik", NIK)
    with page.expect_navigation():
        page.click("#subject-request-form button[type=submit]")
    checkpoint(page, "request-detail")
    page.select_option("#id_kind", "restrict")
    with page.expect_navigation():
        page.click("#prepare-form button[type=submit]")
    checkpoint(page, "prepared")
    assert page.locator("#approve-form").count() == 0  # the preparer cannot approve

    page.goto(page.base_url + "/privacy/breaches/")
    checkpoint(page, "breach-register")
    page.click("#breaches a")
    page.wait_for_load_state("load")
    checkpoint(page, "breach-detail")
    assert "clock-urgent" in page.inner_html("#breach-clock")
    assert "train" in page.inner_text("#breach-notice")

    second = new_page()
    login(second, dpo2.username, TEST_PASSWORD)
    second.goto(second.base_url + "/casework/my-work/")
    checkpoint(second, "my-work-second-dpo")
    assert second.locator("#my-breaches li").count() == 1
    with second.expect_navigation():
        second.click("#my-actions a")
    with second.expect_navigation():
        second.click("#approve-form button[type=submit]")
    checkpoint(second, "approved")
    assert second.locator("#restricted-flag").count() == 1

    team = new_page()
    login(team, caseworker_a.username, TEST_PASSWORD)
    team.goto(team.base_url + f"/cases/{case.public_id}/")
    checkpoint(team, "case-page-restricted")
    assert "Rahasiabrowser" not in team.content()
    assert case.number in team.content()

    public = new_page()
    public.goto(public.base_url + "/privacy/notice/")
    checkpoint(public, "privacy-notice")
    assert "Pemberitahuan privasi" in public.inner_text("h1")
    assert public.locator("[data-print]").count() == 1
