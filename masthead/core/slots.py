"""Named places in a page that other apps fill: the article page's opt-ins and comments, the
account page's sections.

A page owned by one app shows what apps above it contribute without knowing them: the
template says `{% slot "account_sections" %}`, and each contributing app registers a Wagtail
hook named `masthead_slot_<name>` (in its `wagtail_hooks.py`, with `order=` to place it), a
function of the template context returning HTML. So `news` loads no alerts tag and `accounts`
no newsletter tag: dependencies point down, contributions come up through hooks, as Wagtail's
own `insert_editor_js` or `construct_homepage_panels` do.
"""

from django.utils.html import format_html_join
from wagtail import hooks

HOOK_PREFIX = "masthead_slot_"


def fill(name, context):
    """The HTML every app contributes to the slot `name`, in the hooks' order."""
    return format_html_join(
        "", "{}", ((contribute(context),) for contribute in hooks.get_hooks(HOOK_PREFIX + name))
    )
