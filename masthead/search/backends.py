"""The search engine behind Masthead's search service, chosen by the SEARCH_BACKEND setting.

A backend answers two questions over a queryset of articles: which match this
parsed query (with a relevance score, best first, or newest first), and which
headlines start with these letters. The default, `WagtailSearch`, runs on
Wagtail's search (the `modelsearch` package): SQLite FTS5 or PostgreSQL full
text with the database backend, or Elasticsearch/OpenSearch when
WAGTAILSEARCH_BACKENDS points there. Another engine is a class with the same
two methods.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

from . import highlight as python_highlight
from . import native


@dataclass(frozen=True)
class Hit:
    pk: int
    score: float  # larger is more relevant; comparable only within one answer
    published_at: object
    title: str = ""


@dataclass(frozen=True)
class Hits:
    count: int
    hits: list
    # How many articles match in all, estimated, when the engine stopped counting at
    # SEARCH_MAX_CANDIDATES (None when it does not know).
    estimate: int | None = None


class WagtailSearch:
    """Masthead's queries on a Wagtail search backend (WAGTAILSEARCH_BACKENDS[alias])."""

    def __init__(self, alias="default"):
        self.alias = alias

    @property
    def engine(self):
        from wagtail.search.backends import get_search_backend

        return get_search_backend(self.alias)

    def to_query(self, parsed):
        """Build the backend's query objects: all terms and phrases, none of the exclusions."""
        from modelsearch.query import And, Not, Phrase, PlainText

        def node(words):
            return PlainText(words[0]) if len(words) == 1 else Phrase(" ".join(words))

        parts = [node((term,)) for term in parsed.terms]
        parts += [node(phrase) for phrase in parsed.phrases]
        # Excluded phrases are handled by `without_phrases()`: PostgreSQL's compiler
        # drops the negation of a phrase.
        parts += [Not(node(words)) for words in parsed.excluded if len(words) == 1]
        return parts[0] if len(parts) == 1 else And(parts)

    def without_phrases(self, parsed, queryset):
        """`queryset` less the articles containing an excluded phrase."""
        from modelsearch.query import Phrase

        for words in parsed.excluded:
            if len(words) > 1:
                found = self.engine.search(
                    Phrase(" ".join(words)), queryset.only("pk"), order_by_relevance=False
                )
                queryset = queryset.exclude(pk__in=[a.pk for a in found])
        return queryset

    @property
    def native(self):
        """True when the index is Wagtail's database backend on SQLite or PostgreSQL: then
        `native` queries it directly (fast at any size) and the database highlights."""
        module = type(self.engine).__module__
        return native.vendor() is not None and module.startswith("modelsearch.backends.database")

    def search(self, parsed, queryset, *, order="relevance", offset=0, limit=20):
        """Return the matching articles of `queryset`, `limit` of them from `offset`.

        On the database index, both orders work on the newest SEARCH_MAX_CANDIDATES matches
        (see `native.search`), and the count stops there.
        """
        if self.native:
            # The newest SEARCH_MAX_CANDIDATES matches, scored; "newest" orders them by date.
            rows = native.search(parsed, queryset, limit=settings.SEARCH_MAX_CANDIDATES)
            hits = [Hit(pk, score, when, title) for pk, title, when, score in rows]
            if order == "newest":
                hits.sort(key=lambda hit: (hit.published_at, hit.pk), reverse=True)
            estimate = rows.estimate if len(hits) >= settings.SEARCH_MAX_CANDIDATES else None
            return Hits(len(hits), hits[offset : offset + limit], estimate)
        # Wagtail's search wants a plain queryset: the filters become a list of ids.
        queryset = queryset.model._default_manager.filter(pk__in=queryset.values("pk"))
        queryset = self.without_phrases(parsed, queryset).only("pk", "published_at", "title")
        if order == "newest":
            results = self.engine.search(
                self.to_query(parsed),
                queryset.order_by("-published_at", "-id"),
                operator="and",
                order_by_relevance=False,
            )
            page = list(results[offset : offset + limit])
            return Hits(results.count(), [Hit(a.pk, 0.0, a.published_at, a.title) for a in page])
        results = self.engine.search(self.to_query(parsed), queryset, operator="and")
        results = results.annotate_score("_score")
        page = list(results[offset : offset + limit])
        # SQLite's bm25() is negative (more negative is better); PostgreSQL's and
        # Elasticsearch's scores are positive. The magnitude orders both.
        hits = [Hit(a.pk, abs(a._score or 0.0), a.published_at, a.title) for a in page]
        return Hits(results.count(), hits)

    def highlight(self, groups, items):
        """{pk: (headline, standfirst, snippet)} as safe HTML with matches in <mark>.

        `groups` are the query's words and phrases (tuples of words); `items` hold
        (pk, headline, standfirst, snippet source), all plain text.
        """
        if self.native:
            marked = native.highlight(groups, items)
            return {
                pk: tuple(native.to_html(part) for part in parts) for pk, parts in marked.items()
            }
        words = [word for group in groups for word in group]
        return {
            pk: (
                python_highlight.highlight(headline, words),
                python_highlight.highlight(standfirst, words),
                python_highlight.snippet(text, words)[0],
            )
            for pk, headline, standfirst, text in items
        }

    def suggest(self, words, queryset, *, limit=8):
        """Return articles whose headline has words starting like `words` (as typed)."""
        if self.native:
            pks = native.suggest(words, queryset, limit=limit)
            articles = queryset.model._default_manager.only("pk", "title", "url_path").in_bulk(pks)
            return [articles[pk] for pk in pks if pk in articles]
        results = self.engine.autocomplete(
            " ".join(words), queryset.only("pk", "title", "url_path"), fields=["title"]
        )
        return list(results[:limit])


def get_backend():
    """The configured backend: SEARCH_BACKEND = {"CLASS": dotted path, "OPTIONS": {...}}."""
    config = settings.SEARCH_BACKEND
    return import_string(config["CLASS"])(**config.get("OPTIONS", {}))
