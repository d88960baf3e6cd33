"""A member's comment or reply, shown again when refused for its CSRF token (a page open
too long, a cookie the browser did not keep): the comments page, with the text, the name
and the comment replied to kept, and one more press posts it (`core.sendagain`)."""

from django.shortcuts import render

from .services import reading
from .views import _article, _context


def post(request, values, notice):
    if not request.user.is_authenticated:
        return None
    article = _article(request.resolver_match.kwargs["page_id"])
    parent = values.get("parent", "")
    context = _context(
        request, article, sort=reading.DEFAULT_SORT, page=1, form_text=values.get("text", "")
    )
    context.update(
        form_display_name=values.get("display_name", ""),
        form_parent=parent if parent.isascii() and parent.isdigit() else "",
        send_again=notice,
    )
    return render(request, "comments/page.html", context)
