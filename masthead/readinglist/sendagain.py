"""A Save or Remove button pressed without a valid CSRF token: the buttons in shared pages
hold none, and without their script the post is refused (`core.sendagain`). A member gets a
page asking to press once more, with a token; an anonymous reader the sign-in form, which
brings them back to the story."""

from django.shortcuts import render

from masthead.accounts.forms import EmailForm

from . import services

SIGN_IN_TO_SAVE = "Sign in or register to save stories to your reading list."


def _confirm(request, notice, action):
    article = services.story_to_save(request.resolver_match.kwargs["page_id"])
    if article is None:
        return None
    if not request.user.is_authenticated:
        form = EmailForm(initial={"next": article.url})
        return render(
            request, "accounts/signin.html", {"form": form, "send_again": SIGN_IN_TO_SAVE}
        )
    context = {"article": article, "action": action, "send_again": notice}
    return render(request, "readinglist/confirm.html", context)


def save(request, values, notice):
    return _confirm(request, notice, "save")


def remove(request, values, notice):
    return _confirm(request, notice, "remove")
