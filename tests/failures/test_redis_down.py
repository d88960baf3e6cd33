"""Redis stops in the middle of the day: pages still render, members stay signed in, and
the rate limits that protect sign-in emails and comments refuse rather than stop counting.
A Redis server of the test's own is started and stopped; the machine's is never touched."""

import shutil
import socket
import subprocess
import time

import pytest
from django.core import mail
from django.test import Client, override_settings

from masthead.accounts.models import Member
from masthead.comments.models import Comment
from tests import factories
from tests.live_site import free_port

pytestmark = pytest.mark.django_db


class RedisServer:
    def __init__(self):
        self.port = free_port()
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                    sock.sendall(b"PING\r\n")
                    if sock.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        self.process.kill()
        self.process.wait()


@pytest.fixture
def redis_server():
    if shutil.which("redis-server") is None:
        pytest.fail("redis-server is missing: apt-get install redis-server (.ci/run does it)")
    server = RedisServer()
    server.start()
    caches = {
        "default": {
            "BACKEND": "masthead.ops.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{server.port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1},
        },
        "renditions": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    with override_settings(CACHES=caches):
        yield server
    if server.process.poll() is None:
        server.stop()


def until(condition, what, seconds=20):
    """Wait for `condition()`; Redis coming back is noticed after a short pause."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"never happened: {what}")
        time.sleep(0.2)


def test_with_redis_gone_pages_render_members_stay_signed_in_and_limits_refuse(redis_server, demo):
    article = factories.make_article(
        title="Redis outage story", paragraphs=["One.", "Two.", "Three.", "Four."]
    )
    member = Member.objects.create_user("member@example.com", display_name="Member")
    signed_in = Client()
    signed_in.force_login(member)
    anonymous = Client()
    assert anonymous.get(article.url).status_code == 200
    assert signed_in.get("/account/").status_code == 200

    redis_server.stop()

    for path in ("/", article.url, "/world/", "/search/?q=redis"):
        response = anonymous.get(path)
        assert response.status_code == 200, path
    assert "Redis outage story" in anonymous.get(article.url).content.decode()

    account = signed_in.get("/account/")
    assert account.status_code == 200  # the session is read from the database
    assert "member@example.com" in account.content.decode()

    # Sign-in: the same answer as always, but no email goes out while nothing can count.
    answer = anonymous.post("/account/signin/", {"email": "new.reader@example.com"})
    assert answer.status_code == 200
    assert "Check your email" in answer.content.decode()
    assert mail.outbox == []

    refused = signed_in.post(f"/comments/{article.pk}/post/", {"text": "First!"})
    assert "Comments are paused for a moment" in refused.content.decode()
    assert not Comment.objects.filter(article=article).exists()

    redis_server.start()

    def sign_in_sends_mail():
        anonymous.post("/account/signin/", {"email": "new.reader@example.com"})
        return len(mail.outbox) == 1

    until(sign_in_sends_mail, "a sign-in email once Redis is back")
