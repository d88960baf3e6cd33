"""Comment text is stored as plain text and rendered inert: only paragraphs, line breaks and
links to http(s) addresses, with rel="nofollow ugc noopener"."""

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from masthead.comments import rendering
from masthead.comments.services import posting

ALLOWED_TAG = re.compile(
    r'<(?:p|/p|br|wbr|/a|a href="https?://[^"<>]*" rel="nofollow ugc noopener")>'
)


def without_allowed_tags(html):
    return ALLOWED_TAG.sub("", html)


# What a reader might type, and the exact HTML it becomes.
TABLE = [
    ("javascript link", "javascript:alert(1)", "<p>javascript:alert(1)</p>"),
    (
        "entity-encoded javascript link",
        "javascript&#58;alert(1)",
        "<p>javascript&amp;#58;alert(1)</p>",
    ),
    (
        "image with onerror",
        "<img src=x onerror=alert(1)>",
        "<p>&lt;img src=x onerror=alert(1)&gt;</p>",
    ),
    (
        "svg with script",
        "<svg><script>alert(1)</script></svg>",
        "<p>&lt;svg&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;/svg&gt;</p>",
    ),
    (
        "data URL",
        "data:text/html,<b>x</b> data:image/svg+xml,x",
        "<p>data:text/html,&lt;b&gt;x&lt;/b&gt; data:image/svg+xml,x</p>",
    ),
    (
        "markdown link to javascript",
        "[click me](javascript:alert(1))",
        "<p>[click me](javascript:alert(1))</p>",
    ),
    (
        "markdown link hiding its target",
        "[https://bank.example](https://evil.example)",
        '<p>[<a href="https://bank.example" rel="nofollow ugc noopener">https://bank.example</a>]'
        '(<a href="https://evil.example" rel="nofollow ugc noopener">https://evil.example</a>)</p>',
    ),
    (
        "an address breaking out of the attribute",
        'https://a.example/"onmouseover="alert(1)',
        '<p><a href="https://a.example/" rel="nofollow ugc noopener">https://a.example/</a>'
        '"onmouseover="alert(1)</p>',
    ),
    (
        "a plain link with trailing punctuation",
        "Read https://news.example/story.",
        '<p>Read <a href="https://news.example/story" rel="nofollow ugc noopener">'
        "https://news.example/story</a>.</p>",
    ),
    (
        "www address",
        "see www.example.org",
        '<p>see <a href="https://www.example.org" rel="nofollow ugc noopener">www.example.org</a></p>',
    ),
    ("paragraphs and lines", "one\ntwo\n\n\n\nthree", "<p>one<br>two</p><p>three</p>"),
    (
        "right-to-left override",
        "invoice\u202egpj.exe and \u2066isolate\u2069",
        "<p>invoicegpj.exe and isolate</p>",
    ),
    # Marks go like every invisible character; the words stay, the browser orders them.
    ("Hebrew keeps its words, not its marks", "שלום \u200fעולם", "<p>שלום עולם</p>"),
    ("html comment", "<!-- x --> hi", "<p>&lt;!-- x --&gt; hi</p>"),
    ("ampersands", "Q&A <3", "<p>Q&amp;A &lt;3</p>"),
]


@pytest.mark.parametrize(("case", "text", "html"), TABLE, ids=[row[0] for row in TABLE])
def test_sanitizer_table(case, text, html):
    """Each hostile or tricky input renders exactly as expected: inert, escaped text."""
    assert rendering.to_html(text) == html


def test_very_long_words_get_break_opportunities():
    """A 500-character word cannot widen the page: it breaks every 40 characters."""
    html = rendering.to_html("x" * 500)
    assert html.count("<wbr>") == 12
    assert max(len(part) for part in re.split(r"<[^>]+>", html)) <= 40


def test_a_very_long_link_is_shortened_on_screen_only():
    url = "https://example.com/" + "a" * 200
    html = rendering.to_html(url)
    assert f'href="{url}"' in html
    assert "…" in html


def test_stored_text_loses_controls_and_overrides_but_keeps_the_words():
    stored = rendering.normalise("  Hello\r\nworld\x00\x07 \u202eevil\u202c  ")
    assert stored == "Hello\nworld evil"


def test_posting_stores_the_normalised_text(reader, article):
    comment = posting.post_comment(reader, article, "abc\u202edef\r\n")
    assert comment.text == "abcdef"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.one_of(
            st.text(),
            st.sampled_from(
                [
                    "<",
                    ">",
                    "&",
                    '"',
                    "'",
                    "<script>",
                    "</p>",
                    "<a href=",
                    "javascript:",
                    "https://",
                    "http://x.example/",
                    "www.",
                    "&#60;",
                    "&lt;",
                    "\n\n",
                    "\u202e",
                    "(",
                    ")",
                    "[",
                    "]",
                    " ",
                ]
            ),
        ),
        max_size=12,
    ).map("".join)
)
def test_no_input_yields_an_unescaped_angle_bracket(text):
    """Whatever is typed, every `<` in the output opens one of the few tags we emit."""
    html = rendering.to_html(text)
    assert "<" not in without_allowed_tags(html), html
    for href in re.findall(r'<a [^>]*href="([^"]*)"', html):  # real tags, not typed text
        assert href.startswith(("http://", "https://"))
