"""Benchmark: Lighthouse's four scores (mobile) for the reader's main pages.

    .venv/bin/python -m bench.lighthouse [--pages front,article,section,search,results] [--runs 1]

Builds the demo on a fresh data folder, starts `masthead serve` on loopback, and runs
Lighthouse (npm `lighthouse`, pinned in `bench/lighthouse/package.json`, installed there on
the first run) with Debian's Chromium, its default mobile emulation and simulated throttling,
over the front page, the seed article, its section, the search page and a search's
results. Prints each page's
performance, accessibility, best-practices and SEO scores against the floor of 98, and writes
them with every failed audit to `bench/results/lighthouse-<time>.md`. Scores are recorded, not
asserted in tests: they depend on the machine.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as `python bench/lighthouse.py` or `python -m bench.lighthouse`
from bench.common import run_locked  # noqa: E402

TOOL = ROOT / "bench" / "lighthouse"
LIGHTHOUSE = TOOL / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
FLOOR = 98
ARTICLE = "/israel-and-the-region/netanyahu-holds-talks-with-russian-officials-on-syria-friction/"
PAGES = {
    "front": "/",
    "article": ARTICLE,
    "section": "/israel-and-the-region/",
    "search": "/search/",
    "results": "/search/?q=Syria",
}
# A search's results carry noindex on purpose (search engines ask sites to keep them out of
# their index): their SEO score is recorded, not held to the floor.
NOINDEX = {("results", "seo")}
PORT = 8093


def say(message):
    print(f"[lighthouse] {message}", flush=True)


def install():
    if LIGHTHOUSE.exists():
        return
    say("installing lighthouse from the npm registry (once, into bench/lighthouse/)…")
    subprocess.run(
        ["npm", "install", "--ignore-scripts", "--no-audit", "--no-fund", "--silent"],
        cwd=TOOL,
        check=True,
    )


def start_site(data_dir):
    env = {
        **os.environ,
        "MASTHEAD_DATA_DIR": str(data_dir),
        "SITE_URL": f"http://localhost:{PORT}",
        "LOG_LEVEL": "ERROR",
    }
    for name in ("DATABASE_URL", "REDIS_URL", "MASTHEAD_TESTING", "DEBUG"):
        env.pop(name, None)
    masthead = [sys.executable, "-m", "masthead"]
    for step in (["migrate", "--no-input", "-v0"], ["collectstatic", "--no-input", "-v0"]):
        subprocess.run(masthead + step, env=env, check=True)
    say("loading the demo…")
    subprocess.run(masthead + ["demo", "--quiet"], env=env, check=True)
    log = open(data_dir / "serve.log", "wb")  # noqa: SIM115 - closed with the server
    server = subprocess.Popen(
        masthead + ["serve", "--port", str(PORT), "--workers", "1"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 120
    while True:
        try:
            urllib.request.urlopen(f"http://localhost:{PORT}/health/live", timeout=2)
            return server
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                sys.exit("masthead serve did not start: " + str(data_dir / "serve.log"))
            time.sleep(0.3)


def audit(name, url, out_dir, timeout):
    """Lighthouse's report for one page (after one load to warm the page cache)."""
    urllib.request.urlopen(url, timeout=30).read()
    report = out_dir / f"{name}.json"
    for attempt in (1, 2):  # Chromium sometimes fails to start on a busy machine: once more
        run = _lighthouse(url, report, timeout)
        if run.returncode == 0:
            return json.loads(report.read_text())
        say(f"{name}: lighthouse failed (attempt {attempt}): {run.stderr.strip()[-300:]}")
    sys.exit(f"lighthouse failed twice on {url}")


def _lighthouse(url, report, timeout):
    return subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            f"--only-categories={','.join(CATEGORIES)}",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        ],
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def failed_audits(result):
    """The audits that lost points, by category."""
    lost = []
    for category in CATEGORIES:
        for ref in result["categories"][category]["auditRefs"]:
            found = result["audits"][ref["id"]]
            if ref["weight"] and found.get("score") is not None and found["score"] < 1:
                lost.append(f"{category}: {found['title']} ({found.get('displayValue', '')})")
    return lost


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", default=",".join(PAGES))
    parser.add_argument("--timeout", type=float, default=180, help="seconds per page at most")
    args = parser.parse_args()
    install()
    data_dir = Path(tempfile.mkdtemp(prefix="masthead-bench-lighthouse-"))
    server = start_site(data_dir)
    rows, notes = [], []
    try:
        for name in args.pages.split(","):
            say(f"{name}: {PAGES[name]}")
            result = audit(name, f"http://localhost:{PORT}{PAGES[name]}", data_dir, args.timeout)
            scores = [round(result["categories"][c]["score"] * 100) for c in CATEGORIES]
            rows.append((name, scores))
            named = zip(CATEGORIES, scores, strict=True)
            say(f"{name}: " + ", ".join(f"{category} {score}" for category, score in named))
            notes += [f"- {name}: {line}" for line in failed_audits(result)]
    finally:
        server.terminate()
        server.wait(timeout=15)
    lines = [
        f"# Lighthouse, mobile ({datetime.now():%Y-%m-%d %H:%M}), floor {FLOOR}",
        "",
        "| page | " + " | ".join(CATEGORIES) + " |",
        "| --- |" + " --- |" * len(CATEGORIES),
        *(f"| {name} | " + " | ".join(map(str, scores)) + " |" for name, scores in rows),
        "",
        "Audits that lost points:" if notes else "No audit lost points.",
        *notes,
    ]
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    path = results / f"lighthouse-{datetime.now():%Y%m%d-%H%M}.md"
    path.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    say(f"written to {path.relative_to(ROOT)}")
    below = [
        (name, category)
        for name, scores in rows
        for category, score in zip(CATEGORIES, scores, strict=True)
        if score < FLOOR and (name, category) not in NOINDEX
    ]
    if below:
        say("below the floor: " + ", ".join(f"{name} {category}" for name, category in below))
    return 1 if below else 0


if __name__ == "__main__":
    run_locked("bench.lighthouse", main)
