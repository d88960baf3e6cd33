from django.conf import settings
from django.shortcuts import get_object_or_404, render

from . import services
from .models import Author, Topic
from .models.pages import paginate


def topic_page(request, slug):
    topic = get_object_or_404(Topic, slug=slug)
    articles = paginate(request, services.articles_for_topic(topic), settings.ARTICLES_PER_PAGE)
    articles.object_list = services.with_sections(articles.object_list)
    return render(request, "news/topic_page.html", {"topic": topic, "articles": articles})


def author_page(request, slug):
    author = get_object_or_404(Author.objects.select_related("photo"), slug=slug)
    articles = paginate(request, services.articles_by_author(author), settings.ARTICLES_PER_PAGE)
    articles.object_list = services.with_sections(articles.object_list)
    return render(request, "news/author_page.html", {"author": author, "articles": articles})
