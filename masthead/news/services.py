"""What the reading side asks of the news: listings, the front page, "read more".

Every listing goes through `live_articles()`, so a draft, a private or an
expired story never shows up anywhere, and through `with_sections()`, so a
list of N stories costs a fixed number of queries.
"""

from django.db.models import Count, Prefetch

from .models import ArticleAuthor, ArticlePage, SectionPage

FRONT_PAGE_TOP_STORIES = 4
FRONT_PAGE_LATEST = 10
FRONT_PAGE_PER_SECTION = 4
READ_MORE_COUNT = 4


def live_articles():
    """Published, public articles, newest first, with what a story card shows."""
    return (
        ArticlePage.objects.live()
        .public()
        .select_related("lead_image")
        .prefetch_related(
            Prefetch("bylines", queryset=ArticleAuthor.objects.select_related("author"))
        )
        .order_by("-published_at", "-pk")
    )


def with_sections(articles):
    """Attach `.section_page` to each article from one query over the sections."""
    articles = list(articles)
    if not articles:
        return articles
    step = ArticlePage.steplen
    parent_paths = {article.path[: len(article.path) - step] for article in articles}
    sections = {s.path: s for s in SectionPage.objects.filter(path__in=parent_paths)}
    for article in articles:
        article.section_page = sections.get(article.path[: len(article.path) - step])
    return articles


def articles_in_section(section):
    return live_articles().child_of(section)


def articles_for_topic(topic):
    return live_articles().filter(topics=topic)


def articles_by_author(author):
    return live_articles().filter(bylines__author=author).distinct()


def front_page(home):
    """The front page's blocks: lead, top stories, latest, and one block per section."""
    picks = [f.article_id for f in home.featured.all()]
    picked = {a.pk: a for a in live_articles().filter(pk__in=picks)}
    curated = [picked[pk] for pk in picks if pk in picked]
    latest = list(live_articles()[: FRONT_PAGE_LATEST + FRONT_PAGE_TOP_STORIES + 1])
    # Fill the lead and top stories with the newest stories when editors picked fewer.
    top = curated + [a for a in latest if a.pk not in picked]
    top = top[: FRONT_PAGE_TOP_STORIES + 1]
    shown = {a.pk for a in top}
    latest = [a for a in latest if a.pk not in shown][:FRONT_PAGE_LATEST]
    sections = list(SectionPage.objects.live().public().child_of(home).order_by("path"))
    section_blocks = []
    for section in sections:
        stories = [
            a
            for a in articles_in_section(section)[: FRONT_PAGE_PER_SECTION + 5]
            if a.pk not in shown
        ][:FRONT_PAGE_PER_SECTION]
        for story in stories:
            story.section_page = section
        if stories:
            section_blocks.append({"section": section, "articles": stories})
    with_sections(top + latest)
    return {
        "lead": top[0] if top else None,
        "top_stories": top[1:],
        "latest": latest,
        "section_blocks": section_blocks,
        "sections": sections,
    }


def read_more(article, count=READ_MORE_COUNT):
    """The editors' picks first, then stories sharing the most topics, then the section's newest."""
    chosen = []
    pick_ids = [pick.article_id for pick in article.related_picks.all()]
    if pick_ids:
        by_id = {a.pk: a for a in live_articles().filter(pk__in=pick_ids)}
        chosen = [by_id[pk] for pk in pick_ids if pk in by_id]
    exclude = {article.pk, *(a.pk for a in chosen)}
    topic_ids = list(article.topics.values_list("pk", flat=True))
    if len(chosen) < count and topic_ids:
        same_topics = (
            live_articles()
            .filter(topics__in=topic_ids)
            .exclude(pk__in=exclude)
            .annotate(shared=Count("topics"))
            .order_by("-shared", "-published_at")[: count - len(chosen)]
        )
        chosen += list(same_topics)
        exclude |= {a.pk for a in chosen}
    if len(chosen) < count:
        parent = article.section
        chosen += list(
            live_articles().child_of(parent).exclude(pk__in=exclude)[: count - len(chosen)]
        )
    return with_sections(chosen[:count])
