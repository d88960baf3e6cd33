"""`masthead serve` stopped at any moment stops every process it started: no web server is
left holding the port (and serving old code) after a restart."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.live_site import free_port


def answers(port):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/live", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def port_is_closed(port):
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


@pytest.mark.outage
def test_a_stop_while_the_site_is_still_starting_leaves_no_web_server(tmp_path):
    """SIGTERM as soon as the web server answers: the command itself is then still loading
    Django or starting the rest."""
    port = free_port()
    env = {**os.environ, "MASTHEAD_DATA_DIR": str(tmp_path), "MASTHEAD_TESTING": "0"}
    for name in ("DATABASE_URL", "REDIS_URL"):
        env.pop(name, None)
    argv = [sys.executable, "-m", "masthead", "serve", "--port", str(port), "--workers", "1"]
    server = subprocess.Popen([*argv, "--no-mail-catcher"], env=env)
    try:
        deadline = time.monotonic() + 120  # a loaded machine starts slowly
        while not answers(port):
            assert server.poll() is None and time.monotonic() < deadline, "never served"
            time.sleep(0.02)
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    finally:
        server.kill()
    assert port_is_closed(port), "the web server outlived masthead serve"
