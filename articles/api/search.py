"""Search as JSON: GET /api/search?q=…&page=&page_size=&source=&person=&organization=&from=&to=."""

from articles import search
from articles.api.common import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    BadRequest,
    entity_brief,
    json_error,
    json_response,
    positive_int,
)

ONLY_EXCLUSIONS = (
    "The query only excludes words (-word): an exclusion removes articles from what the other"
    " words find, so on its own it finds nothing. Add a word to look for, e.g. `AI -OpenAI`."
)


def search_json(request):
    try:
        page = positive_int(request.GET.get("page"), "page", 1, search.MAX_PAGE)
        page_size = positive_int(request.GET.get("page_size"), "page_size", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
    except BadRequest as error:
        return json_error(str(error))
    filters = search.parse_filters(request.GET)
    if filters.errors:
        return json_error(filters.error_message())
    result = search.search(request.GET.get("q", ""), filters, page, page_size)
    return json_response(
        {
            "query": result.query,
            # Why an answer is empty when the query alone says so (only exclusions), else "".
            "notice": ONLY_EXCLUSIONS if search.parse_query(result.query).only_exclusions else "",
            "total": result.total,
            # True where a word is in so many articles that total and facets are scaled from a sample.
            "total_is_estimate": result.estimated,
            "results": [_hit_json(hit, request) for hit in result.results],
            "facets": result.facets,
            "entities": [entity_brief(entity, request) for entity in result.entities],
        }
    )


def _hit_json(hit, request):
    return {
        "id": hit.id,
        "title": hit.title,
        "url": request.build_absolute_uri(hit.url),
        "source_file": hit.source_file,
        "published_at": hit.published_at.isoformat() if hit.published_at else None,
        "snippet": str(hit.snippet),
        "score": hit.score,
        "versions": hit.versions,
    }
