"""The `masthead` command: Django's manage.py, with Masthead's own commands (serve, demo…)."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masthead.settings")
    if sys.argv[1:2] == ["serve"]:
        from masthead.core import web

        web.start_early(sys.argv[2:])
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
