"""Private pages (Wagtail's view restrictions: a password, signed-in readers, some groups),
without asking the database on every request.

Wagtail reads every restriction for each listing (`PageQuerySet.public()`) and the page's
ancestors plus their restrictions for each page served (`Page.get_view_restrictions()`).
Restrictions are few and rarely change, so each process keeps them per page-cache generation
(`kept`): making a page private or public again starts a new one (`signal_handlers`). The
news pages' manager (`PageManager`) answers `.public()` from them.
"""

from django.db.models import Q
from wagtail.models import Page, PageManager, PageViewRestriction
from wagtail.query import PageQuerySet

from . import generation


@generation.per_generation
def _restricted():
    """Each restriction as (id, path of its page), and the paths of alias pages."""
    restrictions = list(PageViewRestriction.objects.values_list("pk", "page__path"))
    aliases = list(Page.objects.filter(alias_of__isnull=False).values_list("path", flat=True))
    return restrictions, aliases


def _private_q():
    """Pages that are private or under a private page; empty when nothing is private."""
    restrictions, _ = _restricted()
    private = Q()
    for _, path in restrictions:
        private |= Q(path__startswith=path)
    return private


class KeptPageQuerySet(PageQuerySet):
    """Wagtail's page queryset, with the restrictions kept in the process."""

    def private_q(self):
        return _private_q() or Q(pk__in=[])

    def public(self):
        private = _private_q()
        return self.exclude(private) if private else self


KeptPageManager = PageManager.from_queryset(KeptPageQuerySet)


def is_private(page):
    """Whether `page` is private or under a private page: what `.public()` leaves out."""
    restrictions, _ = _restricted()
    return any(page.path.startswith(path) for _, path in restrictions)


def view_restrictions(page):
    """The restrictions that apply to `page` (as `Page.get_view_restrictions()`); a query
    only when there are some, or when the page is or is under an alias (whose restrictions
    are its source page's: Wagtail's own answer then)."""
    restrictions, aliases = _restricted()
    if any(page.path.startswith(path) for path in aliases):
        return Page.get_view_restrictions(page)
    ids = [pk for pk, path in restrictions if page.path.startswith(path)]
    if not ids:
        return PageViewRestriction.objects.none()
    return PageViewRestriction.objects.filter(pk__in=ids)
