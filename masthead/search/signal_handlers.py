from django.db import transaction
from django.dispatch import receiver
from wagtail.signals import page_published

from masthead.news.models import ArticlePage


@receiver(page_published, sender=ArticlePage)
def index_on_publish(sender, instance, **kwargs):
    """Index the published article once its bylines and topics are saved too.

    Wagtail's own post_save update runs before a page's child relations
    (bylines) and parental many-to-many (topics) are written, so on a first
    publish it can miss them; this runs after the transaction commits.
    """
    from .tasks import index_article

    transaction.on_commit(lambda: index_article.enqueue(instance.pk))
