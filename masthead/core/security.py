"""Security headers on every response the app makes.

Django's SecurityMiddleware sends HSTS (production), nosniff, Referrer-Policy and
Cross-Origin-Opener-Policy. This middleware adds the Content-Security-Policy: the
site's strict, nonce-based policy (``SECURE_CSP``), or the Wagtail admin's looser one
(``MASTHEAD_ADMIN_CSP``: Wagtail's own templates carry inline scripts and styles), or,
for uploaded media, a sandbox in which nothing runs. It also names the charset of every
text response, so no browser has to guess it.

It sits inside the page cache: a page stored for anonymous readers is stored with the
policy it was rendered with, so a nonce in the page always matches the header served
with it.
"""

from django.conf import settings
from django.middleware.csp import ContentSecurityPolicyMiddleware
from django.utils.csp import CSP

# Types that are text and read by a browser: they must say how they are encoded.
TEXT_TYPES = ("text/", "application/json", "application/javascript", "application/xml")
TEXT_SUFFIXES = ("+xml", "+json")


def site_policy():
    """The policy of every page outside the admin: nothing inline without the nonce."""
    return {
        "default-src": [CSP.SELF],
        "script-src": [CSP.SELF, CSP.NONCE],
        "style-src": [CSP.SELF, CSP.NONCE],
        "img-src": [CSP.SELF, "data:"],
        "font-src": [CSP.SELF],
        "connect-src": [CSP.SELF],
        # Editors' embeds (video players, maps) are frames from their providers.
        "frame-src": [CSP.SELF, "https:"],
        "worker-src": [CSP.SELF],
        "manifest-src": [CSP.SELF],
        "object-src": [CSP.NONE],
        "base-uri": [CSP.NONE],
        "frame-ancestors": [CSP.NONE],
    }


def admin_policy():
    """The Wagtail admin's policy: inline scripts and styles allowed, still same-origin only."""
    return {
        "default-src": [CSP.SELF],
        "script-src": [CSP.SELF, CSP.UNSAFE_INLINE],
        "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
        "img-src": [CSP.SELF, "data:", "blob:", "https:"],
        "font-src": [CSP.SELF, "data:"],
        "connect-src": [CSP.SELF],
        # Previews and embeds in the editor.
        "frame-src": [CSP.SELF, "https:"],
        "worker-src": [CSP.SELF, "blob:"],
        "object-src": [CSP.NONE],
        "base-uri": [CSP.SELF],
        # The admin frames its own previews, nobody else frames the admin.
        "frame-ancestors": [CSP.SELF],
    }


def preview_policy():
    """A preview of a page: the site's policy, except that the admin (the same origin) frames
    it in its side panel."""
    return {**site_policy(), "frame-ancestors": [CSP.SELF]}


def outbox_policy():
    """The demo outbox's policy: the site's, plus the inline styles of the emails it shows
    (in a sandboxed frame, where no script runs)."""
    return {**site_policy(), "style-src": [CSP.SELF, CSP.UNSAFE_INLINE]}


def uploads_policy():
    """Uploaded files: shown as images at most, never run as a page of the site's origin."""
    return {
        "default-src": [CSP.NONE],
        "img-src": [CSP.SELF],
        "frame-ancestors": [CSP.NONE],
        "sandbox": True,
    }


def needs_charset(content_type):
    media_type = content_type.split(";", 1)[0].strip().lower()
    return "charset=" not in content_type.lower() and (
        media_type.startswith(TEXT_TYPES) or media_type.endswith(TEXT_SUFFIXES)
    )


class SecurityHeadersMiddleware(ContentSecurityPolicyMiddleware):
    def process_response(self, request, response):
        admin_prefix = getattr(settings, "ACCOUNTS_ADMIN_PREFIX", "/admin/")
        if not hasattr(response, "_csp_config"):
            if request.path.startswith(admin_prefix):
                response._csp_config = settings.MASTHEAD_ADMIN_CSP
            elif getattr(request, "is_preview", False):  # Wagtail's request for a preview
                response._csp_config = preview_policy()
            elif request.path.startswith(settings.MEDIA_URL):
                response._csp_config = uploads_policy()
        response = super().process_response(request, response)
        content_type = response.get("Content-Type", "")
        if needs_charset(content_type):
            response["Content-Type"] = f"{content_type}; charset={settings.DEFAULT_CHARSET}"
        return response
