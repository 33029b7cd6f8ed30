"""The API described for scripts and tools: an OpenAPI 3.1 document, and the /api/ index
made from it (one description, so the two cannot disagree). The response schemas list
every field and no other (`additionalProperties: false`): tests/test_api_index.py checks
real answers against them."""

from articles.api.common import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE

_INT, _STR, _NUM, _BOOL = {"type": "integer"}, {"type": "string"}, {"type": "number"}, {"type": "boolean"}
_DATE_TIME = {"type": ["string", "null"], "format": "date-time"}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _list(item: dict) -> dict:
    return {"type": "array", "items": item}


def _object(**properties) -> dict:
    return {"type": "object", "properties": properties, "required": list(properties), "additionalProperties": False}


def _page_of(name: str) -> dict:
    return _object(total=_INT, results=_list(_ref(name)))


def _query(name: str, description: str, schema=None) -> dict:
    return {"name": name, "in": "query", "required": False, "description": description, "schema": schema or _STR}


def _id(kind: str) -> dict:
    return {"name": "id", "in": "path", "required": True, "description": f"the {kind}'s id", "schema": _INT}


_PAGING = [
    _query("page", "page number, from 1", {"type": "integer", "minimum": 1, "default": 1}),
    _query(
        "page_size",
        f"results per page, at most {MAX_PAGE_SIZE}",
        {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE, "default": DEFAULT_PAGE_SIZE},
    ),
]
_FILTERS = [
    _query("source", "only articles from this source (site), as the facet names it"),
    _query("person", "only articles mentioning this person (id)", _INT),
    _query("organization", "only articles mentioning this organization (id)", _INT),
    _query("from", "published on or after this day (YYYY-MM-DD)", {"type": "string", "format": "date"}),
    _query(
        "to",
        "published on or before this day (YYYY-MM-DD); before `from`, it is a 400",
        {"type": "string", "format": "date"},
    ),
]
_ENTITY_QUERY = _query("q", "part of a name or alias, in any script or case (奧特曼 finds 奥特曼)")

_SCHEMAS = {
    "Error": _object(error={**_STR, "description": "what was wrong with the request"}),
    "Version": _object(
        id=_INT,
        title=_STR,
        source=_STR,
        script={"type": "string", "enum": ["hans", "hant", ""], "description": "hans: simplified; hant: traditional"},
        script_label=_STR,
        source_file=_STR,
    ),
    "EntityBrief": _object(
        id=_INT,
        kind={"type": "string", "enum": ["person", "organization"]},
        name=_STR,
        aliases=_list(_STR),
        url={**_STR, "format": "uri"},
    ),
    "Article": _object(
        id=_INT,
        title=_STR,
        published_at=_DATE_TIME,
        source=_STR,
        publisher=_STR,
        authors=_list(_STR),
        source_file=_STR,
        url={**_STR, "format": "uri", "description": "the article's page in the archive"},
        original_url={**_STR, "description": "where it was first published, as the file said"},
        text=_STR,
        versions=_list(_ref("Version")),
        people=_list(_ref("EntityBrief")),
        organizations=_list(_ref("EntityBrief")),
    ),
    "Hit": _object(
        id=_INT,
        title=_STR,
        url={**_STR, "format": "uri"},
        source_file=_STR,
        published_at=_DATE_TIME,
        snippet={**_STR, "description": "escaped text with the matches in <mark>"},
        score=_NUM,
        versions=_list(_ref("Version")),
    ),
    "FacetValue": _object(value=_STR, label=_STR, count=_INT),
    "SearchResult": _object(
        query=_STR,
        notice={**_STR, "description": "why the answer is empty when the query alone says so, else empty"},
        total=_INT,
        total_is_estimate={**_BOOL, "description": "true for very common words: total and facets scaled from a sample"},
        results=_list(_ref("Hit")),
        facets=_object(**{name: _list(_ref("FacetValue")) for name in ("source", "year", "person", "organization")}),
        entities=_list(_ref("EntityBrief")),
    ),
}
_SCHEMAS["Entity"] = _object(
    **_SCHEMAS["EntityBrief"]["properties"],
    description=_STR,
    reviewed={**_BOOL, "description": "checked by an editor"},
    article_count=_INT,
)
_SCHEMAS["EntityDetail"] = _object(
    **_SCHEMAS["Entity"]["properties"],
    articles=_list(_object(id=_INT, title=_STR, published_at=_DATE_TIME, url={**_STR, "format": "uri"}, count=_INT)),
    people=_list(_object(id=_INT, name=_STR, articles_together=_INT)),
    organizations=_list(_object(id=_INT, name=_STR, articles_together=_INT)),
)
_SCHEMAS["ArticleList"] = _page_of("Article")
_SCHEMAS["EntityList"] = _page_of("Entity")


def _answer(schema: str, description: str, not_found: bool = False, bad_request: bool = True) -> dict:
    responses = {"200": {"description": description, "content": {"application/json": {"schema": _ref(schema)}}}}
    error = {"content": {"application/json": {"schema": _ref("Error")}}}
    if bad_request:
        responses["400"] = {"description": "a parameter that cannot be understood", **error}
    if not_found:
        responses["404"] = {"description": "no such id"}
        responses["301"] = {"description": "the entity was merged into another: Location is its address"}
    return responses


def _get(summary: str, parameters: list, responses: dict, operation: str) -> dict:
    return {"get": {"operationId": operation, "summary": summary, "parameters": parameters, "responses": responses}}


def _entity_paths(plural: str, kind: str) -> dict:
    return {
        f"/api/{plural}": _get(
            f"The {plural} some article mentions, the most mentioned first",
            [_ENTITY_QUERY, *_PAGING],
            _answer("EntityList", f"a page of {plural} and the total"),
            f"list_{plural}",
        ),
        f"/api/{plural}/{{id}}": _get(
            f"One {kind}: names, the newest articles mentioning them, who appears with them",
            [_id(kind)],
            _answer("EntityDetail", f"the {kind}", not_found=True, bad_request=False),
            f"get_{kind}",
        ),
    }


PATHS = {
    "/api/": _get(
        "This index: every endpoint with its parameters, and what the archive holds",
        [],
        {"200": {"description": "the index"}},
        "index",
    ),
    "/api/openapi.json": _get("This document", [], {"200": {"description": "OpenAPI 3.1"}}, "openapi"),
    "/api/articles": _get(
        "Every story, newest first (versions of one story are listed inside it)",
        _PAGING,
        _answer("ArticleList", "a page of articles and the total"),
        "list_articles",
    ),
    "/api/articles/{id}": _get(
        "One article (any version) with its text, versions, people and organizations",
        [_id("article")],
        _answer("Article", "the article", bad_request=False) | {"404": {"description": "no such id"}},
        "get_article",
    ),
    "/api/search": _get(
        'Full-text search: words (AND), "phrases", OR, -exclusion; either script',
        [_query("q", "the query, as typed in the search box (at most 200 characters)"), *_PAGING, *_FILTERS],
        _answer("SearchResult", "the matching stories, best first, with facets"),
        "search",
    ),
    **_entity_paths("people", "person"),
    **_entity_paths("organizations", "organization"),
}


def openapi_document(server_url: str) -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "newsarchive",
            "version": "1",
            "description": "Chinese-language news about the AI industry: articles, search, people and "
            "organizations. Read-only JSON, UTF-8, no authentication. Atom feeds: /search/feed/?q=, "
            "/people/{id}/feed/, /organizations/{id}/feed/.",
        },
        "servers": [{"url": server_url}],
        "paths": PATHS,
        "components": {"schemas": _SCHEMAS},
    }


def endpoint_index() -> list[dict]:
    """The endpoints as the /api/ index lists them: path, summary, parameters."""
    return [
        {
            "path": path,
            "method": "GET",
            "summary": operation["get"]["summary"],
            "parameters": [
                {"name": p["name"], "in": p["in"], "required": p["required"], "description": p["description"]}
                for p in operation["get"]["parameters"]
            ],
        }
        for path, operation in PATHS.items()
    ]
