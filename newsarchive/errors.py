"""Error responses: JSON under /api/, the site's pages elsewhere, and 503 (with
Retry-After) whenever the database cannot be reached, whichever code met it first.

Django calls these handlers from inside the `except` that caught the failure (in the
view or in any middleware), so `server_error` can see whether the database was the cause.
"""

import sys

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.views import defaults
from django.views.csrf import csrf_failure as page_csrf_failure

from articles.api.common import json_error
from newsarchive.database import is_connection_error

RETRY_AFTER_SECONDS = 30


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def bad_request(request, exception):
    if _is_api(request):
        return json_error("bad request", status=400)
    return defaults.bad_request(request, exception)


def permission_denied(request, exception):
    if _is_api(request):
        return json_error("forbidden", status=403)
    return defaults.permission_denied(request, exception)


def not_found(request, exception):
    if _is_api(request):
        return json_error("not found", status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if is_connection_error(sys.exc_info()[1]):
        return unavailable(request)
    if _is_api(request):
        return json_error("internal error", status=500)
    return HttpResponse(render_to_string("500.html"), status=500)


def unavailable(request):
    """503: a plain page (no template that would need the database), or JSON."""
    if _is_api(request):
        response = json_error("the archive's database is unavailable; try again shortly", status=503)
    else:
        response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def csrf_failure(request, reason=""):
    if _is_api(request):
        return json_error("the API answers GET requests only", status=403)
    return page_csrf_failure(request, reason)
