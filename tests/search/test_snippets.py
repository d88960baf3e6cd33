"""Snippets: matched words marked, HTML escaped, and never a gated word for a reader who is
not entitled, while the gated article is still found by its gated text."""

import pytest

from masthead.search import highlight

pytestmark = pytest.mark.django_db

CANARY = "Canary-7f3e Ulvarith sentence behind the wall"


def results_html(body):
    """The list of results: what the page shows of the articles, without the echoed query."""
    start = body.index('<ol class="search-list"')
    return body[start : body.index("</ol>", start)]


@pytest.fixture
def gated(demo, make_article):
    # Paragraphs 4+ are gated by default: the canary is in the fourth.
    return make_article(
        title="Harbour dredging plan",
        standfirst="The port wants deeper berths.",
        paragraphs=["Public lead one.", "Public lead two.", "Public lead three.", CANARY],
    )


def test_highlight_marks_the_matched_words_only():
    """Each matched word is wrapped in <mark>; other words are not, case and accents folded."""
    out = highlight.highlight("Talks in Café Nordic; talk later.", ["cafe", "talks"])
    assert out == "<mark>Talks</mark> in <mark>Café</mark> Nordic; <mark>talk</mark> later."


def test_highlight_escapes_html_in_the_source():
    """Markup in the source text is escaped; only our own <mark> tags are raw."""
    out = highlight.highlight('<script>alert("x")</script> script', ["script"])
    assert "<script>" not in out
    assert out.startswith(
        "&lt;<mark>script</mark>&gt;alert(&quot;x&quot;)&lt;/<mark>script</mark>&gt;"
    )


def test_snippet_window_is_around_the_match():
    """A long text is cut to a window around the first match, with ellipses."""
    text = " ".join(["filler"] * 100) + " Zandor spoke. " + " ".join(["tail"] * 100)
    out, matched = highlight.snippet(text, ["zandor"], length=120)
    assert matched
    assert "<mark>Zandor</mark>" in out
    assert out.startswith("… ") and out.endswith(" …")
    assert len(out) < 200


def test_script_in_an_article_body_is_shown_as_text(demo, make_article, client):
    """An article with <script> in its body is found and its snippet shows the tag as text."""
    make_article(
        title="Markup story",
        paragraphs=['Beware <script>alert("x")</script> Xylofane copy.', "More."],
    )
    response = client.get("/search/", {"q": "Xylofane"})
    body = response.content.decode()
    assert 'alert("x")</script>' not in body
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; <mark>Xylofane</mark>" in body


def test_gated_article_found_by_gated_text_without_showing_it(gated, client):
    """An anonymous reader finds the gated story by its gated words, but sees none of them."""
    response = client.get("/search/", {"q": "Ulvarith"})
    assert response.status_code == 200
    outcome = response.context["outcome"]
    assert [r.article.pk for r in outcome.results] == [gated.pk]
    body = response.content.decode()
    assert "Canary-7f3e" not in body
    assert "Ulvarith" not in results_html(body)
    assert "Public lead one." in results_html(body)


def test_gated_snippet_for_every_query_word_stays_in_the_lead_in(gated, client):
    """Whatever the query, an anonymous snippet holds no word of the gated paragraph."""
    # Words find the story by its gated text; a gated phrase finds nothing (test_phrase_oracle).
    for query in ["Canary", "Ulvarith sentence", "behind the wall", "harbour wall"]:
        body = client.get("/search/", {"q": query}).content.decode()
        assert "Canary-7f3e" not in body
        assert "Ulvarith" not in results_html(body)
        assert "behind the wall" not in results_html(body)


def test_member_snippet_may_show_the_gated_text(gated, client, member):
    """An entitled reader's snippet comes from the full body, with the match marked."""
    client.force_login(member)
    body = client.get("/search/", {"q": "Ulvarith"}).content.decode()
    assert "Canary-7f3e <mark>Ulvarith</mark> sentence" in body
    assert "private" in client.get("/search/", {"q": "Ulvarith"})["Cache-Control"]


def test_anonymous_search_is_shared_and_a_members_never_reaches_anonymous_readers(
    gated, client, member
):
    """Anonymous searches are the same for everyone, so caches may keep them; a member's
    search (gated text in its snippet) is never stored for anyone else."""
    from django.core.cache import cache
    from django.test import Client

    cache.clear()
    client.force_login(member)
    assert "Canary-7f3e" in client.get("/search/", {"q": "Ulvarith"}).content.decode()
    first = Client().get("/search/", {"q": "Ulvarith"})
    assert first["X-Page-Cache"] == "MISS"
    assert "public" in first["Cache-Control"] and "s-maxage" in first["Cache-Control"]
    assert "Canary-7f3e" not in first.content.decode()
    second = Client().get("/search/", {"q": "Ulvarith"})
    assert second["X-Page-Cache"] == "HIT" and second.content == first.content
    member_again = client.get("/search/", {"q": "Ulvarith"})
    assert "X-Page-Cache" not in member_again
    assert "Canary-7f3e" in member_again.content.decode()


def test_suggestions_show_headlines_never_gated_text(gated, client):
    """The suggestions endpoint returns headlines and URLs only."""
    response = client.get("/search/suggest/", {"q": "Harbour dred"})
    assert response.status_code == 200
    data = response.json()
    assert {"title": "Harbour dredging plan", "url": gated.url} in data["suggestions"]
    assert all(set(s) == {"title", "url"} for s in data["suggestions"])
    assert "Canary" not in response.content.decode()
    assert client.get("/search/suggest/", {"q": "Ulvarith"}).json() == {"suggestions": []}


def test_search_results_are_noindex_and_the_search_page_is_not(demo, client):
    """A search's results ask search engines not to index them; the empty search page, the
    way in to the archive, may be indexed."""
    for params in ({"q": "Netanyahu"}, {"section": "world"}):
        response = client.get("/search/", params)
        assert response["X-Robots-Tag"] == "noindex"
        assert b'<meta name="robots" content="noindex' in response.content
    page = client.get("/search/")
    assert "X-Robots-Tag" not in page
    assert b'name="robots"' not in page.content
    robots = client.get("/robots.txt").content.decode().splitlines()
    assert robots.index("Allow: /search/$") < robots.index("Disallow: /search/")


def test_database_snippet_is_cut_around_the_match_and_marks_a_phrase_as_a_whole(
    demo, make_article, client
):
    """The database cuts the snippet around the match and marks a quoted phrase where its
    words stand together, not each of its words wherever it appears."""
    filler = " ".join(["Quiet harbour routine continued."] * 30)
    make_article(
        title="Battery story",
        paragraphs=[f"{filler} The S-300 battery moved north. The minister’s s office spoke."],
    )
    outcome = client.get("/search/", {"q": '"S-300"'}).context["outcome"]
    # The seed story mentions the S-300 too: this one is the story under test.
    snippet = str(next(r for r in outcome.results if r.article.title == "Battery story").snippet)
    assert "300</mark>" in snippet
    assert "’<mark>s</mark>" not in snippet and "<mark>s</mark> office" not in snippet
    assert len(snippet) < len(filler) // 2  # a window, not the whole paragraph
