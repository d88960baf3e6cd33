"""CSS inlining for the email, keeping the template's escaping intact.

css-inline parses the HTML and writes it out again with the serializer rules from before
the 2025 HTML change: ``<`` and ``>`` inside attribute values come out raw. Browsers still
read such a value as text, but mail-client sanitizers that do not parse HTML fully have been
tricked by them before (mutation XSS), so an editor's ``alt="><img onerror=…>`` must
leave here as ``&gt;&lt;img …``, as Django escaped it.
"""

import re

import css_inline

# A start tag as css-inline writes it: every value in double quotes, ``"`` as ``&quot;``.
# In its text nodes ``<`` is always ``&lt;``, so ``<`` + letter only opens a real tag.
START_TAG = re.compile(r'<[a-zA-Z][^\s/>]*(?:\s+[^\s"\'>/=]+(?:="[^"]*")?)*\s*/?>')
VALUE = re.compile(r'="([^"]*)"')


def _escape_values(tag):
    return VALUE.sub(
        lambda value: '="' + value[1].replace("<", "&lt;").replace(">", "&gt;") + '"',
        tag[0],
    )


def inline_css(html):
    inlined = css_inline.CSSInliner(keep_at_rules=True, load_remote_stylesheets=False).inline(html)
    return START_TAG.sub(_escape_values, inlined)
