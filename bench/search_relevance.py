"""Search relevance: does the story a reader wants come first? MRR and recall@5 over the demo.

    .venv/bin/python -m bench.search_relevance                     # SQLite and PostgreSQL
    .venv/bin/python -m bench.search_relevance --engines sqlite

`bench/search_judged.json` holds the judged queries: what a reader types, and the stories that
answer it (by slug, less the page id the archive appends: stable across demo rebuilds); a
query none of whose stories this demo has is left out (the report counts them). For
each engine, a fresh demo (`masthead demo`: the seed article and the archive's 24 stories,
indexed) in a data folder of its own (`var/bench-search/relevance-<engine>/`; on PostgreSQL the
database `masthead_search_relevance`, dropped and recreated), then every query through the
search service as an anonymous reader, first page:

- **reciprocal rank**: 1 / the rank of the first story that answers the query (0 when none is
  on the first page); **MRR** is its mean over the queries;
- **recall@5**: the share of queries answered within the first five results.

Ranks only, no timing: the figures are the same on every run of the same code.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JUDGED = Path(__file__).resolve().parent / "search_judged.json"
CACHE = Path(os.environ.get("MASTHEAD_BENCH_CACHE", ROOT / "var" / "bench-search"))
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/masthead_search_relevance"
# Each engine's run (migrate, load the demo, the queries) takes under a minute; past this, stop.
TIMEOUT_SECONDS = 600
PAGE_ID_SUFFIX = re.compile(r"-\d+$")


def say(message):
    print(f"[{time.strftime('%H:%M:%S', time.gmtime())}Z] {message}", flush=True)


def judged_queries():
    """[(query, wanted story keys)] from bench/search_judged.json."""
    data = json.loads(JUDGED.read_text(encoding="utf-8"))
    return [(item["query"], tuple(item["wanted"])) for item in data["queries"]]


def story_key(slug):
    """A story's name in the judged set: its slug without the page id the archive appends."""
    return PAGE_ID_SUFFIX.sub("", slug)


def rank_of(slugs, wanted):
    """The 1-based rank of the first of `slugs` that answers the query, or None."""
    keys = [story_key(slug) for slug in slugs]
    return next((number for number, key in enumerate(keys, 1) if key in wanted), None)


def score(ranks):
    """{"mrr", "recall_at_5", "queries"} of a list of ranks (None: not on the first page)."""
    count = len(ranks) or 1
    return {
        "mrr": sum(1 / rank for rank in ranks if rank) / count,
        "recall_at_5": sum(1 for rank in ranks if rank and rank <= 5) / count,
        "queries": len(ranks),
    }


def evaluate(progress=None):
    """Run every judged query the demo can answer through the search service (anonymous
    reader, first page): [(query, rank)], the score, and the queries left out (none of their
    stories in this demo). Needs Django set up, over a database with the demo."""
    from django.contrib.auth.models import AnonymousUser

    from masthead.news.models import ArticlePage
    from masthead.search import services

    stories = {story_key(slug) for slug in ArticlePage.objects.values_list("slug", flat=True)}
    queries = judged_queries()
    answerable = [(query, wanted) for query, wanted in queries if stories.intersection(wanted)]
    left_out = [query for query, wanted in queries if not stories.intersection(wanted)]
    reader = AnonymousUser()
    ranked = []
    for number, (query, wanted) in enumerate(answerable, 1):
        outcome = services.search(reader, query)
        ranked.append((query, rank_of([r.article.slug for r in outcome.results], wanted)))
        if progress and number % 10 == 0:
            progress(f"  {number}/{len(answerable)} queries")
    return ranked, {**score([rank for _, rank in ranked]), "left_out": left_out}


# --- one engine, in its own process (Django settings are per process) -------------------


def engine_env(engine):
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="masthead.settings", LOG_LEVEL="ERROR")
    env["MASTHEAD_DATA_DIR"] = str(CACHE / f"relevance-{engine}")
    env.pop("REDIS_URL", None)
    if engine == "postgres":
        env["DATABASE_URL"] = os.environ.get("BENCH_RELEVANCE_POSTGRES_URL", POSTGRES_URL)
    else:
        env.pop("DATABASE_URL", None)
    return env


def worker(engine):
    """Inside the engine's environment: load a fresh demo, run the queries, print the result."""
    import django

    django.setup()
    from django.core.management import call_command

    say(f"{engine}: migrating")
    call_command("migrate", verbosity=0)
    say(f"{engine}: loading the demo (the seed article and the archive's stories, indexed)")
    call_command("demo", quiet=True, stdout=open(os.devnull, "w"))  # noqa: SIM115
    say(f"{engine}: the judged queries")
    ranked, figures = evaluate(progress=say)
    print("RESULT " + json.dumps({"engine": engine, "ranked": ranked, **figures}), flush=True)


def run_engine(engine):
    from bench.common import recreate_postgres_database

    env = engine_env(engine)
    data = Path(env["MASTHEAD_DATA_DIR"])
    shutil.rmtree(data, ignore_errors=True)  # a fresh demo every run
    data.mkdir(parents=True)
    if engine == "postgres":
        recreate_postgres_database(env["DATABASE_URL"])
    argv = [sys.executable, "-m", "bench.search_relevance", "--worker", engine]
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
        argv, env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    result, started = None, time.monotonic()
    for line in process.stdout:  # progress as it comes
        if line.startswith("RESULT "):
            result = json.loads(line[7:])
        else:
            print(line, end="", flush=True)
        if time.monotonic() - started > TIMEOUT_SECONDS:
            process.kill()
            break
    process.wait()
    if process.returncode or result is None:
        raise SystemExit(f"{engine}: the relevance run failed (exit {process.returncode})")
    return result


def report(results):
    print()
    print("Search relevance over the demo archive (bench/search_judged.json)")
    for result in results:
        misses = [(q, r) for q, r in result["ranked"] if r != 1]
        mrr, recall = result["mrr"], result["recall_at_5"]
        print(
            f"  {result['engine']:<9} MRR {mrr:.3f}   recall@5 {recall:.3f}"
            f"   ({result['queries']} queries, {len(misses)} not first;"
            f" {len(result['left_out'])} left out: none of their stories in this demo)"
        )
        for query, rank in misses:
            print(f"      {query!r}: {'rank ' + str(rank) if rank else 'not on the first page'}")


def run(engines):
    CACHE.mkdir(parents=True, exist_ok=True)
    results = []
    for engine in engines:
        say(f"relevance on {engine}")
        results.append(run_engine(engine))
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--engines", default="sqlite,postgres")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker)
        return 0
    report(run([e for e in args.engines.split(",") if e]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
