"""Import benchmark: a WordPress export of 100,000 posts into a fresh PostgreSQL database.

    .venv/bin/python -m bench.import                    # 100,000 posts, takes the bench lock
    .venv/bin/python -m bench.import --posts 1000       # a quick run
    .venv/bin/python -m bench.import --budget 1200      # seconds the import may take (900)

The export is WordPress's own (`bench/wordpress_export.py`: the peer of ../shared/peers filled
with N posts with authors, nested categories, tags, featured photos with credits, threaded
comments, drafts, a scheduled and sticky posts, then `export_wp()`); made once and kept in
var/bench-import/. Then, on loopback only:

1. **floor**: one plain `lxml.etree.iterparse` pass over the same file (every element
   cleared once read, as a streaming reader must), in its own process: its time and peak RSS;
2. **import**: a fresh database (`BENCH_POSTGRES_URL`, default `masthead_import_bench` on
   127.0.0.1:5432, dropped and created), `masthead migrate`, then `masthead import wordpress
   FILE` as a subprocess, its progress passed through; the import's time (bounded by
   `--budget`: past it the import is stopped and the run reports how far it got), posts per
   second, and its peak RSS (VmHWM of /proc/<pid>/status, sampled until it exits);
3. **Ghost's migrator** (`@tryghost/migrate`, npm) on the same file when the registry has it;
   otherwise the run says so and goes on.

Prints the ratios (import / floor, Ghost / import) and the targets: at most 10 minutes and
400 MB of peak RSS for 100,000 posts. Results in bench/results/import.md.
"""

import argparse
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench import wordpress_export
from bench.common import peak_memory_mb, recreate_postgres_database, run_locked

ROOT = Path(__file__).resolve().parent.parent
CACHE = wordpress_export.CACHE
PYTHON = sys.executable
POSTGRES_URL = os.environ.get(
    "BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/masthead_import_bench"
)
TARGET_SECONDS = 600
TARGET_RSS_MB = 400
RESULTS = ROOT / "bench" / "results" / "import.md"

# The floor: what reading the file costs at all, streamed as an importer must read it (each
# item cleared once read). lxml's iterparse is the floor; the standard library's (expat,
# the parser the importer reads with, through defusedxml) is measured too.
FLOOR = """
import sys
if sys.argv[2] == "lxml":
    from lxml import etree
    events = etree.iterparse(sys.argv[1], events=("end",), tag="item", resolve_entities=False,
                             huge_tree=True, no_network=True)
else:
    from xml.etree import ElementTree as etree
    events = ((e, el) for e, el in etree.iterparse(sys.argv[1], events=("end",))
              if el.tag == "item")
items = 0
parent = None
for _, item in events:
    items += 1
    item.clear()
    if sys.argv[2] == "lxml":
        while item.getprevious() is not None:
            del item.getparent()[0]
print(items)
"""

say = wordpress_export.say


def measured(argv, env=None, budget=None, quiet=False):
    """Run `argv` to its end (or `budget` seconds): seconds taken, peak RSS in MB, exit code
    (None when stopped at the budget), its output when `quiet`."""
    started = time.perf_counter()
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and tools
        argv,
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE if quiet else None,
        text=True,
    )
    peak = 0.0
    code = None
    while True:
        peak = max(peak, peak_memory_mb(process.pid))
        try:
            code = process.wait(timeout=0.2)
            break
        except subprocess.TimeoutExpired:
            if budget is not None and time.perf_counter() - started > budget:
                say(f"  stopped at the budget ({budget:.0f} s)")
                process.kill()
                process.wait()
                break
    seconds = time.perf_counter() - started
    output = process.stdout.read() if quiet else ""
    return seconds, peak, code, output


def masthead_env(data_dir):
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="masthead.settings", LOG_LEVEL="ERROR")
    env.update(DATABASE_URL=POSTGRES_URL, MASTHEAD_DATA_DIR=str(data_dir))
    env.pop("REDIS_URL", None)
    return env


def psql(sql):
    result = subprocess.run(  # noqa: S603
        ["psql", POSTGRES_URL, "-At", "-c", sql],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout.strip()


def floor(path, parser):
    say(f"floor: {parser} iterparse over {path.name}")
    seconds, rss, code, output = measured([PYTHON, "-c", FLOOR, str(path), parser], quiet=True)
    if code != 0:
        raise SystemExit(f"the floor's {parser} iterparse failed")
    say(f"floor: {int(output)} items in {seconds:.1f} s, peak RSS {rss:.0f} MB ({parser})")
    return {"parser": parser, "seconds": seconds, "rss_mb": rss, "items": int(output)}


def floors(path):
    """The floors this interpreter can measure: lxml's (when installed) and expat's."""
    measured_floors = []
    if importlib.util.find_spec("lxml") is not None:
        measured_floors.append(floor(path, "lxml"))
    else:
        say("floor: lxml is not installed here (pip install lxml): expat's floor only")
    measured_floors.append(floor(path, "expat"))
    return measured_floors


def run_import(path, budget):
    data_dir = CACHE / "data"
    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    env = masthead_env(data_dir)
    say(f"import: fresh database {POSTGRES_URL.rsplit('/', 1)[1]}, migrate")
    recreate_postgres_database(POSTGRES_URL)
    subprocess.run(  # noqa: S603
        [PYTHON, "-m", "masthead", "migrate", "--no-input", "-v", "0"],
        env=env,
        cwd=ROOT,
        check=True,
    )
    say(f"import: masthead import wordpress {path.name} (budget {budget:.0f} s)")
    argv = [PYTHON, "-m", "masthead", "import", "wordpress", str(path)]
    seconds, rss, code, _ = measured(argv, env=env, budget=budget)
    kinds = dict(
        line.split("|")
        for line in psql("SELECT kind, count(*) FROM wordpress_importeditem GROUP BY kind").split()
    )
    posts = int(kinds.get("post", 0))
    redirects = int(psql("SELECT count(*) FROM wagtailredirects_redirect") or 0)
    say(f"import: {posts} posts in {seconds:.1f} s (exit {code}), peak RSS {rss:.0f} MB")
    return {
        "seconds": seconds,
        "rss_mb": rss,
        "exit": code,
        "posts": posts,
        "items": {kind: int(count) for kind, count in kinds.items()},
        "redirects": redirects,
        "finished": code == 0,
    }


def ghost(path, budget):
    """Ghost's migrator on the same file, when the npm registry has it."""
    npm = shutil.which("npm")
    if npm is None:
        return {"skipped": "npm is not installed"}
    found = subprocess.run(  # noqa: S603
        [npm, "view", "@tryghost/migrate", "version"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if found.returncode != 0:
        return {"skipped": "@tryghost/migrate is not on the npm registry this machine reaches"}
    folder = CACHE / "ghost-migrate"
    folder.mkdir(parents=True, exist_ok=True)
    say(f"ghost: installing @tryghost/migrate {found.stdout.strip()} into {folder}")
    subprocess.run(  # noqa: S603
        [npm, "install", "--prefix", str(folder), "@tryghost/migrate"], check=True, timeout=900
    )
    cli = folder / "node_modules" / ".bin" / "migrate"
    say("ghost: migrate wp-xml (no network: assets are not fetched)")
    argv = [str(cli), "wp-xml", "--pathToFile", str(path), "--zip", "false", "--scrape", "none"]
    seconds, rss, code, _ = measured(argv, budget=budget)
    return {"seconds": seconds, "rss_mb": rss, "exit": code, "finished": code == 0}


def report(posts, facts, floor_results, imported, ghost_result):
    lines = [
        f"# Import benchmark: {posts:,} posts",
        "",
        f"Export (WordPress {facts.get('wordpress', '?')} `export_wp()`, "
        f"{facts['bytes'] / 1e6:.0f} MB): fill {facts['fill_s']:.0f} s ({facts['fill']}), "
        f"export {facts['export_s']:.0f} s",
    ]
    lines += [
        f"Floor, {f['parser']} iterparse: {f['seconds']:.1f} s, {f['items']:,} items, "
        f"peak RSS {f['rss_mb']:.0f} MB"
        for f in floor_results
    ]
    if imported is None:
        lines.append("Import: not run (`masthead import wordpress` is missing)")
    else:
        rate = imported["posts"] / imported["seconds"] if imported["seconds"] else 0
        state = "" if imported["finished"] else f" (NOT finished: exit {imported['exit']})"
        at_least = "" if imported["finished"] else ">= "  # stopped at the budget
        lines += [
            f"Import: {imported['seconds']:.0f} s{state}, {imported['posts']:,} posts, "
            f"{rate:.0f} posts/s, peak RSS {imported['rss_mb']:.0f} MB, "
            f"{imported['redirects']:,} redirects; items by kind: {imported['items']}",
            *(
                f"  import / {f['parser']} floor: {at_least}"
                f"{imported['seconds'] / f['seconds']:.1f}x"
                for f in floor_results
            ),
            f"  target <= {TARGET_SECONDS // 60} min: "
            + (
                "met"
                if imported["finished"] and imported["seconds"] <= TARGET_SECONDS
                else "MISSED"
            ),
            f"  target peak RSS <= {TARGET_RSS_MB} MB: "
            + ("met" if imported["rss_mb"] <= TARGET_RSS_MB else "MISSED"),
        ]
    if "skipped" in ghost_result:
        lines.append(f"Ghost's migrator: skipped ({ghost_result['skipped']})")
    elif imported is not None:
        lines.append(
            f"Ghost's migrator: {ghost_result['seconds']:.0f} s (exit {ghost_result['exit']}), "
            f"peak RSS {ghost_result['rss_mb']:.0f} MB; "
            f"Ghost / Masthead: {ghost_result['seconds'] / imported['seconds']:.1f}x"
        )
    text = "\n".join(lines) + "\n"
    print("\n" + text)
    RESULTS.write_text(text)
    say(f"report written to {RESULTS.relative_to(ROOT)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--budget", type=float, default=900, help="seconds for the import")
    parser.add_argument("--ghost-budget", type=float, default=900, help="seconds for Ghost's")
    parser.add_argument("--no-ghost", action="store_true")
    args = parser.parse_args()
    path, facts = wordpress_export.build(args.posts)
    say(f"export: {path} ({facts['bytes'] / 1e6:.0f} MB, made in {facts['export_s']:.0f} s)")
    floor_results = floors(path)
    has_command = (
        ROOT / "masthead" / "wordpress" / "management" / "commands" / "import.py"
    ).exists()
    imported = run_import(path, args.budget) if has_command else None
    ghost_result = {"skipped": "--no-ghost"} if args.no_ghost else ghost(path, args.ghost_budget)
    report(args.posts, facts, floor_results, imported, ghost_result)
    (CACHE / f"result-{args.posts}.json").write_text(
        json.dumps(
            {"facts": facts, "floors": floor_results, "import": imported, "ghost": ghost_result},
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    run_locked("bench.import", main)
