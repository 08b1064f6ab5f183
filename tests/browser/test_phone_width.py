"""Phones first (issue 13 §3, "Must show"): every main page fits a 390 px and a 360 px phone.

The kelurahan reporter (lurah), a UPT PPA case manager and the secretariat each log in and
visit their main pages at both widths; the public pages are visited too. On every page the
document is no wider than the viewport (no sideways scrolling), axe-core finds no serious or
critical violation and a full-page screenshot is saved under test-artifacts/. The header menu
folds behind a "Menu" button on phones (sigap.js, no inline script) and opens on a tap; on a
desktop the menu is shown as before.
"""

import pytest

from conftest import TEST_PASSWORD
from tests.browser.conftest import login

WIDTHS = (390, 360)
LONG_WORD = "Penampungan" * 12  # a 132-letter "word" must wrap, not widen the page


def _fits(page, label: str) -> None:
    width = page.viewport_size["width"]
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{label}: page is {scroll}px wide at a {width}px viewport"


TARGETS = (
    "main button, main .btn, main select, main textarea, .site-header button, .tabs a, "
    ".pagination a, main input:not([type=checkbox]):not([type=radio]):not([type=hidden])"
)


def _touch_targets(page, label: str) -> None:
    """Buttons, form fields, tabs and page links are at least 44 px tall (WCAG 2.5.5)."""
    small = page.evaluate(
        """(sel) => Array.from(document.querySelectorAll(sel))
            .filter((e) => e.offsetParent !== null && e.getClientRects().length)
            .filter((e) => e.getBoundingClientRect().height < 44)
            .map((e) => e.tagName + " " + (e.name || e.textContent.trim().slice(0, 30)))""",
        TARGETS,
    )
    assert not small, f"{label}: touch targets under 44px: {small[:5]}"


def _visit(page, checkpoint, path: str, label: str) -> None:
    response = page.goto(page.base_url + path)
    assert response is not None and response.status == 200, (path, response and response.status)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        _fits(page, f"{label} ({path})")
        _touch_targets(page, f"{label} ({path})")
        checkpoint(page, f"{label}-{width}", axe=(width == WIDTHS[-1]))


def _menu_opens(page, checkpoint) -> None:
    """On a phone the main menu is folded behind a button that opens it."""
    page.set_viewport_size({"width": 360, "height": 800})
    toggle = page.locator("button.menu-toggle")
    nav = page.locator("#main-nav")
    assert toggle.is_visible() and not nav.is_visible()
    assert toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert nav.is_visible()
    links = nav.locator("a")
    assert links.count() >= 3
    for i in range(links.count()):  # touch targets at least 44 px tall, all inside the screen
        box = links.nth(i).bounding_box()
        assert box["height"] >= 44, (links.nth(i).inner_text(), box)
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360, box
    _fits(page, "open menu")
    checkpoint(page, "menu-open-360")


@pytest.fixture
def phone_data(open_case, caseworker_a, health_provider, reference):
    """A case (long unbroken text in its summary), a referral, an overdue task for the case
    manager (My work) and a community report."""
    from datetime import timedelta

    from django.utils import timezone

    from sigap.agencies.models import Agency, Service
    from sigap.casework.services import task_create
    from sigap.prevention.services import report_submit
    from sigap.referrals.services import referral_send

    open_case.summary = f"Tiga perempuan ditampung. {LONG_WORD}"
    open_case.save(update_fields=["summary"])
    referral_send(
        sharing_basis="public_task",
        legal_reference="UU 21/2007 Pasal 51",
        case=open_case,
        actor=caseworker_a,
        victim=open_case.participants.order_by("id").first(),
        to_agency=Agency.objects.get(code="sudin-kesehatan-jakpus"),
        service=Service.objects.get(code="health_rehab"),
        note=f"Pemeriksaan kesehatan. {LONG_WORD}",
    )
    task_create(
        case=open_case,
        actor=caseworker_a,
        title=f"Kunjungan rumah korban. {LONG_WORD}",
        kind="other",
        due_on=timezone.localdate() - timedelta(days=3),
        assignee_user=caseworker_a,
    )
    report_submit(
        channel="public_web",
        category="holding_house",
        what_happened=f"Rumah penampungan di gang belakang pasar. {LONG_WORD}",
        area=reference["31.71.03.1001"],
    )
    return open_case


@pytest.mark.django_db(transaction=True)
def test_main_pages_fit_a_phone(
    new_page, checkpoint, phone_data, reporter_kemayoran, caseworker_a, secretariat_user
):
    case = phone_data.public_id

    # The public pages, without an account.
    public = new_page()
    for path, label in (
        ("/lapor/", "public-report"),
        ("/lapor/status/", "public-status"),
        ("/cek-lowongan/", "job-check"),
    ):
        _visit(public, checkpoint, path, label)

    # The lurah (kelurahan reporter).
    lurah = new_page()
    login(lurah, reporter_kemayoran.username, TEST_PASSWORD)
    _menu_opens(lurah, checkpoint)
    for path, label in (
        ("/dashboard/", "lurah-dashboard"),
        ("/cases/", "lurah-case-list"),
        (f"/cases/{case}/", "lurah-case-detail"),
        ("/cases/new/", "lurah-intake"),
        ("/casework/my-work/", "lurah-my-work"),
        ("/casework/notifications/", "lurah-notifications"),
        ("/lapor/", "lurah-public-report"),
    ):
        _visit(lurah, checkpoint, path, label)

    # A UPT PPA case manager.
    manager = new_page()
    login(manager, caseworker_a.username, TEST_PASSWORD)
    for path, label in (
        ("/dashboard/", "cm-dashboard"),
        ("/cases/", "cm-case-list"),
        (f"/cases/{case}/", "cm-case-detail"),
        (f"/casework/cases/{case}/", "cm-case-work"),
        ("/cases/new/", "cm-intake"),
        ("/casework/my-work/", "cm-my-work"),
        ("/referrals/", "cm-referral-inbox"),
        ("/referrals/?box=sent", "cm-referrals-sent"),
        ("/casework/notifications/", "cm-notifications"),
    ):
        _visit(manager, checkpoint, path, label)

    # The secretariat (Sudin PPAPP).
    sec = new_page()
    login(sec, secretariat_user.username, TEST_PASSWORD)
    for path, label in (
        ("/dashboard/", "sec-dashboard"),
        ("/cases/", "sec-case-list"),
        ("/casework/my-work/", "sec-my-work"),
        ("/taskforce/", "sec-taskforce"),
        ("/prevention/reports/", "sec-community-reports"),
        ("/prevention/outreach/", "sec-outreach"),
        ("/prevention/outreach/plans/", "sec-outreach-plans"),
        ("/prevention/early-warning/", "sec-early-warning"),
        ("/casework/notifications/", "sec-notifications"),
    ):
        _visit(sec, checkpoint, path, label)

    # Desktop unchanged: the menu is shown, no "Menu" button.
    sec.set_viewport_size({"width": 1280, "height": 900})
    sec.goto(sec.base_url + "/dashboard/")
    assert sec.locator("#main-nav").is_visible()
    assert not sec.locator("button.menu-toggle").is_visible()
