"""Real-browser tests: Playwright for Python driving Debian's Chromium (/usr/bin/chromium).

Without Chromium or Playwright these tests skip with one clear reason; CI installs both.
Screenshots go to ``test-output/`` (or ``$DANVAN_TEST_OUTPUT``).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from danvan import PROJECT_ROOT
from tests.support.live_server import BROWSER_UA

CHROMIUM = os.environ.get("DANVAN_CHROMIUM", "/usr/bin/chromium")
OUTPUT = Path(os.environ.get("DANVAN_TEST_OUTPUT", PROJECT_ROOT / "test-output"))

# As the machine notes say: without these, Chromium keeps dialling Google's hosts.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def _skip_reason() -> str | None:
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        return f"no Chromium at {CHROMIUM} (apt-get install -y chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (pip install -r requirements-dev.txt)"
    return None


def pytest_collection_modifyitems(config, items):
    reason = _skip_reason()
    for item in items:
        if "tests/e2e/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)
            if reason:
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


class PageProblems:
    """Console errors and CSP violations seen by a page."""

    def __init__(self) -> None:
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []

    def watch(self, page) -> None:
        page.on(
            "console",
            lambda message: message.type == "error" and self.console_errors.append(message.text),
        )
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))

    @property
    def all(self) -> list[str]:
        return self.console_errors + self.page_errors


@pytest.fixture
def context(browser):
    # Headless Chromium's own User-Agent says "HeadlessChrome", which the site rightly treats
    # as a bot (no votes, not counted): the pages are visited as a desktop Chrome instead.
    context = browser.new_context(
        locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", user_agent=BROWSER_UA
    )
    yield context
    context.close()


@pytest.fixture
def page_problems():
    return PageProblems()


@pytest.fixture
def page(context, page_problems):
    page = context.new_page()
    page_problems.watch(page)
    yield page


@pytest.fixture
def screenshot_dir() -> Path:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    return OUTPUT
