"""The browser suite runs against the real thing: `masthead serve` (granian, task worker,
mail catcher) on a fresh SQLite data folder, driven by Debian's Chromium through Playwright."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """A running Masthead with the demo loaded; yields its base URL and environment."""
    data_dir = tmp_path_factory.mktemp("site")
    port, mail_port = free_port(), free_port()
    env = {
        **os.environ,
        "MASTHEAD_DATA_DIR": str(data_dir),
        "SITE_URL": f"http://127.0.0.1:{port}",
        "EMAIL_URL": f"smtp://127.0.0.1:{mail_port}",
        "MAIL_CATCHER_PORT": str(mail_port),
        "MASTHEAD_TESTING": "0",
    }
    for name in ("DATABASE_URL", "REDIS_URL", "MASTHEAD_TESTING"):
        env.pop(name, None)
    masthead = [sys.executable, "-m", "masthead"]
    for command in (
        ["migrate", "--no-input", "-v0"],
        ["collectstatic", "--no-input", "-v0"],
        ["demo", "--quiet"],
    ):
        subprocess.run(masthead + command, env=env, check=True, capture_output=True)
    log = open(data_dir / "serve.log", "wb")  # noqa: SIM115 - closed at teardown
    server = subprocess.Popen(
        masthead + ["serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(base + "/health/live", timeout=2)
            break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                raise RuntimeError((data_dir / "serve.log").read_text()) from None
            time.sleep(0.2)
    credentials = json.loads((data_dir / "demo-credentials.json").read_text())
    yield {"url": base, "data_dir": data_dir, "credentials": credentials, "env": env}
    server.terminate()
    server.wait(timeout=15)
    log.close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (.ci/run does it)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def artifact():
    ARTIFACTS.mkdir(exist_ok=True)
    return lambda name: str(ARTIFACTS / name)
