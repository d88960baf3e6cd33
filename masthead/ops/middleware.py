import re
import uuid

from .logs import request_id

# A proxy's id is kept when it looks like one; anything else could forge log lines.
TRUSTED_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def choose_request_id(incoming):
    """The proxy's id when it sent a sane one, else a new one."""
    return incoming if TRUSTED_ID.match(incoming or "") else uuid.uuid4().hex


class RequestIdMiddleware:
    """Give every request an id (the proxy's X-Request-ID, or a new one), put it on each log
    line written while serving it, and return it so a reader's report can be traced."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = choose_request_id(request.headers.get("X-Request-ID", ""))
        token = request_id.set(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            request_id.reset(token)
        response["X-Request-ID"] = request.request_id
        return response
