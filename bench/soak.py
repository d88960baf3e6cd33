"""Soak test: readers, members and sign-ins at once against the production shape, load
stepped up until the machine cannot keep the targets.

    .venv/bin/python -m bench.soak [--step-seconds 30] [--steps 8,16,32,64] [--reuse] [--no-edge]

The load goes through nginx in front of the app (deploy/nginx/masthead.conf), as in
production; `--no-edge` sends it to the app itself. Three wrk processes run side by side at
each step, each with its own mix (bench/results/soak-*.md lists it): anonymous readers (front
page, sections, 60 articles, search), members (full articles, the comments fragment, comment
posts) and sign-ins (the email form, with its rate limits live). Targets: no errors, p99 under
250 ms for anonymous pages and under 500 ms for members. The report gives every step and the
highest load that met the targets.
Loopback only; about 2 minutes of setup (reused with --reuse) and `steps × step-seconds`.
"""

import argparse
import json
import re
import shutil
import subprocess
import sys
import time

from bench.__main__ import ROOT, Edge, Masthead, say
from bench.common import run_locked

RESULTS = ROOT / "bench" / "results"
DATA = ROOT / "var" / "bench-soak"
SOAK_DB = "postgres://postgres@127.0.0.1:5432/masthead_soak"
CSRF = "S0akS0akS0akS0akS0akS0akS0akS0ak"  # a 32-character CSRF secret, cookie and form alike
MEMBERS = 200
TARGET_P99_MS = {"anonymous": 250, "members": 500, "sign-ins": 500}
# Connections per step: members and sign-ins grow with the readers, at a news site's ratios.
SHARES = {"anonymous": 1.0, "members": 0.25, "sign-ins": 0.0625}

SETUP = """
import json
from datetime import timedelta
from django.conf import settings
from django.test import Client
from django.utils import timezone
from masthead.accounts.models import Member
from masthead.news.models import ArticlePage, SectionPage

live = ArticlePage.objects.live().order_by("-first_published_at")
recent = [a for a in live[:20] if a.first_published_at > timezone.now() - timedelta(days=6)]
articles = [a.url for a in live[:40]] + [a.url for a in live.order_by("?")[:20]]
sessions = []
for n in range(%(members)d):
    member, _ = Member.objects.get_or_create(
        email=f"soak-{n}@masthead.localhost",
        defaults={
            "display_name": f"Soak Reader {n}",
            "date_joined": timezone.now() - timedelta(days=60),
        },
    )
    client = Client()
    client.force_login(member)
    sessions.append(client.cookies[settings.SESSION_COOKIE_NAME].value)
print(json.dumps({
    "articles": articles,
    "sections": [s.url for s in SectionPage.objects.live()],
    "commentable": [a.pk for a in recent] or [live.first().pk],
    "sessions": sessions,
}))
"""

LUA = r"""
local paths = %(paths)s
local sessions = %(sessions)s
local posts = %(posts)s
local post_every = %(post_every)d
local counter = 0
local thread_id = 0
local run = ""

function setup(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
end

function init(args)
  -- Each step is a new wrk process whose counter starts again at 0: without the step's own
  -- id, its posts would be the same texts from the same members as the step before, and the
  -- comments pipeline rightly refuses a member's repeated text (400, "already posted").
  run = args[1] or ""
end

function request()
  counter = counter + 1
  local cookie = "csrftoken=%(csrf)s"
  if #sessions > 0 then
    cookie = cookie .. "; sessionid=" .. sessions[(counter * 7 + tid) %% #sessions + 1]
  end
  local headers = {["Cookie"] = cookie}
  if #posts > 0 and counter %% post_every == 0 then
    -- Each post from the next member in turn: comment rate limits are per member.
    local poster = math.floor(counter / post_every) * 13 + tid
    headers["Cookie"] = "csrftoken=%(csrf)s; sessionid=" .. sessions[poster %% #sessions + 1]
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    local body = "csrfmiddlewaretoken=%(csrf)s&text=Soak+comment+" .. run .. "-" .. tid
      .. "-" .. counter
    return wrk.format("POST", posts[counter %% #posts + 1], headers, body)
  end
  if %(signin)s then
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    local email = "soak-reader-" .. tid .. "-" .. counter .. "%%40example.com"
    local body = "csrfmiddlewaretoken=%(csrf)s&email=" .. email
    return wrk.format("POST", "/account/signin/", headers, body)
  end
  return wrk.format("GET", paths[counter %% #paths + 1], headers)
end

local errors = 0
function response(status, headers, body)
  if status >= 400 then errors = errors + 1 end
end

function done(summary, latency, requests)
  io.write(string.format("SOAK requests=%%d p50=%%.2f p99=%%.2f\n",
    summary.requests, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
"""

# The anonymous mix: a reader lands on the front page or a section, reads stories, searches.
SEARCHES = [
    "/search/?q=putin",
    "/search/?q=golan+heights",
    "/search/?q=%22S-300%22",
    "/search/?q=talks",
]


def lua_list(items):
    return "{" + ", ".join(json.dumps(item) for item in items) + "}"


def write_scripts(folder, data):
    anonymous = ["/"] * 4 + data["sections"] * 2 + data["articles"] * 2 + SEARCHES
    members = data["articles"] + [f"/comments/{pk}/fragment/" for pk in data["commentable"]]
    scripts = {
        "anonymous": dict(paths=anonymous, sessions=[], posts=[], post_every=1, signin="false"),
        "members": dict(
            paths=members,
            sessions=data["sessions"],
            posts=[f"/comments/{pk}/post/" for pk in data["commentable"]],
            post_every=50,  # one comment per 50 member requests
            signin="false",
        ),
        "sign-ins": dict(paths=["/"], sessions=[], posts=[], post_every=1, signin="true"),
    }
    files = {}
    for name, spec in scripts.items():
        text = LUA % {
            "paths": lua_list(spec["paths"]),
            "sessions": lua_list(spec["sessions"]),
            "posts": lua_list(spec["posts"]),
            "post_every": spec["post_every"],
            "signin": spec["signin"],
            "csrf": CSRF,
        }
        files[name] = folder / f"soak-{name}.lua"
        files[name].write_text(text)
    return files


def parse(output):
    """Requests, p50/p99 (ms), errors (HTTP ≥ 400 and socket errors) from wrk's output."""
    match = re.search(r"SOAK requests=(\d+) p50=([\d.]+) p99=([\d.]+)", output)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    return {
        "requests": int(match.group(1)),
        "p50_ms": float(match.group(2)),
        "p99_ms": float(match.group(3)),
        "errors": (int(non2xx.group(1)) if non2xx else 0)
        + (sum(int(n) for n in sockets.groups()) if sockets else 0),
        "req_s": float(rps.group(1)) if rps else 0.0,
    }


def check_paths(base, data):
    """Every page of the mix answers before the load starts: errors under load are load's."""
    import urllib.error
    import urllib.request

    paths = ["/", *data["sections"], *data["articles"], *SEARCHES]
    for path in dict.fromkeys(paths):
        try:
            urllib.request.urlopen(base + path, timeout=30).close()  # noqa: S310 - loopback
        except urllib.error.HTTPError as error:
            raise SystemExit(f"{path} answered {error.code} before any load") from error


def run_step(base, scripts, connections, seconds):
    processes = {}
    # Unique to this step of this run: members never post the same comment twice.
    step_id = f"{time.time_ns():x}"
    for name, share in SHARES.items():
        conns = max(1, round(connections * share))
        argv = ["wrk", "-t1", f"-c{conns}", f"-d{seconds}s", "--timeout", "10s", "-s"]
        argv += [str(scripts[name]), base, "--", step_id]
        processes[name] = (conns, subprocess.Popen(argv, stdout=subprocess.PIPE, text=True))
    results = {}
    for name, (conns, process) in processes.items():
        output, _ = process.communicate(timeout=seconds + 60)
        results[name] = {"connections": conns, **parse(output)}
    return results


def meets_targets(step):
    return all(r["errors"] == 0 and r["p99_ms"] < TARGET_P99_MS[name] for name, r in step.items())


def report(steps, shape, seconds):
    lines = [
        f"# Soak test, {time.strftime('%Y-%m-%d %H:%M')}",
        "",
        f"Masthead: {', '.join(shape)}. Each step runs {seconds} s with three wrk clients at "
        "once: anonymous readers (front page, sections, 60 articles, 4 searches), members "
        "(full articles, the comments fragment, one comment post in 50 requests, 200 members) "
        "and sign-ins (the email form). Errors are HTTP statuses ≥ 400 and socket errors.",
        "",
        "| readers' connections | class | connections | req/s | p50 ms | p99 ms | target p99 "
        "| errors |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    best = None
    for connections, step in steps:
        for name, r in step.items():
            lines.append(
                f"| {connections} | {name} | {r['connections']} | {r['req_s']:.0f} | "
                f"{r['p50_ms']:.1f} | {r['p99_ms']:.1f} | {TARGET_P99_MS[name]} | {r['errors']} |"
            )
        if meets_targets(step):
            best = (connections, step)
    lines.append("")
    if best:
        total = sum(r["req_s"] for r in best[1].values())
        lines.append(
            f"Highest load meeting every target: {best[0]} readers' connections, "
            f"{total:.0f} requests/s in all."
        )
    else:
        lines.append("No step met every target.")
    return "\n".join(lines) + "\n", best


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--step-seconds", type=int, default=30)
    parser.add_argument("--steps", default="8,16,32,64")
    parser.add_argument("--reuse", action="store_true", help="reuse the prepared data")
    parser.add_argument("--archive", type=int, default=2000)
    parser.add_argument(
        "--no-edge",
        action="store_true",
        help="send the load to the app itself, without nginx (deploy/nginx/masthead.conf) in front",
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: apt-get install wrk")
    steps = [int(n) for n in args.steps.split(",")]

    import bench.__main__ as harness

    harness.PG_URL = SOAK_DB  # its own database, not the page benchmark's
    server = Masthead(DATA, workers=2)
    if "DATABASE_URL" in server.env:
        server.env["DATABASE_URL"] = SOAK_DB
    server.prepare(args.reuse, args.archive)
    data = json.loads(
        server.manage("shell", "-c", SETUP % {"members": MEMBERS}, capture=True).splitlines()[-1]
    )
    scripts = write_scripts(DATA, data)
    base = f"http://127.0.0.1:{harness.APP_PORT}"
    say(f"starting Masthead ({', '.join(server.shape)})")
    server.start(data["articles"][0])
    shape = list(server.shape)
    edge = None
    if not args.no_edge:
        # The production shape: nginx caches anonymous pages; members and forms pass through.
        edge = Edge(DATA / "nginx", server.env["EDGE_PAGES_DIR"])
        edge.start()
        base = f"http://127.0.0.1:{harness.EDGE_PORT}"
        shape.append("nginx in front (deploy/nginx/masthead.conf)")
    check_paths(base, data)
    results = []
    try:
        for connections in steps:
            say(f"step: {connections} readers' connections for {args.step_seconds} s")
            step = run_step(base, scripts, connections, args.step_seconds)
            for name, r in step.items():
                say(
                    f"  {name:9} c={r['connections']:<3} {r['req_s']:7.0f} req/s  "
                    f"p99 {r['p99_ms']:7.1f} ms  errors {r['errors']}"
                )
            results.append((connections, step))
    finally:
        if edge is not None:
            edge.stop()
        server.stop()
    text, best = report(results, shape, args.step_seconds)
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / "soak.md"
    path.write_text(text)
    print(text)
    say(f"report: {path}")
    return 0 if best else 1


if __name__ == "__main__":
    run_locked("bench.soak", main)
