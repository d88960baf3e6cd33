"""Structured data and social metadata for pages, built from the models."""

from django.conf import settings

from masthead.access import policy

from . import corrections as corrections_service
from . import images


def absolute(url):
    return url if url.startswith("http") else settings.SITE_URL + url


def image_object(image, caption=""):
    largest = images.renditions(image, "story")["jpeg"][-1]
    return {
        "@type": "ImageObject",
        "url": absolute(largest.url),
        "width": largest.width,
        "height": largest.height,
        "caption": caption or image.caption,
        "creditText": image.credit,
    }


def publisher():
    return {
        "@type": "NewsMediaOrganization",
        "name": settings.WAGTAIL_SITE_NAME,
        "url": settings.SITE_URL + "/",
        "logo": {
            "@type": "ImageObject",
            "url": absolute(settings.STATIC_URL + "masthead/logo.png"),
        },
    }


def article_json_ld(article, authors, decision):
    """`NewsArticle` structured data: headline, photos with credits, authors, dates (modified:
    the latest update or correction), corrections, publisher."""
    corrections = corrections_service.of_article(article)
    modified = corrections_service.modified_at(article, corrections)
    photos = []
    if article.lead_image:
        photos.append(image_object(article.lead_image, article.caption))
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": article.full_url},
        "url": article.full_url,
        "headline": article.title[:110],
        "description": article.standfirst,
        "image": photos,
        "author": [
            {"@type": "Person", "name": a.name, "url": absolute(a.get_absolute_url())}
            for a in authors
        ],
        "datePublished": article.published_at.isoformat() if article.published_at else None,
        "dateModified": (
            corrections_service.iso_time(modified) if article.published_at and modified else None
        ),
        "publisher": publisher(),
        "articleSection": article.section.title,
        "keywords": [t.name for t in article.topic_list],
        "isAccessibleForFree": not decision.gated,
    }
    if decision.gated:
        # Tells search engines the gated part is a registration wall, not cloaking.
        data["hasPart"] = {
            "@type": "WebPageElement",
            "isAccessibleForFree": False,
            "cssSelector": policy.GATED_SELECTOR,
        }
    if corrections:
        # Public notices, printed at the story's foot for every reader.
        data["correction"] = [
            {
                "@type": "CorrectionComment",
                "text": correction.text,
                "datePublished": corrections_service.iso_time(correction.corrected_at),
            }
            for correction in corrections
        ]
    if article.dateline:
        data["locationCreated"] = {"@type": "Place", "name": article.dateline}
    return data
