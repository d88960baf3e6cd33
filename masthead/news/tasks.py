from django.tasks import task

from . import images
from .models import ArticlePage


@task()
def prepare_article_images(page_id):
    """Generate every rendition of an article's photos. Safe to run twice."""
    article = ArticlePage.objects.filter(pk=page_id).select_related("lead_image").first()
    if article is None:
        return 0
    photos = [article.lead_image] if article.lead_image else []
    photos += [block.value["image"] for block in article.body if block.block_type == "image"]
    for photo in photos:
        if photo is not None:
            images.pregenerate(photo)
    return len(photos)
