"""`masthead serve` stopped at any moment stops every process it started: no web server is
left holding the port (and serving old code) after a restart. A terminal's Ctrl-C and hangup
reach every process of the foreground group at once, so the tests signal the whole group;
and a second `serve` on a taken port refuses to start instead of sharing it."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.live_site import free_port

pytestmark = pytest.mark.outage

START_WAIT = 120  # seconds; a loaded machine starts slowly
STOP_WAIT = 30  # seconds the test waits for every process to be gone (the bound, not a timing)


def answers(port):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/live", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def port_is_closed(port):
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def session_processes(session):
    """Living processes of the session (the group serve leads, and any group it made)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_bytes()
        except OSError:
            continue
        fields = stat[stat.rfind(b")") + 2 :].split()
        if fields[0] != b"Z" and int(fields[3]) == session:
            found.append(int(entry.name))
    return found


def serve_env(tmp_path, mail_port):
    env = {
        **os.environ,
        "MASTHEAD_DATA_DIR": str(tmp_path),
        "MASTHEAD_TESTING": "0",
        "MAIL_CATCHER_PORT": str(mail_port),
        "EMAIL_URL": f"smtp://127.0.0.1:{mail_port}",
    }
    for name in ("DATABASE_URL", "REDIS_URL"):
        env.pop(name, None)
    return env


class Serve:
    """`masthead serve` in a session of its own, as a terminal runs it in its own group."""

    def __init__(self, tmp_path, workers):
        self.port, self.mail_port = free_port(), free_port()
        self.log = tmp_path / "serve.log"
        argv = [sys.executable, "-m", "masthead", "serve", "--port", str(self.port)]
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                [*argv, "--workers", str(workers)],
                env=serve_env(tmp_path, self.mail_port),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait_until_serving(self):
        deadline = time.monotonic() + START_WAIT
        while not (answers(self.port) and not port_is_closed(self.mail_port)):
            assert self.process.poll() is None, self.log.read_text()
            assert time.monotonic() < deadline, "never served"
            time.sleep(0.05)

    def signal_group(self, signum):
        os.killpg(self.process.pid, signum)

    def wait_until_gone(self):
        """Wait (at most STOP_WAIT) for serve and every process of its session to end; kill
        and report what is left."""
        deadline = time.monotonic() + STOP_WAIT
        while time.monotonic() < deadline:
            if self.process.poll() is not None and not session_processes(self.process.pid):
                return []
            time.sleep(0.05)
        left = session_processes(self.process.pid)
        for pid in left:
            os.kill(pid, signal.SIGKILL)
        self.process.kill()
        self.process.wait()
        return left

    def output(self):
        return self.log.read_text()


def worker_pids(serve):
    """granian's workers: the processes of the session forked from its main process."""
    web = [pid for pid in session_processes(serve.process.pid) if b"masthead.core.web" in cmd(pid)]
    return [pid for pid in web if parent(pid) in web]


def cmd(pid):
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def parent(pid):
    stat = Path(f"/proc/{pid}/stat").read_bytes()
    return int(stat[stat.rfind(b")") + 2 :].split()[1])


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    """A migrated data folder, shared: the task worker finds its queue."""
    path = tmp_path_factory.mktemp("serve")
    subprocess.run(
        [sys.executable, "-m", "masthead", "migrate", "--no-input", "-v0"],
        env=serve_env(path, free_port()),
        check=True,
    )
    return path


@pytest.mark.parametrize(
    ("signum", "workers", "times", "rounds"),
    [
        (signal.SIGINT, 2, 1, 3),
        (signal.SIGINT, 4, 1, 2),
        (signal.SIGTERM, 2, 1, 2),
        (signal.SIGHUP, 2, 1, 2),
        (signal.SIGINT, 2, 2, 2),
    ],
    ids=["ctrl-c-2-workers", "ctrl-c-4-workers", "sigterm", "hangup", "ctrl-c-twice"],
)
def test_a_signal_to_the_group_stops_every_process(data_dir, signum, workers, times, rounds):
    """Ctrl-C (once or twice), SIGTERM or a hangup sent to serve's whole process group, as a
    terminal sends them, leaves no process of it and no listener on its ports, round after
    round; serve says it stopped."""
    for round_number in range(rounds):
        serve = Serve(data_dir, workers)
        serve.wait_until_serving()
        assert len(worker_pids(serve)) == workers
        for _ in range(times):
            serve.signal_group(signum)
        left = serve.wait_until_gone()
        assert left == [], f"round {round_number + 1}: {left} outlived serve\n{serve.output()}"
        assert port_is_closed(serve.port) and port_is_closed(serve.mail_port)
        assert "Masthead stopped." in serve.output()


def test_stuck_processes_are_killed_after_the_grace_period(data_dir):
    """A web worker and granian's main process that no signal can move (stopped): Ctrl-C
    still leaves nothing behind, and nothing holds the port."""
    serve = Serve(data_dir, 2)
    serve.wait_until_serving()
    workers = worker_pids(serve)
    os.kill(workers[0], signal.SIGSTOP)
    os.kill(parent(workers[0]), signal.SIGSTOP)
    serve.signal_group(signal.SIGINT)
    left = serve.wait_until_gone()
    assert left == [], f"{left} outlived serve\n{serve.output()}"
    assert port_is_closed(serve.port)
    assert "Masthead stopped." in serve.output()


def test_a_stop_while_the_site_is_still_starting_leaves_no_web_server(tmp_path):
    """SIGTERM as soon as the web server answers: the command itself is then still loading
    Django or starting the rest."""
    port = free_port()
    argv = [sys.executable, "-m", "masthead", "serve", "--port", str(port), "--workers", "1"]
    server = subprocess.Popen(
        [*argv, "--no-mail-catcher"], env=serve_env(tmp_path, free_port()), start_new_session=True
    )
    try:
        deadline = time.monotonic() + START_WAIT
        while not answers(port):
            assert server.poll() is None and time.monotonic() < deadline, "never served"
            time.sleep(0.02)
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
        deadline = time.monotonic() + STOP_WAIT
        while session_processes(server.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert session_processes(server.pid) == [], "a process outlived masthead serve"
    finally:
        server.kill()
        for pid in session_processes(server.pid):
            os.kill(pid, signal.SIGKILL)
    assert port_is_closed(port), "the web server outlived masthead serve"


@pytest.mark.parametrize("taken", ["web", "mail catcher"])
def test_serve_refuses_a_taken_port_and_names_who_holds_it(tmp_path, taken):
    """A second serve on a port in use (its own, or the mail catcher's) refuses to start,
    in one line naming the port and the program holding it, with no traceback."""
    port, mail_port = free_port(), free_port()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import socket,sys,time; s=socket.socket(); "
            "s.bind(('127.0.0.1', int(sys.argv[1]))); s.listen(); print('ok', flush=True); "
            "time.sleep(600)",
            str(port if taken == "web" else mail_port),
        ],
        stdout=subprocess.PIPE,
    )
    try:
        assert holder.stdout.readline() == b"ok\n"
        result = subprocess.run(
            [sys.executable, "-m", "masthead", "serve", "--port", str(port)],
            env=serve_env(tmp_path, mail_port),
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        holder.kill()
        holder.wait()
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output
    line = output.strip()
    assert "\n" not in line
    busy = port if taken == "web" else mail_port
    assert f"Port {busy} ({taken}" in line
    assert f"pid {holder.pid}" in line
    assert port_is_closed(port if taken == "mail catcher" else mail_port)
