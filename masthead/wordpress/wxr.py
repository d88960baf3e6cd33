"""Reading a WordPress export (WXR) as a stream.

The file is never held whole: each `<item>` (and each author, category and tag of the
channel) is read, handed over as a plain `dict`, and cleared before the next is read, so
memory stays flat however large the export. The parser is expat through `defusedxml`: no
entity is ever expanded (an XML bomb is refused), nothing is fetched from the network.

Bytes that are not UTF-8 are replaced by U+FFFD (and counted, with their lines), so one bad
byte costs one character, not the import. A file cut short, or not well-formed, stops with
the line where it broke; a file that is not a WordPress export is refused.
"""

import codecs
import re
from dataclasses import dataclass, field

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, iterparse

WP_NAMESPACE = re.compile(r"^\{https?://wordpress\.org/export/1\.\d+/\}")
EXCERPT_NAMESPACE = re.compile(r"^\{https?://wordpress\.org/export/1\.\d+/excerpt/\}")
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
ENCODING = re.compile(rb"""<\?xml[^>]*encoding=["']([A-Za-z0-9._-]+)["']""")
CHUNK = 64 * 1024


class WXRError(Exception):
    """The export cannot be read; the message says why and where, for a person."""


@dataclass
class Damage:
    """Bytes of the file that were not UTF-8 and were replaced."""

    count: int = 0
    lines: list = field(default_factory=list)  # the first few lines they were on


# A byte that was not UTF-8, as the "surrogateescape" decoder hands it on.
BAD_BYTE = re.compile("[\udc80-\udcff]")


class _Utf8Repair:
    """A binary file's reader handing on valid UTF-8: bad bytes become U+FFFD."""

    def __init__(self, raw, damage):
        self.raw = raw
        self.damage = damage
        self.decoder = codecs.getincrementaldecoder("utf-8")(errors="surrogateescape")
        self.line = 1
        self.ended = False

    def read(self, size=CHUNK):
        data = self.raw.read(size)
        self.ended = not data
        text = self.decoder.decode(data, final=not data)
        if BAD_BYTE.search(text):
            for number, part in enumerate(text.split("\n")):
                if bad := len(BAD_BYTE.findall(part)):
                    self.damage.count += bad
                    if len(self.damage.lines) < 10:
                        self.damage.lines.append(self.line + number)
            text = BAD_BYTE.sub("\ufffd", text)
        self.line += text.count("\n")
        return text.encode("utf-8")


def _local(tag):
    return tag.rsplit("}", 1)[-1]


def _is_wp(tag):
    return bool(WP_NAMESPACE.match(tag))


def _text(element):
    return (element.text or "").strip() if element is not None else ""


def _children(element):
    """An element's WordPress fields by local name (the last one wins for repeats)."""
    values = {}
    for child in element:
        if _is_wp(child.tag):
            values[_local(child.tag)] = child.text or ""
    return values


def _post_type(element):
    for child in element:
        if child.tag.endswith("}post_type") and _is_wp(child.tag):
            return child.text or ""
    return ""


def _item(element):
    """One `<item>` as a dict of plain values."""
    data = {
        "title": "",
        "link": "",
        "creator": "",
        "content": "",
        "excerpt": "",
        "meta": {},
        "terms": [],
        "comments": [],
    }
    for child in element:
        tag = child.tag
        if tag == "title":
            data["title"] = child.text or ""
        elif tag == "link":
            data["link"] = _text(child)
        elif tag == CREATOR:
            data["creator"] = _text(child)
        elif tag == CONTENT:
            data["content"] = child.text or ""
        elif EXCERPT_NAMESPACE.match(tag):
            data["excerpt"] = child.text or ""
        elif tag == "category":
            data["terms"].append(
                {
                    "domain": child.get("domain", ""),
                    "slug": child.get("nicename", ""),
                    "name": (child.text or "").strip(),
                }
            )
        elif _is_wp(tag):
            name = _local(tag)
            if name == "postmeta":
                meta = _children(child)
                if meta.get("meta_key"):
                    data["meta"][meta["meta_key"]] = meta.get("meta_value", "")
            elif name == "comment":
                comment = _children(child)
                comment["meta"] = {}
                for sub in child:
                    if _local(sub.tag) == "commentmeta":
                        meta = _children(sub)
                        comment["meta"][meta.get("meta_key", "")] = meta.get("meta_value", "")
                data["comments"].append(comment)
            else:
                data[name] = child.text or ""
    return data


# The channel's terms: our name for each field ← WXR's element.
TERM_FIELDS = {
    "author": {
        "login": "author_login",
        "email": "author_email",
        "display_name": "author_display_name",
        "first_name": "author_first_name",
        "last_name": "author_last_name",
        "id": "author_id",
    },
    "category": {
        "id": "term_id",
        "slug": "category_nicename",
        "parent": "category_parent",
        "name": "cat_name",
        "description": "category_description",
    },
    "tag": {
        "id": "term_id",
        "slug": "tag_slug",
        "name": "tag_name",
        "description": "tag_description",
    },
    "term": {  # custom taxonomies: counted in the report only
        "id": "term_id",
        "taxonomy": "term_taxonomy",
        "slug": "term_slug",
        "name": "term_name",
        "parent": "term_parent",
    },
}


def _term(kind, element):
    values = {key: value.strip() for key, value in _children(element).items()}
    return {name: values.get(source, "") for name, source in TERM_FIELDS[kind].items()}


CHANNEL_KINDS = {"author": "author", "category": "category", "tag": "tag", "term": "term"}
CHANNEL_FIELDS = {"wxr_version", "base_site_url", "base_blog_url"}


def read(path, damage=None, post_types=None):
    """Yield `(kind, data)` from the export at `path`, in file order: `("site", {...})` once
    before the first item, then `("author"|"category"|"tag"|"term", {...})` and
    `("item", {...})`. With `post_types`, only items of those types are read whole; the
    others are `{"post_type": ...}` alone (a pass that wants only photos reads no story).
    Raises WXRError with a person's explanation."""
    damage = damage if damage is not None else Damage()
    try:
        raw = open(path, "rb")  # noqa: SIM115 - closed in `finally`
    except OSError as error:
        raise WXRError(f"{path}: cannot open it ({error.strerror}).") from None
    try:
        head = raw.read(200)
        raw.seek(0)
        declared = ENCODING.search(head)
        utf8 = declared is None or declared.group(1).decode().lower().replace("_", "-") in {
            "utf-8",
            "utf8",
        }
        source = _Utf8Repair(raw, damage) if utf8 else raw
        yield from _events(path, source, post_types)
    finally:
        raw.close()


def _events(path, source, post_types):
    site = {}
    channel = None
    announced = False
    depth = 0
    events = iterparse(source, events=("start", "end"), forbid_dtd=False)
    try:
        for event, element in events:
            if event == "start":
                depth += 1
                if depth == 1 and element.tag != "rss":
                    raise WXRError(
                        f"{path} is not a WordPress export: it is <{_local(element.tag)}>, "
                        "not RSS. Export from WordPress with Tools → Export."
                    )
                if depth == 2 and element.tag == "channel":
                    channel = element
                continue
            depth -= 1
            if depth != 2 or channel is None:
                continue
            tag = element.tag
            if tag == "item" or _is_wp(tag) and _local(tag) in CHANNEL_KINDS:
                if not announced:
                    if "wxr_version" not in site:
                        raise WXRError(
                            f"{path} is not a WordPress export (WXR): it has no "
                            "<wp:wxr_version>. Export from WordPress with Tools → Export."
                        )
                    announced = True
                    yield "site", site
                if tag == "item":
                    wanted = post_types is None or _post_type(element) in post_types
                    yield "item", _item(element) if wanted else {"post_type": _post_type(element)}
                else:
                    kind = CHANNEL_KINDS[_local(tag)]
                    yield kind, _term(kind, element)
                element.clear()
                channel.remove(element)
            elif _is_wp(tag) and _local(tag) in CHANNEL_FIELDS:
                site[_local(tag)] = _text(element)
            elif tag in {"title", "link", "description", "language"}:
                site[tag] = _text(element)
    except DefusedXmlException as error:
        raise WXRError(
            f"{path} declares XML entities ({type(error).__name__}); an export never does, "
            "and they can make a small file expand without limit (an XML bomb). Refused."
        ) from None
    except ParseError as error:
        line, column = getattr(error, "position", (0, 0))
        reason = str(error).split(":", 1)[0]
        at_the_end = getattr(source, "ended", False) and line >= source.line
        if at_the_end or reason == "no element found" or reason.startswith("unclosed token"):
            raise WXRError(
                f"{path} is cut short at line {line}, column {column}: the export ends "
                "before it closes. Export it again, or copy the whole file."
            ) from None
        raise WXRError(
            f"{path} is not well-formed XML at line {line}, column {column}: {reason}."
        ) from None
    if not announced:
        if "wxr_version" not in site:
            raise WXRError(
                f"{path} is not a WordPress export (WXR): it has no <wp:wxr_version>. "
                "Export from WordPress with Tools → Export."
            )
        yield "site", site
