"""Pins on the Wagtail internals Masthead relies on, so that an upgrade that changes one fails
here, naming the project file that depends on it and what to check.

Pinned on Wagtail 8.0.1 and modelsearch 1.3.2 (Wagtail's search). Four places lean on them:
`core/routing.py` and `core/sites.py` (routing and site lookup, done ahead of Wagtail and
cached where Wagtail looks), `core/privacy.py` (view restrictions) and `search/native.py`,
`search/backends.py`, `search/services.py` (search reads Wagtail's index with its own SQL).
The project's answers are compared with Wagtail's by tests/core/test_routing.py,
tests/core/test_sites.py and tests/core/test_privacy.py; here Wagtail's side alone is pinned:
the signature of what the project calls or overrides, where Wagtail caches on the request,
the behaviour the project's rewrites mirror, and a digest of the source of each Wagtail
function whose answer the project gives its own way.

After an upgrade, for each failure: read the new Wagtail code, change the project file the
message names if it must, then update the pin here and the list in
docs/development/architecture.md ("Wagtail internals the code relies on").
"""

import hashlib
import importlib
import inspect
from typing import NamedTuple

import pytest
from django.db import connection
from django.http import Http404
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import resolve
from wagtail import views as wagtail_views
from wagtail.models import Page, Site
from wagtail.models.sites import SiteRootPath
from wagtail.search.backends import get_search_backend
from wagtail.url_routing import RouteResult

from masthead.core import sites
from masthead.news.models import ArticlePage, HomePage
from masthead.search import native
from masthead.search.query import parse

pytestmark = pytest.mark.django_db

SQLITE_SEARCH = "modelsearch.backends.database.sqlite.sqlite"
POSTGRES_SEARCH = "modelsearch.backends.database.postgres.postgres"


class Pin(NamedTuple):
    target: str  # dotted path of the Wagtail (or Django) object
    signature: str | None  # str(inspect.signature(...)), or None when not pinned
    digest: str | None  # start of the sha256 of its source, or None when not pinned
    relied_on_by: str  # the project file, what it relies on, and what to re-check
    vendor: str | None = None  # only importable on this database ("sqlite", "postgresql")


PINS = [
    # --- routing (masthead/core/routing.py, SiteMiddleware in masthead/core/sites.py) ---
    Pin(
        "wagtail.models.Page.route",
        "(self, request, path_components)",
        "643c9afcc2deb381",
        "masthead/core/routing.py `remember`/`remembered`: a path Wagtail's walk ended on is "
        "served again as the live page whose url_path is the root's plus the path, and only for "
        "types that keep this `route` (`type(page).route is Page.route`). Check the walk still "
        "ends there (a check on the ancestors, or on something but `live`, must be repeated in "
        "`remembered`), then rerun tests/core/test_routing.py.",
    ),
    Pin(
        "wagtail.models.Page.route_for_request",
        "(request: 'HttpRequest', path: 'str') -> 'RouteResult | None'",
        "5530d229b2de42ba",
        "masthead/core/sites.py `SiteMiddleware` presets `request._wagtail_route_for_request` "
        "and reads it back; masthead/core/routing.py `components` splits the path as this does; "
        "`sites._with_root` loads the root page for `site.root_page.localized.specific`. "
        "Check the cache attribute, the split and where the walk starts.",
    ),
    Pin(
        "wagtail.views.serve",
        "(request, path)",
        "eab2a9d475a33843",
        "masthead/core/sites.py `SiteMiddleware.process_view` recognises this view by identity, "
        "reads its `path` argument and presets the route it asks `Page.route_for_request` for. "
        "Check it still does.",
    ),
    Pin(
        "wagtail.url_routing.RouteResult",
        "(page, args=None, kwargs=None)",
        None,
        "masthead/core/routing.py `remembered` builds `RouteResult(page)`; `remember` takes a "
        "route without args and kwargs for a plain one.",
    ),
    # --- site lookup (masthead/core/sites.py) ---
    Pin(
        "wagtail.models.sites.get_site_for_hostname",
        "(hostname, port)",
        "a6457f6fff48bb96",
        "masthead/core/sites.py `_best` picks the site by these rules, in the process. Port "
        "the change to `_best`, then rerun tests/core/test_sites.py.",
    ),
    Pin(
        "wagtail.models.Site._find_for_request",
        None,
        "a6f5ba5a68b3a8dd",
        "masthead/core/sites.py `_pick` reads the hostname and port of a request as this "
        "does (`_get_raw_host`, `get_port`). Port the change to `_pick`.",
    ),
    Pin(
        "wagtail.models.Site.find_for_request",
        "(request)",
        None,
        "masthead/core/sites.py `SiteMiddleware` presets `request._wagtail_site` for it.",
    ),
    Pin(
        "wagtail.models.Site.get_site_root_paths",
        "()",
        None,
        "masthead/core/sites.py `_root_paths` keeps its answer per generation and presets it "
        "as `request._wagtail_cached_site_root_paths`.",
    ),
    Pin(
        "django.http.request.HttpRequest._get_raw_host",
        "(self)",
        None,
        "masthead/core/sites.py `_pick` calls this private method of Django's, as Wagtail "
        "does, to read the host without the ALLOWED_HOSTS check.",
    ),
    # --- private pages (masthead/core/privacy.py) ---
    Pin(
        "wagtail.query.PageQuerySet.private_q",
        "(self)",
        "eb30b1c0017f13c2",
        "masthead/core/privacy.py `KeptPageQuerySet.private_q` overrides it from the "
        "restrictions kept in the process. Check which pages count as private, then rerun "
        "tests/core/test_privacy.py.",
    ),
    Pin(
        "wagtail.query.PageQuerySet.public",
        "(self)",
        "1710f3c9a01e034a",
        "masthead/core/privacy.py `KeptPageQuerySet.public` overrides it without a query. "
        "Check which pages count as public, then rerun tests/core/test_privacy.py.",
    ),
    Pin(
        "wagtail.models.Page.get_view_restrictions",
        "(self)",
        "f41021bde7cdda11",
        "masthead/news/models/pages.py `CachedPageMixin.get_view_restrictions` overrides it "
        "with masthead/core/privacy.py `view_restrictions` (ancestors, aliases). Check which "
        "restrictions apply, then rerun tests/core/test_privacy.py.",
    ),
    Pin(
        "wagtail.wagtail_hooks.check_view_restrictions",
        None,
        "8b1087719a946338",
        "masthead/news/models/pages.py overrides `get_view_restrictions` because this hook "
        "asks the page for its restrictions on every page served. Check it still asks "
        "`page.get_view_restrictions()`.",
    ),
    # --- search (masthead/search/backends.py, native.py, services.py) ---
    Pin(
        "wagtail.search.backends.get_search_backend",
        "(backend='default', **kwargs)",
        None,
        "masthead/search/backends.py `WagtailSearch.engine` and services.py `reindex`.",
    ),
    Pin(
        "modelsearch.conf.get_app_config",
        "()",
        None,
        "masthead/search/native.py `_index_table` finds Wagtail's IndexEntry model through it.",
    ),
    Pin(
        "modelsearch.query.PlainText",
        "(query_string: str, operator: str = 'and', boost: float = 1)",
        None,
        "masthead/search/backends.py `WagtailSearch.to_query` builds the query of the "
        "engines native.py does not read (Elasticsearch, OpenSearch) from these classes.",
    ),
    Pin(
        "modelsearch.query.Phrase",
        "(query_string: str)",
        None,
        "masthead/search/backends.py `to_query` and `without_phrases`.",
    ),
    Pin(
        "modelsearch.query.Not",
        "(subquery: modelsearch.query.SearchQuery)",
        None,
        "masthead/search/backends.py `to_query` (excluded words).",
    ),
    Pin(
        "modelsearch.query.And",
        "(subqueries)",
        None,
        "masthead/search/backends.py `to_query` (every term and phrase).",
    ),
    Pin(
        "modelsearch.backends.base.BaseSearchBackend.search",
        "(self, query, model_or_queryset, fields=None, operator=None, order_by_relevance=True)",
        None,
        "masthead/search/backends.py `WagtailSearch.search` and `without_phrases` pass "
        "`operator` and `order_by_relevance`.",
    ),
    Pin(
        "modelsearch.backends.base.BaseSearchBackend.autocomplete",
        "(self, query, model_or_queryset, fields=None, operator=None, order_by_relevance=True)",
        None,
        "masthead/search/backends.py `WagtailSearch.suggest` passes `fields`.",
    ),
    Pin(
        "modelsearch.backends.base.BaseSearchResults.annotate_score",
        "(self, field_name)",
        None,
        "masthead/search/backends.py `WagtailSearch.search` reads the score it annotates.",
    ),
    Pin(
        "modelsearch.backends.base.BaseSearchBackend.get_index_for_model",
        "(self, model)",
        None,
        "masthead/search/services.py `reindex` writes the index through it.",
    ),
    Pin(
        f"{SQLITE_SEARCH}.SQLiteIndex.add_items",
        "(self, model, objs)",
        None,
        "masthead/search/services.py `reindex` writes batches of articles with it.",
        vendor="sqlite",
    ),
    Pin(
        f"{SQLITE_SEARCH}.SQLiteIndex.delete_stale_model_entries",
        "(self, model)",
        None,
        "masthead/search/services.py `reindex` drops the entries of deleted articles with it.",
        vendor="sqlite",
    ),
    Pin(
        f"{POSTGRES_SEARCH}.PostgresIndex.add_items",
        "(self, model, objs)",
        None,
        "masthead/search/services.py `reindex` writes batches of articles with it.",
        vendor="postgresql",
    ),
    Pin(
        f"{POSTGRES_SEARCH}.PostgresIndex.delete_stale_model_entries",
        "(self, model)",
        None,
        "masthead/search/services.py `reindex` drops the entries of deleted articles with it.",
        vendor="postgresql",
    ),
    Pin(
        f"{POSTGRES_SEARCH}.PostgresSearchQueryCompiler.get_index_vectors",
        None,
        "a225255fec0b0fd1",
        "masthead/search/native.py matches `title || body` of the index (stored as "
        "`masthead_document` by masthead/search/migrations/0003) as Wagtail's compiler "
        "matches these vectors, and ranks the same two. Check the vectors searched.",
        vendor="postgresql",
    ),
    Pin(
        f"{POSTGRES_SEARCH}.PostgresAutocompleteQueryCompiler.get_index_vectors",
        None,
        "4c1fa0abc8d45458",
        "masthead/search/native.py `suggest` matches the index's `autocomplete` vector as "
        "this compiler does. Check the vector searched.",
        vendor="postgresql",
    ),
]


def wagtail_object(dotted):
    """The object at a dotted path: a module, then attributes."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            found = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for name in parts[cut:]:
            found = getattr(found, name)
        return found
    raise ImportError(dotted)


def source_digest(obj):
    return hashlib.sha256(inspect.getsource(obj).encode()).hexdigest()[:16]


def pins(kind):
    return [
        pytest.param(pin, id=pin.target.removeprefix("modelsearch.backends."))
        for pin in PINS
        if getattr(pin, kind) is not None
    ]


def skip_on_other_databases(pin):
    if pin.vendor and pin.vendor != connection.vendor:
        pytest.skip(f"{pin.target} exists on {pin.vendor} only")


@pytest.mark.parametrize("pin", pins("signature"))
def test_what_the_project_calls_or_overrides_has_the_same_signature(pin):
    skip_on_other_databases(pin)
    try:
        found = str(inspect.signature(wagtail_object(pin.target)))
    except (ImportError, AttributeError) as error:
        pytest.fail(f"{pin.target} is gone ({error}). Relied on by {pin.relied_on_by}")
    assert found == pin.signature, (
        f"{pin.target} is now {found}, was {pin.signature}. Relied on by {pin.relied_on_by} "
        "Check how it is called or overridden there, then set the new signature here."
    )


@pytest.mark.parametrize("pin", pins("digest"))
def test_the_code_the_project_mirrors_is_unchanged(pin):
    skip_on_other_databases(pin)
    try:
        found = source_digest(wagtail_object(pin.target))
    except (ImportError, AttributeError) as error:
        pytest.fail(f"{pin.target} is gone ({error}). Relied on by {pin.relied_on_by}")
    assert found == pin.digest, (
        f"The source of {pin.target} changed (digest {found}, was {pin.digest}). "
        f"Relied on by {pin.relied_on_by} Then set the new digest here."
    )


# --- routing and site lookup: where Wagtail caches on the request -----------------------------


def test_site_lookup_answers_with_the_site_cached_on_the_request(demo):
    request = RequestFactory().get("/")
    site = Site.objects.get(is_default_site=True)
    request._wagtail_site = site
    with CaptureQueriesContext(connection) as queries:
        found = Site.find_for_request(request)
    assert (found is site, len(queries)) == (True, 0), (
        "Site.find_for_request no longer answers from `request._wagtail_site`: "
        "masthead/core/sites.py `SiteMiddleware.process_view` sets it so that Wagtail does not "
        "look the site up again. Find where Wagtail caches the site now and set that instead."
    )


def test_routing_answers_with_the_route_cached_on_the_request(demo):
    request = RequestFactory().get("/")
    route = RouteResult(demo["seed"])
    request._wagtail_route_for_request = route
    with CaptureQueriesContext(connection) as queries:
        found = Page.route_for_request(request, "/a-path-that-leads-nowhere/")
    assert (found is route, len(queries)) == (True, 0), (
        "Page.route_for_request no longer answers from `request._wagtail_route_for_request`: "
        "masthead/core/sites.py `SiteMiddleware` presets a remembered route there and reads "
        "Wagtail's route back from it for masthead/core/routing.py `remember`. Find where "
        "Wagtail caches the route now and use that in both places."
    )


def test_page_urls_use_the_root_paths_cached_on_the_request(demo):
    home, seed = demo["home"], demo["seed"]
    request = RequestFactory().get("/")
    site = Site.objects.get(is_default_site=True)
    request._wagtail_cached_site_root_paths = [
        SiteRootPath(site.pk, home.url_path, "https://pinned.example", None)
    ]
    with CaptureQueriesContext(connection) as queries:
        url = seed.get_full_url(request)
    wanted = "https://pinned.example/" + seed.url_path[len(home.url_path) :]
    assert (url, len(queries)) == (wanted, 0), (
        "Page URLs no longer come from `request._wagtail_cached_site_root_paths`: "
        "masthead/core/sites.py `SiteMiddleware.process_view` presets the root paths kept in "
        "the process there. Find where Wagtail caches them now and set that instead."
    )
    assert all(isinstance(path, tuple) for path in Site.get_site_root_paths()), (
        "Site.get_site_root_paths no longer gives tuples: masthead/core/sites.py "
        "`_root_paths` shares its answer between threads for a whole generation, which needs "
        "values no request can change."
    )


def test_a_root_page_loaded_as_its_own_type_routes_without_another_query(demo):
    """Wagtail walks from `site.root_page.localized.specific`."""
    home = HomePage.objects.get(pk=demo["home"].pk)
    with CaptureQueriesContext(connection) as queries:
        start = home.localized.specific
    assert (start is home, len(queries)) == (True, 0), (
        "`localized.specific` of a page loaded as its own type is no longer the page itself: "
        "masthead/core/sites.py `_with_root` loads the root page once, as its own type, so "
        "that Wagtail's walk starts without loading it again. Check what Wagtail walks from "
        "(Page.route_for_request)."
    )


def test_a_plain_route_is_the_page_without_arguments(demo):
    page, args, kwargs = RouteResult(demo["seed"])
    assert (page, args, kwargs) == (demo["seed"], [], {}), (
        "RouteResult(page) no longer unpacks to the page with empty args and kwargs: "
        "masthead/core/routing.py `remember` keeps only routes without them and `remembered` "
        "builds RouteResult(page) for Wagtail's serve view to unpack."
    )


def test_wagtails_walk_ends_on_the_live_page_at_the_path_under_the_root(demo, make_article):
    """What `routing.remembered` reloads in one query (tests/core/test_routing.py compares
    the pages the site serves with Wagtail's walk; this is Wagtail's walk alone)."""
    root = Site.objects.get(is_default_site=True).root_page.specific
    draft = make_article(publish=False)
    pages = list(Page.objects.descendant_of(root, inclusive=True).specific())
    assert draft.pk in {page.pk for page in pages} and len(pages) > 10  # not vacuous
    for page in pages:
        path = page.url_path[len(root.url_path) :]
        request = RequestFactory().get("/" + path)
        components = [component for component in path.split("/") if component]
        try:
            found = root.route(request, components).page.pk
        except Http404:
            found = None
        wanted = page.pk if page.live else None
        assert found == wanted, (
            f"Wagtail's walk to /{path} gives page {found}, the live page at that url_path "
            f"is {wanted}: masthead/core/routing.py `remembered` serves a path again as the live "
            "page at the url_path the walk found. Check Page.route, then `remember` and "
            "`remembered`."
        )


def test_the_site_fields_are_the_ones_kept_in_the_process():
    fields = {field.attname for field in Site._meta.concrete_fields}
    kept = {"id" if name == "pk" else name for name in sites.FIELDS}
    assert fields == kept, (
        f"Site's fields are now {sorted(fields)}: masthead/core/sites.py builds each "
        f"request's Site from {sorted(kept)} (FIELDS). Add the new ones to FIELDS."
    )


def test_wagtails_serve_view_gets_a_page_path_as_its_path_argument():
    match = resolve("/world/a-story/")
    path = match.args[0] if match.args else match.kwargs.get("path")
    assert (match.func, path) == (wagtail_views.serve, "world/a-story/"), (
        "A page's address no longer reaches wagtail.views.serve with its path as `path`: "
        "masthead/core/sites.py `SiteMiddleware.process_view` recognises that view and reads "
        "the path to look up a remembered route."
    )


# --- search: the index native.py reads, and Wagtail's own answers over it -----------------


@pytest.fixture
def harbour(demo, make_article):
    """Stories where words, a phrase and an exclusion each leave some out."""
    return {
        "talks": make_article(
            title="Harbour talks resume", paragraphs=["Envoys met at the quay."]
        ).pk,
        "strike": make_article(
            title="Harbour strike ends", paragraphs=["Dockers went back to work."]
        ).pk,
        "apart": make_article(
            title="Envoys leave", paragraphs=["They spoke of talks, then of the harbour."]
        ).pk,
        "other": make_article(title="Rain in the hills", paragraphs=["Nothing else."]).pk,
    }


def native_search_applies():
    if native.vendor() is None:
        pytest.skip("native.py serves SQLite and PostgreSQL only")


def test_the_search_backend_is_the_database_index_native_reads():
    native_search_applies()
    engine = get_search_backend("default")
    expected = {
        "sqlite": f"{SQLITE_SEARCH}.SQLiteSearchBackend",
        "postgresql": f"{POSTGRES_SEARCH}.PostgresSearchBackend",
    }[connection.vendor]
    found = f"{type(engine).__module__}.{type(engine).__name__}"
    assert found == expected, (
        f"Wagtail's database search backend is now {found}: masthead/search/backends.py "
        "`WagtailSearch.native` reads the index with native.py only when the backend's module "
        "starts with modelsearch.backends.database (otherwise every search takes Wagtail's "
        "slow compiler). Check the new backend writes the same index, then the module test."
    )


def test_the_index_tables_are_the_ones_native_reads(demo):
    native_search_applies()
    from modelsearch.conf import get_app_config

    entry = get_app_config().get_model("IndexEntry")
    index = get_search_backend("default").get_index_for_model(ArticlePage)
    fields = {
        field.attname: type(field).__name__
        for field in entry._meta.concrete_fields
        if field.attname in ("content_type_id", "object_id", "title", "body", "autocomplete")
    }
    text = "SearchVectorField" if connection.vendor == "postgresql" else "TextField"
    expected = {
        "content_type_id": "ForeignKey",
        "object_id": "CharField",
        "title": text,
        "body": text,
        "autocomplete": text,
    }
    assert (fields, index.entries.model) == (expected, entry), (
        f"Wagtail's index entries are now {fields} (model {index.entries.model}): "
        "masthead/search/native.py joins IndexEntry's object_id (text, cast to an integer) to "
        "the article and matches title, body and autocomplete in SQL; search/services.py "
        "`reindex` reads the table from `index.entries`. Check the SQL of native.py."
    )


def test_the_index_keeps_the_vectors_native_reads_on_postgresql(demo):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's index only")
    engine = get_search_backend("default")
    assert (engine.config, engine.autocomplete_config) == (native.text_config(), "simple"), (
        f"Wagtail indexes with the text search configurations {engine.config!r} and "
        f"{engine.autocomplete_config!r} (autocomplete): masthead/search/native.py builds its "
        "tsqueries with `text_config()` and `suggest` with 'simple'. Use Wagtail's."
    )


def test_the_sqlite_full_text_table_is_the_one_native_reads(demo):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's index only")
    from modelsearch.backends.database.sqlite.sqlite import (
        SQLiteAutocompleteQueryCompiler,
        SQLiteFTSIndexEntry,
        SQLiteSearchQueryCompiler,
    )
    from modelsearch.conf import get_app_config

    table = get_app_config().get_model("IndexEntry")._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA table_info({table}_fts)")
        columns = [row[1] for row in cursor.fetchall()]
    found = (
        SQLiteFTSIndexEntry._meta.db_table,
        SQLiteFTSIndexEntry._meta.pk.column,
        columns,
        SQLiteSearchQueryCompiler.FTS_TABLE_FIELDS,
        SQLiteAutocompleteQueryCompiler.FTS_TABLE_FIELDS,
    )
    expected = (
        f"{table}_fts",
        "rowid",
        ["autocomplete", "body", "title"],
        ["title", "body"],
        ["autocomplete"],
    )
    assert found == expected, (
        f"Wagtail's FTS5 table is now {found}: masthead/search/native.py joins `{table}_fts` "
        "by rowid to the entry's id, weighs bm25() by column position (autocomplete, body, "
        "title) and matches `{title body}` and `{autocomplete}` as Wagtail's compilers do. "
        "Check `_sqlite` and `suggest`."
    )


def test_native_search_finds_what_wagtails_own_compiler_finds(harbour):
    """The same articles, for words, a phrase and an exclusion (ranking aside)."""
    native_search_applies()
    from modelsearch.query import And, Not, Phrase, PlainText

    engine = get_search_backend("default")
    live = ArticlePage.objects.live()
    asked = {
        "harbour": PlainText("harbour"),
        "harbour envoys": And([PlainText("harbour"), PlainText("envoys")]),
        '"harbour talks"': Phrase("harbour talks"),
        "harbour -strike": And([PlainText("harbour"), Not(PlainText("strike"))]),
    }
    for typed, query in asked.items():
        ours = {pk for pk, *_ in native.search(parse(typed), live, limit=1000)}
        wagtails = {
            article.pk
            for article in engine.search(query, live, operator="and", order_by_relevance=False)
        }
        assert ours == wagtails, (
            f"For {typed!r}, Wagtail's compiler finds {sorted(wagtails)}, "
            f"masthead/search/native.py {sorted(ours)}: native.py reads Wagtail's index with its "
            "own SQL and must find what Wagtail's compiler finds. Check how Wagtail now writes "
            "or matches the index (the pins above name the parts)."
        )
    found = {pk for pk, *_ in native.search(parse("harbour -strike"), live, limit=1000)}
    assert found == {harbour["talks"], harbour["apart"]}  # the comparison is not vacuous


def test_native_suggestions_are_wagtails_autocomplete(harbour):
    native_search_applies()
    engine = get_search_backend("default")
    live = ArticlePage.objects.live()
    for typed in ("harb", "harbour ta", "envoy"):
        ours = set(native.suggest(typed.split(), live, limit=1000))
        wagtails = {article.pk for article in engine.autocomplete(typed, live)}
        assert ours == wagtails, (
            f"For {typed!r}, Wagtail's autocomplete finds {sorted(wagtails)}, "
            f"masthead/search/native.py `suggest` {sorted(ours)}: it reads Wagtail's "
            "autocomplete index with its own SQL. Check how Wagtail now writes or matches it."
        )
    assert set(native.suggest(["harb"], live, limit=1000)) == {
        harbour["talks"],
        harbour["strike"],
    }  # not vacuous


def test_indexing_an_article_again_keeps_its_place_in_the_index(harbour):
    """Index order is what native.py takes for newest first."""
    native_search_applies()
    from modelsearch.conf import get_app_config

    entries = (
        get_app_config().get_model("IndexEntry").objects.filter(object_id=str(harbour["talks"]))
    )
    before = list(entries.values_list("pk", flat=True))
    index = get_search_backend("default").get_index_for_model(ArticlePage)
    index.add_items(ArticlePage, [ArticlePage.objects.get(pk=harbour["talks"])])
    after = list(entries.values_list("pk", flat=True))
    assert len(before) == 1 and after == before, (
        f"Indexing an article again moved its entry ({before} -> {after}): "
        "masthead/search/native.py takes the highest entry ids for the newest matches, so an "
        "edited story would count as new. Check how Wagtail writes an entry again."
    )
