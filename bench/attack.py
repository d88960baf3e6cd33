"""The hot story under a cache-busting attack: readers of one cached article, alone and then
beside 128 connections that each ask for it with a fresh query string per request.

    .venv/bin/python -m bench.attack [--seconds 20] [--rate 600] [--reuse] [--no-edge]

Four phases of `--seconds` each, through nginx in front of the app
(deploy/nginx/masthead.conf) unless `--no-edge`:

1. readers alone: 16 connections reading the hot story (the floor of this run);
2. the same readers beside 128 connections sending `?utm_source=<random>` (a campaign tag);
3. … sending `?x=<random>` (a parameter no page reads);
4. … sending `?page=<random>` (a parameter pages read, but not the story: its copy answers);
5. … sending `?page=<random>` to the story's section, which reads it: each request a page to
   render, which only the render budget of each worker and nginx's render gate hold back.

The attacker sends `--rate` requests a second in all, many times what the app can render
(phase 5 shows how many it did) and a small part of what it serves from its cache. A flood
beyond what the machine can answer at all is a matter for the network in front of it: there
every request costs the same, hit or miss, and no page cache can help.

Each phase reports the readers' requests per second, their p99 and the ratio to phase 1, and
what the attacker got. Targets (the hardening issue): readers' p99 under 100 ms and at least
80% of their throughput alone. Loopback only; about 2 minutes of setup (reused with --reuse)
and 5 × `--seconds`.
"""

import argparse
import re
import shutil
import subprocess
import sys
import time

from bench.__main__ import ROOT, Edge, Masthead, say
from bench.common import run_locked

RESULTS = ROOT / "bench" / "results"
DATA = ROOT / "var" / "bench-attack"
ATTACK_DB = "postgres://postgres@127.0.0.1:5432/masthead_attack"
READERS, ATTACKERS = 16, 128
ATTACK_RATE = 600  # requests a second, all the attacker's connections together
TARGET_P99_MS, TARGET_SHARE = 100, 0.80

FIND_HOT_STORY = (
    "from masthead.demo.services import SEED_SLUG; from masthead.news.models import ArticlePage;"
    " print(ArticlePage.objects.get(slug=SEED_SLUG).url)"
)
# A fresh query string per request, as a script busting caches would send, each connection
# pausing between requests so that all of them together send the attack's rate.
ATTACK_LUA = """
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", "%(path)s?%(param)s=" .. math.random(1, 1e9) .. "-" .. counter)
end
delay = function()
  return %(pause_ms)d
end
"""


def wrk(base, path, connections, seconds, script=None):
    argv = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "--latency"]
    if script:
        argv += ["-s", str(script)]
    return subprocess.Popen([*argv, base + path], stdout=subprocess.PIPE, text=True)


def parse(output):
    """Requests per second, p99 (ms) and errors (HTTP ≥ 400 and socket errors) from wrk."""

    def ms(text):
        value, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.MULTILINE)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return {
        "req_s": float(rps.group(1)) if rps else 0.0,
        "p99_ms": ms(p99.group(1)) if p99 else float("inf"),
        "non_2xx": int(non2xx.group(1)) if non2xx else 0,
        "socket_errors": sum(int(n) for n in sockets.groups()) if sockets else 0,
    }


def phase(base, path, seconds, attack_script=None):
    readers = wrk(base, path, READERS, seconds)
    attacker = wrk(base, path, ATTACKERS, seconds, attack_script) if attack_script else None
    result = {"readers": parse(readers.communicate(timeout=seconds + 60)[0])}
    if attacker is not None:
        result["attacker"] = parse(attacker.communicate(timeout=seconds + 60)[0])
    return result


def report(shape, seconds, rate, phases):
    floor = phases[0][1]["readers"]
    lines = [
        f"# The hot story under a cache-busting attack, {time.strftime('%Y-%m-%d %H:%M')}",
        "",
        f"Masthead: {', '.join(shape)}. {READERS} readers' connections on the hot story for "
        f"{seconds} s per phase; the attack is {ATTACKERS} connections sending {rate} "
        "requests a second in all, each with a fresh query string. Targets: readers' p99 under "
        f"{TARGET_P99_MS} ms and at least {TARGET_SHARE:.0%} of their throughput alone.",
        "",
        "| phase | readers req/s | share of alone | readers p99 ms | readers errors "
        "| attacker req/s | attacker refused (429, 503) | met |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    all_met = True
    for name, result in phases:
        readers, attacker = result["readers"], result.get("attacker")
        share = readers["req_s"] / floor["req_s"] if floor["req_s"] else 0.0
        errors = readers["non_2xx"] + readers["socket_errors"]
        met = readers["p99_ms"] < TARGET_P99_MS and share >= TARGET_SHARE and errors == 0
        all_met = all_met and met
        lines.append(
            f"| {name} | {readers['req_s']:.0f} | {share:.2f} | {readers['p99_ms']:.1f} | "
            f"{errors} | {attacker['req_s']:.0f} | {attacker['non_2xx']} | "
            f"{'yes' if met else 'no'} |"
            if attacker
            else f"| {name} | {readers['req_s']:.0f} | 1.00 | {readers['p99_ms']:.1f} | "
            f"{errors} | – | – | {'yes' if met else 'no'} |"
        )
    lines += ["", "Every target met." if all_met else "A target was missed."]
    return "\n".join(lines) + "\n", all_met


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--reuse", action="store_true", help="reuse the prepared data")
    parser.add_argument("--archive", type=int, default=2000)
    parser.add_argument("--no-edge", action="store_true", help="the app alone, without nginx")
    parser.add_argument(
        "--rate", type=int, default=ATTACK_RATE, help="the attacker's requests a second"
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: apt-get install wrk")

    import bench.__main__ as harness

    harness.PG_URL = ATTACK_DB  # its own database, not the page benchmark's
    server = Masthead(DATA, workers=2)
    if "DATABASE_URL" in server.env:
        server.env["DATABASE_URL"] = ATTACK_DB
    server.prepare(args.reuse, args.archive)
    path = server.manage("shell", "-c", FIND_HOT_STORY, capture=True).splitlines()[-1]
    scripts = {}
    pause_ms = round(1000 * ATTACKERS / args.rate)
    section = path.rstrip("/").rsplit("/", 1)[0] + "/"
    attacks = {
        "utm": (path, "utm_source"),
        "x": (path, "x"),
        "page": (path, "page"),
        "section": (section, "page"),
    }
    for name, (target, param) in attacks.items():
        scripts[name] = DATA / f"attack-{name}.lua"
        lua = ATTACK_LUA % {"path": target, "param": param, "pause_ms": pause_ms}
        scripts[name].write_text(lua)
    say(f"starting Masthead ({', '.join(server.shape)})")
    server.start(path)
    shape = list(server.shape)
    base, edge = f"http://127.0.0.1:{harness.APP_PORT}", None
    if not args.no_edge:
        edge = Edge(DATA / "nginx", server.env["EDGE_PAGES_DIR"])
        edge.start()
        base = f"http://127.0.0.1:{harness.EDGE_PORT}"
        shape.append("nginx in front (deploy/nginx/masthead.conf)")
    phases = []
    try:
        for name, script in (
            ("readers alone", None),
            ("beside ?utm_source=<random>", scripts["utm"]),
            ("beside ?x=<random>", scripts["x"]),
            ("beside ?page=<random>", scripts["page"]),
            (f"beside {section}?page=<random>", scripts["section"]),
        ):
            say(f"phase: {name}, {args.seconds} s")
            result = phase(base, path, args.seconds, script)
            readers = result["readers"]
            say(f"  readers {readers['req_s']:8.0f} req/s  p99 {readers['p99_ms']:7.1f} ms")
            phases.append((name, result))
    finally:
        if edge is not None:
            edge.stop()
        server.stop()
    text, all_met = report(shape, args.seconds, args.rate, phases)
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"attack{'-no-edge' if args.no_edge else ''}.md"
    out.write_text(text)
    print(text)
    say(f"report: {out}")
    return 0 if all_met else 1


if __name__ == "__main__":
    run_locked("bench.attack", main)
