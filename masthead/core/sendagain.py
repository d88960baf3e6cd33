"""A reader's form refused for its CSRF token, shown again so that one more press sends it.

The forms inside cached, shared pages (the wall's sign-in box, the comments' one) hold no
token: a script fetches one. Without the script, or when it failed to load, the form posts
without a token and Django refuses it (`CSRF_FAILURE_VIEW`, `core.views.csrf_failure`). For
the readers' forms the refusal is not a dead end: it answers an uncached page with the same
form, this time with a token (and the cookie that goes with it) and what the reader typed.
The refused post did nothing, and the one that follows carries a valid token, so the
protection stands. A post from another site gets the form too, but empty: what it carried
is never put in front of the reader to be confirmed with one press.

An app offers one of its forms by registering a Wagtail hook named
`masthead_send_again_<URL name>` (in its `wagtail_hooks.py`, as for `core.slots`), e.g.
`masthead_send_again_accounts:signin`: a function of `(request, values, notice)` that
returns the page with the form, or None to leave the reader the generic page. `values` holds
the posted fields to show again (empty when the post came from elsewhere; never a
password-like field), `notice` the one line to show with the form.
"""

import re

from django.middleware.csrf import (
    REASON_BAD_ORIGIN,
    REASON_BAD_REFERER,
    REASON_INSECURE_REFERER,
    REASON_MALFORMED_REFERER,
    REASON_NO_REFERER,
    get_token,
)
from wagtail import hooks

HOOK_PREFIX = "masthead_send_again_"

PRESS_AGAIN = "Please press the button again to confirm."
FILL_IN = "Please fill in the form and press the button to send it."

# Django checks where a post came from before its token; these refusals are of that check.
_WRONG_ORIGIN = tuple(
    {
        reason.split(" - ")[0]
        for reason in (
            REASON_BAD_ORIGIN,
            REASON_NO_REFERER,
            REASON_BAD_REFERER,
            REASON_MALFORMED_REFERER,
            REASON_INSECURE_REFERER,
        )
    }
)
_NEVER_SHOWN = re.compile(r"csrf|pass|secret|token|code|otp", re.IGNORECASE)


def page(request, reason):
    """The form `request` posted, to be sent again, or None when its view offers none."""
    match = getattr(request, "resolver_match", None)
    if request.method != "POST" or match is None:
        return None
    offers = hooks.get_hooks(HOOK_PREFIX + match.view_name)
    if not offers:
        return None
    if from_this_site(request, reason):
        values, notice = _shown_again(request.POST), PRESS_AGAIN
    else:
        values, notice = {}, FILL_IN
    response = offers[0](request, values, notice)
    if response is None:
        return None
    # The page's token is the one the next press carries: its cookie must go with the page.
    get_token(request)
    response.status_code = 403
    return response


def from_this_site(request, reason):
    """Whether the refused post came from one of this site's pages: refused for its token
    alone, after Django accepted its Origin (or, over HTTPS, its Referer). A browser names
    the Origin of every form it posts; a post naming none over plain HTTP is not trusted."""
    if reason.startswith(_WRONG_ORIGIN):
        return False
    return "HTTP_ORIGIN" in request.META or request.is_secure()


def _shown_again(data):
    return {name: data.get(name, "") for name in data if not _NEVER_SHOWN.search(name)}
