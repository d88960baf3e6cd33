"""`masthead backup` and `masthead restore`, run as an operator runs them: commands against a
real data folder (SQLite) or a real PostgreSQL database, round trip included."""

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.live_site import fresh_postgres_database

HEADLINE = "Backups keep the newsroom's archive safe"


def masthead(env, *argv, check=True):
    return subprocess.run(
        [sys.executable, "-m", "masthead", *argv],
        env=env,
        check=check,
        capture_output=True,
        text=True,
        input="",
    )


def shell(env, code):
    return masthead(env, "shell", "-c", code).stdout.strip().splitlines()[-1]


def media_digests(data_dir):
    root = Path(data_dir) / "media"
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in root.rglob("*")
        if path.is_file()
    }


ARTICLE_COUNT = "from masthead.news.models import ArticlePage; print(ArticlePage.objects.count())"
TITLES = "from masthead.news.models import ArticlePage; print(sorted(ArticlePage.objects.values_list('title', flat=True)))"


@pytest.fixture
def operator_env(tmp_path):
    """A data folder with the demo loaded, on the suite's database engine (PostgreSQL when
    the suite runs on it, else SQLite)."""
    env = {**os.environ, "MASTHEAD_DATA_DIR": str(tmp_path / "data"), "MASTHEAD_TESTING": "0"}
    for name in ("DATABASE_URL", "REDIS_URL"):
        env.pop(name, None)
    if suite_db := os.environ.get("MASTHEAD_TEST_DATABASE_URL"):
        base = suite_db.rsplit("/", 1)[0]
        env["DATABASE_URL"] = fresh_postgres_database(f"{base}/masthead_backup_test")
    masthead(env, "migrate", "--no-input", "-v0")
    masthead(env, "demo", "--quiet")
    return env


def test_a_backup_restores_the_database_and_media_after_a_loss(operator_env, tmp_path):
    env = operator_env
    data_dir = env["MASTHEAD_DATA_DIR"]
    titles_before = shell(env, TITLES)
    media_before = media_digests(data_dir)
    assert media_before, "the demo has photos, so the backup must carry media"

    archive = tmp_path / "nightly.tar"
    result = masthead(env, "backup", str(archive))
    assert "Backed up" in result.stdout
    assert archive.exists() and not Path(str(archive) + ".partial").exists()

    # Disaster: every article deleted, a photo lost, a stray file left behind.
    shell(
        env,
        "from masthead.news.models import ArticlePage\n"
        "for page in ArticlePage.objects.all(): page.delete()\nprint('gone')",
    )
    assert shell(env, ARTICLE_COUNT) == "0"
    lost = Path(data_dir) / "media" / next(iter(media_before))
    lost.unlink()
    (Path(data_dir) / "media" / "stray.txt").write_text("not in the backup")

    result = masthead(env, "restore", str(archive), "--no-input")
    assert "Restored" in result.stdout, result.stderr
    assert shell(env, TITLES) == titles_before
    assert media_digests(data_dir) == media_before


def test_restore_refuses_a_file_that_is_not_a_backup_and_changes_nothing(tmp_path):
    env = {**os.environ, "MASTHEAD_DATA_DIR": str(tmp_path / "data"), "MASTHEAD_TESTING": "0"}
    env.pop("DATABASE_URL", None)
    masthead(env, "migrate", "--no-input", "-v0")
    shell(
        env,
        f"from masthead.news.models import Topic; Topic.objects.create(name={HEADLINE!r}, slug='b'); print(1)",
    )
    bogus = tmp_path / "holiday-photos.tar"
    bogus.write_bytes(b"this is not an archive")
    result = masthead(env, "restore", str(bogus), "--no-input", check=False)
    assert result.returncode != 0
    assert "is not a Masthead backup" in result.stderr
    assert "Traceback" not in result.stderr
    assert shell(env, "from masthead.news.models import Topic; print(Topic.objects.count())") == "1"


def test_restore_refuses_a_damaged_backup(tmp_path):
    env = {**os.environ, "MASTHEAD_DATA_DIR": str(tmp_path / "data"), "MASTHEAD_TESTING": "0"}
    env.pop("DATABASE_URL", None)
    masthead(env, "migrate", "--no-input", "-v0")
    archive = tmp_path / "b.tar"
    masthead(env, "backup", str(archive))
    data = bytearray(archive.read_bytes())
    # Flip bytes inside the database copy (after the manifest's tar blocks).
    start = data.index(b"SQLite format 3")
    data[start + 5000 : start + 5010] = b"X" * 10
    archive.write_bytes(bytes(data))
    result = masthead(env, "restore", str(archive), "--no-input", check=False)
    assert result.returncode != 0
    assert "damaged" in result.stderr
