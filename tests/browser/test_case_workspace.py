"""The case workspace in a real browser (issue 13 §2): the section index loads each section
in place with htmx (the URL follows, the current tab is marked), the timeline pages, and the
same links work with JavaScript off. axe-core is clean on every state; screenshots under
test-artifacts/; at 390 px the page does not scroll sideways."""

import re

import pytest
from playwright.sync_api import expect

from conftest import TEST_PASSWORD
from tests.browser.conftest import login


@pytest.mark.django_db(transaction=True)
def test_case_workspace_tabs(new_page, checkpoint, open_case, caseworker_a):
    from sigap.cases.services import case_note_add

    for i in range(30):
        case_note_add(case=open_case, actor=caseworker_a, body=f"Catatan sintetis {i}")
    page = new_page()
    login(page, caseworker_a.username, TEST_PASSWORD)
    base = f"/cases/{open_case.public_id}/"
    page.goto(page.base_url + base)
    assert page.locator("#h-next").is_visible()
    checkpoint(page, "workspace-all")

    tabs = page.locator("nav.case-tabs")
    tabs.locator(f"a[href='{base}section/journey/']").click()
    page.wait_for_url(f"**{base}section/journey/")
    page.locator("#case-workspace #h-journey").wait_for()
    assert page.locator("#case-workspace #h-summary").count() == 0
    assert page.locator("#h-next").is_visible()  # the header stays: only the section changed
    current = tabs.locator("a[aria-current=page]")
    assert current.get_attribute("href") == f"{base}section/journey/"
    checkpoint(page, "workspace-journey")

    tabs.locator(f"a[href='{base}section/timeline/']").click()
    page.wait_for_url(f"**{base}section/timeline/")
    page.locator("#case-workspace #h-timeline").wait_for()
    assert page.locator("#case-workspace li[class^=tl-]").count() == 25
    page.locator("#case-workspace a[href*='before=']").click()
    page.wait_for_url("**before=*")
    page.locator("#case-workspace #h-timeline").wait_for()
    assert 0 < page.locator("#case-workspace li[class^=tl-]").count() <= 25
    checkpoint(page, "workspace-timeline-older")

    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(page.base_url + base)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    checkpoint(page, "workspace-390")
    # A section swapped in by htmx gets the phone layout too: its data table becomes cards
    # with each cell labelled (sigap.js runs again after every swap).
    tabs.locator(f"a[href='{base}section/victims/']").click()
    page.wait_for_url(f"**{base}section/victims/")
    table = page.locator("#case-workspace table").first
    expect(table).to_have_class(re.compile(r"\bas-cards\b"))  # after htmx settles the swap
    expect(table.locator("td[data-label]").first).to_be_attached()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    checkpoint(page, "workspace-victims-390")


@pytest.mark.django_db(transaction=True)
def test_case_workspace_without_javascript(browser, live_server, open_case, caseworker_a):
    context = browser.new_context(java_script_enabled=False, locale="id-ID")
    page = context.new_page()
    try:
        page.base_url = live_server.url
        login(page, caseworker_a.username, TEST_PASSWORD)
        base = f"/cases/{open_case.public_id}/"
        page.goto(live_server.url + base)
        page.locator(f"nav.case-tabs a[href='{base}section/victims/']").click()
        page.wait_for_url(f"**{base}section/victims/")
        assert page.locator("#h-victims").is_visible()
        assert page.locator("#h-journey").count() == 0
    finally:
        context.close()
