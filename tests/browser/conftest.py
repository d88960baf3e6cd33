"""The browser suite runs against the real thing: `masthead serve` (granian, task worker,
mail catcher) on a fresh SQLite data folder, driven by Debian's Chromium through Playwright."""

from pathlib import Path

import pytest

from tests.live_site import free_port, site  # noqa: F401 - fixtures for this suite

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.call_failed = report.failed
    return report


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    if getattr(request.node, "call_failed", False):
        _leave_evidence(request, page)
    context.close()


def _leave_evidence(request, page):
    """What the reader saw when a test failed, and what the server said meanwhile: a
    screenshot and the HTML in test-artifacts/, the page's address and the log's tail in
    the report."""
    ARTIFACTS.mkdir(exist_ok=True)
    name = f"FAILED-{request.node.name}"
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    (ARTIFACTS / f"{name}.html").write_text(page.content())
    lines = [f"The page at failure: {page.url} ({page.title()!r}); see test-artifacts/{name}.*"]
    if "site" in request.fixturenames:
        log = request.getfixturevalue("site")["data_dir"] / "serve.log"
        lines += [
            "The server's log, last lines:",
            *log.read_text(errors="replace").splitlines()[-40:],
        ]
    # Teardown output is not shown for a failed test: write past the capture.
    capture = request.config.pluginmanager.getplugin("capturemanager")
    with capture.global_and_fixture_disabled():
        print("\n" + "\n".join(lines))


@pytest.fixture
def artifact():
    ARTIFACTS.mkdir(exist_ok=True)
    return lambda name: str(ARTIFACTS / name)
