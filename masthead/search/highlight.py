"""Snippets with the matched words in <mark>, built on plain text, never on HTML.

The source is plain text. Matches are found on it, then every piece of it is
escaped and only our own <mark> tags are added, so a `<script>` in an article
comes out as text.
"""

import re

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from .query import WORD_RE, fold

SUFFIXES = ("ing", "ies", "es", "ed", "s")


def _stem(word):
    """A crude English stem, enough to mark "talk" for a search on "talks" (PostgreSQL stems)."""
    for suffix in SUFFIXES:
        if len(word) > len(suffix) + 2 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def _matcher(words):
    folded = {fold(w) for w in words if w}
    stems = {_stem(w) for w in folded}

    def matches(word):
        word = fold(word)
        return word in folded or _stem(word) in stems

    return matches


def match_spans(text, words):
    """(start, end) of each word of `text` that matches one of `words`, folded and stemmed."""
    if not words:
        return []
    matches = _matcher(words)
    return [(m.start(), m.end()) for m in WORD_RE.finditer(text) if matches(m.group())]


def mark(text, spans):
    """Escape `text` and wrap each span in <mark>."""
    out, position = [], 0
    for start, end in spans:
        out.append(escape(text[position:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        position = end
    out.append(escape(text[position:]))
    # Every piece of the text went through escape(); only our <mark> tags are raw.
    return mark_safe("".join(out))  # noqa: S308  # nosec B308 B703


def highlight(text, words):
    """The whole of `text`, escaped, with matched words marked."""
    return mark(text, match_spans(text, words))


def snippet(text, words, *, length=240, before=60):
    """A window of about `length` characters of `text` around the first match, marked.

    Without a match the window is the start of the text.
    """
    text = re.sub(r"\s+", " ", text).strip()
    spans = match_spans(text, words)
    start = 0
    if spans and spans[0][0] > before:
        start = text.rfind(" ", 0, spans[0][0] - before) + 1
    end = len(text)
    if end - start > length:
        cut = text.rfind(" ", start, start + length)
        end = cut if cut > start else start + length
    window = [(s - start, e - start) for s, e in spans if s >= start and e <= end]
    body = mark(text[start:end], window)
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return format_html("{}{}{}", prefix, body, suffix), bool(window)
