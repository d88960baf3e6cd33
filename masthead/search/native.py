"""Queries straight on the database search index: SQLite FTS5 or PostgreSQL full text.

Wagtail's database backend writes the index (the IndexEntry table, and on SQLite its
FTS5 table); its query compiler reads it with a correlated subquery per row, which
takes seconds on a large archive. Here the database finds the matches, newest first
in index order, stops after `limit` of them and scores only those:

- SQLite: one statement, `MATCH` on the FTS5 table (unicode61 folds case and accents),
  `bm25()` weighting the headline twice the rest.
- PostgreSQL: `@@` on `title || body`, stored as `masthead_document` with its GIN index
  (migrations 0001 to 0003; 0001 also sets up the `unaccent`-aware text search
  configuration), read window by window of the newest entries (see `_postgres`),
  `ts_rank()` of the body plus twice the headline's.

Highlighting is the database's too, on plain text we pass in (never on HTML, never on
the index, which holds gated text): `snippet()`/`highlight()` of a temporary FTS5 table
on SQLite, `ts_headline()` on PostgreSQL. Both mark matches with control characters
that readers' text cannot contain; the text is then escaped and the marks become <mark>.
"""

import datetime as dt
import json
import math

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import escape
from django.utils.safestring import mark_safe

START, STOP = "\x02", "\x03"
SNIPPET_WORDS = 36


def vendor():
    """ "sqlite" or "postgresql" when this module can serve the database, else None."""
    return connection.vendor if connection.vendor in ("sqlite", "postgresql") else None


def _index_table():
    from modelsearch.conf import get_app_config

    return get_app_config().get_model("IndexEntry")._meta.db_table


def _story_content_types():
    """The content types of every kind of story: the articles, and the kinds apps above
    add (a live page), which Wagtail indexes under their own type."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    from masthead.news.models import ArticlePage

    kinds = [model for model in apps.get_models() if issubclass(model, ArticlePage)]
    return sorted(ct.pk for ct in ContentType.objects.get_for_models(*kinds).values())


def _of_a_story():
    """The SQL that keeps index entries of stories, and its parameters."""
    kinds = _story_content_types()
    return f"entry.content_type_id IN ({', '.join(['%s'] * len(kinds))})", kinds


def text_config():
    return settings.WAGTAILSEARCH_BACKENDS["default"].get("SEARCH_CONFIG") or "english"


# --- match expressions ---------------------------------------------------------------------


def _fts_string(words):
    # A word of query.WORD_RE has no quote; doubling them keeps any input a string.
    return '"' + " ".join(w.replace('"', '""') for w in words) + '"'


def fts5_match(parsed, columns="{title body}"):
    """FTS5 MATCH text: every term and phrase, none of the exclusions, in `columns`."""
    wanted = [_fts_string((t,)) for t in parsed.terms]
    wanted += [_fts_string(p) for p in parsed.phrases]
    expression = "(" + " AND ".join(wanted) + ")"
    for words in parsed.excluded:
        expression += f" NOT {_fts_string(words)}"
    return f"{columns} : ({expression})"


def fts5_any(groups):
    """FTS5 MATCH text for any of `groups` (words and phrases, each a tuple of words)."""
    return " OR ".join(_fts_string(group) for group in groups)


def tsquery(parsed, *, distinct=False):
    """SQL (and params) of a tsquery: terms and phrases, less the exclusions.

    `distinct`: a phrase typed as its words are joined ("Antony Blinken") is asked once, not
    twice; the same matches, found faster (the GIN index would read each word twice), but
    not the same ts_rank(), which counts each part of the query: ranking keeps both.
    """
    config = text_config()
    parts, params = [], []
    for term in parsed.terms:
        parts.append("plainto_tsquery(%s::regconfig, %s)")
        params += [config, term]
    for phrase, typed in zip(parsed.phrases, parsed.typed, strict=True):
        # Its words in order, or as typed ("S-300" is "s" + "-300" to PostgreSQL's parser).
        words = " ".join(phrase)
        if distinct and typed == words:
            parts.append("phraseto_tsquery(%s::regconfig, %s)")
            params += [config, words]
        else:
            parts.append(
                "(phraseto_tsquery(%s::regconfig, %s) || phraseto_tsquery(%s::regconfig, %s))"
            )
            params += [config, words, config, typed]
    for words in parsed.excluded:
        parts.append("!! phraseto_tsquery(%s::regconfig, %s)")
        params += [config, " ".join(words)]
    return "(" + " && ".join(parts) + ")", params


def tsquery_any(groups):
    """SQL (and params) of a tsquery for any of `groups` (words, phrases, phrases as typed)."""
    config = text_config()
    sql = " || ".join(["phraseto_tsquery(%s::regconfig, %s)"] * len(groups))
    return f"({sql})", [p for group in groups for p in (config, " ".join(group))]


# --- search -----------------------------------------------------------------------------------


class Matches(list):
    """Rows of matches; `estimate`: how many entries match in all, by PostgreSQL's planner
    (before the reader's filters; None on SQLite)."""

    estimate = None


def search(parsed, queryset, *, limit):
    """The newest `limit` matches in `queryset`, each (pk, title, published_at, score).

    "Newest" by index order: articles are indexed as they are published (and `reindex`
    goes oldest first), so the newest matches are those with the highest index ids. No
    sort of every match and no count of them: a word found in every story costs no more
    than a rare one. A `Matches` list.
    """
    # The reader's filters, checked on each match by its id (an EXISTS per candidate row):
    # a list of every live article's id would cost more than the search itself.
    within = queryset.order_by().filter(pk=RawSQL("article.page_ptr_id", ())).values("pk")
    try:
        within_sql, within_params = within.query.sql_with_params()
    except EmptyResultSet:  # a filter that can match nothing (an unknown section)
        return Matches()
    estimate = None
    if connection.vendor == "postgresql":
        rows, estimate = _postgres(parsed, within_sql, within_params, limit)
    else:
        sql, params = _sqlite(parsed, within_sql, within_params)
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, limit])
            rows = cursor.fetchall()
    found = Matches(
        (pk, title, _aware(when), float(score or 0.0)) for pk, title, when, score in rows
    )
    found.estimate = estimate
    return found


def _aware(value):
    """A datetime from a raw row (SQLite gives text in UTC, PostgreSQL a datetime)."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value, dt.UTC)
    return value


def _sqlite(parsed, within_sql, within_params):
    table = _index_table()
    fts = f"{table}_fts"
    story_sql, story_params = _of_a_story()
    # bm25() over the FTS columns autocomplete, body, title: the headline weighs double.
    sql = f"""
        SELECT page.id, page.title, article.published_at, -bm25({fts}, 0.0, 1.0, 2.0)
        FROM {fts}
        JOIN {table} entry ON entry.id = {fts}.rowid
        JOIN news_articlepage article ON article.page_ptr_id = CAST(entry.object_id AS INTEGER)
        JOIN wagtailcore_page page ON page.id = article.page_ptr_id
        WHERE {fts} MATCH %s AND {story_sql} AND EXISTS ({within_sql})
        ORDER BY {fts}.rowid DESC
        LIMIT %s
    """  # noqa: S608 - table names are ours; every value is a parameter  # nosec B608
    return sql, [fts5_match(parsed), *story_params, *within_params]


# How many times more matches than wanted the first window of newest entries should hold,
# by the planner's estimate (a margin for its error), and how much each next window grows.
WINDOW_MARGIN = 1.5
WINDOW_GROWTH = 4
# From this share of entries matching (by the estimate), the newest entries are walked instead.
WALK_SHARE = 0.25


def _postgres(parsed, within_sql, within_params, limit):
    """The newest `limit` matches, read window by window from the newest index entries.

    Walking the index backwards and testing `title || body` on every entry cost 8 µs an
    entry (each vector read from TOAST and concatenated): a word in one story in ten meant
    10,000 entries for 1,000 matches. Instead the GIN index finds the
    matches among the newest entries only (a bitmap of the window's ids ANDed with the
    word's): the window is sized from the planner's estimate of how many entries match,
    to hold half as many again as `limit`; when it holds fewer (the estimate was high, or the
    reader's filters leave fewer), the next, older, window is four times wider, until the
    oldest entry. The windows are disjoint and read newest first, so the answer is exactly
    the newest `limit` matches, as a walk of every entry would find.
    """
    table = _index_table()
    query_sql, query_params = tsquery(parsed)
    distinct_sql, distinct_params = tsquery(parsed, distinct=True)
    story_sql, story_params = _of_a_story()
    match = f"{story_sql} AND entry.masthead_document @@ {distinct_sql}"
    match_params = [*story_params, *distinct_params]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT min(id), max(id) FROM {table}")  # noqa: S608  # nosec B608
        oldest, newest = cursor.fetchone()
        if newest is None:
            return [], 0
        # The planner's estimate of the matches (from the index's statistics: reindex
        # ANALYZEs it), which sizes the first window.
        estimate_sql = f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {table} entry WHERE {match}"  # noqa: S608  # nosec B608
        cursor.execute(estimate_sql, match_params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    estimate = max(1.0, float(plan[0]["Plan"]["Plan Rows"]))
    span = newest - oldest + 1
    window = math.ceil(WINDOW_MARGIN * limit * span / estimate)
    found, upper = [], None
    if estimate >= WALK_SHARE * span:
        # Most entries match: testing the first window's entries in turn (3 µs each) finds
        # them sooner than the GIN index reads its lists of every entry holding the words.
        # Older windows (when the reader's filters leave out too many) as below.
        lower = newest - window if newest - window >= oldest else None
        found = _postgres_walk(
            table,
            match,
            match_params,
            query_sql,
            query_params,
            within_sql,
            within_params,
            lower,
            limit,
        )
        if len(found) >= limit or lower is None:
            return found, round(estimate)
        upper, window = lower, window * WINDOW_GROWTH
    while len(found) < limit:
        lower = newest - window if newest - window >= oldest else None
        entries = _postgres_window(table, match, match_params, lower, upper)
        # To the filters and the ranking in slices, newest first: as many as still wanted,
        # then twice as many each time (when the filters leave some out). Thousands at once
        # would make the planner hash every live article instead of looking each match up.
        start, size = 0, 0
        while start < len(entries) and len(found) < limit:
            wanted = limit - len(found)
            size = max(wanted, size * 2)
            found += _postgres_rank(
                table,
                query_sql,
                query_params,
                within_sql,
                within_params,
                entries[start : start + size],
                wanted,
            )
            start += size
        if lower is None:
            break
        upper, window = lower, window * WINDOW_GROWTH
    return found, round(estimate)


def _score(query_sql):
    # Each vector on its own: ranking `title || body` would build a new vector per row
    # (four times slower). The headline's rank counts double.
    return f"ts_rank(entry.body, {query_sql}) + 2 * ts_rank(entry.title, {query_sql})"


def _postgres_walk(
    table, match, match_params, query_sql, query_params, within_sql, within_params, lower, limit
):
    """The newest `limit` matches with an id above `lower`, testing entries newest first."""
    score = _score(query_sql)
    sql = f"""
        SELECT found.pk, page.title, found.published_at, {score}
        FROM (
            SELECT entry.id AS entry_id, article.page_ptr_id AS pk, article.published_at
            FROM {table} entry
            JOIN news_articlepage article ON article.page_ptr_id = entry.object_id::integer
            WHERE {match} AND entry.id > %s AND EXISTS ({within_sql})
            ORDER BY entry.id DESC
            LIMIT %s
        ) found
        JOIN {table} entry ON entry.id = found.entry_id
        JOIN wagtailcore_page page ON page.id = found.pk
        ORDER BY found.entry_id DESC
    """  # noqa: S608 - table names are ours; every value is a parameter  # nosec B608
    with connection.cursor() as cursor:
        params = [*query_params, *query_params, *match_params, lower or 0]
        cursor.execute(sql, [*params, *within_params, limit])
        return cursor.fetchall()


def _postgres_window(table, match, match_params, lower, upper):
    """(entry id, article id) of the matches with lower < id <= upper, newest first.

    Bitmap scans only: ordered by id with a LIMIT, the planner would walk the primary key
    backwards and test every entry (it takes the test for cheap; it is not).
    """
    bounds, bound_params = "", []
    if lower is not None:
        bounds += " AND entry.id > %s"
        bound_params.append(lower)
    if upper is not None:
        bounds += " AND entry.id <= %s"
        bound_params.append(upper)
    sql = f"""
        SELECT entry.id, entry.object_id::integer FROM {table} entry
        WHERE {match}{bounds}
        ORDER BY entry.id DESC
    """  # noqa: S608 - table names are ours; every value is a parameter  # nosec B608
    # For this statement only (SET LOCAL, in its own transaction): no plain index scans, and
    # no parallel workers (starting them costs more than the scan).
    planner = ("enable_indexscan", "off"), ("max_parallel_workers_per_gather", "0")
    nested = connection.in_atomic_block  # then the planner outlive our block: put them back
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        if nested:
            cursor.execute(
                "SELECT current_setting(%s), current_setting(%s)", [n for n, _ in planner]
            )
            saved = cursor.fetchone()
        cursor.execute(
            "SELECT set_config(%s, %s, true), set_config(%s, %s, true)",
            [part for setting in planner for part in setting],
        )
        try:
            cursor.execute(sql, [*match_params, *bound_params])
            return cursor.fetchall()
        finally:
            if nested:
                cursor.execute(
                    "SELECT set_config(%s, %s, true), set_config(%s, %s, true)",
                    [
                        part
                        for (name, _), value in zip(planner, saved, strict=True)
                        for part in (name, value)
                    ],
                )


def _postgres_rank(table, query_sql, query_params, within_sql, within_params, entries, limit):
    """The newest `limit` of `entries` within the reader's filters, scored."""
    # Ranked outside the LIMIT, on the rows kept only.
    score = _score(query_sql)
    # The filters' EXISTS refers to "article".page_ptr_id: here the matches themselves, so
    # that the planner looks each up by its id; joined to the article table as a whole, it
    # would hash all of it (100,000 rows) for a few thousand matches.
    sql = f"""
        SELECT found.pk, page.title, found_article.published_at, {score}
        FROM (
            SELECT article.entry_id, article.page_ptr_id AS pk
            FROM unnest(%s::integer[], %s::integer[]) AS article(entry_id, page_ptr_id)
            WHERE EXISTS ({within_sql})
            ORDER BY article.entry_id DESC
            LIMIT %s
        ) found
        JOIN news_articlepage found_article ON found_article.page_ptr_id = found.pk
        JOIN {table} entry ON entry.id = found.entry_id
        JOIN wagtailcore_page page ON page.id = found.pk
        ORDER BY found.entry_id DESC
    """  # noqa: S608 - table names are ours; every value is a parameter  # nosec B608
    ids = [entry_id for entry_id, _ in entries]
    pks = [pk for _, pk in entries]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*query_params, *query_params, ids, pks, *within_params, limit])
        return cursor.fetchall()


def suggest(words, queryset, *, limit):
    """Ids of the newest articles whose headline has every word, the last as a prefix."""
    within = queryset.order_by().filter(pk=RawSQL("article.page_ptr_id", ())).values("pk")
    try:
        within_sql, within_params = within.query.sql_with_params()
    except EmptyResultSet:
        return []
    table = _index_table()
    if connection.vendor == "postgresql":
        # The autocomplete vector uses the "simple" configuration: no stemming, no stop words.
        lexemes = ["'" + w.lower().replace("'", "''") + "'" for w in words]
        lexemes[-1] += ":*"
        match, match_params = (
            "entry.autocomplete @@ to_tsquery('simple', %s)",
            [" & ".join(lexemes)],
        )
        source = f"{table} entry"
        ordering = "entry.id DESC"
    else:
        fts = f"{table}_fts"
        terms = [_fts_string((w,)) for w in words]
        terms[-1] += " *"
        match, match_params = f"{fts} MATCH %s", ["{autocomplete} : (" + " AND ".join(terms) + ")"]
        source = f"{fts} JOIN {table} entry ON entry.id = {fts}.rowid"
        ordering = f"{fts}.rowid DESC"
    story_sql, story_params = _of_a_story()
    sql = f"""
        SELECT article.page_ptr_id
        FROM {source}
        JOIN news_articlepage article ON article.page_ptr_id = CAST(entry.object_id AS INTEGER)
        WHERE {match} AND {story_sql} AND EXISTS ({within_sql})
        ORDER BY {ordering}
        LIMIT %s
    """  # noqa: S608 - table names are ours; every value is a parameter  # nosec B608
    with connection.cursor() as cursor:
        cursor.execute(sql, [*match_params, *story_params, *within_params, limit])
        return [pk for (pk,) in cursor.fetchall()]


# --- highlighting -----------------------------------------------------------------------------


def _clean(text):
    """Plain text without the control characters used as marks."""
    for control in "\x02\x03\x04\x05":
        text = text.replace(control, " ")
    return text


def _shield(text):
    # ts_headline() would read "<…>" in plain text as markup and drop it.
    return text.replace("<", "\x04").replace(">", "\x05")


def _unshield(text):
    return text.replace("\x04", "<").replace("\x05", ">")


def to_html(marked):
    """Escape the database's marked text; its marks become <mark> (the only raw HTML)."""
    html = escape(marked).replace(START, "<mark>").replace(STOP, "</mark>")
    return mark_safe(html)  # noqa: S308 - escaped above; only our own tags  # nosec B308 B703


def highlight(groups, items):
    """{pk: (headline, standfirst, snippet)} marked by the database, as raw marked text.

    `groups` are what to mark: words and quoted phrases, each a tuple of words (a phrase
    is marked where its words stand together: "S-300" marks "S-300", not every "s").
    `items` is a list of (pk, headline, standfirst, snippet source): plain text. The snippet
    is a window of the source around the matches (its start when nothing matches).
    """
    items = [
        (pk, _clean(h or ""), _clean(s or ""), " ".join(_clean(t or "").split()))
        for pk, h, s, t in items
    ]
    if not items or not groups:
        return {pk: (h, s, t[:240]) for pk, h, s, t in items}
    if connection.vendor == "postgresql":
        marked = _postgres_highlight(groups, items)
    else:
        marked = _sqlite_highlight(groups, items)
    return {pk: marked.get(pk, (h, s, _start(t))) for pk, h, s, t in items}


def _start(text, length=240):
    if len(text) <= length:
        return text
    cut = text.rfind(" ", 0, length)
    return text[: cut if cut > 0 else length] + " …"


def _sqlite_highlight(groups, items):
    with connection.cursor() as cursor:
        # A temporary table lives in this connection only and never touches the database file.
        cursor.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.masthead_highlight"
            " USING fts5(headline, standfirst, body)"
        )
        cursor.execute("DELETE FROM temp.masthead_highlight")
        cursor.executemany(
            "INSERT INTO temp.masthead_highlight (rowid, headline, standfirst, body)"
            " VALUES (%s, %s, %s, %s)",
            items,
        )
        cursor.execute(
            f"""
            SELECT rowid,
                   highlight(masthead_highlight, 0, '{START}', '{STOP}'),
                   highlight(masthead_highlight, 1, '{START}', '{STOP}'),
                   snippet(masthead_highlight, 2, '{START}', '{STOP}', '…', {SNIPPET_WORDS})
            FROM temp.masthead_highlight WHERE masthead_highlight MATCH %s
            """,  # noqa: S608 - constants only; the query is a parameter  # nosec B608
            [fts5_any(groups)],
        )
        rows = cursor.fetchall()
        cursor.execute("DELETE FROM temp.masthead_highlight")
    found = {}
    for pk, headline, standfirst, snippet in rows:
        source = next(t for p, _, _, t in items if p == pk)
        if START not in snippet:
            snippet = _start(source)
        found[pk] = (headline, standfirst, snippet)
    return found


def _postgres_highlight(groups, items):
    query_sql, query_params = tsquery_any(groups)
    whole = f"StartSel={START}, StopSel={STOP}, HighlightAll=true"
    window = (
        f"StartSel={START}, StopSel={STOP}, MaxWords={SNIPPET_WORDS}, MinWords=16,"
        ' MaxFragments=2, FragmentDelimiter=" … "'
    )
    config = text_config()
    sql = f"""
        WITH q AS (SELECT {query_sql} AS q)
        SELECT item.pk,
               ts_headline(%s::regconfig, item.headline, q.q, %s),
               ts_headline(%s::regconfig, item.standfirst, q.q, %s),
               ts_headline(%s::regconfig, item.body, q.q, %s),
               to_tsvector(%s::regconfig, item.body) @@ q.q
        FROM unnest(%s::integer[], %s::text[], %s::text[], %s::text[])
             AS item(pk, headline, standfirst, body), q
    """  # noqa: S608 - constants only; every value is a parameter  # nosec B608
    shielded = [tuple(_shield(part) for part in parts) for _, *parts in items]
    headlines, standfirsts, bodies = (list(column) for column in zip(*shielded, strict=True))
    pks = [pk for pk, *_ in items]
    params = [*query_params, config, whole, config, whole, config, window, config]
    params += [pks, headlines, standfirsts, bodies]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    sources = {pk: text for pk, _, _, text in items}
    found = {}
    for pk, headline, standfirst, snippet, matched in rows:
        snippet = _unshield(snippet) if matched else _start(sources[pk])
        found[pk] = (_unshield(headline), _unshield(standfirst), snippet)
    return found
