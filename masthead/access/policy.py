"""The registration wall's one decision: may this reader read this article in full?

Every output that shows article text (pages, feeds, search, email, metadata)
asks `decide()` and shows only `visible_blocks()` to a reader who is not entitled.
"""

from dataclasses import dataclass

from masthead.core import generation

from .models import AccessLevel, AccessSettings

WALL_BLOCK = "wall"
# The element that holds the gated part of an article, named in JSON-LD `hasPart`.
GATED_SELECTOR = ".story-gated"


@dataclass(frozen=True)
class AccessDecision:
    entitled: bool
    # "free", "member", "staff", "preview", "gift", "meter" or "registration-required"
    reason: str
    level: str
    lead_in_blocks: int
    meter: object = None  # the anonymous reader's Meter when metering is on

    @property
    def personal(self):
        """True when the answer depends on this reader's meter: never share the page."""
        return self.meter is not None

    @property
    def gated(self):
        """True when the article has a part some readers cannot see."""
        return self.level != AccessLevel.FREE


@generation.per_generation
def wall_settings():
    """The site's wall settings, kept in each process for a page-cache generation: saving
    them starts a new one (`signal_handlers`), as they change what every page shows."""
    return AccessSettings.load()


def effective_level(article, settings):
    return article.access_level or settings.default_level


def lead_in_length(article, settings):
    """The number of body blocks everyone reads: up to the editor's wall, else the site's N.
    Read from the body's stored blocks, without building them."""
    for index, block in enumerate(article.body.raw_data):
        if block["type"] == WALL_BLOCK:
            return index
    return settings.lead_in_blocks


def reader_kind(reader):
    """What the wall knows of a reader before any article: "staff", "member" or "anonymous"
    (a deactivated account reads as anonymous)."""
    if getattr(reader, "is_staff", False) and reader.is_active:
        return "staff"
    if getattr(reader, "is_authenticated", False) and reader.is_active:
        return "member"
    return "anonymous"


def decide(reader, article, *, settings, preview=False, gift=False, meter=None):
    """Decide what `reader` (a Member or AnonymousUser) may read of `article`, under the
    site's wall `settings` (`wall_settings()`). A function of its arguments alone: it reads
    no request, no database and no clock, so any output may ask it and get the same answer.

    `preview`: an editor's preview of a draft. `gift`: the reader holds a valid gift link to
    this article (checked by the app that serves it), so reads it whole without counting it on
    the meter. `meter` is the anonymous reader's `Meter` when metering is on; it is consulted
    last and counts the article only when nothing else entitles the reader.
    """
    level = effective_level(article, settings)
    lead_in = lead_in_length(article, settings)
    if level == AccessLevel.FREE:
        reason = "free"
    elif preview:
        reason = "preview"
    elif (kind := reader_kind(reader)) != "anonymous":
        reason = kind
    elif gift:
        reason = "gift"
    elif meter is not None and meter.admits(article.pk):
        reason = "meter"
    else:
        reason = "registration-required"
    metered = reason in ("meter", "registration-required") and level != AccessLevel.FREE
    return AccessDecision(
        entitled=reason != "registration-required",
        reason=reason,
        level=level,
        lead_in_blocks=lead_in,
        meter=meter if metered else None,
    )


def visible_blocks(article, decision):
    """The body blocks this decision allows, without the editor's wall marker."""
    blocks = [b for b in article.body if b.block_type != WALL_BLOCK]
    if decision.entitled:
        return blocks
    return blocks[: decision.lead_in_blocks]


def split_blocks(article, decision):
    """(lead-in, rest): the rest is empty when the reader is not entitled."""
    blocks = [b for b in article.body if b.block_type != WALL_BLOCK]
    lead = blocks[: decision.lead_in_blocks]
    rest = blocks[decision.lead_in_blocks :] if decision.entitled else []
    return lead, rest


def anonymous_decision(article):
    """What every anonymous reader gets: used by shared outputs (feeds, email, search snippets)."""
    from django.contrib.auth.models import AnonymousUser

    return decide(AnonymousUser(), article, settings=wall_settings())


def public_text(article):
    """Plain text anyone may see: headline, standfirst and the lead-in (never the gated rest)."""
    from django.utils.html import strip_tags

    decision = anonymous_decision(article)
    parts = [article.title, article.standfirst]
    for block in visible_blocks(article, decision):
        if block.block_type == "paragraph":
            parts.append(strip_tags(block.value.source))
        elif block.block_type == "subheading":
            parts.append(str(block.value))
    return "\n".join(p for p in parts if p)
