"""Searching: everything the search page and the API show for one query, as plain data.

Work is bounded. How many articles match is first estimated on a sample of the archive
(`sample`: answered inside the GIN index, cheap for a rare word and bounded for a common
one). Up to a limit (EXACT_LIMIT) every match is read: exact total and facets, matches
pre-ordered cheaply (title or entity hit, then recency), and the first RANK_WINDOW
stories get a score (`ranking`: BM25 weights from the archive's statistics, title,
entity and lead weights).
Above it (a word in most articles) the facets are the sample's, scaled; the total is
counted within ±5 %: on a second sample as large as that needs, or, when filters an
index answers (a date, a source, an entity) narrow a query most of whose articles
match, on a sample of the articles that pass them; the ranked window is the newest
matches; the page says the counts are estimates. Snippets are cut for the shown page only.

PostgreSQL's planner does not know that testing a tsvector row by row means reading it
from TOAST (tens of microseconds each), so searches run with sequential scans off.
"""

import datetime
import logging
import math
import re
import time
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.postgres.search import TrigramSimilarity
from django.db import DatabaseError, connections, router, transaction
from django.db.models import Q, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Left, Upper
from django.utils.safestring import SafeString

from articles.models import Alias, Article, Entity
from articles.search import ranking, sample, sql
from articles.search.filters import Filters
from articles.search.query import Query, clean_query, parse_query
from articles.search.snippets import SNIPPET_SOURCE, snippet, snippet_patterns
from articles.text import segment
from articles.text import warm_up as text_warm_up

logger = logging.getLogger(__name__)

MAX_PAGE = 10_000  # deeper pages are refused (the API) or show the first (the page)
RANK_WINDOW = 100  # stories that get a score; the rest follow in pre-order
FACET_SIZE = 10


@dataclass
class Hit:
    id: int
    title: str
    url: str
    source_file: str
    site: str
    published_at: datetime.datetime | datetime.date | None  # as the source gives it (Article.published)
    image_only: bool
    snippet: SafeString
    score: float
    versions: list


@dataclass
class SearchResult:
    query: str
    filters: Filters
    total: int = 0
    page: int = 1
    page_size: int = 20
    results: list = field(default_factory=list)
    facets: dict = field(default_factory=dict)
    entities: list = field(default_factory=list)
    suggestions: list = field(default_factory=list)
    estimated: bool = False  # total and facet counts scaled from a sample (very common words)
    sort: str = "relevance"
    took_ms: float = 0.0

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.total // self.page_size))


EXACT_LIMIT = 5000  # estimated matches up to which every match is read: exact totals and facets
CHECKED_EXACT_LIMIT = 500  # the same when candidates must be checked against search_text
COUNT_CAP = 20_000  # an estimated plan's candidates counted through the GIN index, at most (a guard)
CHECK_SAMPLE = 400  # of which this many are checked against search_text (the share that pass)
# A narrowed query in at least this share of the articles that pass its filters is counted
# among those articles (`_filter_first_total`), up to PASSING_CAP of them.
FILTER_FIRST_DENSITY = 0.5
PASSING_CAP = 200_000  # listed through the date, site or mention index: ~40 ms a 100,000 at 1M


SORTS = ("relevance", "date", "-date")  # best first; oldest first; newest first


def search(
    raw_query: str, filters: Filters | None = None, page: int = 1, page_size: int = 20, sort: str = "relevance"
) -> SearchResult:
    """Everything the search page and the API show for one query, as plain data."""
    started = time.perf_counter()
    filters = filters or Filters()
    query = parse_query(raw_query)
    result = SearchResult(query=clean_query(raw_query), filters=filters, page=page, page_size=page_size, sort=sort)
    if not query:
        result.facets = _facets([], [], [])  # the same four facets as any answer, all empty
        return result
    result.entities = matching_entities(query)
    total, page_rows, sites, years, entity_rows, scale, estimated = _run(query, filters, page, page_size)
    if sort != "relevance":
        page_rows = _dated_page(query, filters, sort == "-date", (page - 1) * page_size, page_size)
    result.estimated = estimated
    result.total = total
    result.results = _hits(query, page_rows, result.entities)
    result.facets = _facets(
        [(site, _scaled(n, scale)) for site, n in sites],
        [(year, _scaled(n, scale)) for year, n in years],
        [(*entity, _scaled(n, scale)) for *entity, n in entity_rows],
    )
    if not total:
        result.suggestions = suggestions(query)
    result.took_ms = (time.perf_counter() - started) * 1000
    return result


def warm_up() -> None:
    """What a web worker's first search would otherwise wait for, done as it starts
    (newsarchive/wsgi.py): jieba and OpenCC loaded (`text.warm_up`), the gazetteer read
    and taught to jieba (0.3-0.8 s at 4,000 entities), and one search, which opens the
    database connection and fills the worker's and its PostgreSQL backend's caches. A
    database that is down at start is met by the first request instead (a 503)."""
    from articles.entities import gazetteer

    text_warm_up()
    try:
        gazetteer.current()
        search("预热 search")
    except DatabaseError as error:
        logger.warning("search warm-up skipped, the database did not answer: %s", error)


def filter_articles(queryset, query, filters: Filters | None = None):
    """`queryset` narrowed to the articles matching `query` (a string or a Query), exactly
    and without ranking (what feeds, entity edits and scripts need)."""
    query = parse_query(query) if isinstance(query, str) else query
    if not query:
        return queryset.none()
    where, params = query.where_sql()
    filter_where, filter_params = (filters or Filters()).where_sql()
    matching = f"SELECT a.id FROM articles_article a WHERE {where} AND {filter_where}"
    return queryset.filter(pk__in=RawSQL(matching, [*params, *filter_params]))


def _scaled(count: int, scale: float) -> int:
    return round(count * scale)


def _run(query: Query, filters: Filters, page: int, page_size: int):
    """Choose the plan by counting candidates (up to the limit), run it; return its row,
    the factor that scales its facet counts (1 when exact) and whether its total is an estimate."""
    where, where_params = query.where_sql()
    checks, checks_params = query.checks_sql()
    filter_where, filter_params = filters.where_sql()
    offset = (page - 1) * page_size
    named = {
        "match": query.match_tsquery(),
        "tf_chars": ranking.TF_CHARS,
        "window": RANK_WINDOW,
        "depth": max(RANK_WINDOW, offset + page_size),
        "offset": offset,
        "limit": page_size,
        "facets": FACET_SIZE,
        "tz": settings.TIME_ZONE,
    }
    # Positional parameters of the WHERE clauses become named ones, so that one dict
    # carries them all.
    positional = [*where_params, *checks_params, *filter_params]
    names = iter(f"p{i}" for i in range(len(positional)))
    where, checks, filter_where = (
        re.sub("%s", lambda _: f"%({next(names)})s", sql) for sql in (where, checks, filter_where)
    )
    named.update({f"p{i}": value for i, value in enumerate(positional)})
    checked = any(term.needs_check for term in query.terms)
    limit = CHECKED_EXACT_LIMIT if checked else EXACT_LIMIT
    # Read-only: on a replica when the request may read from one (newsarchive/db_router.py).
    alias = router.db_for_read(Article)
    with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
        # A sequential scan tests every row's tsvector, read from TOAST, which the
        # planner does not count: for a word in most articles it would pick one.
        cursor.execute("SET LOCAL enable_seqscan = off")
        # Each statement reads a few thousand rows at most: starting parallel workers for
        # one costs more than it saves, and takes a core from the next request.
        cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        # How common the query is, from the sample (`sample`): cheap for a rare word (its
        # GIN matches are few), bounded for a common one (the sample is), and answered
        # inside the GIN index either way.
        archive_sample = sample.current(cursor)
        passing = "%(sample_size)s"
        if filter_where != "TRUE":
            passing = sql.SAMPLE_PASSING.format(sample=archive_sample.listed, filters=filter_where)
        statement = sql.SAMPLE_SQL.format(filters=filter_where, sample=archive_sample.where, passing=passing)
        cursor.execute(statement, {**named, "sample_size": archive_sample.size})
        total, canonical, sampled, sites, years, entity_rows = cursor.fetchone()
        scale = archive_sample.scale
        statistics = ranking.statistics(cursor, query, archive_sample, estimated_matches=total * scale)
        score, score_params = ranking.score_sql(query, statistics)
        named.update(score_params)
        if total * scale <= limit:
            cursor.execute(sql.EXACT_SQL.format(where=where, filters=filter_where, score=score), named)
            return (*cursor.fetchone(), 1, False)
        estimate = round(total * scale)
        density = total / max(sampled, 1)  # matching stories per article passing the filters
        counted, passing_checks = None, 1.0
        if filters.narrows and density >= FILTER_FIRST_DENSITY:
            if not checked:  # the sample's matches are then the query's: its share is enough
                counted = _passing_total(cursor, filters, archive_sample, canonical, sampled)
            if counted is None:
                counted = _filter_first_total(cursor, checks, filter_where, named, density)
        if counted is None:
            first_count = None if checked else canonical
            counted, passing_checks = _estimated_total(
                cursor, checks, filter_where, named, archive_sample, estimate, first_count
            )
        estimate = estimate if counted is None else counted
        estimates = {"density": density, "matches": total * scale, "passing": passing_checks}
        page_rows = _window(cursor, checks, filter_where, score, named, estimates, filters.narrows)
        return estimate, page_rows, sites, years, entity_rows, scale, True


def _estimated_total(
    cursor, checks: str, filter_where: str, named: dict, first: sample.Sample, estimate: int, canonical: int | None
) -> tuple[int | None, float]:
    """Matching stories (canonical articles that match), counted through the GIN index on
    a sample as large as a ±5 % estimate at 95 % confidence needs, given the share of the
    archive the first sample says match (`estimate`): a few thousand matches to read
    whatever the query. The whole archive for a query in a few per cent of it, the first
    sample (or little more) for a word in most articles. Their share that passes the checks
    is measured on CHECK_SAMPLE of them. None above COUNT_CAP candidates (not expected).
    `canonical`: the first sample's count of them, given when the query has no checks."""
    share = min(max(estimate / first.articles, 1e-6), 1.0)
    counting = first.at_least(1.96**2 * (1 - share) / (share * 0.05**2))
    if canonical is not None and counting == first:  # counted already
        return round(canonical * first.scale), 1.0
    params = {**named, "count_cap": COUNT_CAP + 1, "check_sample": CHECK_SAMPLE}
    statement = sql.COUNT_SQL.format(checks=checks, filters=filter_where, sample=counting.where)
    cursor.execute(statement, params)
    candidates, sampled, passed = cursor.fetchone()
    passing = passed / sampled if sampled else 1.0
    if candidates > COUNT_CAP:
        return None, passing
    return round(candidates * passing * counting.scale), passing


def _passing_total(cursor, filters: Filters, first: sample.Sample, canonical: int, sampled: int) -> int | None:
    """Matching stories as the articles that pass the filters (counted through the filters'
    own index) times the share of the sample's passing articles that are a story's
    canonical article and match, when the sample is the whole archive or holds enough of
    those for a ±5 % estimate at 95 % confidence (a term with no checks, in most of the
    articles that pass: a few dozen suffice). None when it does not."""
    share = canonical / max(sampled, 1)
    if not share or (first.scale > 1 and sampled < 1.96**2 * (1 - share) / (share * 0.05**2)):
        return None
    cursor.execute(*filters.count_sql())
    return round(cursor.fetchone()[0] * share)


def _filter_first_total(cursor, checks: str, filter_where: str, named: dict, density: float) -> int | None:
    """Matching stories among the articles that pass the filters (at most PASSING_CAP of
    them), from a spread sample of those tested: as many as a ±5 % estimate needs at 95 %
    confidence given the sample's density, every one when they are fewer. None above the cap."""
    density = min(max(density, 0.05), 1.0)
    needed = math.ceil(1.96**2 * (1 - density) / (density * 0.05**2))
    params = {**named, "passing_cap": PASSING_CAP + 1, "check_sample": min(max(needed, 200), 1_600)}
    cursor.execute(sql.FILTERED_COUNT_SQL.format(checks=checks, filters=filter_where), params)
    passing, sampled, passed = cursor.fetchone()
    if passing > PASSING_CAP:
        return None
    return round(passing * passed / sampled) if sampled else 0


def _window(cursor, checks: str, filter_where: str, score: str, named: dict, estimates: dict, narrowed: bool) -> list:
    """The page from the newest matches: first among the articles published since a date
    that should hold enough of them (`estimates`: the density of matching stories among
    the articles that pass the filters, the share of the GIN index's matches that pass the
    checks, and about how many those matches are), unless the matches are fewer than these
    articles; when that window holds fewer stories than the page needs (the estimates were
    off, the reader pages deep), among every match the GIN index finds, newest first, the
    matches kept grown by the share of them that made stories (at least doubled, at most
    ×4) until the page is full or none is left: every matching story can be paged to.
    Without `narrowed` filters the date and the word are one condition, which PostgreSQL
    answers with an AND of both indexes; filters an index answers go first (see WINDOW_SQL)."""
    depth = named["depth"]
    kept = math.ceil((depth + depth // 2) / max(estimates["passing"], 0.25))
    needed = 3 * depth / max(estimates["density"] * estimates["passing"], 1e-6)
    since = None if estimates["matches"] <= needed else _since(cursor, filter_where, named, needed)
    while True:
        everything = since is None
        match = "a.search_vector @@ %(match)s::tsquery"
        if everything:
            candidates, retest = match, "TRUE"
        elif narrowed:
            candidates, retest = "a.published_at >= %(since)s", match
        else:
            candidates, retest = f"a.published_at >= %(since)s AND {match}", "TRUE"
        window_sql = sql.WINDOW_SQL.format(
            checks=checks, filters=filter_where, score=score, candidates=candidates, retest=retest
        )
        cursor.execute(window_sql, {**named, "since": since, "newest": kept})
        newest, stories, page_rows = cursor.fetchone()
        if stories >= depth or (everything and newest < kept):
            return page_rows
        if newest >= kept:  # the checks or the stories left too few of the matches kept
            kept = min(4 * kept, max(2 * kept, math.ceil(1.2 * kept * depth / max(stories, 1))))
        since = None


def _dated_page(query: Query, filters: Filters, newest_first: bool, offset: int, limit: int) -> list:
    """[(id, 0.0)] of one page of the matching stories by date (undated last); a story
    shows as its canonical article when that one matches, else its first matching version."""
    where, params = query.where_sql()
    filter_where, filter_params = filters.where_sql()
    direction = "DESC" if newest_first else "ASC"
    story = "COALESCE(a.canonical_id, a.id)"
    statement = f"""
        SELECT id, 0.0 FROM (
            SELECT DISTINCT ON ({story}) a.id, a.published_at
            FROM articles_article a WHERE {where} AND {filter_where}
            ORDER BY {story}, a.canonical_id IS NOT NULL, a.id
        ) s ORDER BY published_at {direction} NULLS LAST, id {direction} OFFSET %s LIMIT %s"""
    alias = router.db_for_read(Article)  # read-only: on a replica when there is one
    with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(statement, [*params, *filter_params, offset, limit])
        return cursor.fetchall()


def _since(cursor, filter_where: str, named: dict, needed: float):
    """The publication date after which `needed` articles passing the filters appeared;
    None when fewer did (the window is then the whole archive, undated articles included)."""
    cursor.execute(
        f"SELECT a.published_at FROM articles_article a WHERE a.published_at IS NOT NULL AND {filter_where}"
        " ORDER BY a.published_at DESC OFFSET %(needed)s LIMIT 1",
        {**named, "needed": int(min(needed, 2**62))},
    )
    row = cursor.fetchone()
    return row[0] if row else None


def _hits(query: Query, page_rows, entities) -> list[Hit]:
    """The page's results; snippets mark the query's terms and the other names of the
    entities the query names (an article found through 陈信翰 may say Mark Chen)."""
    ids = [row[0] for row in page_rows]
    # Snippets come from the start of long texts: a 2 MB article is not read whole.
    articles = (
        Article.objects.only(
            "id",
            "title",
            "site",
            "published_at",
            "date_only",
            "published_offset",
            "image_only",
            "source_path",
            "canonical_id",
        )
        .annotate(text_start=Left("text", SNIPPET_SOURCE))
        .in_bulk(ids)
    )
    versions = _versions(articles.values())
    patterns = snippet_patterns(query, entities)
    hits = []
    for article_id, score in page_rows:
        article = articles[article_id]
        hits.append(
            Hit(
                id=article.pk,
                title=article.title,
                url=article.get_absolute_url(),
                source_file=article.source_file,
                site=article.site,
                published_at=article.published,
                image_only=article.image_only,
                snippet=snippet(article.text_start, patterns),
                score=round(score, 4),
                versions=versions.get(article.pk, []),
            )
        )
    return hits


def _versions(articles) -> dict[int, list[dict]]:
    """For each article, the other copies of its story (`Article.version_brief`)."""
    story_of = {a.pk: a.canonical_id or a.pk for a in articles}
    members = defaultdict(list)
    copies = Article.objects.filter(Q(pk__in=story_of.values()) | Q(canonical_id__in=story_of.values()))
    for copy in copies.only(*Article.VERSION_FIELDS).order_by("pk"):
        members[copy.canonical_id or copy.pk].append(copy)
    return {
        article_id: [c.version_brief() for c in members[story] if c.pk != article_id]
        for article_id, story in story_of.items()
    }


def _facets(sites, years, entity_rows) -> dict:
    return {
        "source": [{"value": site, "label": site, "count": n} for site, n in sites],
        "year": [{"value": str(year), "label": str(year), "count": n} for year, n in years],
        "person": [
            {"value": str(i), "label": name, "count": n} for i, kind, name, n in entity_rows if kind == "person"
        ],
        "organization": [
            {"value": str(i), "label": name, "count": n} for i, kind, name, n in entity_rows if kind == "organization"
        ],
    }


def matching_entities(query: Query) -> list[Entity]:
    """People and organizations whose name or an alias is the query, or one of its terms."""
    surfaces = {t.surface for t in query.terms} | {" ".join(t.surface for t in query.terms)}
    # Ids first, each through its index (aliases by folded form, names by upper case): an
    # OR of the two over a join of entities and aliases reads the whole gazetteer.
    ids = set(Alias.objects.filter(folded__in=surfaces).values_list("entity_id", flat=True))
    same_name = Q()
    for surface in surfaces:
        same_name |= Q(upper_name=Upper(Value(surface)))  # as name__iexact, in PostgreSQL's upper case
    named = Entity.objects.annotate(upper_name=Upper("name")).filter(same_name)
    ids.update(named.values_list("id", flat=True))
    entities = Entity.objects.filter(pk__in=ids).order_by("kind", "name")
    return list(entities.prefetch_related("aliases")[:5])


def suggestions(query: Query, limit: int = 5) -> list[str]:
    """Other queries to try when nothing matched: close entity names (trigram similarity
    of aliases), then the query without its last term, then the words of a long term."""
    whole = " ".join(t.surface for t in query.terms)
    close = (
        Alias.objects.annotate(similarity=TrigramSimilarity("folded", whole))
        .filter(similarity__gt=0.2)
        .order_by("-similarity")
        .values_list("entity__name", flat=True)[: limit * 2]
    )
    found = list(dict.fromkeys(close))
    terms = query.terms
    if len(terms) > 1:
        found.append(" ".join(t.surface for t in terms[:-1]))
    elif terms and len(terms[0].surface) > 2:
        found.extend(w for w in segment(terms[0].surface) if len(w) > 1 and w != terms[0].surface)
    return [s for s in dict.fromkeys(found) if s and s != whole][:limit]
