"""Refuse, with a 400, requests carrying text the databases cannot store.

PostgreSQL refuses NUL (U+0000) in any text value, and no database can store a lone
surrogate (U+D800–U+DFFF, which has no UTF-8 form): a view that looked either up or saved
it failed with a 500. No reader types them; they come from scanners and broken clients.
So they are refused here, before any view (and before the page cache, the session and
CSRF middleware read the request): in the path, the query string, cookies, form fields
(field names, values and uploaded file names) and the strings of a JSON body.

Percent-encoded bytes that are not UTF-8 never become surrogates: Django keeps them
percent-encoded in the path and decodes query strings and forms with replacement
characters. JSON's "\\ud800" escape does produce one, so JSON bodies are decoded to look.
"""

import json

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import HttpResponseBadRequest, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers

MESSAGE = "This request has characters this site does not accept (a null character)."
JSON_TYPES = ("application/json",)


def unstorable(text):
    """True when ``text`` has a character no database here can store."""
    return "\x00" in text or any("\ud800" <= ch <= "\udfff" for ch in text)


def _any_unstorable(values):
    return any(unstorable(value) for value in values if isinstance(value, str))


def _query_dict_bad(query_dict):
    return any(unstorable(key) or _any_unstorable(values) for key, values in query_dict.lists())


def _json_strings(value):
    """Every string of a decoded JSON document, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _json_strings(item)


def _is_json(request):
    content_type = request.content_type or ""
    return content_type in JSON_TYPES or content_type.endswith("+json")


def _body_bad(request):
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return False
    content_type = request.content_type or ""
    if _is_json(request):
        if b"\x00" in request.body:
            return True
        try:
            document = json.loads(request.body)
        except ValueError:
            return False  # not JSON at all: the view says so
        return _any_unstorable(_json_strings(document))
    if content_type == "multipart/form-data":
        # A small form is read whole first, so a view may still read the raw body (some
        # webhooks sign it); a large one (an upload) is parsed as it streams in.
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is None or int(request.META.get("CONTENT_LENGTH") or 0) <= limit:
            request.body  # noqa: B018 - cached on the request for later readers
        files = request.FILES
        names = [upload.name or "" for upload in files.values()]
        return _query_dict_bad(request.POST) or _any_unstorable(names)
    if content_type == "application/x-www-form-urlencoded":
        return _query_dict_bad(request.POST)
    return False


def refused(request):
    """A 400 saying what is wrong: JSON to JSON clients, a plain page to others."""
    if _is_json(request) or "application/json" in request.headers.get("Accept", ""):
        response = JsonResponse({"error": MESSAGE}, status=400)
    else:
        response = HttpResponseBadRequest(render_to_string("400.html"))
    add_never_cache_headers(response)
    return response


class RejectUnstorableInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            bad = (
                unstorable(request.path_info)
                or _query_dict_bad(request.GET)
                or _any_unstorable([*request.COOKIES.keys(), *request.COOKIES.values()])
                or _body_bad(request)
            )
        except (RequestDataTooBig, MultiPartParserError, SuspiciousOperation):
            # Django's own limits: the view meets them again and answers as it always has.
            bad = False
        if bad:
            return refused(request)
        return self.get_response(request)
