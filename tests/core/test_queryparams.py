"""A reading request keeps only the query parameters some page reads, as the app and nginx
see it alike."""

import re
from pathlib import Path

import pytest

from masthead.core import queryparams

CONFIG = Path(__file__).resolve().parents[2] / "deploy" / "nginx" / "masthead.conf"
QUERIES = [
    ("utm_source=a&utm_medium=b", ""),
    ("page=2&utm_source=a", "page=2"),
    ("fbclid=x&q=golan%20heights&gclid=y", "q=golan%20heights"),
    ("x=81724-1", ""),
    ("q=a&&utm_term=b&", "q=a"),
    ("pages=2&ppage=3&Page=4", ""),  # whole names only, as sent
    ("pa%67e=2", ""),  # an encoded name is not the name: nginx does not decode it either
    ("page&q", ""),  # without `=`, nothing a page reads
    ("section=world&from=2026-01-01&to=2026-02-01&sort=newest&topic=a&author=b", None),
    ("p=2&newsletter=daily-edition", None),
    ("", ""),
]


@pytest.mark.parametrize("query, kept", QUERIES)
def test_only_the_parameters_pages_read_stay(query, kept):
    assert queryparams.only_read(query) == (query if kept is None else kept)


def test_the_admin_accounts_and_forms_keep_every_parameter():
    for path in ("/admin/pages/", "/account/signin/", "/auth/oidc/demo/login/callback/"):
        environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": "code=1&x=2"}
        queryparams.clean_reading_request(environ)
        assert environ["QUERY_STRING"] == "code=1&x=2"
    environ = {"REQUEST_METHOD": "POST", "PATH_INFO": "/world/", "QUERY_STRING": "fbclid=1"}
    queryparams.clean_reading_request(environ)
    assert environ["QUERY_STRING"] == "fbclid=1"
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/world/", "QUERY_STRING": "x=1&page=2"}
    queryparams.clean_reading_request(environ)
    assert environ["QUERY_STRING"] == "page=2"


def nginx_bare_page_pattern():
    """The regular expression by which nginx's map takes a query string for the bare page."""
    block = re.search(r"map \$args \$masthead_query \{(.*?)\}", CONFIG.read_text(), re.S)
    return re.search(r'"~(.*)" ""', block.group(1)).group(1)


def test_nginx_reads_the_same_names_as_the_app():
    names = re.search(r"\(\?!\(\?:([^)]*)\)=\)", nginx_bare_page_pattern()).group(1)
    assert set(names.split("|")) == queryparams.names_read_by_pages()


@pytest.mark.parametrize("query, kept", QUERIES)
def test_nginx_takes_for_the_bare_page_what_the_app_renders_as_it(query, kept):
    # Python's `re` reads the possessive quantifiers as PCRE does.
    bare_to_nginx = re.fullmatch(nginx_bare_page_pattern(), query) is not None
    assert bare_to_nginx == (queryparams.only_read(query) == "")
