"""GET /api/timeline (matching stories per period) and GET /api/sources, /api/sources/<name>
(every source with its story count); /api/people and /api/organizations list through
`directory_list` the same way."""

from django.urls import reverse
from django.utils import timezone

from articles.analysis import directories, timeline
from articles.analysis.stories import InvalidParameter, Selection
from articles.api.common import BadRequest, json_error, json_response, paginate


def timeline_json(request):
    try:
        selection = Selection.from_params(request.GET)
        return json_response(timeline.timeline(selection, timeline.parse_interval(request.GET.get("interval"))))
    except InvalidParameter as error:
        return json_error(str(error))


def entry_json(entry, url: str) -> dict:
    return {
        "id": entry.id,
        "name": entry.name,
        "stories": entry.stories,
        "latest_at": timezone.localtime(entry.latest).isoformat() if entry.latest else None,
        "url": url,
    }


def directory_list(request, entries_of, url_of, extra=lambda entries: {}):
    """A paginated directory: `entries_of(query, sort)` lists, `url_of(entry)` links,
    `extra(page)` gives more fields per entry id."""
    try:
        sort = directories.parse_sort(request.GET.get("sort"))
        page, total = paginate(request, entries_of(request.GET.get("q", ""), sort))
    except (BadRequest, InvalidParameter) as error:
        return json_error(str(error))
    more = extra(page)
    results = [{**entry_json(e, request.build_absolute_uri(url_of(e))), **more.get(e.id, {})} for e in page]
    return json_response({"total": total, "results": results})


def _source_url(entry) -> str:
    return reverse("source", args=[entry.name])


def source_list(request):
    return directory_list(request, directories.sources, _source_url)


def source_detail(request, name):
    entry = directories.source(name)
    if entry is None:
        return json_error("no such source", status=404)
    data = entry_json(entry, request.build_absolute_uri(_source_url(entry)))
    data["timeline"] = request.build_absolute_uri(reverse("api-timeline") + "?" + _query(source=name))
    return json_response(data)


def _query(**params) -> str:
    from urllib.parse import urlencode

    return urlencode(params)
