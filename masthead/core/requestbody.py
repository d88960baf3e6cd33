"""Every request body is read to its end before the answer goes out.

A view may answer without reading the body it was sent: a form refused for its CSRF token, a
404 for a POST, a 413. The server then cannot tell where the next request on the same
keep-alive connection begins, so it closes the connection after the answer, and a client that
had already sent its next request on it (a browser, a proxy's pool of connections) sees
"connection closed without response". Reading what is left keeps the connection usable.
Bodies larger than `MAX_DRAINED` are not read: closing that connection is cheaper.
"""

MAX_DRAINED = 32 * 1024 * 1024  # above nginx's client_max_body_size (25m)
CHUNK = 64 * 1024


def _declared_length(environ):
    try:
        return int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def drain(environ):
    """Read and drop what the application left of the request body."""
    if _declared_length(environ) > MAX_DRAINED:
        return
    stream = environ.get("wsgi.input")
    if stream is None:
        return
    left = MAX_DRAINED
    while left > 0:
        chunk = stream.read(min(CHUNK, left))
        if not chunk:
            return
        left -= len(chunk)


class DrainedBodyApplication:
    """WSGI middleware: the wrapped application's answer, once the request body is read."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        response = self.application(environ, start_response)
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD", "OPTIONS"):
            drain(environ)
        return response
