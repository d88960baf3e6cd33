"""Pieces every benchmark uses."""

import subprocess
import sys
from pathlib import Path

LOCK = "/tmp/masthead-bench.lock"  # noqa: S108 - the machine's shared benchmark lock


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


_TICK = None


def _ticks_per_second():
    global _TICK
    if _TICK is None:
        import os

        _TICK = os.sysconf("SC_CLK_TCK")
    return _TICK


def cpu_seconds(pid):
    """CPU time (user + system) a running process has used so far, in seconds."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / _ticks_per_second()


def machine_busy_seconds():
    """CPU time the whole machine has spent busy (all cores, not idle or waiting on I/O):
    compared with a benchmark's own processes, it shows how much else was running."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]
    return (sum(fields[:8]) - idle) / _ticks_per_second()


def run_locked(module, main):
    """Run `main` with the machine's benchmark lock held: this module again under flock (one
    benchmark at a time), or `main` itself when that is the run under the lock."""
    if "--locked" not in sys.argv:
        argv = ["flock", LOCK, sys.executable, "-m", module, *sys.argv[1:], "--locked"]
        sys.exit(subprocess.call(argv))
    sys.argv.remove("--locked")
    sys.exit(main())
