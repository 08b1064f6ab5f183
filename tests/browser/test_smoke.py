"""The login page renders in Indonesian, passes axe, and logs a user in."""

import pytest

from conftest import TEST_PASSWORD
from tests.browser.conftest import login


@pytest.mark.django_db(transaction=True)
def test_login_page_is_indonesian_accessible_and_works(new_page, caseworker_a, shots, axe_check):
    page = new_page()
    page.goto(page.base_url + "/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "id"
    axe_check(page)
    shots(page, "login")
    login(page, caseworker_a.username, TEST_PASSWORD)
    assert "/dashboard/" in page.url
    shots(page, "after-login")


@pytest.mark.django_db(transaction=True)
def test_every_menu_item_is_reachable_on_a_phone(new_page, caseworker_a, shots):
    """QA 2026-12-04: on a 390 px phone the main menu ran off the right edge (no wrapping), so
    "Gugus Tugas" and the items after it could not be seen or tapped."""
    page = new_page()
    login(page, caseworker_a.username, TEST_PASSWORD)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(page.base_url + "/dashboard/")
    toggle = page.locator(".menu-toggle")
    if toggle.is_visible():  # the menu folds behind "Menu" on a phone (issue 13 §3)
        toggle.click()
    shots(page, "menu-on-phone")
    links = page.locator("nav .nav a")
    assert links.count() >= 5
    for i in range(links.count()):
        box = links.nth(i).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, links.nth(i).inner_text()
