from django.urls import path

from . import feeds, sitemaps, views

app_name = "news"

urlpatterns = [
    path("topics/<slug:slug>/", views.topic_page, name="topic"),
    path("authors/<slug:slug>/", views.author_page, name="author"),
    path("feeds/rss/", feeds.ArticleFeed(), name="feed_rss"),
    path("feeds/atom/", feeds.AtomArticleFeed(), name="feed_atom"),
    path("feeds/<str:kind>/<slug:slug>/rss/", feeds.ArticleFeed(), name="feed_rss_for"),
    path("feeds/<str:kind>/<slug:slug>/atom/", feeds.AtomArticleFeed(), name="feed_atom_for"),
    path("news-sitemap.xml", sitemaps.news_sitemap, name="news_sitemap"),
    path("corrections/", views.corrections_page, name="corrections"),
    path("corrections/rss/", feeds.CorrectionFeed(), name="corrections_rss"),
    path("corrections/atom/", feeds.AtomCorrectionFeed(), name="corrections_atom"),
]
