"""Story cards (photo, kicker, headline, standfirst, byline, time), rendered once and kept.

A card is the same for every reader, so it is kept in the cache per article, live revision,
variant and publish generation (any publish, unpublish or move starts a new one: a renamed
section or a moved story never shows an old card). A front page of sixty stories then reads
sixty cards in one round trip and renders only its own shell; the articles themselves are
loaded only for the cards that are missing.
"""

from django.core.cache import cache
from django.template.loader import get_template
from django.utils.safestring import mark_safe

from masthead.core import generation

CARD_TEMPLATE = "news/includes/card.html"
CARD_SECONDS = 24 * 60 * 60
VARIANTS = {
    "lead": {"lead": True, "level": 2},
    # The top stories and the latest list show no photo: none is sent, not one hidden.
    "top": {"no_image": True},
    "compact": {"compact": True, "no_image": True},
    # A section's block on the front page, by the size the editors chose for it.
    "in_section": {"hide_section": True},
    "in_section_large": {"hide_section": True, "large": True},
    "in_section_compact": {"hide_section": True, "compact": True, "no_image": True},
    "listing": {"level": 2},
    "listing_in_section": {"level": 2, "hide_section": True},
}


def _key(story, variant, gen):
    # A new release of the code starts a generation of its own (core.generation.RELEASE).
    return f"card:{variant}:{story.pk}:{story.live_revision_id}:{gen}"


def render(request, wanted, load):
    """The HTML of each (story, variant) in `wanted`, by (pk, variant); a story is a row with
    `pk` and `live_revision_id`. `load(pks)` gives the live articles of missing cards, with
    what a card shows; a story unpublished meanwhile has no card."""
    gen = generation.of_this_request()
    keys = [_key(story, variant, gen) for story, variant in wanted]
    found = cache.get_many(keys)
    missing = {story.pk for (story, _), key in zip(wanted, keys, strict=True) if key not in found}
    if missing:
        by_pk = {article.pk: article for article in load(missing)}
        template = get_template(CARD_TEMPLATE)
        fresh = {}
        for (story, variant), key in zip(wanted, keys, strict=True):
            if key not in found and story.pk in by_pk:
                context = {"article": by_pk[story.pk], "request": request, **VARIANTS[variant]}
                fresh[key] = template.render(context)
        cache.set_many(fresh, CARD_SECONDS)
        found.update(fresh)
    return {
        (story.pk, variant): mark_safe(found[key])  # noqa: S308  # nosec B308 B703 - our template
        for (story, variant), key in zip(wanted, keys, strict=True)
        if key in found
    }
