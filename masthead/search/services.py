"""Search the archive: ranking, filters, pages and snippets that respect the wall.

Ranking puts the story about what the reader typed first, then blends in recency. For each
candidate match (the engine's SEARCH_MAX_CANDIDATES best; on SQLite and PostgreSQL its
newest, see native.py):

    relevance = TEXT_SHARE * score / best score
                + HEADLINE_SHARE * share of the query's words in the headline
                + LEAD_SHARE * share of the query's words in the lead
    recency   = 0.5 ** (age in days / SEARCH_RECENCY_HALF_LIFE_DAYS)
    rank      = (1 - SEARCH_RECENCY_WEIGHT) * relevance + SEARCH_RECENCY_WEIGHT * recency

The **lead** is the standfirst and the first LEAD_WORDS words of the lead-in (the public
part of the body, by the wall's policy): a story about a name names it at its top, one that
mentions it in passing anywhere. It is read (one query) for the LEAD_CANDIDATES best by the
rest of the rank. At the default weight (0.1),
a story from this week outranks an equally relevant one from 2019, while the story that
names the query in its headline or lead stays ahead of newer ones that mention it in passing.
"Newest" sorts every match by publication date instead.

Snippets: a reader who is not entitled to an article gets a snippet cut from what
the wall's policy shows that reader only (headline, standfirst, lead-in); an entitled
reader's snippet may come from the whole body. Articles are still *found* by
their full text for plain words, gated part included; quoted phrases match only what the
reader may see (`wall.py`), so a result count is no oracle for a gated sentence.
"""

import datetime as dt
import difflib
import html
import math
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Exists, OuterRef

from masthead.access import policy
from masthead.core import clock, generation
from masthead.news import services as news
from masthead.news.models import ArticleAuthor, ArticlePage, Author, SectionPage, Topic

from . import wall
from .backends import get_backend
from .query import WORD_RE, fold, parse

# Relevance: how well the text matches, whether the headline names the query's words, and
# whether the story's lead (standfirst and first LEAD_WORDS words) does: a story about a name
# names it at its top; one that mentions it in passing names it anywhere.
TEXT_SHARE = 0.35
HEADLINE_SHARE = 0.3
LEAD_SHARE = 0.35
LEAD_WORDS = 60
LEAD_CANDIDATES = 60
TAG_RE = re.compile(r"<[^>]*>")
SORTS = ("relevance", "newest")
VOCABULARY_CACHE_KEY = "search:headline-vocabulary"
VOCABULARY_HEADLINES = 5000
FILTER_CHOICES_SECONDS = 300


@dataclass(frozen=True)
class Filters:
    section: str = ""
    topic: str = ""
    author: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    sort: str = "relevance"

    # The query parameters the filters are read from.
    PARAMETERS = ("section", "topic", "author", "from", "to", "sort")

    @classmethod
    def from_params(cls, params):
        """Read filters from query parameters; anything malformed is ignored."""

        def slug(name):
            value = str(params.get(name, "") or "")[:100]
            return value if value.replace("-", "").replace("_", "").isalnum() else ""

        def date(name):
            try:
                return dt.date.fromisoformat(str(params.get(name, "") or "")[:10])
            except ValueError:
                return None

        sort = params.get("sort", "relevance")
        return cls(
            section=slug("section"),
            topic=slug("topic"),
            author=slug("author"),
            date_from=date("from"),
            date_to=date("to"),
            sort=sort if sort in SORTS else "relevance",
        )

    @property
    def active(self):
        return bool(self.section or self.topic or self.author or self.date_from or self.date_to)

    def apply(self, queryset):
        if self.section:
            section = SectionPage.objects.filter(slug=self.section).first()
            queryset = queryset.child_of(section) if section else queryset.none()
        if self.topic:
            queryset = queryset.filter(topics__slug=self.topic)
        if self.author:
            queryset = queryset.filter(bylines__author__slug=self.author)
        if self.date_from:
            queryset = queryset.filter(published_at__date__gte=self.date_from)
        if self.date_to:
            queryset = queryset.filter(published_at__date__lte=self.date_to)
        return queryset


@dataclass
class Result:
    article: ArticlePage
    headline: str
    standfirst: str
    snippet: str
    authors: list


@dataclass
class SearchPage:
    query: object
    filters: Filters
    results: list = field(default_factory=list)
    count: int = 0
    page: int = 1
    per_page: int = 20
    did_you_mean: str = ""
    # When the engine stopped at SEARCH_MAX_CANDIDATES: its estimate of every match, rounded
    # ("about 72,000 results"); 0 when `count` is the whole answer. Pages still end at `count`.
    estimate: int = 0

    @property
    def about(self):
        """True when the page tells the estimate of the matches instead of their count."""
        return self.estimate > self.count

    @property
    def num_pages(self):
        return max(1, math.ceil(self.count / self.per_page)) if self.count else 0

    @property
    def has_previous(self):
        return self.page > 1

    @property
    def has_next(self):
        return self.page * self.per_page < self.count

    @property
    def first(self):
        return (self.page - 1) * self.per_page + 1

    @property
    def last(self):
        return (self.page - 1) * self.per_page + len(self.results)


def searchable():
    """What search may ever return: the articles any listing shows."""
    return ArticlePage.objects.live().public()


def recency(published_at, now):
    """1.0 for a story published at `now`, halving every SEARCH_RECENCY_HALF_LIFE_DAYS."""
    if published_at is None:
        return 0.0
    age_days = max(0.0, (now - published_at).total_seconds() / 86400)
    return 0.5 ** (age_days / settings.SEARCH_RECENCY_HALF_LIFE_DAYS)


@dataclass(frozen=True)
class _StoredBody:
    """An article as far as the wall's policy reads its lead-in: the stored body alone."""

    body: object


def _lead_words(pks):
    """{pk: the folded words of each story's standfirst and the first LEAD_WORDS words of its
    lead-in}: where a story names who and what it is about. One query for all of them.

    The lead-in is what the wall shows every reader (`policy.lead_in_length()`), so ranking
    by it tells nothing of the gated text."""
    access = policy.wall_settings()
    rows = ArticlePage.objects.filter(pk__in=pks).values_list("pk", "standfirst", "body")
    leads = {}
    for pk, standfirst, body in rows:
        public = policy.lead_in_length(_StoredBody(body), access)
        words = []
        # Raw blocks: no block objects built, no images fetched.
        for index, block in enumerate(body.raw_data):
            if index >= public or len(words) >= LEAD_WORDS:
                break
            if block.get("type") == "paragraph":
                words += WORD_RE.findall(html.unescape(TAG_RE.sub(" ", str(block.get("value")))))
        leads[pk] = {fold(w) for w in [*WORD_RE.findall(standfirst or ""), *words[:LEAD_WORDS]]}
    return leads


def rank(hits, words):
    """Order the engine's hits by relevance, then recency (see the module docstring)."""
    best = max((hit.score for hit in hits), default=0.0) or 1.0
    folded = {fold(w) for w in words}
    weight = settings.SEARCH_RECENCY_WEIGHT
    now = clock.now()  # one moment for every hit

    def share(found):
        return len(folded.intersection(found)) / len(folded) if folded else 0.0

    def blended(hit, lead=0.0):
        headline = 0.0
        title = fold(hit.title)
        # The headline split into words only when a word of the query occurs in it at all.
        if any(word in title for word in folded):
            headline = share(WORD_RE.findall(title))
        relevance = TEXT_SHARE * hit.score / best + HEADLINE_SHARE * headline + LEAD_SHARE * lead
        return (1 - weight) * relevance + weight * recency(hit.published_at, now)

    ordered = sorted(hits, key=lambda hit: (-blended(hit), -hit.pk))
    # The lead is read for the best LEAD_CANDIDATES only (reading every candidate's body would
    # cost more than the search); the stories below them are ranked without it.
    leads = _lead_words([hit.pk for hit in ordered[:LEAD_CANDIDATES]])
    lead = {pk: share(found) for pk, found in leads.items()}
    return sorted(ordered, key=lambda hit: (-blended(hit, lead.get(hit.pk, 0.0)), -hit.pk))


def _block_text(block):
    if block.block_type == "paragraph":
        # Tags out, entities decoded: plain text (escaped again when shown).
        return html.unescape(TAG_RE.sub("", block.value.source))
    if block.block_type == "subheading":
        return str(block.value)
    if block.block_type == "pull_quote":
        return str(block.value.get("quote", ""))
    return ""


def snippet_text(article, decision):
    """The body text a snippet may be cut from for a reader with this access decision.

    The wall's policy decides which blocks: the lead-in only for a reader who is not
    entitled (never the gated rest), the whole story for one who is.
    """
    parts = [_block_text(block) for block in policy.visible_blocks(article, decision)]
    return "\n".join(p for p in parts if p)


def _results(articles, reader, groups, backend):
    """Results for `reader`: snippets cut from what the wall lets this reader see."""
    access = policy.wall_settings()
    sources = [
        (a.pk, a.title, a.standfirst, snippet_text(a, policy.decide(reader, a, settings=access)))
        for a in articles
    ]
    marked = backend.highlight(groups, sources)
    return [
        Result(
            article=article,
            headline=marked[article.pk][0],
            standfirst=marked[article.pk][1],
            snippet=marked[article.pk][2],
            authors=[byline.author for byline in article.bylines.all()],
        )
        for article in articles
    ]


def _phrases_the_reader_may_match(parsed, queryset, backend, sort):
    """The matches of a query with phrases, for a reader the wall may stop (`wall`): the
    engine's candidates, each gated one kept only when its public text shows the phrases."""
    cap = settings.SEARCH_MAX_CANDIDATES
    engine_query = wall.without_excluded_phrases(parsed)
    candidates = backend.search(engine_query, queryset, order="relevance", limit=cap).hits
    matched_whole = {hit.pk for hit in candidates}
    if engine_query != parsed:  # excluded phrases: the engine's answer on the whole text
        found = backend.search(parsed, queryset, order="relevance", limit=cap)
        matched_whole = {hit.pk for hit in found.hits}
    hits = wall.keep(parsed, candidates, matched_whole)
    if sort == "newest":
        hits.sort(key=lambda hit: (hit.published_at, hit.pk), reverse=True)
    return hits


def search(reader, raw_query, filters=None, page=1):
    """Search the archive for `reader` (Member or AnonymousUser): one page of results."""
    filters = filters or Filters()
    per_page = settings.SEARCH_RESULTS_PER_PAGE
    parsed = parse(raw_query, max_length=settings.SEARCH_MAX_QUERY_LENGTH)
    outcome = SearchPage(query=parsed, filters=filters, page=max(1, page), per_page=per_page)
    if parsed.empty:
        return outcome
    queryset = filters.apply(searchable())
    backend = get_backend()
    offset = (outcome.page - 1) * per_page
    if wall.applies(parsed, reader):
        hits = _phrases_the_reader_may_match(parsed, queryset, backend, filters.sort)
        outcome.count = len(hits)
        if filters.sort != "newest":
            hits = rank(hits, parsed.highlight_words)
        page_pks = [hit.pk for hit in hits[offset : offset + per_page]]
        found = None
    elif filters.sort == "newest":
        found = backend.search(parsed, queryset, order="newest", offset=offset, limit=per_page)
        outcome.count = found.count
        page_pks = [hit.pk for hit in found.hits]
    else:
        cap = settings.SEARCH_MAX_CANDIDATES
        found = backend.search(parsed, queryset, order="relevance", limit=cap)
        outcome.count = min(found.count, cap)
        ranked = rank(found.hits, parsed.highlight_words)
        page_pks = [hit.pk for hit in ranked[offset : offset + per_page]]
    if found is not None and found.estimate and not filters.active:
        # Counting every match of a common word would read them all: an estimate instead,
        # of the index as a whole (so not with the reader's filters).
        outcome.estimate = _rounded(found.estimate)
    articles = {a.pk: a for a in news.live_articles().filter(pk__in=page_pks)}
    ordered = news.with_sections([articles[pk] for pk in page_pks if pk in articles])
    groups = [(term,) for term in parsed.terms] + list(parsed.phrases)
    groups += [(typed,) for typed in parsed.typed if (typed,) not in groups]
    outcome.results = _results(ordered, reader, groups, backend)
    if outcome.count == 0:
        outcome.did_you_mean = did_you_mean(parsed)
    return outcome


def _rounded(number):
    """`number` to two significant digits: 72,327 -> 72,000."""
    return round(number, 2 - len(str(int(number)))) if number >= 100 else int(number)


def headline_vocabulary():
    """Folded words of recent headlines, for "did you mean"."""
    # Keyed by the newest article, so a new headline's words count at once.
    # (The newest id of any article: one step down the primary key, not a scan of live ones.)
    newest = ArticlePage.objects.order_by("-pk").values_list("pk", flat=True).first()
    key = f"{VOCABULARY_CACHE_KEY}:{newest}"
    words = cache.get(key)
    if words is None:
        titles = news.live_articles().values_list("title", flat=True)[:VOCABULARY_HEADLINES]
        words = sorted({fold(w) for title in titles for w in WORD_RE.findall(title) if len(w) > 2})
        cache.set(key, words, 600)
    return words


def did_you_mean(parsed):
    """A query with each unknown word replaced by the closest headline word, or ""."""
    vocabulary = headline_vocabulary()
    known = set(vocabulary)
    changed = False

    def closest(word):
        nonlocal changed
        if fold(word) in known or len(word) < 3:
            return word
        match = difflib.get_close_matches(fold(word), vocabulary, n=1, cutoff=0.75)
        if match:
            changed = True
            return match[0]
        return word

    terms = [closest(t) for t in parsed.terms]
    phrases = [f'"{" ".join(closest(w) for w in p)}"' for p in parsed.phrases]
    return " ".join(terms + phrases) if changed else ""


def suggest(raw_query, limit=8):
    """Headlines (and their URLs) for as-you-type suggestions: headlines only, never body text."""
    parsed = parse(raw_query, max_length=100)
    words = [*parsed.terms, *(w for p in parsed.phrases for w in p)]
    if not words or len(" ".join(words)) < 2:
        return []
    articles = get_backend().suggest(words, searchable(), limit=limit)
    return [{"title": a.title, "url": a.url} for a in articles]


def filter_choices():
    """Sections, topics and authors to offer as filters.

    The same for every search, so kept in the cache until the next publish (the page cache's
    generation) or for five minutes (a new topic or author needs no publish to exist)."""
    key = f"search:filter-choices:{generation.of_this_request()}"
    return cache.get_or_set(key, _filter_choices, FILTER_CHOICES_SECONDS)


def _filter_choices():
    # Sorted here: ORDER BY path would walk every page of the tree by its path index.
    sections = sorted(SectionPage.objects.live().public(), key=lambda s: s.path)
    # Authors with a byline: an EXISTS per author, not a DISTINCT over every byline.
    authors = Author.objects.filter(Exists(ArticleAuthor.objects.filter(author=OuterRef("pk"))))
    return {
        "sections": [{"slug": s.slug, "title": s.title} for s in sections],
        "topics": list(Topic.objects.order_by("name").values("slug", "name")),
        "authors": list(authors.order_by("name").values("slug", "name")),
    }


def reindex(progress=None):
    """Rebuild the search index of articles; `progress(done, total)` after each batch."""
    from wagtail.search.backends import get_search_backend

    engine = get_search_backend(settings.SEARCH_BACKEND.get("OPTIONS", {}).get("alias", "default"))
    index = engine.get_index_for_model(ArticlePage)
    if hasattr(index, "delete_stale_model_entries"):
        index.delete_stale_model_entries(ArticlePage)
    # Oldest first: on the database backends, index order is what "newest matches" follows
    # (articles published later are indexed later anyway).
    pks = list(
        ArticlePage.get_indexed_objects()
        .order_by("published_at", "pk")
        .values_list("pk", flat=True)
    )
    queryset = ArticlePage.get_indexed_objects().prefetch_related("topics", "bylines__author")
    total = len(pks)
    done = 0
    batch = 1000
    for start in range(0, total, batch):
        chunk = queryset.in_bulk(pks[start : start + batch])
        index.add_items(
            ArticlePage, [chunk[pk] for pk in pks[start : start + batch] if pk in chunk]
        )
        done += len(chunk)
        if progress:
            progress(done, total)
    if connection.vendor == "postgresql":
        # Fresh statistics, so the planner knows which words are common: native.py sizes its
        # window of newest entries from its estimate. VACUUM too when it may run (not inside
        # a transaction): Wagtail rewrites every entry once more to set its title_norm, and
        # the old row versions stay in the indexes, read by every search, until vacuumed.
        table = index.entries.model._meta.db_table
        with connection.cursor() as cursor:
            if connection.get_autocommit() and not connection.in_atomic_block:
                cursor.execute(f"VACUUM (ANALYZE) {table}")
            else:
                cursor.execute(f"ANALYZE {table}")
    return done
