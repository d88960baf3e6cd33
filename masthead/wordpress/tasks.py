"""After an import, the task worker builds in batches what readers need: the search index
(stories, and photos for the photo library), the photos' renditions and Wagtail's reference
index. Photos and stories written in batches (`bulk`) sent no save signals, so this is where
they are indexed. Each batch counts itself done on its run, which is how
`masthead import progress` tells how far they are. Safe to run twice."""

from django.db.models import F
from django.tasks import task
from wagtail.models import ReferenceIndex
from wagtail.search import index

from masthead.news import images
from masthead.news.models import ArticlePage, NewsImage

from .models import ImportRun


@task()
def follow_up(run_id, job, ids):
    if job == "index":
        for article in ArticlePage.objects.filter(pk__in=ids):
            index.insert_or_update_object(article)
    elif job == "references":
        for article in ArticlePage.objects.filter(pk__in=ids):
            ReferenceIndex.create_or_update_for_object(article)
    elif job == "photo index":  # what the photo library's search finds
        for image in NewsImage.objects.filter(pk__in=ids):
            index.insert_or_update_object(image)
    elif job == "renditions":
        for image in NewsImage.objects.filter(pk__in=ids):
            images.pregenerate(image)
    ImportRun.objects.filter(pk=run_id).update(tasks_done=F("tasks_done") + 1)
    return len(ids)
