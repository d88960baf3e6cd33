"""Keep-alive connections survive every answer: a POST the app refuses without reading its
body (a form without its CSRF token, here) leaves the connection ready for the next request,
sent one after another or from several connections at once, to the app and through nginx."""

import http.client
import random
import threading
import urllib.parse

import pytest

from tests.live_site import member_session

pytestmark = pytest.mark.edge

ROUNDS = 500  # each a POST and a GET: 1,000 requests per connection


def exchange(base, rounds, seed, host=None, cookie=None):
    """POST a form with a body of random size, then GET a page, `rounds` times on one
    connection; return the failures (a closed connection, a reset) as strings."""
    parts = urllib.parse.urlsplit(base)
    headers = {"Host": host} if host else {}
    if cookie:
        headers["Cookie"] = cookie
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    sizes = random.Random(seed)
    failures = []
    for n in range(rounds):
        body = b"email=reader%40example.com&filler=" + b"x" * sizes.choice(
            (0, 900, 70_000, 300_000)
        )
        try:
            connection.request(
                "POST",
                "/account/signin/",
                body=body,
                headers={**headers, "Content-Type": "application/x-www-form-urlencoded"},
            )
            posted = connection.getresponse()
            posted.read()
            connection.request("GET", "/health/live", headers=headers)
            got = connection.getresponse()
            got.read()
            assert (posted.status, got.status) == (403, 200)
        except (OSError, http.client.HTTPException) as error:
            failures.append(f"round {n}, body {len(body)} B: {error!r}")
            connection.close()
            connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    connection.close()
    return failures


def through_nginx(site, edge):
    """nginx's address, as a member: nginx's render gate counts anonymous misses, and this
    many in a row would be refused there (test_nginx), which is not what is tested here."""
    return edge["url"], edge["host"], f"sessionid={member_session(site, 'keepalive@example.com')}"


def test_sequential_requests_on_one_connection_are_never_dropped(site, edge):
    for base, host, cookie in ((site["url"], None, None), through_nginx(site, edge)):
        failures = exchange(base, ROUNDS, seed=1, host=host, cookie=cookie)
        assert failures == [], (base, failures[:5], len(failures))


def test_concurrent_connections_are_never_dropped(site, edge):
    targets = [(site["url"], None, None), through_nginx(site, edge)] * 2
    failures = []

    def run(n):
        base, host, cookie = targets[n]
        failures.extend(exchange(base, ROUNDS // 2, seed=n, host=host, cookie=cookie))

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(targets))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == [], (failures[:5], len(failures))
