"""The one recipe for "the stories that match": every number of the analysis pages and
the API is counted from it, so they agree.

A story is an article with its versions (`canonical`). It matches when ANY of its
articles matches the query and the filters, as in the search; it is then represented
by its canonical article when that one matches, else by its first matching version:
that article's date puts it in a timeline bucket, and its fields are exported."""

from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models.expressions import RawSQL

from articles import search

STORY = "COALESCE(a.canonical_id, a.id)"


class InvalidParameter(ValueError):
    """A request parameter that makes no sense: said to the user (a 400), never a 500."""


def choice(value, allowed, default: str, name: str) -> str:
    """`value` when it is one of `allowed`, `default` when it is empty; else InvalidParameter."""
    value = (value or "").strip()
    if not value:
        return default
    if value not in allowed:
        raise InvalidParameter(f"{name} must be one of " + ", ".join(allowed))
    return value


@dataclass(frozen=True)
class Selection:
    """A search-box query (may be empty: then every story passing the filters) and filters."""

    query: str = ""
    filters: search.Filters = search.Filters()

    @classmethod
    def from_params(cls, params, strict: bool = True) -> "Selection":
        """From request parameters (q and the search filters). A filter that makes no sense
        is InvalidParameter when `strict` (the API, the export), else left out (pages say why)."""
        filters = search.parse_filters(params)
        if strict and filters.errors:
            raise InvalidParameter(filters.error_message())
        return cls(search.clean_query(params.get("q", "")), filters)

    def as_pairs(self) -> list[tuple[str, str]]:
        return ([("q", self.query)] if self.query else []) + self.filters.as_pairs()


def matched_articles(selection: Selection, columns: str = "a.id") -> tuple[str, list]:
    """SQL of every matching article (`story`, then `columns` of `articles_article a`):
    what facets count stories over, so a facet value's count is what its filter gives."""
    parsed = search.parse_query(selection.query)
    where, params = parsed.where_sql() if parsed else ("TRUE", [])
    if selection.query and not parsed:  # nothing searchable in it: nothing matches
        where = "FALSE"
    filter_where, filter_params = selection.filters.where_sql()
    sql = f"SELECT {STORY} AS story, {columns} FROM articles_article a WHERE {where} AND {filter_where}"
    return sql, [*params, *filter_params]


def matching(selection: Selection, columns: str = "a.id, a.published_at") -> tuple[str, list]:
    """SQL of one row per matching story (`story`, then the representing article's
    `columns`), with its parameters."""
    if not selection.query and not selection.filters.as_params():
        # Every story: its canonical article, read through the canonical index.
        return f"SELECT a.id AS story, {columns} FROM articles_article a WHERE a.canonical_id IS NULL", []
    sql, params = matched_articles(selection, columns)
    distinct = sql.replace("SELECT ", f"SELECT DISTINCT ON ({STORY}) ", 1)
    return f"{distinct} ORDER BY {STORY}, a.canonical_id IS NOT NULL, a.id", params


def articles(selection: Selection, queryset):
    """`queryset` narrowed to the articles representing the matching stories."""
    if not selection.query and not selection.filters.as_params():
        return queryset.filter(canonical__isnull=True)
    sql, params = matching(selection, "a.id")
    return queryset.filter(pk__in=RawSQL(f"SELECT s.id FROM ({sql}) s", params))


def fetch(sql: str, params, searching: bool = True) -> list[tuple]:
    """Rows of an analysis statement. One that tests tsvectors runs as the search runs its
    own (`searching`): the planner does not count what testing one row by row costs
    (reading it from TOAST), so sequential scans are off for it."""
    if not searching:  # one statement: no transaction of its own, no round trips for one
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(sql, params)
        return cursor.fetchall()


def count(selection: Selection) -> int:
    sql, params = matching(selection, "a.id")
    return fetch(f"SELECT count(*) FROM ({sql}) s", params, bool(selection.query))[0][0]
