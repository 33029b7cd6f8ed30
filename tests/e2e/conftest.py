"""A real browser (Debian's chromium, driven by playwright) against a real server.

The server is pytest-django's live server: Django serving HTTP from a thread of the test
process, on the test PostgreSQL database, with the seeds imported through the real import.
Chromium is never downloaded: `make browser` installs Debian's package where it can.
Without it these tests skip, except under CI (CI=true), where they fail.
"""

import os
import re
import secrets
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from articles.ingest import import_paths
from tests.paths import ROOT, SEEDS

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = ROOT / "test-artifacts" / "e2e"
DESKTOP = {"width": 1280, "height": 900}
TABLET = {"width": 768, "height": 1024}
PHONE = {"width": 390, "height": 844}
# The smallest GIF: what the browser gets instead of any image from outside the test server.
BLANK_GIF = bytes.fromhex("47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b")


def _unavailable(reason: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: the browser tests must run; `make browser` installs chromium)")
    pytest.skip(f"{reason}; run `make browser` (as root, with apt-get) to install it")


@pytest.fixture(scope="module")
def browser(django_db_setup):
    """Chromium for the tests of one module.

    Playwright's sync API keeps an event loop running in the test thread while it lives,
    and Django then refuses database calls; the test code itself is synchronous and only
    touches the database between browser calls, so Django's guard is lifted, for as long
    as this browser lives and no longer (`check --deploy` rejects it in the environment
    of anything else). The test database is made before the loop starts."""
    if not CHROMIUM.exists():
        _unavailable(f"Debian's chromium is not installed at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed")
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def seeded(transactional_db):
    """The seeds imported the way `make run` imports them (the entity gazetteer first),
    and an editor who can log in."""
    call_command("load_entities", verbosity=0)
    summary = import_paths([SEEDS])
    assert not summary.rejected, summary.rejected
    password = secrets.token_urlsafe(16)
    get_user_model().objects.create_superuser("editor", "", password)
    return {"username": "editor", "password": password}


class Visit:
    """One browser tab on the live server that photographs every page it shows and
    remembers every console error and uncaught exception."""

    def __init__(self, page, base_url: str, folder: Path):
        self.page = page
        self.base_url = base_url
        self.folder = folder
        self.errors = []
        self.shots = 0
        page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.route(re.compile(r"^(?!" + re.escape(base_url) + ")"), self._offline)

    @staticmethod
    def _offline(route):
        # The test is hermetic: images an article links to on other sites are not fetched.
        if route.request.resource_type == "image":
            route.fulfill(status=200, content_type="image/gif", body=BLANK_GIF)
        else:
            route.fulfill(status=204, body="")

    def goto(self, path: str):
        response = self.page.goto(self.base_url + path)
        assert response.ok, f"{path}: HTTP {response.status}"
        return response

    def shoot(self, name: str, full_page: bool = True) -> Path:
        self.shots += 1
        path = self.folder / f"{self.shots:02d}-{name}.png"
        self.page.screenshot(path=str(path), full_page=full_page)
        return path

    def assert_no_errors(self):
        assert not self.errors, f"console errors on {self.page.url}: {self.errors}"

    def fits_width(self) -> bool:
        return self.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.fixture
def open_tab(request, browser, live_server, seeded):
    """Opens fresh browser contexts (no cookies) on the live server; each is closed, and
    checked for console errors, at the end of the test."""
    tabs = []

    def open_one(viewport=DESKTOP, locale="en-US", javascript=True) -> Visit:
        context = browser.new_context(viewport=viewport, locale=locale, java_script_enabled=javascript)
        context.set_default_timeout(10_000)
        folder = ARTIFACTS / request.node.name
        folder.mkdir(parents=True, exist_ok=True)
        tabs.append(Visit(context.new_page(), live_server.url, folder))
        return tabs[-1]

    yield open_one
    for tab in tabs:
        tab.page.context.close()
    for tab in tabs:
        tab.assert_no_errors()


@pytest.fixture
def visit(open_tab):
    """A tab at desktop width. The browser asks for English (playwright's default
    Accept-Language): the archive must still start in Chinese until the reader chooses."""
    return open_tab()
