"""Median server time of an uncached article page render (no page or fragment cache).

    .venv/bin/python bench/render.py                       # SQLite, a fresh data folder
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/masthead_bench .venv/bin/python bench/render.py

The database named by DATABASE_URL must exist and be empty; the demo is loaded into it.
"""

import os
import statistics
import sys
import tempfile
import time

REQUESTS = 60
WARMUP = 10


def main():
    os.environ.setdefault("MASTHEAD_DATA_DIR", tempfile.mkdtemp(prefix="masthead-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masthead.settings")
    import django

    django.setup()
    from django.core.cache import caches
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    from masthead.demo.services import SEED_SLUG, load_demo
    from masthead.news.models import ArticlePage

    load_demo()
    url = ArticlePage.objects.get(slug=SEED_SLUG).url
    client = Client()
    times = []
    for _ in range(REQUESTS):
        caches["default"].clear()  # every request renders: no page cache, no story fragment
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
    median = statistics.median(times[WARMUP:]) * 1000
    engine = django.conf.settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[1]
    print(
        f"{engine}: uncached anonymous article render, median of {REQUESTS - WARMUP}: "
        f"{median:.1f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
