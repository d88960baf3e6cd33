"""Backups: the database and the media files in one tar archive, restorable on a fresh install.

The database copy is consistent on its own (SQLite's online backup API, or `pg_dump`, which
reads one snapshot). Media files (originals and renditions) are written once and never changed in
place, so copying them after the database dump gives every file the database refers to.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.db import connection, connections
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SQLITE_DUMP = "database.sqlite3"
POSTGRES_DUMP = "database.pgdump"
MEDIA_PREFIX = "media/"


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why and what to do."""


@dataclass
class Manifest:
    created_at: str
    engine: str
    migrations: dict
    database_sha256: str
    media_files: int
    media_bytes: int
    format_version: int = FORMAT_VERSION

    @classmethod
    def read(cls, archive):
        try:
            data = json.load(archive.extractfile(MANIFEST))
        except (KeyError, json.JSONDecodeError, TypeError) as error:
            raise BackupError(
                "This file is not a Masthead backup (it has no readable manifest): choose a "
                "file written by `masthead backup`."
            ) from error
        if data.get("format_version") != FORMAT_VERSION:
            raise BackupError(f"Unsupported backup format {data.get('format_version')!r}.")
        return cls(**data)


def engine_kind():
    engine = settings.DATABASES["default"]["ENGINE"]
    if engine.endswith("sqlite3"):
        return "sqlite"
    if "postgresql" in engine:
        return "postgresql"
    raise BackupError(f"Backups support SQLite and PostgreSQL, not {engine}.")


def applied_migrations():
    """The latest applied migration of each app: restore compares them with the code's."""
    latest = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        latest[app] = max(latest.get(app, ""), name)
    return dict(sorted(latest.items()))


def media_files():
    root = Path(settings.MEDIA_ROOT)
    if not root.exists():
        return []
    files = []
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).as_posix()
        if path.is_file():
            files.append((path, relative))
    return files


def _pg_env_and_args():
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    args = ["-h", db.get("HOST") or "127.0.0.1", "-p", str(db.get("PORT") or 5432)]
    if db.get("USER"):
        args += ["-U", db["USER"]]
    return env, args, db["NAME"]


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def dump_database(workdir):
    """Write a consistent copy of the database into workdir; return its file name."""
    kind = engine_kind()
    if kind == "sqlite":
        target = Path(workdir) / SQLITE_DUMP
        source = sqlite3.connect(settings.DATABASES["default"]["NAME"])
        copy = sqlite3.connect(target)
        with copy:
            source.backup(copy)  # online backup: a consistent snapshot while the site writes
        copy.close()
        source.close()
        return target
    target = Path(workdir) / POSTGRES_DUMP
    env, args, name = _pg_env_and_args()
    _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(target), *args, name], env)
    return target


def _run(argv, env):
    if shutil.which(argv[0]) is None:
        raise BackupError(
            f"{argv[0]} is not installed (Debian: apt-get install postgresql-client)."
        )
    result = subprocess.run(argv, env=env, capture_output=True, text=True)  # noqa: S603  # nosec B603
    if result.returncode != 0:
        raise BackupError(f"{argv[0]} failed: {result.stderr.strip()}")


def check_destination(destination):
    """Raise BackupError when a backup cannot be written at `destination`."""
    folder = Path(destination).parent
    if not folder.is_dir():
        raise BackupError(f"The folder {folder} does not exist: create it, or choose another path.")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise BackupError(f"Cannot write to {folder}: choose a folder this user can write.")


def create(destination, progress=None):
    """Write a backup archive to `destination`; return its Manifest."""
    destination = Path(destination)
    check_destination(destination)
    try:
        return _write(destination, progress)
    except OSError as error:
        raise BackupError(f"Cannot write the backup to {destination}: {error.strerror}.") from error


def _write(destination, progress):
    files = media_files()
    with tempfile.TemporaryDirectory(dir=destination.parent) as workdir:
        dump = dump_database(workdir)
        manifest = Manifest(
            created_at=timezone.now().isoformat(),
            engine=engine_kind(),
            migrations=applied_migrations(),
            database_sha256=_sha256(dump),
            media_files=len(files),
            media_bytes=sum(path.stat().st_size for path, _ in files),
        )
        manifest_path = Path(workdir) / MANIFEST
        manifest_path.write_text(json.dumps(manifest.__dict__, indent=2))
        partial = destination.with_name(destination.name + ".partial")
        with tarfile.open(partial, "w") as archive:
            archive.add(manifest_path, MANIFEST)
            archive.add(dump, dump.name)
            for path, relative in files:
                archive.add(path, MEDIA_PREFIX + relative)
                if progress:
                    progress(path.stat().st_size)
        partial.replace(destination)  # a backup file either is complete or does not exist
    return manifest


def open_archive(source):
    try:
        return tarfile.open(source)
    except tarfile.TarError as error:
        raise BackupError(
            f"{source} is not a Masthead backup (not a tar archive): choose a file written "
            "by `masthead backup`."
        ) from error
    except OSError as error:
        raise BackupError(f"Cannot read {source}: {error.strerror}.") from error


def _damaged(source, error):
    return BackupError(
        f"{source} is damaged or incomplete ({error}); nothing was changed. Restore another "
        "backup, or copy this one again."
    )


def inspect(source):
    with open_archive(source) as archive:
        try:
            return Manifest.read(archive)
        except (tarfile.TarError, EOFError, OSError) as error:
            raise _damaged(source, error) from error


def restore(source, progress=None):
    """Replace the database and media with the backup's; return its Manifest. The whole
    archive is read into a staging folder first: a damaged one changes nothing."""
    with open_archive(source) as archive, tempfile.TemporaryDirectory() as workdir:
        try:
            dump, media_staging, manifest = _stage(archive, workdir, progress)
        except (tarfile.TarError, EOFError) as error:
            raise _damaged(source, error) from error
        except OSError as error:
            raise BackupError(f"Cannot unpack {source}: {error}.") from error
        _restore_database(dump)
        _swap_media(media_staging)
    for alias in settings.CACHES:
        caches[alias].clear()  # cached pages and fragments describe the replaced content
    return manifest


def _stage(archive, workdir, progress):
    """Extract and check the database copy and the media files; change nothing live."""
    manifest = Manifest.read(archive)
    if manifest.engine != engine_kind():
        raise BackupError(
            f"This backup is of a {manifest.engine} database and this site runs on "
            f"{engine_kind()}: restore it on the same kind of database."
        )
    dump_name = SQLITE_DUMP if manifest.engine == "sqlite" else POSTGRES_DUMP
    archive.extract(dump_name, workdir, filter="data")
    dump = Path(workdir) / dump_name
    if _sha256(dump) != manifest.database_sha256:
        raise BackupError("The database copy in this backup is damaged (checksum mismatch).")
    media_staging = Path(workdir) / "media"
    for member in archive.getmembers():
        if member.name.startswith(MEDIA_PREFIX) and member.isfile():
            member.name = member.name[len(MEDIA_PREFIX) :]
            archive.extract(member, media_staging, filter="data")
            if progress:
                progress(member.size)
    return dump, media_staging, manifest


def _restore_database(dump):
    connections.close_all()
    if engine_kind() == "sqlite":
        target = Path(settings.DATABASES["default"]["NAME"])
        source = sqlite3.connect(dump)
        live = sqlite3.connect(target)
        with live:
            source.backup(live)  # writes through SQLite's locking: safe with readers attached
        live.close()
        source.close()
        return
    env, args, name = _pg_env_and_args()
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            *args,
            "--dbname",
            name,
            str(dump),
        ],
        env,
    )


def _swap_media(staging):
    root = Path(settings.MEDIA_ROOT)
    root.parent.mkdir(parents=True, exist_ok=True)
    staging.mkdir(exist_ok=True)
    previous = root.with_name(root.name + ".before-restore")
    if previous.exists():
        shutil.rmtree(previous)
    if root.exists():
        root.rename(previous)
    shutil.move(str(staging), str(root))
    if previous.exists():
        shutil.rmtree(previous)
