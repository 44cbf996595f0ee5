"""A real browser (Debian's chromium, driven by playwright) on a live server of the site in its
embedded mode: `nox -s browser`. A failing test leaves a screenshot of every open page in
$BROWSER_ARTIFACTS (default: var/browser-artifacts)."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

# playwright's sync API keeps an event loop running in this thread; the test's own database
# calls (fixtures, teardown) are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(os.environ.get("BROWSER_ARTIFACTS", "var/browser-artifacts"))


@pytest.fixture(scope="session")
def chromium():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        yield browser
        browser.close()


@pytest.fixture
def open_page(chromium, request):
    """A new browser context per person (their own cookies); screenshots when the test fails."""
    contexts = []

    def new_page():
        context = chromium.new_context(viewport={"width": 1280, "height": 900})
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield new_page
    failed = getattr(request.node, "failed_call", False)
    for number, context in enumerate(contexts):
        for page in context.pages:
            if failed:
                ARTIFACTS.mkdir(parents=True, exist_ok=True)
                page.screenshot(
                    path=ARTIFACTS / f"{request.node.name}-{number}.png", full_page=True
                )
        context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call" and report.failed:
        item.failed_call = True
    return report
