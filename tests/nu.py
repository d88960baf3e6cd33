"""The Nu HTML Checker (npm `vnu-jar`, installed by `make test`, run on Java) over pages the
tests fetched. Never skipped: without Java or the checker the test fails and says how to get
them, so no run reports "valid HTML" without having checked it."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

VNU = (
    Path(__file__).resolve().parents[1] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
)


def nu_errors(pages, folder):
    """The checker's errors, as `name:line: message`, for `pages` ({name: HTML bytes or a
    response}), written into `folder`."""
    java = shutil.which("java")
    if java is None:
        pytest.fail("the Nu HTML Checker needs Java: apt-get install default-jre-headless")
    if not VNU.is_file():
        pytest.fail(f"the Nu HTML Checker is missing: {VNU} (`make test` installs it)")
    files = []
    for name, page in pages.items():
        files.append(Path(folder) / f"{name}.html")
        files[-1].write_bytes(getattr(page, "content", page))
    run = subprocess.run(  # noqa: S603 - the project's own checker on the test's own files
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(run.stderr or run.stdout)["messages"]
    return [f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}" for m in messages]
