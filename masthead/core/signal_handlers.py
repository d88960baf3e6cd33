from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import edge, generation


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
def forget_cached_pages(instance=None, **kwargs):
    """A publish changes the navigation and any listing: drop the app's cached pages (a new
    generation) and tell the edge once the change is committed."""
    generation.purge_all()
    page = instance or kwargs.get("page")
    if page is not None:
        transaction.on_commit(lambda: edge.purge_listings(page))


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def forget_pages_on_privacy_change(instance=None, **kwargs):
    """A page made private (or public again) changes what anonymous readers may see of it
    and of every listing it is in: no copy cached before the change may be served."""
    page = Page.objects.filter(pk=instance.page_id).first()
    forget_cached_pages(page=page)
    if page is not None:
        transaction.on_commit(lambda: edge.purge_page(page))


@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
def forget_pages_on_site_change(**kwargs):
    """A site's hostname, port or root page is in every URL it serves (and each process keeps
    the sites, see `sites`): a new generation."""
    forget_cached_pages()
