"""The generic OpenID Connect provider for "Or Continue with": allauth's, plus a nonce.

allauth's own OpenID Connect provider sends no ``nonce`` and so cannot check one; this
one binds every authorisation request to a fresh nonce kept in the signed state and
refuses an ID token that does not carry it back. It takes allauth's provider id
``openid_connect``, so settings and URLs are the usual ones.
"""
