"""What live coverage adds to other apps' pages (masthead.core.slots): the Live label on a
live page's story and cards, with the latest entry's headline on cards, and its stylesheet.
Cards and stories are shared by every reader, so a card names an entry only when the wall
lets everyone read the page."""

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from masthead.access import policy

from .models import LiveBlogPage
from .services import may_read_entries

LIVE_LABEL = mark_safe('<span class="label label--live">Live</span> ')  # noqa: S308  # nosec B308 B703 - a constant


def story_label(context):
    page = context.get("page")
    if isinstance(page, LiveBlogPage) and page.is_live:
        return LIVE_LABEL
    return ""


def card_label(context):
    article = context["article"]
    if article.content_type_id != ContentType.objects.get_for_model(LiveBlogPage).pk:
        return ""
    page = LiveBlogPage.objects.filter(pk=article.pk).only("status", "access_level").first()
    if page is None or not page.is_live:
        return ""
    latest = ""
    # A card is the same for every reader: it names an entry only when the wall would let
    # an anonymous reader read the entries.
    anyone = policy.decide(AnonymousUser(), page, settings=policy.wall_settings())
    if may_read_entries(anyone):
        latest = (
            page.entries.exclude(headline="")
            .order_by("-posted_at")
            .values_list("headline", flat=True)
            .first()
            or ""
        )
    if latest:
        return format_html('{}<span class="card__latest">{}</span>', LIVE_LABEL, latest)
    return LIVE_LABEL


def stylesheet(context):
    return format_html('<link rel="stylesheet" href="{}">', static("live/live.css"))
