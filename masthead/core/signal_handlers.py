from django.core.cache import cache
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import pagecache
from .context_processors import NAV_CACHE_KEY


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
def forget_navigation(**kwargs):
    cache.delete(NAV_CACHE_KEY)
    pagecache.purge_all()
