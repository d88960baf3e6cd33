"""What the reading list adds to other apps' pages (masthead.core.slots): a Save button on
every story and card, the list on the account page, its stylesheet and its script.
Registered in wagtail_hooks.py.

The buttons live in shared HTML (the story's fragment cache, cards every reader gets), so
they say nothing about the reader: the script asks which stories are saved and marks them."""

from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.html import format_html

from . import services


def _button(context, article, *, on_card):
    if not article.pk:  # a story never saved (its preview) cannot be saved for later
        return ""
    # The request only lends the site's root paths the page already looked up (`pageurl`),
    # so the story's address costs no query; nothing of the reader goes into the HTML.
    return render_to_string(
        "readinglist/includes/save_button.html",
        {"article": article, "on_card": on_card, "request": context.get("request")},
    )


def story_tools(context):
    return _button(context, context["page"], on_card=False)


def card_tools(context):
    return _button(context, context["article"], on_card=True)


def account_section(context):
    request = context["request"]
    member = request.user
    items = services.reading_list(member) if member.is_authenticated else []
    return render_to_string(
        "readinglist/includes/account_section.html", {"items": items}, request=request
    )


def stylesheet(context):
    return format_html('<link rel="stylesheet" href="{}">', static("readinglist/readinglist.css"))


def script(context):
    return format_html('<script src="{}" defer></script>', static("readinglist/readinglist.js"))
