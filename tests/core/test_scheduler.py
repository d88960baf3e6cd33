"""What `masthead serve`'s scheduler runs every minute exists and runs; its sweep drops the edge
files past their freshness and only those."""

import os
import time

import pytest
from django.core.management import call_command

from masthead.core import edgepages
from masthead.core.management.commands.serve import SCHEDULED_COMMANDS

pytestmark = pytest.mark.django_db


def test_every_scheduled_command_runs_and_old_edge_files_go(settings, tmp_path):
    settings.EDGE_PAGES_DIR = str(tmp_path / "edge-pages")
    stale = edgepages.file_for("http", "example.com", "/old-story/")
    fresh = edgepages.file_for("http", "example.com", "/new-story/")
    edgepages.write(stale, b"old")
    edgepages.write(fresh, b"new")
    past = time.time() - settings.PAGE_CACHE_SHARED_SECONDS - 1
    os.utime(stale, (past, past))
    for command in SCHEDULED_COMMANDS:  # as the scheduler calls them; a typo raises here
        call_command(command, verbosity=0)
    assert not stale.exists() and fresh.exists()
