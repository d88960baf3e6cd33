"""A member's press on *Create a gift link* or *Revoke*, refused for its CSRF token (a page
open too long, a cookie the browser did not keep): the same button again, with a token, and
one more press does it (`core.sendagain`)."""

from django.http import Http404

from .models import GiftLink
from .views import give_page, revoke_page, story_to_give


def give(request, values, notice):
    if not request.user.is_authenticated:
        return None
    try:
        article = story_to_give(request.resolver_match.kwargs["article_pk"])
    except Http404:
        return None
    return give_page(request, article, notice=notice)


def revoke(request, values, notice):
    if not request.user.is_authenticated:
        return None
    pk = request.resolver_match.kwargs["pk"]
    gift = GiftLink.objects.select_related("article").filter(pk=pk, member=request.user).first()
    return revoke_page(request, gift, notice) if gift is not None else None
