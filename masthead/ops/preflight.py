"""Operator commands and what goes wrong around them: a database or Redis that does not
answer, a missing file, a database never migrated. Each is told in one line that says what
is wrong and what to do, instead of a traceback (`--traceback` still shows one).

Before an operator command runs, the services it needs are asked once. Redis is asked by the
commands whose work the cache must see (a page published or restored while Redis is away
would leave the old page cached once it returns); the site itself rides out a Redis outage
that starts later.
"""

import re

NEEDS = {
    "serve": ("database", "redis"),
    "demo": ("database", "redis"),
    "publish_scheduled": ("database", "redis"),
    "restore": ("database", "redis"),
    "backup": ("database",),
    "recover_tasks": ("database",),
}


class Unreachable(Exception):
    """A service the command needs does not answer; the message says which and what to do."""


def check(command):
    """Raise Unreachable when a service `command` needs does not answer."""
    for service in NEEDS.get(command, ()):
        {"database": check_database, "redis": check_redis}[service]()


def check_database():
    from django.db import OperationalError, connection

    try:
        connection.ensure_connection()
    except OperationalError as error:
        raise Unreachable(database_message(error)) from error
    finally:
        connection.close()  # `serve` forks nothing from here, but leaves no socket behind


def check_redis():
    from django.conf import settings

    if not settings.REDIS_URL:
        return  # the file cache: nothing to reach
    import redis

    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2)
    try:
        client.ping()
    except redis.RedisError as error:
        where = _redis_address(settings.REDIS_URL)
        raise Unreachable(
            f"Cannot reach Redis at {where} (REDIS_URL): {_reason(error)}. Start Redis, or "
            "correct REDIS_URL (unset, the site uses a file cache)."
        ) from error
    finally:
        client.close()


def database_message(error):
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        return (
            f"Cannot open the database {db['NAME']}: {_reason(error)}. Check that "
            "MASTHEAD_DATA_DIR is a folder this user can write."
        )
    where = f"{db.get('HOST') or 'localhost'}:{db.get('PORT') or 5432}"
    return (
        f"Cannot reach the database at {where} (DATABASE_URL): {_reason(error)}. Start "
        "PostgreSQL, or set DATABASE_URL to a database that answers."
    )


def explain(error):
    """One line for an error an operator can fix, or None for a fault of the code."""
    from django.core.exceptions import ImproperlyConfigured
    from django.db import OperationalError, ProgrammingError

    text = str(error)
    if isinstance(error, (OperationalError, ProgrammingError)) and (
        "no such table" in text or re.search(r'relation "[^"]+" does not exist', text)
    ):
        return f"The database is not set up ({_reason(error)}): run `masthead migrate` first."
    if isinstance(error, OperationalError):
        return database_message(error)
    if isinstance(error, ImproperlyConfigured):
        return f"The configuration is incomplete: {_reason(error)}."
    if isinstance(error, OSError) and error.strerror:
        where = f": {error.filename}" if error.filename else ""
        return f"{error.strerror}{where}."
    return None


def _reason(error):
    """The telling part of a driver's message: its first line, without the prefixes that
    repeat the address ("connection failed: connection to server at … failed: ")."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    first = lines[0] if lines else error.__class__.__name__
    return first.rsplit(" failed: ", 1)[-1].rstrip(".")


def _redis_address(url):
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.scheme == "unix":
        return parts.path
    return f"{parts.hostname or 'localhost'}:{parts.port or 6379}"
