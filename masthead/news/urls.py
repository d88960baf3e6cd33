from django.urls import path

from masthead.core.caching import shared_listing

from . import feeds, sitemaps, views

# Feeds list articles: purged with them (the listings' purge names their addresses too).
FEED_TAGS = ("feeds", "articles")

app_name = "news"

urlpatterns = [
    path("topics/<slug:slug>/", views.topic_page, name="topic"),
    path("authors/<slug:slug>/", views.author_page, name="author"),
    path("feeds/rss/", shared_listing(feeds.ArticleFeed(), FEED_TAGS), name="feed_rss"),
    path("feeds/atom/", shared_listing(feeds.AtomArticleFeed(), FEED_TAGS), name="feed_atom"),
    path(
        "feeds/<str:kind>/<slug:slug>/rss/",
        shared_listing(feeds.ArticleFeed(), FEED_TAGS),
        name="feed_rss_for",
    ),
    path(
        "feeds/<str:kind>/<slug:slug>/atom/",
        shared_listing(feeds.AtomArticleFeed(), FEED_TAGS),
        name="feed_atom_for",
    ),
    path(
        "news-sitemap.xml",
        shared_listing(sitemaps.news_sitemap, ("sitemap", "articles")),
        name="news_sitemap",
    ),
    path("corrections/", views.corrections_page, name="corrections"),
    path(
        "corrections/rss/",
        shared_listing(feeds.CorrectionFeed(), ("corrections",)),
        name="corrections_rss",
    ),
    path(
        "corrections/atom/",
        shared_listing(feeds.AtomCorrectionFeed(), ("corrections",)),
        name="corrections_atom",
    ),
]
