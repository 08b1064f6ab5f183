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
