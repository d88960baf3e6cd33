"""`make bench`: Masthead side by side with WordPress, Ghost and nginx serving a static copy.

    make bench                      # or: .venv/bin/python -m bench [--reuse] [--dur 10]

One server at a time, on loopback, with wrk: Masthead anonymous through its own page cache,
behind nginx (deploy/nginx/masthead.conf), and a signed-in member (no shared cache); then
nginx serving static copies, WordPress and Ghost through the peers' own scripts
(../shared/peers, or PEERS_DIR). The report (Markdown table with ratios, PNG chart, wrk's
raw output) goes to bench/results/. See bench/README.md.
"""

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bench import report
from bench.common import LOCK, recreate_postgres_database

ROOT = Path(__file__).resolve().parents[1]
PEERS_DIR = Path(os.environ.get("PEERS_DIR", ROOT.parent / "shared" / "peers"))
PEERS_ROOT = Path(os.environ.get("PEERS_ROOT", "/opt/peers"))
CG = Path("/sys/fs/cgroup/cpuacct")
APP_PORT, EDGE_PORT, PURGE_PORT, GATE_PORT = 8090, 8091, 8092, 8094
STATIC_PORT = 8083
PG_URL = "postgres://postgres@127.0.0.1:5432/masthead_bench"
REDIS_URL = "redis://127.0.0.1:6379/9"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
PURGE_MODULE = Path("/usr/lib/nginx/modules/ngx_http_cache_purge_module.so")
TSV_HEADER = (
    "peer\tpage\tconc\trep\treq_s\tp50_ms\tp99_ms\trequests\tnon2xx\tsock_err\t"
    "peer_cpu_ms_per_req\tpeer_cpu_s\twrk_cpu_s\tother_cpu_s\tbytes_per_resp\tbg_cpu_pct_before\n"
)


def say(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def reachable(port):
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


# --- CPU accounting, as ../shared/peers/bench.sh does it -----------------------------------


def cg_usage_ns(group):
    try:
        return int((CG / f"peer-{group}" / "cpuacct.usage").read_text())
    except OSError:
        return 0


def cg_popen(group, argv, **kwargs):
    """Start `argv` inside cgroup peer-`group` (its children stay there)."""
    (CG / f"peer-{group}").mkdir(exist_ok=True)
    procs = CG / f"peer-{group}" / "cgroup.procs"
    shell = 'echo $$ > "$0" 2>/dev/null; exec "$@"'
    return subprocess.Popen(["bash", "-c", shell, str(procs), *argv], **kwargs)


def busy_ns():
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    return sum(int(v) for i, v in enumerate(fields) if i not in (3, 4)) * 10_000_000


def service_cpu_ns():
    """CPU of the database and cache servers (PostgreSQL, Redis) by process: system services
    outside our cgroup, added to Masthead's account so it pays for its database like WordPress
    does. Per process, because PostgreSQL's backends come and go (a connection is renewed
    every minute): see `service_cpu_since`."""
    usage = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        name = text[text.index("(") + 1 : text.rindex(")")]
        if name.startswith(("postgres", "redis-server")):
            fields = text[text.rindex(")") + 2 :].split()
            usage[stat.parent.name] = (int(fields[11]) + int(fields[12])) * 10_000_000
    return usage


def service_cpu_since(before):
    """The services' CPU since `before` (a `service_cpu_ns()`): what each process still alive
    used since then, a new one all it used. A backend that ended in between is left out (what
    it used in the run is lost with it), never counted against the others."""
    return sum(ns - before.get(pid, 0) for pid, ns in service_cpu_ns().items())


def to_ms(value):
    number = float(re.sub(r"[a-z]+$", "", value))
    return {"us": number / 1000, "ms": number, "s": number * 1000}[re.search(r"[a-z]+$", value)[0]]


def wrk_run(label, page, url, out, *, group, headers=(), dur=10, concs=(16, 64), services=False):
    """Measure one URL like bench.sh: 5 s warm-up, then wrk per concurrency; one TSV row each."""
    size = len(fetch(url, headers))
    hargs = [a for h in headers for a in ("-H", h)]
    subprocess.run(["wrk", "-t2", "-c16", "-d5s", *hargs, url], capture_output=True, check=False)
    for conc in concs:
        q0 = busy_ns()
        time.sleep(3)
        bg = (busy_ns() - q0) / 1e9 / 3 / os.cpu_count() * 100
        p0, w0, s0, b0 = cg_usage_ns(group), cg_usage_ns("wrk"), service_cpu_ns(), busy_ns()
        wrk = ["wrk", "-t2", f"-c{conc}", f"-d{dur}s", "--latency", "--timeout", "10s", *hargs]
        result = subprocess.run(
            ["bash", "-c", 'echo $$ > "$0"; exec "$@"', str(CG / "peer-wrk" / "cgroup.procs")]
            + [*wrk, url],
            capture_output=True,
            text=True,
            check=False,
        )
        p1, w1, svc, b1 = cg_usage_ns(group), cg_usage_ns("wrk"), service_cpu_since(s0), busy_ns()
        svc = svc if services else 0
        raw = result.stdout + result.stderr
        raw += f"# peer_cpu_ns={p1 - p0} services_cpu_ns={svc} wrk_cpu_ns={w1 - w0}\n"
        (out / "raw" / f"{label}-{page}-c{conc}-r1.txt").write_text(raw)
        requests = int(re.search(r"(\d+) requests in", raw)[1])
        rps = re.search(r"Requests/sec:\s+([\d.]+)", raw)[1]
        p50 = to_ms(re.search(r"^\s+50%\s+(\S+)", raw, re.M)[1])
        p99 = to_ms(re.search(r"^\s+99%\s+(\S+)", raw, re.M)[1])
        non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", raw)
        errors = re.search(r"connect (\d+), read (\d+), write (\d+), timeout (\d+)", raw)
        peer_ns = p1 - p0 + svc
        other = max(0, (b1 - b0) - peer_ns - (w1 - w0)) / 1e9
        row = [
            label,
            page,
            conc,
            1,
            rps,
            f"{p50:.2f}",
            f"{p99:.2f}",
            requests,
            non2xx[1] if non2xx else 0,
            sum(map(int, errors.groups())) if errors else 0,
            f"{peer_ns / 1e6 / requests:.3f}" if requests else "n/a",
            f"{peer_ns / 1e9:.2f}",
            f"{(w1 - w0) / 1e9:.2f}",
            f"{other:.2f}",
            size,
            f"{bg:.0f}",
        ]
        line = "\t".join(map(str, row))
        say(line)
        with (out / "results.tsv").open("a") as tsv:
            tsv.write(line + "\n")


def static_headers(app):
    """How the site's stylesheet is served: fingerprinted name, compression, lifetime."""
    found = re.search(rb'/static/[^"]+\.css', fetch(app + "/"))
    if not found:
        return "no stylesheet found on the front page"
    path = found[0].decode()
    request = urllib.request.Request(app + path, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback
        encoding = response.headers.get("Content-Encoding", "none")
        lifetime = response.headers["Cache-Control"]
    return f"{path}: Content-Encoding {encoding}, Cache-Control {lifetime}"


def fetch(url, headers=()):
    request = urllib.request.Request(url, headers=dict(h.split(": ", 1) for h in headers))
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback
        return response.read()


def wait_for(url, seconds, process=None):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{url}: the server exited with status {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.02)
    raise RuntimeError(f"{url} did not answer 200 within {seconds} s")


# --- Masthead ------------------------------------------------------------------------------


class Masthead:
    """Masthead in its production shape on this machine: PostgreSQL and Redis when they are
    up, else the embedded default (SQLite and the file cache)."""

    def __init__(self, data_dir, workers):
        self.data_dir, self.workers = data_dir, workers
        self.env = {
            **os.environ,
            "MASTHEAD_ENV": "production",
            "SECRET_KEY": "bench-only-" + "x" * 50,
            "SITE_URL": f"http://127.0.0.1:{APP_PORT}",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "BEHIND_TLS_PROXY": "0",
            "MASTHEAD_DATA_DIR": str(data_dir),
            "EMAIL_URL": "locmem://",
            "PYTHONPATH": str(ROOT),  # this checkout's code, in every process
            # A fresh cache namespace per run: the first page served is really rendered.
            "CACHE_KEY_PREFIX": f"masthead-bench-{int(time.time())}",
            # Anonymous pages as files for nginx in front (deploy/nginx/masthead.conf).
            "EDGE_PAGES_DIR": str(data_dir / "edge-pages"),
        }
        for name in ("MASTHEAD_TESTING", "DATABASE_URL", "REDIS_URL"):
            self.env.pop(name, None)
        self.shape = ["granian", f"{workers} workers"]
        if postgres_up():
            self.env["DATABASE_URL"] = PG_URL
            self.shape.append("PostgreSQL")
        else:
            self.shape.append("SQLite (PostgreSQL is not reachable)")
        if reachable(6379):
            self.env["REDIS_URL"] = REDIS_URL
            self.shape.append("Redis")
        else:
            self.shape.append("file cache (Redis is not reachable)")
        self.process = None

    def manage(self, *args, capture=False):
        argv = [sys.executable, "-m", "masthead", *args]
        result = subprocess.run(
            argv, env=self.env, check=True, text=True, capture_output=capture, cwd=ROOT
        )
        return result.stdout

    def prepare(self, reuse, archive):
        # As `make` installs it: Masthead's modules compiled ahead (an editable install, run
        # where PYTHONDONTWRITEBYTECODE may be set, would compile them in every process).
        subprocess.run(
            [sys.executable, "-m", "compileall", "-q", "-j0", "masthead"], cwd=ROOT, check=True
        )
        marker = self.data_dir / f"prepared-{archive}"
        if reuse and marker.exists():
            say(f"reusing the prepared data in {self.data_dir}")
            return
        say(f"preparing {', '.join(self.shape[2:])}: migrate, demo, demo --archive {archive}")
        shutil.rmtree(self.data_dir, ignore_errors=True)
        self.data_dir.mkdir(parents=True)
        if "DATABASE_URL" in self.env:
            recreate_postgres_database(PG_URL)
        self.manage("migrate", "--no-input", "-v0")
        self.manage("collectstatic", "--no-input", "-v0")
        self.manage("demo", "--quiet")
        self.manage("demo", "--archive", str(archive))
        # The load's background work (renditions, search and reference indexes) done now, as
        # on a live site long before a restart: the cold start is measured with an empty queue.
        self.manage("db_worker", "--batch", "--no-startup-delay")
        if "DATABASE_URL" in self.env:
            # The archive is written in bulk; give the planner its statistics as autovacuum
            # would on a live site (without them a section listing takes 50 ms, not 0.3), and
            # leave autovacuum nothing to do: its workers would take a core during the runs.
            import psycopg

            say("VACUUM ANALYZE, CHECKPOINT")
            with psycopg.connect(PG_URL, autocommit=True) as conn:
                conn.execute("VACUUM (ANALYZE)")
                conn.execute("CHECKPOINT")  # the load's dirty pages written now, not mid-run
        marker.touch()

    def lookup(self):
        """The URLs to measure and a signed-in member's session cookie."""
        code = (
            "from django.test import Client\n"
            "from masthead.accounts.models import Member\n"
            "from masthead.demo.services import SEED_SLUG\n"
            "from masthead.news.models import ArticlePage\n"
            "email = 'bench-member@masthead.localhost'\n"
            "m = Member.objects.filter(email=email).first() or "
            "Member.objects.create_user(email)\n"
            "c = Client(); c.force_login(m)\n"
            "a = ArticlePage.objects.get(slug=SEED_SLUG)\n"
            "print(a.url, a.get_parent().url, c.cookies['sessionid'].value)\n"
        )
        article, section, session = self.manage("shell", "-c", code, capture=True).split()[-3:]
        return {"article": article, "front": "/", "section": section}, session

    def start(self, article_path, page_cache=True):
        """Start `masthead serve`; return the seconds from its start to the first 200 of the
        article page (cold start: a fresh cache namespace, so the page is rendered).
        `page_cache`: False starts it with PAGE_CACHE=off, rendering every page."""
        if reachable(APP_PORT):  # a server left running would be measured in place of ours
            raise RuntimeError(f"port {APP_PORT} is taken: stop what listens there first")
        # The files of an earlier run hold its pages: nginx would send them unasked.
        shutil.rmtree(self.env["EDGE_PAGES_DIR"], ignore_errors=True)
        argv = [sys.executable, "-m", "masthead", "serve", "--port", str(APP_PORT)]
        argv += ["--workers", str(self.workers), "--task-workers", "1", "--no-mail-catcher"]
        started = time.monotonic()
        self.process = cg_popen(
            "masthead",
            argv,
            env={**self.env, "PAGE_CACHE": "on" if page_cache else "off"},
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=open(self.data_dir / "serve.log", "ab"),  # noqa: SIM115 - the server's log
        )
        wait_for(f"http://127.0.0.1:{APP_PORT}{article_path}", 60, self.process)
        return time.monotonic() - started

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(15)
            self.process.wait(timeout=30)


def postgres_up():
    try:
        import psycopg

        psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres", connect_timeout=2).close()
        return True
    except Exception:  # noqa: BLE001 - any failure means: use the embedded default
        return False


class Edge:
    """nginx with deploy/nginx/masthead.conf in front of the app, in Masthead's cgroup,
    serving the page files the app writes in `pages` (its EDGE_PAGES_DIR)."""

    def __init__(self, root, pages):
        self.root, self.pages = root, pages
        self.process = None

    def start(self):
        if not PURGE_MODULE.exists():
            raise RuntimeError(
                "ngx_cache_purge is missing: apt-get install libnginx-mod-http-cache-purge"
            )
        shutil.rmtree(self.root, ignore_errors=True)
        self.root.mkdir(parents=True)
        config = (ROOT / "deploy" / "nginx" / "masthead.conf").read_text()
        config = config.replace("/var/cache/nginx/masthead", str(self.root / "cache"))
        config = config.replace("/var/lib/masthead/edge-pages", str(self.pages))
        config = config.replace("server 127.0.0.1:8000;", f"server 127.0.0.1:{APP_PORT};")
        config = config.replace("listen 80;", f"listen 127.0.0.1:{EDGE_PORT};")
        config = config.replace("listen 127.0.0.1:8081;", f"listen 127.0.0.1:{PURGE_PORT};")
        config = config.replace("127.0.0.1:8082;", f"127.0.0.1:{GATE_PORT};")
        (self.root / "nginx.conf").write_text(f"""
user root;
load_module {PURGE_MODULE};
worker_processes auto;
daemon off;
pid {self.root}/nginx.pid;
error_log {self.root}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    # As Debian's stock nginx.conf, which deploy/nginx/masthead.conf is included into, and the
    # static peer: cached pages go out with sendfile.
    sendfile on; tcp_nopush on;
    keepalive_requests 10000;
    client_body_temp_path {self.root}/body; proxy_temp_path {self.root}/proxy;
    fastcgi_temp_path {self.root}/fastcgi; uwsgi_temp_path {self.root}/uwsgi;
    scgi_temp_path {self.root}/scgi;
    include /etc/nginx/mime.types;
{config}
}}
""")
        self.process = cg_popen("masthead", [NGINX, "-c", str(self.root / "nginx.conf")])
        wait_for(f"http://127.0.0.1:{EDGE_PORT}/health/live", 10, self.process)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(3)  # QUIT: graceful
            self.process.wait(timeout=30)


# --- The peers, through their own scripts --------------------------------------------------


def peer_script(name, *args, env=None):
    return subprocess.run(
        [str(PEERS_DIR / name), *args], env=env, check=False, capture_output=True, text=True
    )


def peer_installed(peer):
    if peer == "wp":
        return Path("/etc/wordpress/config-127.0.0.1.php").exists()
    if peer == "ghost":
        return (PEERS_ROOT / "ghost" / "current" / "node_modules" / "knex").exists()
    return True


def bench_peer(peer, out, dur, concs):
    if not peer_installed(peer):
        script = PEERS_DIR / f"install_{'wordpress' if peer == 'wp' else peer}.sh"
        say(f"SKIPPED {peer}: not installed (run {script} once, outside the bench)")
        return False
    say(f"{peer}: starting")
    started = peer_script(f"{peer}_start.sh")
    if started.returncode:
        say(f"SKIPPED {peer}: {peer}_start.sh failed: {started.stderr.strip()[-300:]}")
        return False
    if peer != "static":
        peer_script("make_static.sh", peer)
    time.sleep(2)
    env = {**os.environ, "DUR": str(dur), "REPS": "1", "CONCS": " ".join(map(str, concs))}
    process = subprocess.Popen([str(PEERS_DIR / "bench.sh"), peer, str(out)], env=env)
    process.wait()
    return True


def stop_peers():
    for peer in ("wp", "ghost", "static"):
        peer_script(f"{peer}_stop.sh")


# --- The run -------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reuse", action="store_true", help="reuse the data prepared last time")
    parser.add_argument("--archive", type=int, default=10000, help="synthetic archive size")
    parser.add_argument("--dur", type=int, default=10, help="seconds per wrk run (bench.sh: 30)")
    parser.add_argument("--workers", type=int, default=2, help="granian worker processes")
    parser.add_argument("--peers", default="wp ghost static", help="peers to measure, in order")
    args = parser.parse_args()
    if os.environ.get("MASTHEAD_BENCH_LOCKED") != "1":
        # One benchmark at a time on this machine: wait for the lock, then run again under it.
        say(f"waiting for {LOCK} (one benchmark at a time)")
        env = {**os.environ, "MASTHEAD_BENCH_LOCKED": "1"}
        argv = ["flock", LOCK, sys.executable, "-m", "bench", *sys.argv[1:]]
        os.execvpe("flock", argv, env)  # noqa: S606 - our own interpreter, under flock
    for tool in ("wrk", "curl"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is missing: apt-get install {tool}")
    if not PEERS_DIR.exists():
        sys.exit(f"the peers' scripts are not at {PEERS_DIR}: set PEERS_DIR")
    begun = time.monotonic()
    out = ROOT / "bench" / "results" / time.strftime("%Y%m%d-%H%M")
    (out / "raw").mkdir(parents=True, exist_ok=True)
    (out / "results.tsv").write_text(TSV_HEADER)
    (CG / "peer-wrk").mkdir(exist_ok=True)
    concs = (16, 64)
    stop_peers()

    masthead = Masthead(ROOT / "var" / "bench", args.workers)
    masthead.prepare(args.reuse, args.archive)
    pages, session = masthead.lookup()
    say(f"starting Masthead: {', '.join(masthead.shape)}")
    cold = masthead.start(pages["article"])
    say(f"cold start: masthead serve to the first 200 of the article: {cold:.2f} s")
    notes = {"shape": ", ".join(masthead.shape), "cold_start_s": cold, "dur": args.dur}
    app = f"http://127.0.0.1:{APP_PORT}"
    notes["static"] = static_headers(app)
    say(f"a static file: {notes['static']}")
    edge = Edge(ROOT / "var" / "bench-nginx", masthead.env["EDGE_PAGES_DIR"])

    def measure(label, page, url, **options):
        """One of Masthead's URLs; its CPU includes PostgreSQL, Redis and nginx."""
        options.update(group="masthead", dur=args.dur, concs=concs, services=True)
        wrk_run(label, page, url, out, **options)

    try:
        for page, path in pages.items():
            measure("masthead", page, app + path)
        member = [f"Cookie: sessionid={session}"]
        for page, path in pages.items():
            measure("masthead-member", page, app + path, headers=member)
        edge.start()
        for page, path in pages.items():
            measure("masthead-nginx", page, f"http://127.0.0.1:{EDGE_PORT}{path}")
        edge.stop()
        # The same bytes for nginx's static ceiling.
        static_copy = PEERS_ROOT / "static" / "masthead-article.html"
        static_copy.parent.mkdir(parents=True, exist_ok=True)
        static_copy.write_bytes(fetch(app + pages["article"]))
        static_copy.chmod(0o644)
        # Rendered every time: the same server restarted with PAGE_CACHE=off, so no copy of a
        # page answers (the fragment caches stay on, as on a live site).
        masthead.stop()
        say("restarting Masthead with PAGE_CACHE=off: every page rendered")
        masthead.start(pages["article"], page_cache=False)
        for label, headers in (("masthead-uncached", ()), ("masthead-member-uncached", member)):
            for page in ("article", "front"):
                measure(label, page, app + pages[page], headers=headers)
    finally:
        edge.stop()
        masthead.stop()

    for peer in args.peers.split():
        if bench_peer(peer, out, args.dur, concs) and peer == "static":
            wrk_run(
                "static",
                "masthead-article-copy",
                f"http://127.0.0.1:{STATIC_PORT}/masthead-article.html",
                out,
                group="static",
                dur=args.dur,
                concs=concs,
            )
        peer_script(f"{peer}_stop.sh")

    notes["minutes"] = (time.monotonic() - begun) / 60
    say(f"done in {notes['minutes']:.1f} min; writing the report")
    (out / "notes.json").write_text(json.dumps(notes))
    report.write(out, notes)


if __name__ == "__main__":
    main()
