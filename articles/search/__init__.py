"""Full-text search on PostgreSQL over our own tokens, in small rooms:

- `index`: what an article's tsvectors and `search_text` hold, and their upkeep
  (`signals` re-indexes an article saved outside the import);
- `query`: the search box's syntax, folded terms, tsquery operands and exact checks;
- `filters`: source, people, organizations and dates, for browse, search, API and feeds;
- `engine`: the plans (their SQL in `sql`), hits, versions, facets and suggestions;
- `snippets`: highlighted pieces of the shown text.

Matching is exact substring search on folded text, whatever PostgreSQL's limits do to
positions: a term matches through the GIN index by the AND of its bigrams and words, and a
term of several lexemes is then checked against `search_text`. Positions only serve ranking.
This package reads the models; the models never import it.
"""

from articles.search.engine import (
    MAX_PAGE,
    SORTS,
    Hit,
    SearchResult,
    filter_articles,
    matching_entities,
    search,
    suggestions,
    warm_up,
)
from articles.search.filters import Filters, parse_filters
from articles.search.index import (
    IndexValues,
    compose_search_text,
    entity_names,
    fill_index,
    folded_body,
    folded_title,
    index_article,
    index_values,
    reindex,
)
from articles.search.query import Query, Term, clean_query, parse_query
from articles.search.snippets import SNIPPET_LENGTH, snippet, snippet_patterns

__all__ = [
    "MAX_PAGE",
    "SNIPPET_LENGTH",
    "SORTS",
    "Filters",
    "Hit",
    "IndexValues",
    "Query",
    "SearchResult",
    "Term",
    "clean_query",
    "compose_search_text",
    "entity_names",
    "fill_index",
    "filter_articles",
    "folded_body",
    "folded_title",
    "index_article",
    "index_values",
    "matching_entities",
    "parse_filters",
    "parse_query",
    "reindex",
    "search",
    "snippet",
    "snippet_patterns",
    "suggestions",
    "warm_up",
]
