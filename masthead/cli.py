"""The `masthead` command: Django's manage.py, with Masthead's own commands (serve, demo…)."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masthead.settings")
    from masthead.core import web

    if sys.argv[1:2] == ["serve"]:
        web.start_early(sys.argv[2:])
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(sys.argv)
    finally:
        web.stop_early()


if __name__ == "__main__":
    main()
