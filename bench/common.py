"""Pieces every benchmark uses."""

from pathlib import Path


def recreate_postgres_database(url):
    """Drop and create the PostgreSQL database named by ``url`` (never the shared ones)."""
    import psycopg

    base, name = url.rsplit("/", 1)
    if name in ("masthead", "postgres"):
        raise SystemExit(f"refusing to drop the database {name!r}")
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def peak_memory_mb(pid):
    """A running process's peak resident memory (VmHWM), in MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0
