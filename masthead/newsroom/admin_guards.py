"""Bad values sent to four of Wagtail's admin views get a 400 instead of a 500.

Wagtail 8.0 trusts the input of these views, so an odd value in an address (typed,
truncated, or sent by a scanner through an editor's session) raised an exception. Each
guard checks that one input before Wagtail's view runs, and answers 400 saying what is
wrong. A good value goes on to Wagtail's view unchanged, and so does the 404 of a
well-formed id that matches nothing. When Wagtail checks an input itself, its guard can go
(tests/newsroom/test_admin_guards.py says what each view must answer).

- The admin API's ``find`` (``/admin/api/main/{pages,images,documents}/find/?id=``):
  ``BaseAPIViewSet.find_object`` passes ``id`` unread to ``queryset.get(id=...)``, which
  raises ValueError for a value that is not a number. The API's ``handle_exception`` only
  turns Http404 and BadRequestError into answers, so this was a 500. ``FindsByNumber``
  reads the id as the model's primary key first and raises BadRequestError, which the API
  answers with 400 in its own JSON. Those endpoints are swapped in through Wagtail's
  ``construct_admin_api`` hook (wagtail_hooks.py).
- The page chooser's step that returns several chosen pages
  (``/admin/choose-page/chosen-multiple/?id=…``): ``ChosenMultipleView`` filters
  ``pk__in`` on the ``id`` values as they arrive. A value that is not a number raises
  ValueError, and one that is too large for SQLite raises OverflowError.
- The external-link chooser, when it is posted (``/admin/choose-external-link/``): a
  form posted without its URL field gives ``URLOrAbsolutePathField.to_python`` None, and
  Wagtail then calls ``None.startswith("/")`` (AttributeError).
- The admin sign-in page when the person is already signed in (``/admin/login/?next=``):
  ``LoginView.get`` redirects with ``django.shortcuts.redirect``. That function reads a
  value with neither "/" nor "." as the name of a view and reverses it, so a value such as
  ``'`` raised NoReverseMatch. (Django's own LoginView redirects to the value as an
  address.)

The last three views are declared by Wagtail's URL conf, with no hook to replace them.
urls.py in this app places each of them again, behind its guard, ahead of Wagtail's admin
URLs. It wraps the view exactly as Wagtail registered it (sign-in check, no caching, the
admin's 404 page), so the guard runs before Wagtail's sign-in check: a bad value is a 400
for someone not signed in too, where a good one leads to the sign-in page.
"""

import functools

from django.contrib.auth import REDIRECT_FIELD_NAME
from django.core.exceptions import ValidationError
from django.http import HttpResponseBadRequest
from django.utils.cache import add_never_cache_headers
from wagtail.admin.api.views import PagesAdminAPIViewSet
from wagtail.api.v2.utils import BadRequestError
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.models import Page

# The URL field of Wagtail's external-link form, under the prefix its view gives the form
# (ExternalLinkView.form_prefix).
EXTERNAL_LINK_URL_FIELD = "external-link-chooser-url"


def is_primary_key(model, value):
    """True when ``value`` can be one of ``model``'s ids. The value must be a number in the
    database's range, as the model field itself would accept it."""
    try:
        model._meta.pk.clean(value, None)
    except ValidationError:
        return False
    return True


class FindsByNumber:
    """An admin API endpoint whose ``find`` answers 400 to an id that is not a number."""

    def find_object(self, queryset, request):
        if "id" in request.GET and not is_primary_key(queryset.model, request.GET["id"]):
            raise BadRequestError("id must be a whole number")
        return super().find_object(queryset, request)


class PagesAdminAPI(FindsByNumber, PagesAdminAPIViewSet):
    pass


class ImagesAdminAPI(FindsByNumber, ImagesAdminAPIViewSet):
    pass


class DocumentsAdminAPI(FindsByNumber, DocumentsAdminAPIViewSet):
    pass


# The admin API's endpoints, by the names Wagtail registers them under.
ADMIN_API_ENDPOINTS = {
    "pages": PagesAdminAPI,
    "images": ImagesAdminAPI,
    "documents": DocumentsAdminAPI,
}


def refused(problem):
    """A 400 for someone in the admin, saying what was wrong with the request."""
    response = HttpResponseBadRequest(problem, content_type="text/plain; charset=utf-8")
    add_never_cache_headers(response)
    return response


def guard(find_problem):
    """Turn ``find_problem(request)`` into a view decorator. The decorated view answers
    400 with the problem found, if any, and otherwise runs as usual."""

    def decorator(view):
        @functools.wraps(view)
        def guarded_view(request, *args, **kwargs):
            problem = find_problem(request)
            if problem:
                return refused(problem)
            return view(request, *args, **kwargs)

        return guarded_view

    return decorator


@guard
def page_ids_are_numbers(request):
    if not all(is_primary_key(Page, value) for value in request.GET.getlist("id")):
        return "Each id must be the number of a page."
    return None


@guard
def link_form_has_its_url(request):
    if request.method == "POST" and EXTERNAL_LINK_URL_FIELD not in request.POST:
        return "The link form was sent without its URL field."
    return None


@guard
def next_is_an_address(request):
    # django.shortcuts.resolve_url reads any other value as a view name.
    next_url = request.GET.get(REDIRECT_FIELD_NAME, "")
    if next_url and "/" not in next_url and "." not in next_url:
        return "next must be an address, such as /admin/pages/."
    return None
