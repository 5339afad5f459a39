"""Browser tests: Debian's Chromium (/usr/bin/chromium) driven by Playwright for Python
against the live test server. Never a downloaded browser. Without Chromium the tests are
skipped — unless THIDUA_REQUIRE_BROWSER=1 (set by CI), where that is a failure."""

import os
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def pytest_collection_modifyitems(items):
    here = str(Path(__file__).parent)
    for item in items:
        if str(item.fspath).startswith(here):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        message = f"{CHROMIUM} is missing: install Debian's chromium package to run the browser tests"
        if os.environ.get("THIDUA_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests
    # themselves make are still synchronous and safe. Set only while browsers run, so that
    # no other test (nor a subprocess it starts) inherits it.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def provinces(transactional_db):
    """Transactional tests flush the tables between tests, including the provinces that a
    data migration loaded; put them back."""
    from thidua.org.models import Province
    from thidua.org.provinces import load_provinces

    if not Province.objects.exists():
        load_provinces(Province)


def is_policy_violation(text: str) -> bool:
    """Chromium's console message for anything the Content-Security-Policy (or the
    Permissions-Policy) refused: an inline script or style, an eval, another origin."""
    return "Content Security Policy" in text or "Permissions policy violation" in text


@pytest.fixture
def new_page(browser, live_server, provinces):
    """new_page(phone=False) -> a fresh browser context (its own cookies) and page. A test
    fails if any page refused something under the policies or threw an uncaught error:
    a script or style the Content-Security-Policy blocks would break the page."""
    contexts = []
    problems: list[str] = []

    def watch(page):
        page.on("console", lambda m: problems.append(f"{page.url}: {m.text}") if is_policy_violation(m.text) else None)
        page.on("pageerror", lambda error: problems.append(f"{page.url}: uncaught {error}"))

    def make(phone: bool = False):
        context = browser.new_context(
            base_url=live_server.url, locale="vi-VN", viewport=PHONE if phone else DESKTOP, is_mobile=phone, has_touch=phone
        )
        context.set_default_timeout(15_000)
        context.on("page", watch)  # pages the test opens later (new tabs) too
        contexts.append(context)
        return context.new_page()

    make.problems = problems  # for the test that checks the watch itself
    yield make
    for context in contexts:
        context.close()
    assert not problems, "the browser refused or failed:\n" + "\n".join(problems)


def sign_in(page, username: str, password: str) -> None:
    page.goto("/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
