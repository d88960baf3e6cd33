"""Absurd queries give a clear page, never a 500."""

import random

import pytest

from masthead.search import query

pytestmark = pytest.mark.django_db

NASTY = [
    "",
    " ",
    "x" * 10_240,
    "Netanyahu " * 1200,
    "\x00\x01\x02\x1b[31m\x7f",
    "'; DROP TABLE wagtailcore_page; --",
    "1' OR '1'='1",
    '"unbalanced',
    'a "b c',
    '"""',
    "-",
    "-only -excluded",
    "NEAR(a b) AND b OR NOT c*",
    "a & b | !c <-> d:*",
    "title:x body:y",
    "()[]{}^$\\",
    "\u202e\u200f\ufeffabc",
    "🙂🙂🙂",
    "%00%27",
    "<script>alert(1)</script>",
]


def random_queries(count=40, seed=5):
    """Seeded random strings over an alphabet of quotes, operators, controls and scripts."""
    rng = random.Random(seed)
    alphabet = list("\"'-*()&|!:^~\\\x00\x07\n\t <>;% ") + list("aZ9é") + ["ש", "ع", "🙂", "\u0301"]
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 60))) for _ in range(count)]


@pytest.mark.parametrize("q", NASTY + random_queries())
def test_bad_query_gives_a_page(demo, client, q):
    """The search page answers 200 with a readable message for any query; one holding a NUL,
    which no database can store, gets the site's plain 400 page before any view."""
    response = client.get("/search/", {"q": q, "page": "x", "from": "junk", "section": q[:20]})
    suggest = client.get("/search/suggest/", {"q": q})
    if "\x00" in q:
        assert (response.status_code, suggest.status_code) == (400, 400)
        return
    assert response.status_code == 200
    assert b"search-results" in response.content
    assert suggest.status_code == 200


def test_query_is_cut_and_cleaned():
    """Control characters go, the length is capped, operators are not passed through."""
    parsed = query.parse("a\x00b " + "word " * 500, max_length=200)
    assert parsed.truncated
    assert "\x00" not in parsed.text
    assert len(parsed.terms) + len(parsed.phrases) <= query.MAX_ITEMS
    parsed = query.parse('NEAR(a b*) "x y" -z')
    words = [*parsed.terms, *(w for p in parsed.phrases for w in p)]
    assert words == ["b", "NEAR", "a", "x", "y"]
    assert all(w.isalnum() for w in words)
    assert parsed.excluded == (("z",),)
    assert query.parse("-only").empty


def test_empty_query_explains_how_to_search(demo, client):
    """An empty or word-less query gets help, not an error."""
    assert b"Search every story" in client.get("/search/").content
    assert b"no words we could look for" in client.get("/search/", {"q": "!!! ---"}).content


def test_no_results_suggests_a_spelling(demo, make_article, client):
    """A misspelt word gets a "did you mean" from the headlines' words."""
    make_article(title="Galvoranth summit ends")
    response = client.get("/search/", {"q": "Galvoranht"})
    assert response.context["outcome"].count == 0
    assert response.context["outcome"].did_you_mean == "galvoranth"
    assert b"Did you mean" in response.content
