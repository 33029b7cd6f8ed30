"""GET /api/: what a script needs to start (every endpoint and its parameters, the counts
of the archive); GET /api/openapi.json: the same, as an OpenAPI document for tools."""

from articles.api.common import json_response
from articles.api.schema import endpoint_index, openapi_document
from articles.counts import archive_counts


def api_index(request):
    return json_response(
        {
            "name": "newsarchive",
            "openapi": request.build_absolute_uri("/api/openapi.json"),
            "counts": archive_counts(),
            "endpoints": endpoint_index(),
        }
    )


def openapi_json(request):
    return json_response(openapi_document(request.build_absolute_uri("/")[:-1]))
