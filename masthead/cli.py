"""The `masthead` command: Django's manage.py, with Masthead's own commands (serve, demo…)."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masthead.settings")
    from masthead.core import web

    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "serve":
        web.start_early(sys.argv[2:])
    from django.core.management import execute_from_command_line

    try:
        if not {"-h", "--help"} & set(sys.argv):
            _preflight(command)
        execute_from_command_line(sys.argv)
    except KeyboardInterrupt:
        sys.exit(130)  # Ctrl-C while loading: the early web server is stopped below
    except Exception as error:
        from masthead.ops import preflight

        message = preflight.explain(error)
        if message is None or "--traceback" in sys.argv:
            raise
        sys.stderr.write(f"masthead {command}: {message}\n")
        sys.exit(1)
    finally:
        web.stop_early()


def _preflight(command):
    """Stop with one line when a service the command needs does not answer."""
    from masthead.ops import preflight

    if command not in preflight.NEEDS:
        return
    import django

    django.setup()
    try:
        preflight.check(command)
    except preflight.Unreachable as error:
        from masthead.core import web

        # Stopped first: the early server's own output must not come after the reason.
        web.stop_early()
        sys.stderr.write(f"masthead {command}: {error}\n")
        sys.exit(1)


if __name__ == "__main__":
    main()
