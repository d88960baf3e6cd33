from django.db import transaction
from django.dispatch import receiver
from wagtail.signals import page_published

from .models import ArticlePage


@receiver(page_published, sender=ArticlePage)
def prepare_images_on_publish(sender, instance, **kwargs):
    from .tasks import prepare_article_images

    transaction.on_commit(lambda: prepare_article_images.enqueue(instance.pk))
