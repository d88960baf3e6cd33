"""Every command of the README's table answers bad arguments, missing paths, damaged or
foreign files and services that do not answer with a clear message and a non-zero exit
status, never a traceback. Each runs as an operator runs it: `masthead …` in a shell."""

import hashlib
import os
import socket
import subprocess
import sys
import tarfile

import pytest

from tests.live_site import free_port


def closed_port():
    """A port nothing listens on (free a moment ago)."""
    return free_port()


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("data")


@pytest.fixture(scope="module")
def env(data_dir):
    env = {**os.environ, "MASTHEAD_DATA_DIR": str(data_dir), "MASTHEAD_TESTING": "0"}
    for name in ("DATABASE_URL", "REDIS_URL"):
        env.pop(name, None)
    return env


@pytest.fixture(scope="module")
def backup_file(env, tmp_path_factory):
    """A real backup (of a fresh site), written by `masthead backup`."""
    path = tmp_path_factory.mktemp("backups") / "good.tar"
    result = masthead(env, "backup", str(path))
    assert result.returncode == 0, result.stderr
    return path


def masthead(env, *args, stdin=subprocess.DEVNULL):
    return subprocess.run(
        [sys.executable, "-m", "masthead", *args],
        env=env,
        capture_output=True,
        text=True,
        stdin=stdin,
        timeout=120,
    )


def assert_refused(result, *phrases):
    """A non-zero exit, no traceback, and a last line that says what is wrong."""
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "Traceback" not in output, output
    last = result.stderr.strip().splitlines()[-1]
    for phrase in phrases:
        assert phrase in last, output


def test_serve_refuses_a_port_out_of_range(env):
    """`serve --port 99999` names the bad port instead of 'web exited with status 1'."""
    assert_refused(masthead(env, "serve", "--port", "99999"), "--port", "99999 is not a port")


def test_serve_refuses_zero_workers(env):
    """`serve --workers 0` says the number is too small."""
    assert_refused(masthead(env, "serve", "--workers", "0"), "--workers", "at least 1")


def test_mailcatcher_refuses_a_port_out_of_range(env):
    """The mail catcher names the bad port."""
    assert_refused(masthead(env, "mailcatcher", "--port", "70000"), "70000 is not a port")


def test_mailcatcher_refuses_a_taken_port(env):
    """The mail catcher on a port in use says which port, instead of asyncio's traceback."""
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        result = masthead(env, "mailcatcher", "--port", str(port))
    assert_refused(result, f"Port {port} (mail catcher) is already in use")


def test_demo_refuses_a_bad_archive_size(env):
    """`demo --archive` needs a number."""
    assert_refused(masthead(env, "demo", "--archive", "lots"), "--archive", "'lots'")


def test_recover_tasks_refuses_a_bad_age(env):
    """`recover_tasks --older-than` needs a number of seconds."""
    assert_refused(masthead(env, "recover_tasks", "--older-than", "soon"), "--older-than")


def test_check_refuses_an_unknown_level(env):
    """`check --fail-level` names the levels it knows."""
    assert_refused(masthead(env, "check", "--fail-level", "LOUD"), "--fail-level", "LOUD")


def test_check_says_what_the_production_configuration_lacks(env):
    """A production environment without SECRET_KEY: one line naming it."""
    env = {**env, "MASTHEAD_ENV": "production"}
    env.pop("SECRET_KEY", None)
    assert_refused(masthead(env, "check", "--deploy"), "SECRET_KEY")


def test_backup_into_a_missing_folder(env):
    """`backup /missing/dir/x.tar` says the folder does not exist."""
    result = masthead(env, "backup", "/missing/dir/x.tar")
    assert_refused(result, "/missing/dir does not exist")
    assert "media" not in result.stderr  # refused before it started copying


def test_restore_of_a_missing_file(env, tmp_path):
    """`restore` of a path where nothing is says it cannot read it."""
    missing = tmp_path / "nowhere.tar"
    assert_refused(masthead(env, "restore", str(missing), "--no-input"), "Cannot read")


def test_restore_of_a_file_that_is_not_an_archive(env, tmp_path):
    """A text file given to `restore` is named as not a backup."""
    text = tmp_path / "notes.tar"
    text.write_text("minutes of the morning meeting\n")
    assert_refused(masthead(env, "restore", str(text), "--no-input"), "not a Masthead backup")


def test_restore_of_a_foreign_archive(env, tmp_path):
    """A tar archive of something else is named as not a backup."""
    (tmp_path / "photo.txt").write_text("not a photo")
    foreign = tmp_path / "holiday.tar"
    with tarfile.open(foreign, "w") as archive:
        archive.add(tmp_path / "photo.txt", "photo.txt")
    assert_refused(masthead(env, "restore", str(foreign), "--no-input"), "not a Masthead backup")


def test_restore_of_a_truncated_backup_changes_nothing(env, data_dir, backup_file, tmp_path):
    """A backup cut short (a copy interrupted) is refused as damaged, and the database is
    left as it was."""
    truncated = tmp_path / "cut.tar"
    truncated.write_bytes(backup_file.read_bytes()[: backup_file.stat().st_size // 2])
    database = data_dir / "masthead.sqlite3"
    before = hashlib.sha256(database.read_bytes()).hexdigest()
    result = masthead(env, "restore", str(truncated), "--no-input")
    assert_refused(result, "damaged or incomplete", "nothing was changed")
    assert hashlib.sha256(database.read_bytes()).hexdigest() == before


def test_restore_without_a_terminal_to_confirm(env, backup_file):
    """`restore` asked to confirm with nothing to read the answer from says to use
    --no-input."""
    assert_refused(masthead(env, "restore", str(backup_file)), "--no-input", "nothing was changed")


DATABASE_COMMANDS = [
    ["serve"],
    ["demo"],
    ["publish_scheduled"],
    ["backup"],
    ["restore", "x.tar", "--no-input"],
    ["recover_tasks"],
]


@pytest.mark.parametrize("command", DATABASE_COMMANDS, ids=lambda argv: argv[0])
def test_a_database_that_does_not_answer(env, tmp_path, command):
    """With DATABASE_URL pointing to a closed port, each command says it cannot reach the
    database, where, and what to do."""
    env = {**env, "DATABASE_URL": f"postgres://postgres@127.0.0.1:{closed_port()}/masthead"}
    if command[0] == "serve":
        command = ["serve", "--port", str(free_port()), "--no-mail-catcher"]
    result = subprocess.run(
        [sys.executable, "-m", "masthead", *command],
        env=env,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert_refused(result, "Cannot reach the database", "DATABASE_URL")


@pytest.mark.parametrize("command", ["serve", "demo", "publish_scheduled", "restore"])
def test_a_redis_that_does_not_answer(env, tmp_path, backup_file, command):
    """With REDIS_URL pointing to a closed port, the commands whose work the cache must see
    say they cannot reach Redis, and what to do."""
    env = {**env, "REDIS_URL": f"redis://127.0.0.1:{closed_port()}/0"}
    argv = {
        "serve": ["serve", "--port", str(free_port()), "--no-mail-catcher"],
        "restore": ["restore", str(backup_file), "--no-input"],
    }.get(command, [command])
    assert_refused(masthead(env, *argv), "Cannot reach Redis", "REDIS_URL")
