"""The comments page with a featured comment keeps HTML's rules (the Nu HTML Checker)."""

import json
import shutil
import subprocess

import pytest
from django.test import Client

from masthead.comments import services
from tests.core.test_html_rules import VNU

from .conftest import make_member

pytestmark = pytest.mark.django_db


def nu_errors(files):
    java = shutil.which("java")
    if java is None or not VNU.is_file():
        pytest.skip("the Nu HTML Checker cannot run here (make test installs it)")
    run = subprocess.run(  # noqa: S603 - our own checker on our own files
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    return [
        f"{m.get('url', '').rsplit('/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
        for m in json.loads(run.stderr or run.stdout)["messages"]
    ]


def test_a_page_with_a_featured_comment_passes_the_nu_checker(
    article, reader, other, editor, tmp_path
):
    featured = services.post_comment(reader, article, "Featured words.")
    services.post_comment(other, article, "A reply to it.", parent=featured)
    services.feature(featured, editor)
    member = Client()
    member.force_login(make_member("third@example.com", name="Third"))
    files = []
    for name, client in (("anonymous", Client()), ("member", member)):
        response = client.get(f"/comments/{article.pk}/")
        assert response.content.decode().count("Featured words.") == 1
        files.append(tmp_path / f"{name}.html")
        files[-1].write_bytes(response.content)
    errors = nu_errors(files)
    assert not errors, "\n".join(errors)
