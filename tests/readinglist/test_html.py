"""The reading list's pages and its part of the account page keep HTML's rules: the Nu HTML
Checker finds no error in them, with stories on the list."""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import Client

from masthead.readinglist import services

pytestmark = pytest.mark.django_db

VNU = (
    Path(__file__).resolve().parents[2] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
)


def nu_errors(files):
    java = shutil.which("java")
    if java is None or not VNU.is_file():
        missing = "Java" if java is None else f"{VNU} (make test installs it)"
        if os.environ.get("CI"):
            pytest.fail(f"the Nu HTML Checker cannot run: {missing} is missing")
        pytest.skip(f"the Nu HTML Checker cannot run here: {missing} is missing")
    run = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(run.stderr or run.stdout)["messages"]
    return [f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}" for m in messages]


def test_the_list_and_the_pages_it_answers_are_valid_html(signed_in, member, story, demo, tmp_path):
    services.save(member, story)
    services.save(member, demo["seed"])
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(member)
    pages = {
        "account": signed_in.get("/account/"),
        "story": signed_in.get(story.url),
        "front": signed_in.get("/"),
        "confirm": strict.post(
            f"/reading-list/{story.pk}/save/", headers={"Origin": "http://testserver"}
        ),
        "anonymous-confirm": Client(enforce_csrf_checks=True).post(
            f"/reading-list/{story.pk}/save/", headers={"Origin": "http://testserver"}
        ),
    }
    files = []
    for name, response in pages.items():
        html = response.content.decode()
        assert name.endswith("confirm") or re.search(r"readinglist", html), name
        files.append(tmp_path / f"{name}.html")
        files[-1].write_text(html)
    errors = nu_errors(files)
    assert not errors, "\n".join(errors)
