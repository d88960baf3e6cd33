from django.tasks import task


@task()
def index_article(page_id):
    """Index an article as published, with its bylines and topics. Safe to run twice."""
    from wagtail.search import index

    from masthead.news.models import ArticlePage

    article = ArticlePage.objects.filter(pk=page_id).first()
    if article is None:
        return False
    index.insert_or_update_object(article)
    return True
