"""Search benchmark: relevance over the demo, then speed against WordPress on 100,000 stories.

    flock /tmp/masthead-bench.lock .venv/bin/python -m bench.search
    .venv/bin/python -m bench.search --relevance-only      # MRR and recall@5 alone, ~4 minutes
    .venv/bin/python -m bench.search --articles 20000 --engines sqlite --no-wordpress

First, relevance (`bench/search_relevance.py`): the judged queries of
`bench/search_judged.json` over a fresh demo on each engine, MRR and recall@5 of the story a
reader wants. Then speed, Masthead on SQLite and PostgreSQL against WordPress: for each
engine it loads `masthead demo --archive N` once (cached in var/bench-search/, so reruns
only measure), times `masthead search reindex`, measures the index size, then
runs a fixed mix of 200 queries (names, two words, quoted phrases, rare and common terms):
through the search service in process, and over HTTP against `/search/?q=` on granian.
WordPress (../shared/peers) gets the same stories in its own database `wp_search` and the
same 200 queries as `/?s=`. Every phase prints its progress and is bounded
(`--wp-budget` seconds for WordPress, whose LIKE scans are slow).

PostgreSQL: the database named by --postgres-url is dropped and recreated when its archive
is missing. `--reindex` measures indexing again on a cached archive.
"""

import argparse
import itertools
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench import search_relevance
from bench.common import recreate_postgres_database

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get("MASTHEAD_BENCH_CACHE", ROOT / "var" / "bench-search"))
PYTHON = sys.executable
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/masthead_h5bench"
HTTP_PORT = 8093
WARMUP = 20


def say(message):
    print(f"[{time.strftime('%H:%M:%S', time.gmtime())}Z] {message}", flush=True)


# --- the query mix ---------------------------------------------------------------------


def query_mix(count=200):
    """The fixed mix: the same 200 queries, in the same order, on every engine."""
    from masthead.demo import archive

    rng = random.Random("masthead-search-bench")
    surnames = [p.split()[-1] for p in archive.PEOPLE]
    places = list(archive.PLACES)
    phrases = [s.removeprefix("the ").removeprefix("a ") for s in archive.SUBJECTS]
    phrases = [p for p in phrases if " " in p] + [p for p in places if " " in p]
    phrases += [" ".join(p.split()[-2:]) for p in archive.PEOPLE if len(p.split()) > 1]
    vocabulary = archive.Vocabulary()
    common = [w for w in vocabulary.words[20:300] if len(w) > 3]
    kinds = {
        "name": lambda: rng.choice(surnames + places),
        "two words": lambda: f"{rng.choice(surnames + places)} {rng.choice(common)}",
        "phrase": lambda: f'"{rng.choice(phrases)}"',
        "rare": lambda: rng.choice(vocabulary.rare),
        "common": lambda: rng.choice(common),
    }
    shares = {"name": 50, "two words": 50, "phrase": 40, "rare": 30, "common": 30}
    mix = [(kind, kinds[kind]()) for kind, share in shares.items() for _ in range(share)]
    rng.shuffle(mix)
    return mix[:count]


def percentiles(times):
    ordered = sorted(times)

    def at(p):
        return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] * 1000

    return {
        "n": len(ordered),
        "p50": at(50),
        "p95": at(95),
        "p99": at(99),
        "mean": statistics.fmean(ordered) * 1000,
    }


def time_http(base, path_for, mix, budget=None, label=""):
    """Time one GET per query (keep-alive, sequential), after a warm-up of WARMUP queries."""
    import http.client
    from urllib.parse import urlsplit

    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)

    def get(query):
        connection.request("GET", path_for(query), headers={"Host": parts.netloc})
        response = connection.getresponse()
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"{label} {query!r}: HTTP {response.status}")
        return body

    for _, query in mix[:WARMUP]:
        get(query)
    times, started = [], time.perf_counter()
    for number, (_, query) in enumerate(mix, 1):
        began = time.perf_counter()
        get(query)
        times.append(time.perf_counter() - began)
        if number % 50 == 0:
            say(f"  {label}: {number}/{len(mix)} queries")
        if budget and time.perf_counter() - started > budget:
            say(f"  {label}: time budget of {budget} s spent after {number} queries")
            break
    connection.close()
    return times


# --- one engine, in its own process (Django settings are per process) -------------------


def engine_env(engine):
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="masthead.settings", LOG_LEVEL="ERROR")
    env["MASTHEAD_DATA_DIR"] = str(CACHE / engine)
    env.pop("REDIS_URL", None)
    if engine == "postgres":
        env["DATABASE_URL"] = os.environ.get("BENCH_POSTGRES_URL", POSTGRES_URL)
    else:
        env.pop("DATABASE_URL", None)
    return env


def index_size_mb():
    """Size of Wagtail's search index table with its indexes (and FTS5 tables, TOAST)."""
    from django.db import connection
    from modelsearch.conf import get_app_config

    table = get_app_config().get_model("IndexEntry")._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_total_relation_size(%s)", [table])
        else:
            cursor.execute(
                "SELECT SUM(pgsize) FROM dbstat WHERE name IN"
                " (SELECT name FROM sqlite_master WHERE tbl_name LIKE %s)",
                [f"{table}%"],
            )
        return (cursor.fetchone()[0] or 0) / 1e6


def prepare(engine, articles, reindex):
    """Load the archive once (cached) and measure indexing; return the stored facts."""
    import django

    django.setup()
    from django.core.management import call_command

    marker = CACHE / f"{engine}-{articles}.json"
    facts = json.loads(marker.read_text()) if marker.exists() else None
    if facts is None:
        from masthead.demo import archive
        from masthead.demo.services import load_demo

        say(f"{engine}: migrating and loading the demo")
        call_command("migrate", verbosity=0)
        load_demo()
        say(f"{engine}: generating {articles} articles")
        started = time.perf_counter()
        last = [0]

        def progress(step):
            last[0] += step
            if last[0] % 10000 < step:
                say(f"  {engine}: {last[0]}/{articles} articles")

        archive.generate(articles, seed_value=5, newest=None, progress=progress)
        facts = {"generate_s": time.perf_counter() - started}
        reindex = True
    if reindex:
        say(f"{engine}: masthead search reindex")
        started = time.perf_counter()
        call_command("search", "reindex", no_progress=True)
        facts["index_s"] = time.perf_counter() - started
        facts["index_mb"] = index_size_mb()
        facts["indexed_at"] = time.strftime("%Y-%m-%d %H:%MZ", time.gmtime())
    call_command("collectstatic", interactive=False, verbosity=0)
    marker.write_text(json.dumps(facts))
    say(
        f"{engine}: index {facts['index_mb']:.1f} MB, indexed in {facts['index_s']:.0f} s"
        f" ({facts['indexed_at']})"
    )
    return facts


def export_for_wordpress(path):
    """Write the archive as SQL rows for WordPress's wp_posts (same headlines, text and dates)."""
    from django.utils import timezone

    from masthead.news.models import ArticlePage

    def quote(text):
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n") + "'"

    columns = (
        "post_author, post_date, post_date_gmt, post_content, post_title, post_excerpt,"
        " post_status, comment_status, ping_status, post_name, to_ping, pinged,"
        " post_modified, post_modified_gmt, post_content_filtered, guid, post_type"
    )
    rows = ArticlePage.objects.live().order_by("pk")
    written = 0
    with path.open("w") as out:
        batch = []
        for article in rows.iterator(chunk_size=2000):
            local = timezone.localtime(article.published_at).strftime("%Y-%m-%d %H:%M:%S")
            utc = article.published_at.astimezone(timezone.UTC).strftime("%Y-%m-%d %H:%M:%S")
            content = "\n\n".join(
                str(block.value.source) for block in article.body if block.block_type == "paragraph"
            )
            values = [
                "1",
                quote(local),
                quote(utc),
                quote(content),
                quote(article.title),
                quote(article.standfirst),
                "'publish'",
                "'open'",
                "'open'",
                quote(article.slug[:200]),
                "''",
                "''",
                quote(local),
                quote(utc),
                "''",
                quote(f"http://localhost/?p={article.pk}"),
                "'post'",
            ]
            batch.append("(" + ",".join(values) + ")")
            if len(batch) == 500:
                out.write(f"INSERT INTO wp_posts ({columns}) VALUES {','.join(batch)};\n")  # noqa: S608
                written += len(batch)
                batch = []
        if batch:
            out.write(f"INSERT INTO wp_posts ({columns}) VALUES {','.join(batch)};\n")  # noqa: S608
            written += len(batch)
    return written


def measure_in_process(engine, mix):
    from django.contrib.auth.models import AnonymousUser

    from masthead.search import services

    reader = AnonymousUser()
    for _, query in mix[:WARMUP]:
        services.search(reader, query)
    times, by_kind, counts = [], {}, []
    for number, (kind, query) in enumerate(mix, 1):
        began = time.perf_counter()
        outcome = services.search(reader, query)
        elapsed = time.perf_counter() - began
        times.append(elapsed)
        by_kind.setdefault(kind, []).append(elapsed)
        counts.append(outcome.count)
        if number % 50 == 0:
            say(f"  {engine} service: {number}/{len(mix)} queries")
    empty = sum(1 for c in counts if c == 0)
    return {
        "all": percentiles(times),
        "by_kind": {kind: percentiles(t) for kind, t in by_kind.items()},
        "empty_results": empty,
    }


def serve(env):
    """granian with one worker on HTTP_PORT, ready when /health/live answers."""
    import urllib.request

    process = subprocess.Popen(  # noqa: S603 - our own interpreter and modules
        [
            PYTHON,
            "-m",
            "granian",
            "--interface",
            "wsgi",
            "--host",
            "127.0.0.1",
            "--port",
            str(HTTP_PORT),
            "--workers",
            "1",
            "--no-ws",
            "masthead.wsgi:application",
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{HTTP_PORT}/health/live", timeout=2)  # noqa: S310
            return process
        except OSError:
            time.sleep(0.5)
    process.terminate()
    raise RuntimeError("granian did not start")


def worker(engine, articles, reindex, http, export):
    """Run inside the engine's environment: prepare, measure, print one JSON line."""
    from urllib.parse import quote_plus

    facts = prepare(engine, articles, reindex)
    mix = query_mix()
    say(f"{engine}: 200 queries through the search service")
    result = {"engine": engine, **facts, "service": measure_in_process(engine, mix)}
    if http:
        say(f"{engine}: 200 queries over HTTP /search/?q= (granian, 1 worker)")
        process = serve(dict(os.environ))
        # An anonymous search page is shared (public, kept by the page cache): a parameter
        # naming this run and request makes every URL new, so each one is searched.
        run, numbers = f"{time.time_ns():x}", itertools.count()
        try:
            times = time_http(
                f"http://127.0.0.1:{HTTP_PORT}",
                lambda q: f"/search/?q={quote_plus(q)}&bench={run}.{next(numbers)}",
                mix,
                label=f"{engine} http",
            )
            result["http"] = percentiles(times)
        finally:
            process.terminate()
            process.wait(timeout=30)
    if export:
        path = CACHE / f"wordpress-{articles}.sql"
        if not path.exists():
            say("exporting the archive for WordPress")
            count = export_for_wordpress(path.with_suffix(".tmp"))
            path.with_suffix(".tmp").rename(path)
            say(f"  {count} posts written to {path}")
    print("RESULT " + json.dumps(result), flush=True)


def run_engine(engine, args):
    argv = [PYTHON, "-m", "bench.search", "--worker", engine, "--articles", str(args.articles)]
    argv += ["--reindex"] if args.reindex else []
    argv += ["--no-http"] if args.no_http else []
    argv += ["--export"] if engine == args.engines[0] and not args.no_wordpress else []
    env = engine_env(engine)
    (CACHE / engine).mkdir(parents=True, exist_ok=True)
    if engine == "postgres" and not (CACHE / f"postgres-{args.articles}.json").exists():
        recreate_postgres_database(env["DATABASE_URL"])
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and modules
        argv, env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    result = None
    for line in process.stdout:  # progress as it comes
        if line.startswith("RESULT "):
            result = json.loads(line[7:])
        else:
            print(line, end="", flush=True)
    process.wait()
    if process.returncode or result is None:
        raise SystemExit(f"{engine}: the benchmark failed (exit {process.returncode})")
    return result


# --- report -----------------------------------------------------------------------------


def row(label, stats):
    return (
        f"  {label:<34} p50 {stats['p50']:8.1f} ms   p95 {stats['p95']:8.1f} ms"
        f"   p99 {stats['p99']:8.1f} ms   (n={stats['n']})"
    )


def report(results, wordpress, args):
    print()
    print(f"Search over {args.articles} articles, 200 queries (same mix everywhere)")
    for result in results:
        engine = result["engine"]
        print(
            f"{engine}: indexing {result['index_s']:.0f} s, index {result['index_mb']:.1f} MB"
            f" (generation {result['generate_s']:.0f} s; indexed {result['indexed_at']})"
        )
        print(row(f"{engine} service (in process)", result["service"]["all"]))
        for kind, stats in result["service"]["by_kind"].items():
            print(row(f"  {kind}", stats))
        if "http" in result:
            print(row(f"{engine} HTTP /search/?q=", result["http"]))
    if wordpress:
        print(f"wordpress: load {wordpress['load_s'] or 0:.0f} s")
        print(row("wordpress HTTP /?s=", wordpress["http"]))
        for result in results:
            if "http" in result:
                ratio = wordpress["http"]["p95"] / result["http"]["p95"]
                print(f"  p95 WordPress / {result['engine']} over HTTP: {ratio:.1f}x")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--engines", default="sqlite,postgres")
    parser.add_argument("--reindex", action="store_true", help="measure indexing again")
    parser.add_argument("--no-http", action="store_true", help="skip HTTP measurements")
    parser.add_argument("--no-wordpress", action="store_true")
    parser.add_argument("--wp-budget", type=float, default=900, help="seconds for WordPress")
    parser.add_argument("--relevance-only", action="store_true", help="MRR and recall@5 alone")
    parser.add_argument("--no-relevance", action="store_true", help="speed alone")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--export", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    CACHE.mkdir(parents=True, exist_ok=True)
    if args.worker:
        worker(args.worker, args.articles, args.reindex, not args.no_http, args.export)
        return 0
    args.engines = [e for e in args.engines.split(",") if e]
    relevance = [] if args.no_relevance else search_relevance.run(args.engines)
    if relevance:
        search_relevance.report(relevance)
    if args.relevance_only:
        return 0
    results = [run_engine(engine, args) for engine in args.engines]
    wordpress = None
    if not args.no_wordpress:
        import django

        os.environ.update(engine_env(args.engines[0]))
        django.setup()  # for the query mix, which reads the archive's vocabulary

        from bench import wordpress_search

        wordpress = wordpress_search.run(
            CACHE / f"wordpress-{args.articles}.sql", args.articles, args.wp_budget
        )
    report(results, wordpress, args)
    if relevance:
        search_relevance.report(relevance)
    return 0


if __name__ == "__main__":
    sys.exit(main())
