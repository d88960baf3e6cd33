from django.conf import settings
from django.shortcuts import get_object_or_404, render

from . import services
from .models import Author, Topic


def topic_page(request, slug):
    topic = get_object_or_404(Topic, slug=slug)
    articles = services.listing(request, services.articles_for_topic(topic))
    return render(request, "news/topic_page.html", {"topic": topic, "articles": articles})


def author_page(request, slug):
    author = get_object_or_404(Author.objects.select_related("photo"), slug=slug)
    articles = services.listing(request, services.articles_by_author(author))
    return render(request, "news/author_page.html", {"author": author, "articles": articles})


def corrections_page(request):
    """Every correction of every live, public story, newest first, a page at a time; kept by
    shared caches as the other listings are (a publish purges it)."""
    from masthead.core.caching import add_page_cache_headers

    from . import corrections
    from .models.pages import paginate

    page = paginate(request, corrections.public(), settings.ARTICLES_PER_PAGE)
    response = render(request, "news/corrections_page.html", {"corrections": page})
    return add_page_cache_headers(request, response, tags=["corrections"])
