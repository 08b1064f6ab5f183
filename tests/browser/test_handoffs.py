"""Every hand-off of the main path announced, and acted on from the notification (issue 13,
"Must show"), on a desktop and on a 390 px phone.

A kelurahan officer reports a case → the UPT PPA case manager is notified and FOLLOWS THE
NOTIFICATION'S LINK to the case, takes it on and, on one referral form, refers two victims to
two services (four referrals; the agency picker narrows to the agencies offering each service)
→ the provider is notified, follows the link and accepts → the case manager is notified and
follows the link → the provider completes → the case manager is notified and follows the
link → requests closure → the supervisor is notified, follows the link to the decision page
and approves → the case manager is notified and follows the link to the closed case.

Each page visited is checked with axe-core and saved as a screenshot under test-artifacts/;
at 390 px every page must also be no wider than the screen (no sideways scrolling). Selectors
use ids, names, values and links, never English wording.
"""

import re

import pytest
from django.utils import timezone

from conftest import TEST_PASSWORD
from tests.browser.conftest import login
from tests.browser.test_main_path import VICTIMS, _report_case

PHONE = 390


def _visitor(checkpoint, width: int | None):
    """``visit(page, label, axe=True)``: the checkpoint (axe + screenshot), and at phone width
    the check that the page does not scroll sideways."""

    def visit(page, label: str, *, axe: bool = True):
        page.wait_for_load_state("load")
        if width is not None:
            scroll = page.evaluate("document.documentElement.scrollWidth")
            assert scroll <= width, f"{label} ({page.url}): {scroll}px wide at {width}px"
        return checkpoint(page, label, axe=axe)

    return visit


def _open(new_page, user, width):
    page = new_page()
    if width is not None:
        page.set_viewport_size({"width": width, "height": 844})
    login(page, user.username, TEST_PASSWORD)
    return page


def _follow(page, visit, label: str, verb: str, href_end: str, url_re: str) -> None:
    """Open the notifications from the header, find the unread notification of kind ``verb``
    (by its Indonesian label, read from the code) linking to a path ending in ``href_end``,
    and follow its link."""
    from django.utils import translation

    from sigap.casework.choices import NotificationVerb

    with translation.override("id"):
        text = str(NotificationVerb(verb).label)
    page.reload()  # the user comes back to the page later: the header shows what arrived
    badge = page.locator(".header-tools a[href$='/notifications/'] .count")
    assert int(badge.inner_text().strip()) >= 1
    page.click(".header-tools a[href$='/notifications/']")
    page.wait_for_url(re.compile(r"/notifications/$"))
    visit(page, f"{label}-notifications")
    item = page.locator("ul.notifications li.unread", has_text=text)
    link = item.locator(f"a[data-target$='{href_end}']").first
    assert link.count() == 1, f"no unread {verb!r} notification linking to {href_end}"
    unread = int(badge.inner_text().strip())
    link.click()
    page.wait_for_url(re.compile(url_re))
    visit(page, f"{label}-followed")
    # Following the link read the notification: the header's count went down by one.
    after = page.locator(".header-tools a[href$='/notifications/'] .count")
    assert (int(after.inner_text().strip()) if after.count() else 0) == unread - 1


def _main_path(new_page, checkpoint, users, width):
    from sigap.agencies.models import Agency
    from sigap.cases.models import Case
    from sigap.casework.models import Notification
    from sigap.referrals.models import Referral

    reporter_user, manager_user, supervisor_user, provider_user = users
    visit = _visitor(checkpoint, width)
    today = timezone.localdate()

    # --- Kelurahan Kemayoran reports a case. ----------------------------------------------
    reporter = _open(new_page, reporter_user, width)
    visit(reporter, "reporter-dashboard")
    case_id = _report_case(reporter, visit)
    case = Case.objects.get(public_id=case_id)
    assert Notification.objects.filter(
        recipient=manager_user, verb="case_reported", case_public_id=case.public_id
    ).exists()

    # --- UPT PPA is notified and follows the link to the case; takes it on. --------------
    manager = _open(new_page, manager_user, width)
    _follow(
        manager,
        visit,
        "manager-new-case",
        "case_reported",
        f"/cases/{case_id}/",
        rf"/cases/{case_id}/$",
    )
    manager.click(f"form[action$='/cases/{case_id}/open/'] button[type=submit]")
    manager.wait_for_url(re.compile(rf"/cases/{case_id}/$"))
    visit(manager, "case-taken-on")
    case.refresh_from_db()
    assert case.status == "open"

    # --- One form: two victims × two services. ------------------------------------------
    victims = {
        p.person.full_name: p
        for p in case.participants.select_related("person").filter(role="victim")
    }
    chosen = [victims[VICTIMS[0][0]], victims[VICTIMS[1][0]]]
    kesehatan = Agency.objects.get(code="sudin-kesehatan-jakpus")
    sosial = Agency.objects.get(code="sudin-sosial-jakpus")
    kelurahan = Agency.objects.get(code="kelurahan-31-71-03-1001")
    manager.click(f"a[href$='/referrals/new/{case_id}/']")
    manager.wait_for_url(re.compile(rf"/referrals/new/{case_id}/$"))
    visit(manager, "referral-form-empty")
    for victim in chosen:
        manager.check(f"input[name=victim][value='{victim.public_id}']")
    for index, (service, agency) in enumerate([("health_rehab", kesehatan), ("shelter", sosial)]):
        service_field = "#id_service" if index == 0 else f"#id_service_{index}"
        agency_field = "#id_to_agency" if index == 0 else f"#id_to_agency_{index}"
        manager.select_option(service_field, service)
        # htmx replaces the row's picker with the agencies offering the service.
        manager.locator(f"#picker-{index} select[data-service='{service}']").wait_for()
        values = manager.locator(f"{agency_field} option").evaluate_all(
            "(os) => os.map((o) => o.value)"
        )
        assert str(agency.public_id) in values
        assert str(kelurahan.public_id) not in values
        assert str(case.handling_agency.public_id) not in values
        manager.select_option(agency_field, str(agency.public_id))
    assert "hari" in manager.locator("#id_to_agency option:checked").inner_text()
    manager.fill("#id_note", "Mohon ditindaklanjuti.")
    manager.check("input[name=sharing_basis][value=public_task]")
    manager.fill("#id_legal_reference", "UU 21/2007 Pasal 51")
    visit(manager, "referral-form-filled")
    manager.click("form.stacked > button[type=submit][name=send]")
    manager.wait_for_url(re.compile(rf"/cases/{case_id}/$"))
    visit(manager, "case-referred")
    referrals = Referral.objects.filter(case=case)
    assert referrals.count() == 4
    assert {(r.victim_id, r.service.code) for r in referrals} == {
        (v.pk, s) for v in chosen for s in ("health_rehab", "shelter")
    }
    health = referrals.get(victim=chosen[0], service__code="health_rehab")

    # --- The provider is notified, follows the link, accepts and completes. --------------
    provider = _open(new_page, provider_user, width)
    _follow(
        provider,
        visit,
        "provider-new-referral",
        "referral_received",
        f"/referrals/{health.public_id}/",
        rf"/referrals/{health.public_id}/$",
    )
    provider.click(f"form[action$='/referrals/{health.public_id}/accept/'] button")
    provider.wait_for_url(re.compile(rf"/referrals/{health.public_id}/$"))
    visit(provider, "provider-accepted")
    # Accepted: the case manager is notified and follows the link to the referral.
    _follow(
        manager,
        visit,
        "manager-referral-accepted",
        "referral_accepted",
        f"/referrals/{health.public_id}/",
        rf"/referrals/{health.public_id}/$",
    )
    provider.fill("#id_complete-delivered_on", today.strftime("%d-%m-%Y"))
    provider.fill("#id_complete-description", "Pemeriksaan kesehatan umum di Puskesmas.")
    visit(provider, "provider-complete-form", axe=False)
    provider.click(f"form[action$='/referrals/{health.public_id}/complete/'] button")
    provider.wait_for_url(re.compile(rf"/referrals/{health.public_id}/$"))
    visit(provider, "provider-completed")
    health.refresh_from_db()
    assert health.status == "completed"

    # --- Completed: the case manager is notified and follows the link. -----------------
    _follow(
        manager,
        visit,
        "manager-referral-completed",
        "referral_completed",
        f"/referrals/{health.public_id}/",
        rf"/referrals/{health.public_id}/$",
    )
    assert manager.locator(f"a[href$='/cases/{case_id}/']").count() >= 1

    # --- Closure requested: the supervisor is notified and follows the link. ------------
    manager.goto(f"{manager.base_url}/cases/{case_id}/")
    visit(manager, "case-before-close")
    manager.click(f"nav.actions a[href$='/{case_id}/close/']")
    manager.wait_for_url(re.compile(rf"/{case_id}/close/$"))
    manager.select_option("#id_reason", "services_completed")
    manager.fill("#id_note", "Layanan selesai; korban kembali ke daerah asal.")
    visit(manager, "close-form")
    manager.click("form.stacked > button[type=submit]")
    manager.wait_for_url(re.compile(rf"/cases/{case_id}/$"))
    visit(manager, "closure-requested")

    supervisor = _open(new_page, supervisor_user, width)
    _follow(
        supervisor,
        visit,
        "supervisor-closure",
        "closure_requested",
        f"/cases/{case_id}/close/decide/",
        r"/close/decide/$",
    )
    supervisor.check("input[name=decision][value=approve]")
    visit(supervisor, "closure-decision-form", axe=False)
    supervisor.click("form.stacked > button[type=submit]")
    supervisor.wait_for_url(re.compile(rf"/cases/{case_id}/$"))
    visit(supervisor, "case-closed")
    case.refresh_from_db()
    assert case.status == "closed"

    # --- Decided: the case manager is notified and follows the link to the case. --------
    assert Notification.objects.filter(
        recipient=manager_user, verb="closure_approved", case_public_id=case.public_id
    ).exists()
    _follow(
        manager,
        visit,
        "manager-closure-decided",
        "closure_approved",
        f"/cases/{case_id}/",
        rf"/cases/{case_id}/$",
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [None, PHONE], ids=["desktop", "phone390"])
def test_every_handoff_is_announced_and_followed(
    width,
    new_page,
    checkpoint,
    reference,
    reporter_kemayoran,
    caseworker_a,
    supervisor_a,
    health_provider,
):
    _main_path(
        new_page,
        checkpoint,
        (reporter_kemayoran, caseworker_a, supervisor_a, health_provider),
        width,
    )
