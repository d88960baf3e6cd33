"""Comment text: stored as plain text, shown as paragraphs with links, nothing else.

Text is normalised when stored (`normalise`): Unicode NFC, Windows line ends folded,
bidirectional controls and the other invisible characters removed (`core.text`). It is
rendered (`render`) by escaping everything, then adding only <p>, <br>, <wbr> and links to
http(s) addresses found in the text; nh3 cleans the result as a last line of defence, with
`rel="nofollow ugc noopener"` on every link.
"""

import re
import unicodedata
from urllib.parse import urlsplit

import nh3
from django.utils.html import escape
from django.utils.safestring import mark_safe

from masthead.core.text import for_matching, remove_invisible

LINK_REL = "nofollow ugc noopener"
URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'`\[\]{}|\\^]+", re.IGNORECASE)
TRAILING = ".,;:!?)]}*_~"
# Longer runs of non-space characters get break opportunities so they cannot widen the page.
LONG_WORD = 40
LINK_TEXT = 60


def normalise(text):
    """The text to store: NFC, "\\n" line ends, nothing invisible (bidirectional controls,
    format and control characters: see `masthead.core.text`)."""
    text = unicodedata.normalize("NFC", text or "").replace("\r\n", "\n").replace("\r", "\n")
    text = remove_invisible(text)
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def count_links(text):
    """Addresses in the text, as shown or as read once look-alike characters are folded
    ("ｗｗｗ．example．com" and "һttps://" count too)."""
    text = text or ""
    return max(len(URL.findall(text)), len(URL.findall(for_matching(text))))


def _trim(url):
    """Split trailing punctuation off a found address, keeping balanced closing brackets."""
    tail = ""
    while url and url[-1] in TRAILING:
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        tail = url[-1] + tail
        url = url[:-1]
    return url, tail


def _breakable(text):
    """Escape `text`, giving very long words a break opportunity every LONG_WORD characters."""
    out = []
    for part in re.split(r"(\s+)", text):
        if len(part) > LONG_WORD and not part.isspace():
            chunks = [part[i : i + LONG_WORD] for i in range(0, len(part), LONG_WORD)]
            out.append("<wbr>".join(escape(chunk) for chunk in chunks))
        else:
            out.append(escape(part))
    return "".join(out)


HOST = re.compile(r"^(?:[\w-]+\.)+[^\W\d_][\w-]*[^\W_]$")


def _href(url):
    """The address to link to, or None when it has no plausible host name."""
    href = url if re.match(r"https?://", url, re.IGNORECASE) else f"https://{url}"
    try:
        parts = urlsplit(href)
        host, _port = parts.hostname or "", parts.port
    except ValueError:
        return None
    if not HOST.match(host):
        return None
    # Link only what the cleaner keeps as a link: never an <a> without its address.
    probe = f'<a href="{escape(href)}">x</a>'
    return href if "href=" in nh3.clean(probe, tags={"a"}, attributes={"a": {"href"}}) else None


def _link(url):
    href = _href(url)
    if href is None:
        return _breakable(url)
    label = url if len(url) <= LINK_TEXT else url[: LINK_TEXT - 1] + "…"
    return f'<a href="{escape(href)}">{_breakable(label)}</a>'


def _line(line):
    out, position = [], 0
    for match in URL.finditer(line):
        url, tail = _trim(match.group(0))
        out.append(_breakable(line[position : match.start()]))
        if url.lower() in ("www.", "http://", "https://") or len(url) < 5:
            out.append(_breakable(url))
        else:
            out.append(_link(url))
        out.append(_breakable(tail))
        position = match.end()
    out.append(_breakable(line[position:]))
    return "".join(out)


def to_html(text):
    """The comment as HTML: a paragraph per blank-line-separated block, <br> for line breaks."""
    paragraphs = [p for p in re.split(r"\n\s*\n", normalise(text)) if p.strip()]
    html = "".join(
        "<p>" + "<br>".join(_line(line) for line in p.split("\n")) + "</p>" for p in paragraphs
    )
    return nh3.clean(
        html,
        tags={"p", "br", "wbr", "a"},
        attributes={"a": {"href"}},
        url_schemes={"http", "https"},
        link_rel=LINK_REL,
        strip_comments=True,
    )


def render(text):
    return mark_safe(to_html(text))  # noqa: S308 - escaped, then cleaned by nh3  # nosec B308 B703
