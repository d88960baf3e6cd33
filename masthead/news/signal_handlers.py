from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished

from masthead.core import generation

from . import corrections
from .models import ArticlePage, Author, Correction, NewsImage, Topic

# Saves that change nothing a reader sees (Wagtail fills these in on its own).
BOOKKEEPING_FIELDS = {"file_hash", "file_size"}


@receiver(page_published, sender=ArticlePage)
def prepare_images_on_publish(sender, instance, **kwargs):
    from .tasks import prepare_article_images

    transaction.on_commit(lambda: prepare_article_images.enqueue(instance.pk))


@receiver(post_save, sender=Author)
@receiver(post_save, sender=Topic)
@receiver(post_save, sender=NewsImage)
@receiver(post_delete, sender=Author)
@receiver(post_delete, sender=Topic)
def forget_pages_on_a_correction(created=False, update_fields=None, **kwargs):
    """An author's or a topic's name, a photo's caption or credit show on every story and card
    that carries them, which are kept per publish generation: a correction starts a new one,
    so it shows at once. A new one is on no page yet."""
    if created or (update_fields and set(update_fields) <= BOOKKEEPING_FIELDS):
        return
    generation.purge_all()


@receiver(page_published, sender=ArticlePage)
@receiver(page_unpublished, sender=ArticlePage)
@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def purge_corrections_on_publish(instance=None, **kwargs):
    """A story with corrections published, unpublished, made private or public again changes
    the corrections page and feeds: the edge forgets them once the change is committed (the
    app's own cache starts a new generation on every publish)."""
    page = instance
    if isinstance(instance, PageViewRestriction):  # its page may be gone with it
        page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None and corrections.touches_listings(page):
        transaction.on_commit(corrections.purge_listings)


@receiver(post_delete, sender=Correction)
def purge_corrections_on_removal(**kwargs):
    """A correction removed from a story (by publishing it without) or deleted with it."""
    transaction.on_commit(corrections.purge_listings)
