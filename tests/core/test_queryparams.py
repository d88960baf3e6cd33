"""Campaign and click ids are dropped from a reading request's query string, by the app and
by nginx alike."""

import re
from pathlib import Path

import pytest

from masthead.core import queryparams

CONFIG = Path(__file__).resolve().parents[2] / "deploy" / "nginx" / "masthead.conf"


@pytest.mark.parametrize(
    "query, kept",
    [
        ("utm_source=a&utm_medium=b", ""),
        ("page=2&utm_source=a", "page=2"),
        ("fbclid=x&q=golan%20heights&gclid=y", "q=golan%20heights"),
        ("utm%5Fsource=a", ""),  # an encoded name is the same name
        ("q=a&&utm_term=b&", "q=a"),
        ("utmost=1&ref=utm_source", "utmost=1&ref=utm_source"),  # only names, and whole ones
        ("", ""),
    ],
)
def test_only_the_ignored_parameters_go(query, kept):
    assert queryparams.without_ignored(query) == kept


def test_the_admin_and_forms_keep_every_parameter():
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/admin/pages/", "QUERY_STRING": "utm_x=1"}
    queryparams.clean_reading_request(environ)
    assert environ["QUERY_STRING"] == "utm_x=1"
    environ = {"REQUEST_METHOD": "POST", "PATH_INFO": "/world/", "QUERY_STRING": "fbclid=1"}
    queryparams.clean_reading_request(environ)
    assert environ["QUERY_STRING"] == "fbclid=1"


def test_nginx_ignores_the_same_parameters_as_the_app():
    config = CONFIG.read_text()
    pattern = re.search(r'"~\^\(\?:\(\?:([^)]*)\)', config).group(1)
    names = pattern.split("|")
    assert "utm_[^=&]*" in names
    assert set(names) - {"utm_[^=&]*"} == queryparams.IGNORED
