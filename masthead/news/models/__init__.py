from .corrections import Correction
from .images import NewsImage, NewsRendition
from .pages import (
    ArticleAuthor,
    ArticlePage,
    ArticleRelated,
    HomePage,
    HomePageFeatured,
    SectionPage,
)
from .taxonomy import Author, Topic

__all__ = [
    "ArticleAuthor",
    "ArticlePage",
    "ArticleRelated",
    "Author",
    "Correction",
    "HomePage",
    "HomePageFeatured",
    "NewsImage",
    "NewsRendition",
    "SectionPage",
    "Topic",
]
