"""A surge of readers whose pages must be rendered is served without running PostgreSQL
out of connections: each web process keeps a few request threads (`--threads`), each with
its own connection, and queues the rest."""

import os
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest

from tests.live_site import fresh_postgres_database, running_site

pytestmark = pytest.mark.outage

# scripts/test starts a cluster of its own and names it here; by hand, the local server.
SERVER = os.environ.get("MASTHEAD_TEST_POSTGRES_SERVER", "postgres://postgres@127.0.0.1:5432")
DATABASE = "masthead_surge"
READERS = 60


def connections_to(database):
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        query = "SELECT count(*) FROM pg_stat_activity WHERE datname = %s"
        return conn.execute(query, [database]).fetchone()[0]


def test_a_surge_of_rendered_pages_keeps_within_a_few_database_connections(tmp_path):
    url = fresh_postgres_database(f"{SERVER}/{DATABASE}")
    with running_site(tmp_path, database_url=url) as site:

        def read(number):
            # A URL of its own: no page cache answers, every request is rendered.
            with urllib.request.urlopen(f"{site['url']}/?reader={number}", timeout=60) as r:
                return r.status

        with ThreadPoolExecutor(READERS) as pool:
            statuses = list(pool.map(read, range(READERS * 4)))
        assert statuses == [200] * len(statuses)
        # One web process of 8 threads, the task worker and the scheduler; not one per reader.
        assert connections_to(DATABASE) <= 12
