"""A WordPress post's content → the story's blocks (masthead/news/blocks.py's StoryBlock).

Gutenberg's blocks (`<!-- wp:paragraph -->…`) are read block by block; classic content gets
`wpautop`'s paragraphs. The shortcodes `[caption]`, `[gallery]`, `[embed]`, `[audio]` and
`[video]` are understood; any other is kept as text and named in the report. Every piece of
HTML is cleaned with nh3 down to what the paragraph block allows (no script, no inline
handler); an embed is kept only when one of the site's embed finders accepts its address.

The result is the raw StreamField value: a list of `{"type": …, "value": …}`.
"""

import html
import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import nh3
from wagtail.embeds.finders import get_finders

# What a paragraph block keeps (its features: bold, italic, link, ol, ul, sup, sub).
PARAGRAPH_TAGS = {"p", "b", "i", "a", "ul", "ol", "li", "sup", "sub", "br"}
RENAME = [
    (re.compile(r"<(/?)strong\b", re.I), r"<\1b"),
    (re.compile(r"<(/?)em\b", re.I), r"<\1i"),
]
BLOCK_TAGS = (
    "table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|"
    "area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|"
    "hgroup|header|footer|nav|figure|figcaption|details|menu|summary|iframe|script|object"
)
GUTENBERG = re.compile(
    r"<!--\s+wp:([a-z][a-z0-9_-]*(?:/[a-z][a-z0-9_-]*)?)(\s+\{.*?\})?\s+(/)?-->"
    r"|<!--\s+/wp:([a-z][a-z0-9_-]*(?:/[a-z][a-z0-9_-]*)?)\s+-->",
    re.S,
)
SHORTCODE = re.compile(
    r"\[(\[?)([A-Za-z][\w-]*)(?![\w-])([^\]]*?)(/?)\](?:(.*?)\[/\2\])?(\]?)", re.S
)
ATTRIBUTE = re.compile(
    r"""([\w-]+)\s*=\s*"([^"]*)"|([\w-]+)\s*=\s*'([^']*)'|([\w-]+)\s*=\s*(\S+)"""
)
UNDERSTOOD = {"caption", "wp_caption", "gallery", "embed", "audio", "video"}
SIZE_SUFFIX = re.compile(r"-\d+x\d+(?=\.\w+$)")
URL_LINE = re.compile(r"^\s*(https?://[^\s<>\"]+)\s*$", re.M)
TRAILING_CREDIT = re.compile(r"\s*\(([^()]{2,120}/[^()]{2,120})\)\s*$")


def trailing_credit(caption):
    """("caption without it", "credit") when the caption ends with "(Name/Agency)"."""
    match = TRAILING_CREDIT.search(caption or "")
    if not match:
        return caption or "", ""
    return caption[: match.start()].rstrip(), match.group(1).strip()


def clean_paragraph(markup):
    """HTML down to what a paragraph block keeps; '' when nothing readable is left."""
    for pattern, replacement in RENAME:
        markup = pattern.sub(replacement, markup)
    cleaned = nh3.clean(
        markup,
        tags=PARAGRAPH_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
        clean_content_tags={"script", "style"},
    ).strip()
    text = nh3.clean(cleaned, tags=set()).strip()
    return cleaned if text.replace("&nbsp;", "").strip() else ""


def plain_text(markup):
    return html.unescape(nh3.clean(markup or "", tags=set())).strip()


def wpautop(text):
    """WordPress's `wpautop`, in short: blank lines part paragraphs, single newlines inside
    one become <br>, block-level elements are left as they are."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(rf"(<(?:{BLOCK_TAGS})[\s/>])", r"\n\n\1", text, flags=re.I)
    text = re.sub(rf"(</(?:{BLOCK_TAGS})>)", r"\1\n\n", text, flags=re.I)
    parts = []
    for chunk in re.split(r"\n\s*\n", text):
        chunk = chunk.strip()
        if not chunk:
            continue
        if re.match(rf"</?(?:{BLOCK_TAGS})[\s/>]", chunk, re.I):
            parts.append(chunk)
        else:
            parts.append("<p>" + chunk.replace("\n", "<br>\n") + "</p>")
    return "\n".join(parts)


def attributes(text):
    values = {}
    for match in ATTRIBUTE.finditer(text or ""):
        if match.group(1):
            values[match.group(1).lower()] = match.group(2)
        elif match.group(3):
            values[match.group(3).lower()] = match.group(4)
        else:
            values[match.group(5).lower()] = match.group(6)
    return values


def embeddable(url):
    """Whether one of the site's embed finders takes the address (no network asked)."""
    return any(finder.accept(url) for finder in get_finders())


class _Elements(HTMLParser):
    """Split an HTML fragment into its top-level elements: (tag, attributes, outer HTML)."""

    VOID = {"img", "br", "hr", "input", "meta", "link", "source", "wbr", "embed"}

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.items = []
        self.depth = 0
        self.current = None

    def _open(self, tag, attrs, raw):
        if self.depth == 0:
            self.current = [tag, dict(attrs), [raw]]
            self.items.append(self.current)
        else:
            self.current[2].append(raw)
        if tag not in self.VOID:
            self.depth += 1

    def handle_starttag(self, tag, attrs):
        self._open(tag, attrs, self.get_starttag_text())

    def handle_startendtag(self, tag, attrs):
        raw = self.get_starttag_text()
        if self.depth == 0:
            self.items.append([tag, dict(attrs), [raw]])
        else:
            self.current[2].append(raw)

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if self.depth == 0:
            return  # a stray closing tag
        self.current[2].append(f"</{tag}>")
        self.depth -= 1

    def _data(self, raw):
        if self.depth == 0:
            if raw.strip():
                self.items.append(["#text", {}, [raw]])
        else:
            self.current[2].append(raw)

    def handle_data(self, data):
        self._data(data)

    def handle_entityref(self, name):
        self._data(f"&{name};")

    def handle_charref(self, name):
        self._data(f"&#{name};")

    def handle_comment(self, data):
        pass


def top_level(markup):
    parser = _Elements()
    parser.feed(markup)
    parser.close()
    return [(tag, attrs, "".join(raw)) for tag, attrs, raw in parser.items]


class _Images(HTMLParser):
    """Every <img> of a fragment and the text of its <figcaption>."""

    def __init__(self):
        super().__init__()
        self.images = []
        self.caption = []
        self.in_caption = 0

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images.append(dict(attrs))
        elif tag == "figcaption":
            self.in_caption += 1

    def handle_endtag(self, tag):
        if tag == "figcaption" and self.in_caption:
            self.in_caption -= 1

    def handle_data(self, data):
        if self.in_caption:
            self.caption.append(data)


def images_in(markup):
    parser = _Images()
    parser.feed(markup)
    parser.close()
    return parser.images, " ".join("".join(parser.caption).split())


@dataclass
class Result:
    blocks: list = field(default_factory=list)
    unknown_shortcodes: set = field(default_factory=set)
    notes: list = field(default_factory=list)
    images: list = field(default_factory=list)  # photo ids placed in the body


class Converter:
    """Turns one item's content into blocks. `photos` finds the imported photo for a
    WordPress attachment: `photos.by_id(wp_id)`, `photos.by_url(url)`,
    `photos.attached_to(post_wp_id)` (a gallery without ids), each giving
    `(image_id, caption)` or None."""

    def __init__(self, photos, post_id=None):
        self.photos = photos
        self.post_id = post_id
        self.result = Result()

    # Blocks.
    def paragraph(self, markup):
        cleaned = clean_paragraph(markup)
        if cleaned:
            if not cleaned.startswith(("<p", "<ul", "<ol")):
                cleaned = f"<p>{cleaned}</p>"
            self.result.blocks.append({"type": "paragraph", "value": cleaned})

    def subheading(self, markup):
        text = plain_text(markup)[:120]
        if text:
            self.result.blocks.append({"type": "subheading", "value": text})

    def quote(self, markup, attribution=""):
        text = plain_text(re.sub(r"</p>\s*<p[^>]*>", "\n\n", markup))
        if text:
            self.result.blocks.append(
                {"type": "pull_quote", "value": {"quote": text, "attribution": attribution}}
            )

    def image(self, found, caption=""):
        image_id, own_caption = found
        value = {"image": image_id, "caption": caption if caption != own_caption else ""}
        self.result.blocks.append({"type": "image", "value": value})
        self.result.images.append(image_id)

    def embed(self, url):
        url = html.unescape(url.strip())
        if url and embeddable(url):
            self.result.blocks.append({"type": "embed", "value": url})
        elif url:
            self.result.notes.append(f"embed not from an allowed provider kept as a link: {url}")
            self.paragraph(f'<p><a href="{html.escape(url)}">{html.escape(url)}</a></p>')

    def media_link(self, kind, url):
        """An audio or video file (not an embed provider's page): a link to it."""
        if url and embeddable(url):
            self.embed(url)
        elif url:
            label = "Listen" if kind == "audio" else "Watch"
            self.paragraph(f'<p><a href="{html.escape(url)}">{label}: {html.escape(url)}</a></p>')

    # Images found in HTML.
    def find(self, attrs):
        wp_class = re.search(r"wp-image-(\d+)", attrs.get("class") or "")
        found = None
        if wp_class:
            found = self.photos.by_id(int(wp_class.group(1)))
        if found is None and attrs.get("src"):
            found = self.photos.by_url(attrs["src"])
        return found

    def figure(self, markup, caption=None, wp_id=None):
        imgs, figcaption = images_in(markup)
        caption = figcaption if caption is None else caption
        placed = False
        for attrs in imgs or [{}]:
            found = self.photos.by_id(wp_id) if wp_id and len(imgs) <= 1 else None
            found = found or (self.find(attrs) if attrs else None)
            if found:
                self.image(found, caption)
                placed = True
            elif attrs.get("src"):
                self.result.notes.append(f"image not among the attachments: {attrs['src']}")
        if not placed and caption:
            self.paragraph(f"<p>{html.escape(caption)}</p>")

    def gallery(self, ids=None):
        found = (
            [self.photos.by_id(i) for i in ids] if ids else self.photos.attached_to(self.post_id)
        )
        for item in found:
            if item:
                self.image(item)

    # Classic HTML.
    def classic(self, text):
        for kind, value in self._shortcodes(text):
            if kind == "text":
                self._html(wpautop(value))
            else:
                self._shortcode(*value)

    def _shortcodes(self, text):
        position = 0
        for match in SHORTCODE.finditer(text):
            escaped, name = match.group(1), match.group(2).lower()
            if escaped and match.group(6):  # [[name]] prints [name]
                continue
            if name not in UNDERSTOOD:
                if not re.fullmatch(r"\d+", name):
                    self.result.unknown_shortcodes.add(name)
                continue
            yield "text", text[position : match.start()]
            yield "shortcode", (name, attributes(match.group(3)), match.group(5) or "")
            position = match.end()
        yield "text", text[position:]

    def _shortcode(self, name, attrs, inner):
        if name in {"caption", "wp_caption"}:
            caption = attrs.get("caption", "")
            body = re.sub(r"^\s*(<a [^>]*>)?\s*<img[^>]*>\s*(</a>)?", "", inner, flags=re.S)
            caption = caption or plain_text(body)
            wp_id = re.search(r"attachment_(\d+)", attrs.get("id", ""))
            self.figure(inner, caption=caption, wp_id=int(wp_id.group(1)) if wp_id else None)
        elif name == "gallery":
            ids = [int(i) for i in re.findall(r"\d+", attrs.get("ids") or attrs.get("include", ""))]
            self.gallery(ids)
        elif name == "embed":
            self.embed(plain_text(inner) or attrs.get("src", ""))
        else:  # audio, video
            url = (
                attrs.get("src")
                or next(
                    (
                        attrs[key]
                        for key in ("mp3", "m4a", "ogg", "wav", "mp4", "webm", "ogv", "flv")
                        if attrs.get(key)
                    ),
                    "",
                )
                or plain_text(inner)
            )
            self.media_link(name, url)

    def _html(self, markup):
        for tag, attrs, outer in top_level(markup):
            if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
                self.subheading(outer)
            elif tag == "blockquote":
                cite = re.search(r"<cite[^>]*>(.*?)</cite>", outer, re.S | re.I)
                body = re.sub(r"<cite[^>]*>.*?</cite>", "", outer, flags=re.S | re.I)
                self.quote(body, plain_text(cite.group(1)) if cite else "")
            elif tag in {"figure", "img"} or (tag in {"p", "a", "div"} and _only_image(outer)):
                self.figure(outer)
            elif tag == "iframe":
                self.embed(attrs.get("src", ""))
            elif tag in {"hr", "script", "style", "object", "embed", "form"}:
                continue
            elif (
                tag == "p"
                and (url := URL_LINE.fullmatch(plain_text(outer)))
                and embeddable(url.group(1))
            ):
                self.embed(url.group(1))
            elif tag == "#text":
                self.paragraph(f"<p>{outer}</p>")
            elif tag in {"div", "section", "article", "aside", "figure", "header", "footer"}:
                inner = re.sub(r"^<[^>]+>|</\w+>\s*$", "", outer.strip())
                self._html(wpautop(inner))
            else:
                if "<img" in outer:  # a photo inside a paragraph's words: placed before them
                    self.figure(outer, caption="")
                self.paragraph(outer)

    # Gutenberg.
    def gutenberg(self, text):
        stack = []  # (name, attrs, start of inner)
        position = 0
        for match in GUTENBERG.finditer(text):
            if match.group(4):  # closing
                if not stack:
                    continue
                name, attrs, start = stack.pop()
                if not stack:
                    self._block(name, attrs, text[start : match.start()])
                    position = match.end()
                continue
            name, attrs = match.group(1), _json(match.group(2))
            if not stack and text[position : match.start()].strip():
                self.classic(text[position : match.start()])
            if match.group(3):  # self-closing
                if not stack:
                    self._block(name, attrs, "")
                    position = match.end()
                continue
            stack.append((name, attrs, match.end()))
        if stack:
            name, attrs, start = stack[0]
            self._block(name, attrs, text[start:])
        elif text[position:].strip():
            self.classic(text[position:])

    def _block(self, name, attrs, inner):
        name = name.removeprefix("core/")
        if name == "paragraph" or name in {"list", "verse", "preformatted", "code"}:
            if name == "paragraph":
                self.paragraph(inner)
            else:
                self._html(inner)
        elif name == "heading":
            self.subheading(inner)
        elif name == "image":
            self.figure(inner, wp_id=attrs.get("id"))
        elif name == "gallery":
            ids = attrs.get("ids")
            if ids:
                self.gallery([int(i) for i in ids])
            else:
                self.gutenberg(inner) if "<!-- wp:" in inner else self.figure_each(inner)
        elif name in {"quote", "pullquote"}:
            cite = re.search(r"<cite[^>]*>(.*?)</cite>", inner, re.S | re.I)
            body = re.sub(r"<cite[^>]*>.*?</cite>", "", inner, flags=re.S | re.I)
            self.quote(body, plain_text(cite.group(1)) if cite else "")
        elif name == "embed" or name.startswith(("core-embed/", "embed")):
            self.embed(attrs.get("url") or plain_text(inner))
        elif name in {"video", "audio"}:
            src = re.search(r'src="([^"]+)"', inner)
            self.media_link(name, html.unescape(src.group(1)) if src else "")
        elif name in {"separator", "spacer", "more", "nextpage"}:
            return
        elif name in {"html", "shortcode", "freeform"}:
            self.classic(inner)
        elif name in {
            "archives",
            "calendar",
            "categories",
            "latest-comments",
            "latest-posts",
            "rss",
            "search",
            "tag-cloud",
            "social-links",
            "page-list",
            "loginout",
        }:
            self.result.notes.append(f"dynamic block left out: {name}")
        elif "<!-- wp:" in inner:
            self.gutenberg(inner)
        else:
            self._html(inner)

    def figure_each(self, markup):
        for _tag, _attrs, outer in top_level(markup):
            self._html(outer)


def _only_image(markup):
    return "<img" in markup and not plain_text(markup)


def _json(text):
    if not text:
        return {}
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def convert(content, photos, post_id=None):
    """The blocks of one item's content, with what the report should say of it."""
    converter = Converter(photos, post_id)
    if "<!-- wp:" in content:
        converter.gutenberg(content)
    else:
        converter.classic(content)
    return converter.result
