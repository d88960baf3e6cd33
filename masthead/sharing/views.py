"""Gift links: giving a story, showing the link to its giver, revoking it, and reading it."""

import re

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
    require_safe,
)

from masthead.access import policy, reading
from masthead.accounts.views import member_required
from masthead.core import caching
from masthead.news.models import ArticlePage

from . import services
from .models import GiftLink

# The browser that opened a gift link once may open it again without counting: a cookie kept
# only on the link's own path, so no other page (and no cache in front of one) ever sees it.
OPENED_COOKIE = "mh_gift_opened"
OPENED_SALT = "masthead.sharing.opened"
# Link previews (a chat app fetching the page to show its title): sent to the story's own
# address, so a preview never counts as an open nor carries the whole story.
LINK_PREVIEW = re.compile(
    r"facebookexternalhit|Facebot|WhatsApp|TelegramBot|Twitterbot|Slackbot|Discordbot|"
    r"LinkedInBot|SkypeUriPreview|redditbot|Googlebot|bingbot",
    re.IGNORECASE,
)


def _private(response):
    """No cache keeps it, no search engine lists it, no Referer carries the token away."""
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "strict-origin"
    return response


def _opened_here(request, gift):
    value = request.get_signed_cookie(OPENED_COOKIE, default=None, salt=OPENED_SALT)
    return gift is not None and value == str(gift.pk)


@never_cache
@require_safe
def read(request, token):
    """The gift link: the whole story for a valid gift, else its lead-in and the reason."""
    opening = services.look_up(token)
    article = opening.article
    if article is None:
        response = render(
            request, "sharing/no_story.html", {"problem": opening.problem}, status=404
        )
        return _private(response)
    signed_in = policy.reader_kind(request.user) != "anonymous"
    if signed_in or LINK_PREVIEW.search(request.headers.get("User-Agent", "")):
        # A member reads the story anyway; a preview gets what everyone gets.
        return _private(HttpResponseRedirect(article.url))
    gift, problem, counted = opening.gift, opening.problem, False
    opened_here = _opened_here(request, gift)
    if not problem and not opened_here and request.method == "GET":
        problem = services.count_open(gift)
        counted = not problem
    # The whole story only for a browser whose open is counted (a HEAD counts none).
    gifted = not problem and (counted or opened_here)
    # The wall's pass as the story's own page takes it (`access.reading`), as a gift: this
    # reader's alone, never stored (`keep_private`).
    caching.keep_private(request)
    decision = reading.decision_for(request, article, gift=gifted)
    context = article.get_context(request, access=decision)
    context.update(gift=gift, gift_problem=problem)
    response = TemplateResponse(request, "sharing/gift_article.html", context)
    response.render()
    reading.settle(request, article, response, decision)
    if counted:
        response.set_signed_cookie(
            OPENED_COOKIE,
            str(gift.pk),
            salt=OPENED_SALT,
            expires=gift.expires_at,
            path=request.path,
            secure=request.is_secure(),
            httponly=True,
            samesite="Lax",
        )
    return _private(response)


def story_to_give(article_pk):
    article = ArticlePage.objects.live().filter(pk=article_pk).first()
    if article is None or article.get_view_restrictions():
        raise Http404("No such story.")
    return article


@never_cache
@require_http_methods(["GET", "POST"])
@member_required
def give(request, article_pk):
    """The member's "Give this story" page: what a gift link does, and the button making one."""
    article = story_to_give(article_pk)
    refused = ""
    if request.method == "POST":
        try:
            gift = services.give(request.user, article)
        except services.GiftRefused as error:
            refused = str(error)
        else:
            return HttpResponseRedirect(reverse("sharing:given", args=[gift.pk]))
    return give_page(request, article, refused=refused)


def give_page(request, article, *, refused="", notice=""):
    """The "Give this story" page; `notice` when a press was refused for its CSRF token."""
    context = {
        "article": article,
        "giveable": services.may_be_given(article),
        "left": services.left_this_month(request.user),
        "days": services.conf.link_days(),
        "opens": services.conf.link_opens(),
        "refused": refused,
        "send_again": notice,
    }
    return render(request, "sharing/give.html", context, status=400 if refused else 200)


@never_cache
@require_GET
@member_required
def given(request, pk):
    """The gift link just made, ready to copy or send."""
    gift = get_object_or_404(GiftLink.objects.select_related("article"), pk=pk, member=request.user)
    context = {"gift": gift, "url": services.url_for(gift), "status": services.status(gift)}
    return _private(render(request, "sharing/given.html", context))


@never_cache
@require_POST
@member_required
def revoke(request, pk):
    if services.revoke(request.user, pk):
        messages.success(request, "The gift link is revoked: it no longer opens the story.")
    else:
        messages.error(request, "That gift link is not one of yours.")
    return HttpResponseRedirect(reverse("accounts:account") + "#gift-links")


def revoke_page(request, gift, notice):
    """The one gift link's *Revoke* button, alone: a press refused for its CSRF token."""
    return render(request, "sharing/revoke.html", {"gift": gift, "send_again": notice})
