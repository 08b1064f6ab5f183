"""Browser-test fixtures: Playwright driving Debian's chromium against pytest-django's
live_server, screenshots under test-artifacts/, and an axe-core accessibility check.
"""

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls made by the test
# itself (fixtures, assertions) are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("SIGAP_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
SERIOUS = {"serious", "critical"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    """One headless chromium for the session; skips (loudly) only if chromium is absent
    outside CI, and fails in CI where .ci/run installs it."""
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"chromium not found at {CHROMIUM}")
        pytest.skip(f"chromium not found at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server):
    """Factory: ``new_page(locale="id-ID", timezone_id="Asia/Jakarta")`` → a fresh page in
    its own context (own cookies), with ``page.base_url`` set to the live server."""
    contexts = []

    def _make(locale="id-ID", timezone_id="Asia/Jakarta"):
        context = browser.new_context(
            locale=locale,
            timezone_id=timezone_id,
            bypass_csp=False,
            viewport={"width": 1280, "height": 900},
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.base_url = live_server.url
        return page

    yield _make
    for context in contexts:
        context.close()


class Shots:
    """Numbered screenshots of one test under test-artifacts/<test name>/."""

    def __init__(self, name: str):
        self.dir = ARTIFACTS / name
        self.dir.mkdir(parents=True, exist_ok=True)
        for old in self.dir.glob("*.png"):  # no stale screenshots from an earlier run
            old.unlink(missing_ok=True)
        self.n = 0

    def __call__(self, page, label: str) -> Path:
        self.n += 1
        path = self.dir / f"{self.n:02d}-{label}.png"
        page.screenshot(path=str(path), full_page=True)
        return path


@pytest.fixture
def shots(request):
    return Shots(request.node.name)


def _invisible_text(incomplete: list) -> list:
    """axe-core files text with a 1:1 contrast ratio (e.g. white on white) under "incomplete",
    as possibly hidden on purpose; on these pages it is always a bug, so it fails too."""
    found = []
    for rule in incomplete:
        if rule["id"] != "color-contrast":
            continue
        nodes = [
            n
            for n in rule["nodes"]
            if any((c.get("data") or {}).get("messageKey") == "equalRatio" for c in n["any"])
        ]
        if nodes:
            found.append({**rule, "impact": "serious", "nodes": nodes})
    return found


@pytest.fixture
def axe_check():
    """``axe_check(page)``: asserts no serious/critical axe-core violation on the page."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def _check(page):
        results = axe.run(page)
        bad = [v for v in results.response["violations"] if v.get("impact") in SERIOUS]
        bad += _invisible_text(results.response.get("incomplete", []))
        detail = "\n".join(
            f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:3]}"
            for v in bad
        )
        assert not bad, f"axe violations on {page.url}:\n{detail}"
        return results

    return _check


def login(page, username: str, password: str) -> None:
    """Log in through the real form."""
    page.goto(page.base_url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("#login-form button[type=submit]")


@pytest.fixture
def checkpoint(shots, axe_check):
    """``checkpoint(page, label)``: wait for the page to load, check it with axe-core and
    save a numbered screenshot; call it on every page a browser test visits.
    ``axe=False`` only for a second screenshot of a page already checked (a form filled in)."""

    def _check(page, label: str, *, axe: bool = True):
        page.wait_for_load_state("load")
        if axe:
            axe_check(page)
        return shots(page, label)

    return _check


def dashboard_count(page, area_code: str) -> int:
    """The number in the (already open) dashboard's "cases by kecamatan" table for one
    kecamatan code."""
    cell = page.locator(f"#stat-kecamatan td[data-code='{area_code}']")
    return int(cell.inner_text().strip())
