"""nginx really in front: anonymous pages come from its cache, members' never cross over."""

import concurrent.futures
import http.client
import http.cookiejar
import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from masthead.demo import seed
from tests.live_site import member_session, site_shell

pytestmark = pytest.mark.edge

ARTICLE = "/israel-and-the-region/netanyahu-holds-talks-with-russian-officials-on-syria-friction/"
CANARY = seed.PARAGRAPHS_AFTER_PHOTO[-1][:60]  # the seed's last paragraph is behind the wall


HOST = {}


@pytest.fixture(autouse=True)
def public_host(edge):
    # Readers reach nginx by the site's public name (SITE_URL), which the cache keys on.
    HOST["value"] = edge["host"]


def fetch(url, cookie=None):
    headers = {"Host": HOST["value"]}
    if cookie:
        headers["Cookie"] = cookie
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.headers, response.read().decode()


def test_member_warms_first_then_anonymous_never_sees_the_gated_text(site, edge):
    cookie = f"sessionid={member_session(site)}"
    # A cache entry of this test's own: `page` is a parameter pages read (the article ignores
    # it), so nginx and the app keep this address apart from the bare story.
    url = edge["url"] + ARTICLE + "?page=member-first"
    headers, body = fetch(url, cookie)
    assert CANARY in body and headers["X-Edge-Cache"] == "BYPASS"
    for _ in range(2):
        headers, body = fetch(url)
        assert CANARY not in body and "Register for free" in body
    assert headers["X-Edge-Cache"] == "HIT"


def test_anonymous_warms_first_then_the_member_still_reads_everything(site, edge):
    url = edge["url"] + ARTICLE + "?page=anonymous-first"  # an entry of its own, as above
    fetch(url)
    headers, body = fetch(url)
    assert headers["X-Edge-Cache"] == "HIT" and CANARY not in body
    headers, body = fetch(url, f"sessionid={member_session(site, 'second@example.com')}")
    assert CANARY in body and "Register for free" not in body
    assert "private" in headers["Cache-Control"]


def fetch_with_cookie_headers(url, cookies):
    """GET `url` sending each of `cookies` as a Cookie header of its own, as some clients do."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    connection.putrequest(
        "GET", parts.path + ("?" + parts.query if parts.query else ""), skip_host=True
    )
    connection.putheader("Host", HOST["value"])
    for cookie in cookies:
        connection.putheader("Cookie", cookie)
    connection.endheaders()
    response = connection.getresponse()
    body = response.read().decode()
    connection.close()
    return response.headers, body


@pytest.mark.parametrize(
    "cookie_headers",
    [
        ["a=1;\tsessionid={session}"],  # a tab where a space usually is
        ["a=1;  \t sessionid={session}"],
        ["a=1", "sessionid={session}"],  # two Cookie headers
    ],
    ids=["tab", "spaces-and-tab", "two-headers"],
)
def test_nginx_sees_a_session_wherever_django_does(site, edge, cookie_headers):
    """A session cookie in any form Django reads signs the member in, so nginx must see it
    too: the member's request passes the cache and the page files (BYPASS), and what it gets
    is never kept for anonymous readers."""
    session = member_session(site, "cookie-forms@example.com")
    url = edge["url"] + ARTICLE + "?cookie-" + "-".join(str(len(c)) for c in cookie_headers)
    headers, body = fetch_with_cookie_headers(
        url, [cookie.format(session=session) for cookie in cookie_headers]
    )
    assert CANARY in body, "Django did not sign this member in: the test is not testing"
    assert headers["X-Edge-Cache"] == "BYPASS"
    headers, body = fetch(url)
    assert CANARY not in body and "Register for free" in body


APP_HEADERS = (
    "Content-Type",
    "Cache-Control",
    "Vary",
    "Content-Security-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
)


def test_an_anonymous_page_is_a_file_nginx_sends_with_the_apps_own_headers(site, edge):
    fetch(edge["url"] + ARTICLE)  # nginx asks the app, which writes the page's file
    page = Path(site["env"]["EDGE_PAGES_DIR"], "http", "127.0.0.1", ARTICLE.strip("/"))
    assert (page / "index.html").is_file()
    headers, body = fetch(edge["url"] + ARTICLE)
    assert headers["X-Edge-Cache"] == "FILE"
    assert "X-Request-ID" not in headers  # every answer of the app has one: nginx sent this
    assert CANARY not in body and "Register for free" in body
    app_headers, _ = fetch(site["url"] + ARTICLE)
    assert {name: headers[name] for name in APP_HEADERS} == {
        name: app_headers[name] for name in APP_HEADERS
    }


def test_a_member_and_a_form_reach_the_app_past_the_file(site, edge):
    fetch(edge["url"] + ARTICLE)
    assert fetch(edge["url"] + ARTICLE)[0]["X-Edge-Cache"] == "FILE"
    headers, body = fetch(
        edge["url"] + ARTICLE, f"sessionid={member_session(site, 'file@example.com')}"
    )
    assert CANARY in body and headers["X-Edge-Cache"] == "BYPASS"
    # A POST to the page's address is the app's to answer (here: no CSRF token), not a file's.
    request = urllib.request.Request(
        edge["url"] + ARTICLE, data=b"x=1", headers={"Host": HOST["value"]}
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 403 and "Please try again" in refused.value.read().decode()


def test_a_parameter_no_page_reads_is_still_the_page_file(site, edge):
    """Links shared with ?utm_source=, fbclid or gclid, or a fresh ?x= per request, get the
    page file or nginx's copy, never a render each; a parameter a page reads (`page`) still
    reaches the app."""
    fetch(edge["url"] + ARTICLE)  # the app writes the page's file
    for query in (
        "utm_source=edge-1",
        "utm_source=edge-2&utm_medium=social",
        "fbclid=IwAR0e",
        "x=5521-7",
        "ref=edge&pa%67e=2",
    ):
        headers, body = fetch(f"{edge['url']}{ARTICLE}?{query}")
        assert headers["X-Edge-Cache"] == "FILE", query
        assert CANARY not in body
    headers, _ = fetch(edge["url"] + ARTICLE + "?page=2")
    assert headers["X-Edge-Cache"] in ("MISS", "EXPIRED")


def status_of(url, cookie=None):
    """GET `url` from a loopback address of its own (127.0.0.2): the gate counts per client,
    and this test's flood must not use up the budget of the suite's other requests."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(
        parts.hostname, parts.port, timeout=30, source_address=("127.0.0.2", 0)
    )
    headers = {"Host": HOST["value"], **({"Cookie": cookie} if cookie else {})}
    connection.request(
        "GET", parts.path + ("?" + parts.query if parts.query else ""), headers=headers
    )
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status


def test_one_client_cannot_make_the_app_render_without_end(site, edge):
    """A client asking for a fresh address per request (every one a miss) reaches the app at
    most at the render gate's rate, past a burst, and gets 429s beyond it; readers of the
    cached story still get its file, and members are never counted."""
    fetch(edge["url"] + ARTICLE)  # the hot story's file
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        urls = [f"{edge['url']}/gate-miss-{n}/" for n in range(400)]
        statuses = list(pool.map(status_of, urls))
    assert statuses.count(429) > 0, "the gate let every miss through"
    # Past the gate, the app renders at most its budget at a time (503 beyond it).
    assert set(statuses) <= {404, 429, 503}
    assert statuses.count(404) + statuses.count(503) >= 40  # the burst went through
    headers, body = fetch(edge["url"] + ARTICLE)
    assert headers["X-Edge-Cache"] == "FILE" and "Register for free" in body
    cookie = f"sessionid={member_session(site, 'gate-member@example.com')}"
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        urls = [f"{edge['url']}{ARTICLE}?member-{n}" for n in range(80)]
        member_statuses = list(pool.map(lambda url: status_of(url, cookie), urls))
    assert member_statuses == [200] * 80


MEDIA_HEADERS = (
    "X-Content-Type-Options",
    "Content-Security-Policy",
    "X-Frame-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
)


def test_nginx_sends_uploaded_media_in_the_apps_sandbox(site, edge):
    """A photo nginx sends from the media folder carries the app's headers for uploads: no
    sniffing into another type, a sandbox in which nothing runs."""
    code = "from masthead.news.models import NewsImage; print(NewsImage.objects.first().file.url)"
    url = site_shell(site, code)
    headers, _ = fetch_bytes(edge["url"] + url)
    app_headers, _ = fetch_bytes(site["url"] + url)
    assert headers["Content-Type"] == app_headers["Content-Type"] == "image/jpeg"
    assert "X-Request-ID" not in headers  # nginx sent the file itself
    assert "sandbox" in headers["Content-Security-Policy"]
    assert {name: headers[name] for name in MEDIA_HEADERS} == {
        name: app_headers[name] for name in MEDIA_HEADERS
    }


def fetch_bytes(url):
    request = urllib.request.Request(url, headers={"Host": HOST["value"]})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.headers, response.read()


HEBREW_STORY = """
from masthead.news.models import ArticlePage, SectionPage, Author
section = SectionPage.objects.get(slug="world")
article = ArticlePage(title="A Hebrew address", slug="חדשות-היום", standfirst="Slug.",
                      body=[("paragraph", "<p>Read on.</p>")], live=False)
section.add_child(instance=article)
article.bylines.create(author=Author.objects.get(slug="staff"))
article.save_revision().publish()
"""


def test_a_page_with_a_hebrew_address_is_a_file_too(site, edge):
    """nginx looks for the decoded address's UTF-8 bytes; the app names the file the same."""
    site_shell(site, HEBREW_STORY)
    url = edge["url"] + "/world/" + urllib.parse.quote("חדשות-היום") + "/"
    deadline = time.monotonic() + 30  # the worker sends the publish's purges meanwhile
    while True:
        headers, body = fetch(url)
        if headers["X-Edge-Cache"] == "FILE" or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert headers["X-Edge-Cache"] == "FILE" and "A Hebrew address" in body


def test_a_reader_registers_through_nginx_on_any_port(edge):
    """The wall's form, posted through nginx with the token the page fetched: the browser
    names nginx's address with its port as the Origin, which Django checks against the Host
    nginx passes on."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(edge["url"] + "/account/state.json?csrf=1", timeout=10) as response:
        token = json.load(response)["csrf_token"]
    form = urllib.parse.urlencode({"email": "edge-reader@example.com", "next": ARTICLE})
    request = urllib.request.Request(
        edge["url"] + "/account/signin/",
        data=form.encode(),
        headers={"Origin": edge["url"], "Referer": edge["url"] + ARTICLE, "X-CSRFToken": token},
    )
    with opener.open(request, timeout=10) as response:
        assert "Check your email" in response.read().decode()


def test_each_answer_from_nginx_carries_its_own_request_id(site, edge):
    """nginx names each request and the app logs under that name; a copy from nginx's cache
    does not repeat the id of the request that filled it."""
    url = edge["url"] + ARTICLE + "?page=ids"  # an nginx cache entry of its own
    first, _ = fetch(url)
    second, _ = fetch(url)
    assert second["X-Edge-Cache"] == "HIT"
    assert re.fullmatch(r"[0-9a-f]{32}", second["X-Request-ID"])
    assert first["X-Request-ID"] != second["X-Request-ID"]
    # The app logs under nginx's id: a missing page's warning carries the id the reader got.
    with pytest.raises(urllib.error.HTTPError) as missing:
        fetch(edge["url"] + "/no-such-page-for-ids/")
    logged = f"[{missing.value.headers['X-Request-ID']}] Not Found: /no-such-page-for-ids/"
    log = site["data_dir"] / "serve.log"
    deadline = time.monotonic() + 10  # the server's log is written as it goes
    while logged not in log.read_text() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert logged in log.read_text()


def test_static_files_are_fingerprinted_and_cached_for_a_year(edge):
    _, page = fetch(edge["url"] + "/")
    css = page.split('rel="stylesheet" href="')[1].split('"')[0]
    assert css.startswith("/static/masthead/site.") and css.count(".") >= 2
    headers, _ = fetch(edge["url"] + css)
    assert "max-age=31536000" in headers["Cache-Control"]


PUBLISH = """
from masthead.news.models import ArticlePage, SectionPage, Author
section = SectionPage.objects.get(slug="world")
article = ArticlePage(title={title!r}, slug="edge-purge-story", standfirst="Fresh.",
                      body=[("paragraph", "<p>Fresh news.</p>")], live=False)
section.add_child(instance=article)
article.bylines.create(author=Author.objects.get(slug="staff"))
article.save_revision().publish()
"""


def test_publishing_purges_the_front_page_from_nginx(site, edge):
    """The front page is served by nginx, from its cache and as a file; a publish purges both
    through the task worker, and the next reader gets the new front page long before the
    copies would expire."""
    fetch(edge["url"] + "/")  # the app writes the file; nginx keeps its own copy too
    headers, _ = fetch(edge["url"] + "/")
    assert headers["X-Edge-Cache"] == "FILE"
    title = "Edge purge: a story published now"
    site_shell(site, PUBLISH.format(title=title))
    deadline = time.monotonic() + 30  # the worker polls its queue; wait for it, bounded
    while time.monotonic() < deadline:
        headers, body = fetch(edge["url"] + "/")
        if title in body:
            break
        time.sleep(0.5)
    assert title in body, "the front page stayed stale in nginx after a publish"
    assert int(headers.get("Age", 0) or 0) < 300
