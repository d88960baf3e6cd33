"""An import killed with SIGKILL half-way, then run again, leaves the same database as one
clean run: the real `masthead import wordpress` on PostgreSQL, in processes of its own."""

import json
import os
import signal
import subprocess
import sys

import pytest

from tests.live_site import fresh_postgres_database

from .exports import THEME_EXPORT

# Run in the PostgreSQL suite (`scripts/test` names its server; under CI that suite must run),
# not again in the SQLite one, whose machine may have no PostgreSQL at a guessed address.
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not os.environ.get("MASTHEAD_TEST_DATABASE_URL"),
        reason="runs in the PostgreSQL suite (MASTHEAD_TEST_DATABASE_URL names its server)",
    ),
]

SERVER = os.environ.get("MASTHEAD_TEST_DATABASE_URL", "").rsplit("/", 1)[0]

# What the import made, in words that do not depend on ids or the order rows were written.
DUMP = """
import json
from wagtail.models import Page
from masthead.news.models import ArticlePage, Author, HomePageFeatured, NewsImage, SectionPage, Topic
from masthead.wordpress.models import ImportedComment, ImportedItem, MissingPhoto
def where(item):
    obj = item.new_object
    return getattr(obj, "url_path", None) or getattr(obj, "title", None) or str(obj)
out = {
    "items": sorted([i.kind, i.wp_id, i.slug, i.fingerprint, where(i)] for i in ImportedItem.objects.all()),
    "articles": sorted(
        [a.url_path, a.title, a.live, str(a.first_published_at), str(a.updated_at),
         [b.author.name for b in a.bylines.all()], sorted(t.name for t in a.topics.all()),
         a.lead_image.title if a.lead_image else None,
         [(b.block_type, str(b.value)[:80]) for b in a.body]]
        for a in ArticlePage.objects.filter(pk__in=ImportedItem.objects.values("page"))),
    "comments": sorted(
        [c.wp_id, c.parent.wp_id if c.parent else None, c.author_name, str(c.created_at), c.page.url_path]
        for c in ImportedComment.objects.all()),
    "photos": sorted(
        [p.title, p.caption, p.credit]
        for p in NewsImage.objects.filter(pk__in=ImportedItem.objects.values("image"))),
    "missing": sorted([m.wp_id, m.file_url] for m in MissingPhoto.objects.all()),
    "picks": sorted(f.article.url_path for f in HomePageFeatured.objects.all()),
    "tree_problems": [len(p) for p in Page.find_problems()],
    "sections": sorted(s.url_path for s in SectionPage.objects.all()),
    "topics": sorted(t.slug for t in Topic.objects.all()),
    "authors": sorted(a.name for a in Author.objects.all()),
}
print(json.dumps(out))
"""


def masthead(env, *args, **kwargs):
    return subprocess.run(
        [sys.executable, "-m", "masthead", *args], env=env, capture_output=True, text=True, **kwargs
    )


def site(tmp_path, name):
    """A fresh PostgreSQL database with the demo site, and the environment naming it."""
    url = fresh_postgres_database(f"{SERVER}/masthead_wp_{name}")
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "MASTHEAD_DATA_DIR": str(tmp_path / name),
        "MASTHEAD_TESTING": "0",
    }
    env.pop("REDIS_URL", None)
    for command in (["migrate", "--no-input", "-v0"], ["demo", "--quiet"]):
        done = masthead(env, *command)
        assert done.returncode == 0, done.stderr
    return env


def dump(env):
    done = masthead(env, "shell", "-c", DUMP)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_an_import_killed_mid_way_resumes_to_the_same_database(tmp_path):
    killed = site(tmp_path, "killed")
    importing = subprocess.Popen(
        [sys.executable, "-m", "masthead", "import", "wordpress", str(THEME_EXPORT)],
        env=killed,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    # Not a terminal: progress comes as plain lines. Kill it among the stories.
    for line in importing.stderr:
        if line.startswith("import: 70%"):
            importing.send_signal(signal.SIGKILL)
            break
    importing.wait()
    assert importing.returncode == -signal.SIGKILL
    half = dump(killed)
    posts_in_file = THEME_EXPORT.read_text().count("<wp:post_type><![CDATA[post]]>") + (
        THEME_EXPORT.read_text().count("<wp:post_type>post</wp:post_type>")
    )
    half_posts = [i for i in half["items"] if i[0] == "post"]
    assert 0 < len(half_posts) < posts_in_file

    resumed = masthead(killed, "import", "wordpress", str(THEME_EXPORT))
    assert resumed.returncode == 0, resumed.stderr
    assert "Traceback" not in resumed.stderr

    clean = site(tmp_path, "clean")
    once = masthead(clean, "import", "wordpress", str(THEME_EXPORT))
    assert once.returncode == 0, once.stderr

    assert dump(killed) == dump(clean)
    # The resumed run made only what the killed one had not.
    assert "created" in resumed.stdout and "unchanged" in resumed.stdout


def test_a_bad_file_stops_the_command_with_one_line_and_no_traceback(tmp_path):
    env = {**os.environ, "MASTHEAD_DATA_DIR": str(tmp_path), "MASTHEAD_TESTING": "0"}
    env.pop("DATABASE_URL", None)
    bomb = tmp_path / "bomb.xml"
    bomb.write_text(
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        "<rss><channel><title>&b;</title></channel></rss>"
    )
    done = masthead(env, "import", "wordpress", str(bomb))
    assert done.returncode == 1
    assert "XML bomb" in done.stderr and "Traceback" not in done.stderr
